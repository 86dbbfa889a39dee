"""The `childindex` command line.

Every command takes `--data-dir` and `--engine` (or CHILDINDEX_DATA_DIR / CHILDINDEX_ENGINE),
before or after its name; other settings come from CHILDINDEX_* variables. Errors print one
clear line, not a traceback. A command that reads an index stops when the data directory holds
none, rather than start an empty engine there: only `engine start`, `serve`, `seed`, `import` and
`demo` create one.
"""

import functools
import inspect
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from graph_model.types import LA_CODE_PATTERN
from service.cli_options import ReasonOption
from service.errors import ChildIndexError, NotFound
from service.settings import EngineKind, Settings
from service.store.engines import EmbeddedServer, EngineHandle, open_engine
from service.store.graph_store import GraphStore

app = typer.Typer(
    name="childindex",
    help="childindex: who else is working with this child?",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
engine_app = typer.Typer(help="Start, stop or inspect the embedded engine.", no_args_is_help=True)
query_app = typer.Typer(
    help="Ask the index a question from the command line.", no_args_is_help=True
)
app.add_typer(engine_app, name="engine")
app.add_typer(query_app, name="query")

UNWRAPPED = 10_000
"""The width of output going to a file or a pipe: wide enough that no line is cut."""


def _console(*, stderr: bool) -> Console:
    """A console that wraps for a person at a terminal, but not for a file or a pipe (unless
    COLUMNS says how wide): `line N: field: reason` stays one line for grep and for scripts."""
    stream = sys.stderr if stderr else sys.stdout
    wide = not _is_terminal(stream) and not os.environ.get("COLUMNS")
    return Console(stderr=stderr, width=UNWRAPPED if wide else None)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no such method, or closed
        return False


out = _console(stderr=False)
err = _console(stderr=True)


class State:
    overrides: dict[str, Any]
    given_data_dir: Path | None
    """`--data-dir` as typed before the command (not from the environment), for `demo`."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.overrides = {}
        self.given_data_dir = None

    def use(self, *, data_dir: Path | None, engine: EngineKind | None) -> None:
        if data_dir is not None:
            self.overrides["data_dir"] = data_dir
        if engine is not None:
            self.overrides["engine"] = engine

    def settings(self) -> Settings:
        try:
            return Settings(**self.overrides)
        except ValidationError as e:
            problems = "; ".join(
                (f"CHILDINDEX_{'_'.join(map(str, error['loc'])).upper()}: " if error["loc"] else "")
                + error["msg"].removeprefix("Value error, ")
                for error in e.errors()
            )
            raise fail(f"bad setting: {problems}") from e


state = State()


DATA_DIR_HELP = "Data directory of the embedded engine"
ENGINE_HELP = "embedded, falkordb or neo4j"


@app.callback()
def main(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option(help=DATA_DIR_HELP, envvar="CHILDINDEX_DATA_DIR")
    ] = None,
    engine: Annotated[
        EngineKind | None, typer.Option(help=ENGINE_HELP, envvar="CHILDINDEX_ENGINE")
    ] = None,
) -> None:
    state.reset()  # one process may run several commands (tests do)
    state.use(data_dir=data_dir, engine=engine)
    source = ctx.get_parameter_source("data_dir")
    if source is not None and source.name == "COMMANDLINE":
        state.given_data_dir = data_dir


def _takes_shared_options(callback: Callable[..., Any]) -> Callable[..., Any]:
    """The command, taking `--data-dir` and `--engine` after its name too (they override the
    ones before it and the environment). A command with a `--data-dir` of its own (`demo`)
    keeps it."""
    signature = inspect.signature(callback)
    if "data_dir" in signature.parameters:  # its own (demo), or wrapped already
        return callback
    shared = {
        "data_dir": Annotated[Path | None, typer.Option("--data-dir", help=DATA_DIR_HELP)],
        "engine": Annotated[EngineKind | None, typer.Option("--engine", help=ENGINE_HELP)],
    }

    @functools.wraps(callback)
    def command(
        *args: Any, data_dir: Path | None = None, engine: EngineKind | None = None, **kwargs: Any
    ) -> Any:
        state.use(data_dir=data_dir, engine=engine)
        return callback(*args, **kwargs)

    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in shared.items()
    ]
    command.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra]
    )
    command.__annotations__ = {**callback.__annotations__, **shared}
    return command


def _share_options(group: typer.Typer) -> None:
    for info in group.registered_commands:
        if info.callback is not None:
            info.callback = _takes_shared_options(info.callback)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _share_options(sub.typer_instance)


def fail(message: str, code: int = 1) -> typer.Exit:
    # Messages carry ids and names from input: never read them as markup, never wrap them.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def require_index(settings: Settings) -> None:
    """Stop, in one line, when the embedded engine's data directory holds no index: starting an
    empty engine there would make a mistyped --data-dir look like an empty index."""
    if settings.engine is not EngineKind.EMBEDDED:
        return  # an external engine is there or not; opening it says which
    if not EmbeddedServer(settings.data_dir).holds_data():
        raise fail(
            f"no index in {settings.data_dir}: check --data-dir (or CHILDINDEX_DATA_DIR);"
            " `childindex engine start`, `seed` or `import` create one"
        )


@contextmanager
def opened_store(
    *, keep_engine: bool = True, create: bool = False
) -> Iterator[tuple[GraphStore, EngineHandle]]:
    """A store on the configured engine. An embedded engine this command had to start is left
    running when `keep_engine` (the next command finds it), otherwise stopped on the way out.
    Unless `create`, a data directory that holds no index is refused (`require_index`)."""
    settings = state.settings()
    if not create:
        require_index(settings)
    try:
        handle = open_engine(settings)
    except ChildIndexError as e:
        raise fail(str(e)) from e
    try:
        store = GraphStore(handle.engine)
        store.apply_schema()
        yield store, handle
    except ChildIndexError as e:
        raise fail(str(e)) from e
    finally:
        handle.close(stop_server=False if keep_engine else None)


def la_code(given: str) -> str:
    """An ONS local-authority code as typed after --la, or one line saying what --la takes."""
    code = given.strip().upper()
    if not re.match(LA_CODE_PATTERN, code):
        raise fail(
            f"--la takes a local authority's ONS code (E06, E07, E08, E09 or E10 and six digits,"
            f" like E09000009), not {given!r}"
        )
    return code


def local_authority(store: GraphStore, given: str) -> str:
    """The code of a local authority the index holds, from what was typed after --la. A name
    is refused with the code it has ("Ealing is E09000009")."""
    code = given.strip().upper()
    if not re.match(LA_CODE_PATTERN, code):
        named = [
            row
            for row in store.query("gaps/list_local_authorities")
            if str(row["name"]).casefold() == given.strip().casefold()
        ]
        if named:
            raise fail(
                f"--la takes a local authority's ONS code, not its name: {named[0]['name']}"
                f" is {named[0]['id']}"
            )
        la_code(given)
    try:
        store.get_local_authority(code)
    except NotFound as e:
        raise fail(f"no local authority {code} in the index") from e
    return code


def _embedded_server() -> EmbeddedServer:
    settings = state.settings()
    if settings.engine is not EngineKind.EMBEDDED:
        raise fail(
            f"the engine is {settings.engine.value}; `engine` commands manage the embedded one"
        )
    return EmbeddedServer(settings.data_dir, start_timeout=settings.engine_start_timeout)


@engine_app.command("start")
def engine_start() -> None:
    """Start the embedded engine in the data directory (or find it already running)."""
    server = _embedded_server()
    try:
        started = server.ensure_running()
    except ChildIndexError as e:
        raise fail(str(e)) from e
    status = server.status()
    verb = "started" if started else "already running"
    out.print(f"engine {verb}: pid {status.pid}, socket {status.socket}")


@engine_app.command("stop")
def engine_stop() -> None:
    """Stop the embedded engine cleanly (every acknowledged write is already on disk)."""
    server = _embedded_server()
    stopped = server.stop()
    out.print("engine stopped" if stopped else "engine was not running")


@engine_app.command("status")
def engine_status(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Say whether the embedded engine is running, and where."""
    status = _embedded_server().status()
    if as_json:
        payload = {
            "running": status.running,
            "pid": status.pid,
            "socket": str(status.socket),
            "data_dir": str(status.data_dir),
            "detail": status.detail,
        }
        sys.stdout.write(json.dumps(payload) + "\n")
    else:
        out.print(f"{status.detail} (data dir {status.data_dir})")
    if not status.running:
        raise typer.Exit(3)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
) -> None:
    """Serve the API (starting the embedded engine if needed; stopping it on exit if so)."""
    import uvicorn

    from service.api.app import create_app

    settings = state.settings()
    problem = settings.signing_secret_problem()
    if problem is not None:  # before anything starts: no engine is left behind
        raise fail(problem)
    try:
        handle = open_engine(settings)
    except ChildIndexError as e:
        raise fail(str(e)) from e
    try:
        out.print(f"childindex on http://{host}:{port}  ({handle.engine.description})")
        # uvicorn re-raises a SIGTERM it caught once it has shut down, which would kill the
        # process before `finally`; as SystemExit the engine this command started still stops.
        signal.signal(signal.SIGTERM, exit_on_sigterm)
        # No access log: its lines carry query strings, and a search names a child.
        app = create_app(settings, handle=handle)
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
    finally:
        handle.close()


def exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


def require_reason(reason: str | None) -> str:
    """The reason given, or one line and exit 1 (the same rule as the API's)."""
    from service.operator import reason_problem

    problem = reason_problem(reason)
    if problem is not None or reason is None:
        raise fail(problem or "give --reason")
    return reason.strip()


def _steward_access(store: GraphStore, child_id: str, reason: str) -> Any:
    """An access for the operator, acting as a data steward of the child's responsible local
    authority: what the API would show them, redacted the same way."""
    from service.api.access import Access
    from service.api.middleware import Metrics
    from service.audit.log import AuditLog
    from service.auth.principal import Principal, Role
    from service.errors import NotFound
    from service.operator import operator

    facts = store.access_facts([child_id])
    if not facts:
        raise NotFound("child", child_id)
    principal = Principal(
        username=operator(), roles=frozenset({Role.DATA_STEWARD}), la=facts[0]["responsible_la"]
    )
    return Access(
        principal=principal, store=store, audit=AuditLog(store), metrics=Metrics(), reason=reason
    )


@query_app.command("who-else")
def who_else(
    child_id: Annotated[str, typer.Argument(help="The child's id")],
    include_ended: Annotated[
        bool, typer.Option("--all", help="Include ended involvements")
    ] = False,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    reason: ReasonOption = None,
) -> None:
    """Who else is working with this child: practitioner or agency, service, contact, flags.
    Shows what the API shows a data steward of the child's own local authority (a shielded
    record withheld, sensitive services anonymous, records confirmed to be the same child
    joined), and records the read in the audit trail."""
    from service.api.models import WhoElse
    from service.api.routes.children import who_else_view
    from service.policy import Action

    said = require_reason(reason)
    with opened_store() as (store, _):
        access = _steward_access(store, child_id, said)
        shown: WhoElse = who_else_view(access, child_id, include_ended=include_ended)
        access.record(
            Action.READ_CHILD,
            child_ids=[child_id],
            returned_ids=[item.id for item in shown.items if item.id],
            detail="who_else (command line)",
        )
    if output == "json":
        sys.stdout.write(shown.model_dump_json(indent=2) + "\n")
        return
    if shown.withheld:
        team = shown.contact
        ask = " ".join(x for x in (team.name, team.phone, team.email) if x) if team else ""
        out.print(Text(f"{child_id}: {shown.notice}" + (f" — index team: {ask}" if ask else "")))
        return
    table = Table(title=f"Who else is working with {child_id}")
    for column in ("Who", "Agency", "Service", "Contact", "Since", "Flags"):
        table.add_column(column)
    for e in shown.items:
        if e.redacted:
            table.add_row(Text(e.notice or "withheld"), "", "", "", "", "")
            continue
        who = (
            f"{e.practitioner.given_name} {e.practitioner.family_name} ({e.practitioner.job_title})"
            if e.practitioner
            else "(the agency)"
        )
        agency = f"{e.agency.name} [{e.agency.kind.value}]" if e.agency else ""
        contact_of = e.practitioner or e.agency
        contact = (
            " ".join(x for x in (contact_of.phone, contact_of.email) if x) if contact_of else ""
        )
        flags = ", ".join(
            label
            for label, on in (
                ("lead professional", e.lead_professional),
                (
                    f"assessment: {e.assessment_kind}" if e.assessment_kind else "",
                    e.assessment_kind,
                ),
                ("info to share", e.info_to_share),
                ("ended " + str(e.until) if e.until else "", e.until),
            )
            if on
        )
        cells = (who, agency, e.service or "", contact, str(e.since), flags)
        table.add_row(*(Text(cell) for cell in cells))
    if not shown.items:
        out.print(Text(f"Nobody is recorded as working with {child_id}."))
    else:
        out.print(table)


from service.audit.cli import register as _register_audit_commands  # noqa: E402
from service.auth.cli import register as _register_user_commands  # noqa: E402

_register_user_commands(app)
_register_audit_commands(app)

from service.data.cli import register as _register_data_commands  # noqa: E402

_register_data_commands(app)
from service.identity_cli import register as _register_identity_commands  # noqa: E402

_register_identity_commands(app)
from service.gaps_cli import register as _register_gap_commands  # noqa: E402

_register_gap_commands(app)
_share_options(app)  # after every command is registered


if __name__ == "__main__":  # pragma: no cover
    app()
