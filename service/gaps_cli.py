"""`childindex gaps | coverage`: the coordination-gap rules over a whole area, from the
command line (an operator's tool: it reads the engine directly, with no redaction).
Machine-readable output (`--format json|csv`) goes to stdout; the progress bar to stderr.
"""

import csv
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from analysis.gaps import RULES, UnknownRule
from graph_model import clock
from service.cli_options import ReasonOption

FORMATS = ("table", "json", "csv")
CSV_FIELDS = (
    "child_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "responsible_la",
    "code",
    "severity",
    "title",
    "reason",
    "action",
    "since",
    "evidence",
)


def _day(value: datetime | None) -> date:
    return value.date() if value else clock.today()


def gaps(
    la: Annotated[
        list[str] | None,
        typer.Option("--la", help="Local authority code (repeat for several; default: all)"),
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help=f"Only these rules: {', '.join(RULES)}")
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Evaluate as of this date (default today)"),
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table, json or csv")] = "table",
    limit: Annotated[
        int, typer.Option(min=1, help="Rows shown in the table (json and csv give every row)")
    ] = 50,
    reason: ReasonOption = None,
) -> None:
    """Run the gap rules over a whole area (or every area) and list the children flagged.
    Needs --reason: the children listed are named in the audit trail."""
    from service.cli import err, fail, local_authority, opened_store, out, require_reason, state
    from service.data.cli import _progress
    from service.gaps import GapService
    from service.operator import record

    said = require_reason(reason)
    if output not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {output!r}")
    settings = state.settings()
    day = _day(as_of)
    with opened_store() as (store, _):
        service = GapService(
            store, thresholds=settings.gap_thresholds(), batch_size=settings.gap_batch_size
        )
        areas = (
            [local_authority(store, code) for code in la]
            if la
            else [str(row["id"]) for row in store.query("gaps/list_local_authorities")]
        )
        runs = []
        for code in areas:
            with _progress(err, f"gaps {code}", None) as bar:
                try:
                    runs.append(
                        service.for_area(code, as_of=day, rules=rule, progress=_ticker(bar))
                    )
                except UnknownRule as e:
                    raise fail(str(e)) from e
        found = [item for run in runs for item in run.found]
        record(
            store,
            "read_area_gaps",
            child_ids=[item.child.id for item in found],
            reason=said,
            detail=f"gaps of {', '.join(areas)} as of {day} (command line)",
            search={"la": areas, "rule": rule or "any"},
        )
    if output == "json":
        payload = {
            "as_of": day.isoformat(),
            "areas": [
                {
                    "la": run.la,
                    "children": run.children,
                    "seconds": round(run.seconds, 3),
                    "counts": {c: n for c, n in run.counts().items() if not rule or c in rule},
                }
                for run in runs
            ],
            "gaps": [_row(item) for item in found],
        }
        sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")
        return
    if output == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for item in found:
            writer.writerow({**_row(item), "evidence": " ".join(item.gap.evidence)})
        return
    summary = Table(title=f"Gaps as of {day}")
    summary.add_column("Rule")
    for run in runs:
        summary.add_column(run.la, justify="right")
    for code in RULES:
        if rule and code not in rule:
            continue
        summary.add_row(code, *(f"{run.counts()[code]:,}" for run in runs))
    summary.add_row("[dim]children[/]", *(f"{run.children:,}" for run in runs), end_section=False)
    summary.add_row("[dim]seconds[/]", *(f"{run.seconds:.1f}" for run in runs))
    out.print(summary)
    if not found:
        out.print("No gaps found.")
        return
    table = Table(title=f"First {min(limit, len(found))} of {len(found):,} (severity, oldest)")
    for column in ("Child", "Name", "Rule", "Severity", "Since", "Reason"):
        table.add_column(column)
    for item in found[:limit]:
        g = item.gap
        table.add_row(
            *(
                Text(cell)
                for cell in (
                    item.child.id,
                    item.child.name,
                    g.code,
                    g.severity.value,
                    str(g.since or ""),
                    g.reason,
                )
            )
        )
    out.print(table)


def _ticker(bar: Progress) -> Callable[[int, int], None]:
    task = bar.task_ids[0]
    return lambda done, total: bar.update(task, completed=done, total=total)


def _row(item: object) -> dict[str, object]:
    from service.gaps import AreaGap

    assert isinstance(item, AreaGap)
    child, g = item.child, item.gap
    return {
        "child_id": child.id,
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
        "responsible_la": child.responsible_la,
        "code": g.code,
        "severity": g.severity.value,
        "title": g.title,
        "reason": g.reason,
        "action": g.action,
        "since": g.since.isoformat() if g.since else None,
        "evidence": list(g.evidence),
    }


def coverage(
    la: Annotated[str, typer.Option("--la", help="Local authority code")],
    as_of: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="As of this date (default today)"),
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Coverage of an area's children: GP, education, health visiting; caseloads."""
    from service.cli import fail, local_authority, opened_store, out, state
    from service.gaps import coverage as area_coverage

    if output not in ("table", "json"):
        raise fail(f"--format must be table or json, not {output!r}")
    settings = state.settings()
    day = _day(as_of)
    with opened_store() as (store, _):
        la = local_authority(store, la)
        result = area_coverage(store, la, as_of=day, thresholds=settings.gap_thresholds())
    stats = result.caseload_stats()
    if output == "json":
        payload = {
            "la": la,
            "as_of": day.isoformat(),
            "children": result.children,
            "measures": [
                {
                    "key": m.key,
                    "label": m.label,
                    "numerator": m.numerator,
                    "denominator": m.denominator,
                    "share": m.share,
                    "query": m.query,
                }
                for m in result.measures
            ],
            "by_agency_kind": [vars(k) for k in result.by_agency_kind],
            "caseloads": {**stats, "outliers": [vars(c) for c in result.outliers()]},
            "queries": result.queries,
        }
        sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")
        return
    table = Table(title=f"Coverage of {la} as of {day}: {result.children:,} children")
    for column in ("Measure", "Children", "Of", "Share", "Query"):
        table.add_column(
            column, justify="right" if column in ("Children", "Of", "Share") else "left"
        )
    for m in result.measures:
        share = f"{m.share:.1%}" if m.share is not None else "–"
        table.add_row(m.label, f"{m.numerator:,}", f"{m.denominator:,}", share, m.query)
    out.print(table)
    kinds = Table(title="Current involvements by agency kind")
    for column in ("Kind", "Involvements", "Children"):
        kinds.add_column(column, justify="left" if column == "Kind" else "right")
    for k in result.by_agency_kind:
        kinds.add_row(k.kind, f"{k.involvements:,}", f"{k.children:,}")
    out.print(kinds)
    out.print(
        f"Caseloads ({stats['practitioners']} practitioners): median {stats['median']},"
        f" p90 {stats['p90']}, max {stats['max']}"
    )
    for c in result.outliers():
        out.print(Text(f"  {c.name} ({c.practitioner_id}, {c.agency_id}): {c.children} children"))


def register(app: typer.Typer) -> None:
    app.command("gaps")(gaps)
    app.command("coverage")(coverage)
