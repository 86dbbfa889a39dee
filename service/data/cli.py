"""`childindex seed | import | export | demo`: synthetic data, bulk files, and the demo.

Commands take `service.cli`'s shared state (data directory, engine) and helpers lazily, inside
each function, because service.cli registers these commands at its end.
"""

import json
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from graph_model import clock
from service.data.generator import SeedOptions
from service.data.truth import Manifest

if TYPE_CHECKING:
    from service.store.graph_store import GraphStore

DEMO_CHILDREN = 5000
DEMO_LAS = 3


@contextmanager
def _progress(console: Console, label: str, total: int | None) -> Iterator[Progress]:
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn()]
    columns += [TimeElapsedColumn(), TimeRemainingColumn()] if total else [TimeElapsedColumn()]
    # Drawn on a terminal only: into a file or a pipe, a finished bar still leaves a blank line.
    quiet = not console.is_terminal
    with Progress(*columns, console=console, transient=True, disable=quiet) as bar:
        bar.add_task(label, total=total)
        yield bar


def _advance(bar: Progress) -> Any:
    task = bar.task_ids[0]
    return lambda n: bar.advance(task, n)


def _write_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")


def _summary_table(title: str, counts: dict[str, int], extra: dict[str, str]) -> Table:
    table = Table(title=title)
    table.add_column("What")
    table.add_column("Count", justify="right")
    for name in sorted(counts, key=lambda k: (k.upper() == k, k)):
        table.add_row(name, f"{counts[name]:,}")
    for name, value in extra.items():
        table.add_row(f"[dim]{name}[/]", value)
    return table


def _compact(store: "GraphStore") -> None:
    """After a bulk load: the engine's log becomes a snapshot, so a restart loads it quickly."""
    from service.cli import err

    if not err.is_terminal:
        store.compact()
        return
    with err.status("compacting the engine's log into a snapshot"):
        store.compact()


def _truth_file(path: Path, manifest: Manifest) -> None:
    path.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")


# --- seed ------------------------------------------------------------------------------------


def seed(
    children: Annotated[int, typer.Option(min=0, help="How many children")] = DEMO_CHILDREN,
    las: Annotated[int, typer.Option(min=1, help="How many local authorities")] = DEMO_LAS,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data")] = 1,
    as_of: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Date the planted gaps hold on (default today)"),
    ] = None,
    truth: Annotated[
        Path | None, typer.Option(help="Write the ground-truth manifest (JSON) here")
    ] = None,
    plant_rate: Annotated[
        float, typer.Option(min=0.0, max=0.05, help="Planted cases per gap rule, per child")
    ] = 0.002,
    plant_min: Annotated[int, typer.Option(min=0, help="...but at least this many")] = 3,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="Rows per UNWIND batch (default: setting)")
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Generate a synthetic England-like area and load it into the index."""
    from service.cli import err, fail, opened_store, out, state
    from service.data.seed import seed_store
    from service.errors import ChildIndexError

    settings = state.settings()
    try:
        options = SeedOptions(
            children=children,
            las=las,
            seed=seed,
            as_of=as_of.date() if as_of else clock.today(),
            plant_rate=plant_rate,
            plant_min=plant_min,
        )
    except ValueError as e:
        raise fail(str(e)) from e
    with opened_store(create=True) as (store, _):
        try:
            with _progress(err, "seeding", children) as bar:
                result = seed_store(
                    store,
                    options,
                    batch_size=batch_size or settings.batch_size,
                    progress=_advance(bar),
                )
            _compact(store)
            counts = store.counts()
        except ChildIndexError as e:
            raise fail(str(e)) from e
    if truth is not None:
        _truth_file(truth, result.manifest)
    stats = result.stats
    if output == "json":
        _write_json(
            {
                "children": result.manifest.children,
                "local_authorities": result.manifest.local_authorities,
                "seed": seed,
                "as_of": options.as_of.isoformat(),
                "rows": stats.rows,
                "seconds": round(stats.seconds, 3),
                "rows_per_second": round(stats.rows_per_second),
                "counts": counts,
                "truth": str(truth) if truth else None,
            }
        )
        return
    extra = {
        "rows written": f"{stats.rows:,}",
        "seconds": f"{stats.seconds:.1f}",
        "rows/s": f"{stats.rows_per_second:,.0f}",
        "as of": options.as_of.isoformat(),
    }
    out.print(_summary_table("childindex seed: the graph now holds", counts, extra))
    if truth is not None:
        out.print(f"ground truth written to {truth}")


# --- import ----------------------------------------------------------------------------------


def _file_format(path: Path, given: str | None) -> Literal["jsonl", "csv"]:
    name = (given or path.suffix.lstrip(".")).lower()
    if name in ("jsonl", "ndjson", "json"):
        return "jsonl"
    if name == "csv":
        return "csv"
    from service.cli import fail

    raise fail(f"cannot tell the format of {path}: name it .jsonl or .csv, or give --file-format")


def import_file(
    file: Annotated[Path, typer.Argument(help="A .jsonl or .csv file (see the README)")],
    file_format: Annotated[
        str | None, typer.Option("--file-format", help="jsonl or csv (default: the extension)")
    ] = None,
    la: Annotated[
        str | None, typer.Option("--la", help="Refuse rows for any other local authority")
    ] = None,
    rejects: Annotated[
        Path | None, typer.Option(help="Copy the rejected rows here, unchanged, to fix and retry")
    ] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Rows per batch")] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (kept in the audit trail); optional")
    ] = None,
) -> None:
    """Import records: load every good row, report each bad one (exit 2 if any). Each batch is
    recorded in the audit trail with the children it names and your operating-system user."""
    from service.audit.log import AuditLog
    from service.cli import err, fail, la_code, opened_store, out, state
    from service.data.importer import ImportAudit, import_lines
    from service.errors import ChildIndexError
    from service.operator import OPERATOR_ROLE, operator, record

    fmt = _file_format(file, file_format)
    only_la = la_code(la) if la is not None else None
    settings = state.settings()
    try:
        handle = file.open(encoding="utf-8", newline="")
    except OSError as e:
        raise fail(f"cannot read {file}: {e.strerror or e}") from e
    with handle, opened_store(create=True) as (store, _):
        reject_file = None
        try:
            if rejects is not None:
                reject_file = rejects.open("w", encoding="utf-8", newline="")
            with _progress(err, f"importing {file.name}", None) as bar:
                report = import_lines(
                    store,
                    handle,
                    fmt=fmt,
                    batch_size=batch_size or settings.batch_size,
                    restrict_la=only_la,
                    rejects=reject_file,
                    progress=_advance(bar),
                    audit=ImportAudit(
                        log=AuditLog(store), user=operator(), roles=[OPERATOR_ROLE], reason=reason
                    ),
                )
            record(
                store,
                "import",
                reason=reason,
                detail=f"{file.name} (command line): {report.rows_loaded} rows loaded,"
                f" {report.rows_rejected} rejected",
            )
            if report.rows_loaded:
                _compact(store)
        except UnicodeDecodeError as e:
            raise fail(f"{file} is not UTF-8 text ({e.reason} at byte {e.start})") from e
        except OSError as e:
            raise fail(f"cannot write {rejects}: {e.strerror or e}") from e
        except ChildIndexError as e:
            raise fail(str(e)) from e
        finally:
            if reject_file is not None:
                reject_file.close()
    if output == "json":
        _write_json(report.model_dump())
    else:
        for problem in report.errors[:200]:
            err.print(
                f"line {problem.line}: {problem.field}: {problem.message}",
                highlight=False,
                markup=False,
            )
        if len(report.errors) > 200:
            err.print(f"... and {len(report.errors) - 200} more problems (use --format json)")
        out.print(
            f"{report.rows_read:,} rows read, {report.rows_loaded:,} loaded,"
            f" {report.rows_rejected:,} rejected in {report.seconds:.1f} s"
            + (f"; rejected rows copied to {rejects}" if rejects and report.rows_rejected else "")
        )
    if report.rows_rejected:
        raise typer.Exit(2)


# --- export ----------------------------------------------------------------------------------


def export(
    la: Annotated[str, typer.Option("--la", help="The local authority's ONS code")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout)")
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why you need this data (kept in the audit trail)"),
    ] = None,
) -> None:
    """Export a local authority's records in the import format. Needs --reason; every child
    exported is named in the audit trail, with your operating-system user."""
    from service.cli import err, fail, local_authority, opened_store, require_reason
    from service.data.exporter import export_lines
    from service.errors import ChildIndexError
    from service.operator import record

    said = require_reason(reason)
    if fmt not in ("jsonl", "csv"):
        raise fail("--format must be jsonl or csv")
    kind: Literal["jsonl", "csv"] = "csv" if fmt == "csv" else "jsonl"
    with opened_store() as (store, _):
        code = local_authority(store, la)
        try:
            children = [row["id"] for row in store.query("identity/list_child_ids_in_la", la=code)]
            record(
                store,
                "export",
                child_ids=children,
                reason=said,
                detail=f"export of {code} ({kind}, {len(children)} children, command line)",
                search={"la": code},
            )
            if output is None:
                for line in export_lines(store, code, kind):
                    sys.stdout.write(line)
                return
            with (
                output.open("w", encoding="utf-8", newline="") as target,
                _progress(err, f"exporting {code}", None) as bar,
            ):
                step = _advance(bar)
                for line in export_lines(store, code, kind):
                    target.write(line)
                    step(1)
        except ChildIndexError as e:
            raise fail(str(e)) from e
        except OSError as e:
            raise fail(f"cannot write {output}: {e.strerror or e}") from e
    err.print(f"exported {code} to {output}")


# --- demo ------------------------------------------------------------------------------------


def demo(
    children: Annotated[int, typer.Option(min=1, help="Children in the demo area")] = DEMO_CHILDREN,
    las: Annotated[int, typer.Option(min=1, help="Local authorities")] = DEMO_LAS,
    seed: Annotated[int, typer.Option(help="Random seed")] = 1,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Keep the demo here (default: a temporary directory, deleted on exit)"),
    ] = None,
) -> None:
    """Run the product: an embedded engine, a generated demo area, the API and web UI."""
    import uvicorn

    from service.api.app import create_app
    from service.cli import err, exit_on_sigterm, fail, out, state
    from service.data.seed import seed_store
    from service.errors import ChildIndexError
    from service.settings import EngineKind, Environment
    from service.store.engines import open_engine
    from service.store.graph_store import GraphStore

    kept = data_dir or state.given_data_dir  # --data-dir after `demo`, or before it
    throwaway = kept is None
    # Short: the engine's unix socket path must stay under ~100 bytes.
    where = Path(tempfile.mkdtemp(prefix="ci-demo-")) if kept is None else kept
    # the demo signs its tokens with the built-in secret: development, always
    settings = state.settings().model_copy(
        update={
            "engine": EngineKind.EMBEDDED,
            "data_dir": where,
            "environment": Environment.DEVELOPMENT,
        }
    )
    try:
        try:
            handle = open_engine(settings)
        except ChildIndexError as e:
            raise fail(str(e)) from e
        try:
            store = GraphStore(handle.engine)
            store.apply_schema()
            examples: list[tuple[str, str]] = []
            logins: list[tuple[str, str]] = []
            if store.counts().get("Child", 0) == 0:
                options = SeedOptions(children=children, las=las, seed=seed)
                with _progress(err, "seeding the demo area", children) as bar:
                    result = seed_store(
                        store, options, batch_size=settings.batch_size, progress=_advance(bar)
                    )
                _compact(store)
                examples = _examples(result.manifest)
                logins = _demo_logins(store, result.manifest)
            else:
                err.print(f"using the demo data already in {where}")
            url = f"http://{host}:{port}"
            out.print(f"\n[bold]childindex demo[/] on {url}   (data in {where})")
            out.print(f"  web UI:    [bold]{url}/[/]  (sign in with a login below)")
            out.print(f"  API docs:  {url}/docs")
            for child_id, why in examples:
                out.print(f"  try:       {url}/children/{child_id}  ({why})")
            if logins:
                out.print(f"  logins:    password [bold]{DEMO_PASSWORD}[/] for every one of them")
                for username, what in logins:
                    out.print(f"             {username:<22} {what}")
                out.print(
                    "  in the UI: demo.practitioner records involvements; demo.manager sees"
                    " the gap dashboard; demo.mash sees whole networks"
                )
                out.print(
                    f"  a token:   curl -s -X POST {url}/api/v1/auth/token"
                    f" -d username={logins[0][0]} -d password={DEMO_PASSWORD}"
                )
                out.print("  then send: Authorization: Bearer <token>, and X-Access-Reason: <why>")
            out.print("  stop with Ctrl+C\n")
            # uvicorn re-raises a SIGTERM it caught once it has shut down; as SystemExit, it
            # still lets the engine stop and the throwaway directory go.
            signal.signal(signal.SIGTERM, exit_on_sigterm)
            app = create_app(settings, handle=handle)  # no access log: query strings name children
            uvicorn.run(app, host=host, port=port, access_log=False)
        except ChildIndexError as e:
            raise fail(str(e)) from e
        finally:
            handle.close()
    finally:
        if throwaway:
            shutil.rmtree(where, ignore_errors=True)


DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - printed on purpose, demo data only


def _demo_logins(store: "GraphStore", manifest: Manifest) -> list[tuple[str, str]]:
    """One account per role, acting in the demo's first local authority; the practitioner is
    one already involved with a child the demo suggests trying."""
    from service.auth.accounts import Accounts, NewAccount
    from service.auth.principal import Role

    la = manifest.local_authorities[0]
    planted = manifest.planted["MULTI_AGENCY_NO_LEAD"] or manifest.planted["NO_GP"]
    named = [e for child in planted[:1] for e in store.who_else(child) if e.practitioner]
    plan: list[tuple[str, set[Role], dict[str, str], str]] = [
        ("demo.steward", {Role.DATA_STEWARD}, {"la": la}, f"data steward, {la}"),
        ("demo.manager", {Role.MANAGER}, {"la": la}, f"manager, {la}"),
        ("demo.mash", {Role.MASH}, {}, "MASH officer"),
        ("demo.shielding", {Role.SHIELDING_OFFICER}, {"la": la}, f"shielding officer, {la}"),
        ("demo.auditor", {Role.AUDITOR}, {}, "auditor"),
        ("demo.admin", {Role.ADMIN}, {}, "admin"),
    ]
    who = named[0] if named else None
    if who is not None and who.practitioner is not None and who.agency is not None:
        plan.insert(
            0,
            (
                "demo.practitioner",
                {Role.PRACTITIONER},
                {"practitioner_id": who.practitioner.id, "agency_id": who.agency.id},
                f"{who.practitioner.given_name} {who.practitioner.family_name}, {who.agency.name}",
            ),
        )
    accounts = Accounts(store)
    made: list[tuple[str, str]] = []
    for username, roles, scope, what in plan:
        accounts.add(
            NewAccount(username=username, roles=frozenset(roles), **scope),
            DEMO_PASSWORD,
        )
        made.append((username, what))
    return made


def _examples(manifest: Manifest) -> list[tuple[str, str]]:
    picks = [
        ("SIBLING_NOT_CONSIDERED", "a sibling is on a child in need plan"),
        ("MULTI_AGENCY_NO_LEAD", "two agencies, nobody leading"),
        ("INFO_TO_SHARE_UNACKNOWLEDGED", "information to share, unacknowledged"),
        ("MOVED_WITHOUT_HANDOVER", "moved, no social care handover"),
    ]
    found = [(manifest.planted[rule][0], why) for rule, why in picks if manifest.planted[rule]]
    return found[:3]


def register(app: typer.Typer) -> None:
    """Add `seed`, `import`, `export` and `demo` to the `childindex` command line."""
    app.command("seed")(seed)
    app.command("import")(import_file)
    app.command("export")(export)
    app.command("demo")(demo)
