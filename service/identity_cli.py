"""`childindex duplicates scan`: look for records that are likely the same child.

Like the other command groups, commands take `service.cli`'s shared state and helpers lazily,
inside each function, because service.cli registers them at its end.
"""

import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from analysis.identity import Candidate, ResolveStats
from analysis.identity import summary as model_summary
from analysis.identity.splink_model import SplinkNotInstalled
from service.cli_options import ReasonOption
from service.progress import progress_bars

duplicates_app = typer.Typer(
    help="Identity resolution: candidate duplicate records.", no_args_is_help=True
)

SHOWN_IN_TABLE = 50


@duplicates_app.command("scan")
def scan(
    la: Annotated[
        str | None,
        typer.Option("--la", help="Only pairs with a child of this local authority (ONS code)"),
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report the candidates without writing them")
    ] = False,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="childindex (our scorer) or splink (Splink on DuckDB: the [linkage] extra)",
        ),
    ] = "childindex",
    reason: ReasonOption = None,
) -> None:
    """Find candidate duplicates and store them as SAME_AS candidates for a data steward.
    Pairs already confirmed or rejected stay as decided. Needs --reason: the children of the
    pairs listed are named in the audit trail."""
    from service.cli import err, fail, local_authority, opened_store, out, require_reason
    from service.operator import record
    from service.store.identity import IdentityStore, ScanMethod

    said = require_reason(reason)
    if output not in ("table", "json"):
        raise fail("--format is table or json")
    if method not in set(ScanMethod):
        raise fail("--method is childindex or splink")
    with opened_store() as (store, _):
        identity = IdentityStore(store)
        if la is not None:
            la = local_authority(store, la)
        with progress_bars(err) as progress:
            try:
                result = identity.scan(
                    la, progress=progress, write=not dry_run, method=ScanMethod(method)
                )
            except SplinkNotInstalled as e:
                raise fail(str(e)) from e
        record(
            store,
            "read_duplicates",
            child_ids=[child for c in result.candidates for child in (c.a, c.b)],
            reason=said,
            detail=f"duplicate scan of {la or 'every area'} (command line)",
            search={"la": la or "all", "dry_run": dry_run, "method": method},
        )
    stats = result.stats
    summary = {
        "la": la,
        "method": method,
        "children": result.children,
        "records_compared_against": stats.records,
        "pairs_compared": stats.pairs_compared,
        "pairs_per_record": stats.pairs_per_record,
        "candidates": stats.candidates,
        "twins_held_back": stats.twins_held_back,
        "siblings_held_back": stats.siblings_held_back,
        "blocks_skipped": stats.blocks_skipped,
        "keys": {kind: asdict(cost) for kind, cost in stats.keys.items()},
        "model": model_summary(result.model) if result.model is not None else None,
        "written": result.written,
        "new": result.created,
        "dry_run": dry_run,
        "seconds": result.seconds,
    }
    if output == "json":
        payload = {
            **summary,
            "pairs": [
                {"a": c.a, "b": c.b, "score": c.score, "reasons": list(c.reasons)}
                for c in result.candidates
            ],
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    _print_table(out, result.candidates[:SHOWN_IN_TABLE], len(result.candidates))
    _print_keys(out, stats)
    out.print(
        Text(
            f"{result.children:,} children checked, {stats.pairs_compared:,} pairs compared"
            f" ({stats.pairs_per_record:g} a record), {stats.candidates:,} candidates"
            f" ({result.created:,} new{', not written: dry run' if dry_run else ''}),"
            f" {stats.twins_held_back:,} twin and {stats.siblings_held_back:,} sibling pairs"
            f" held back, {result.seconds['total']:.1f} s"
        )
    )
    if result.model is not None:
        how = (
            "learnt from these records" if result.model.learnt else "the priors (too few to learn)"
        )
        out.print(
            Text(
                f"weights: {how}; before the evidence, two records are one child 1 time in"
                f" {round(1 / result.model.prior):,}"
            )
        )


def _print_table(console: Console, candidates: list[Candidate], total: int) -> None:
    table = Table(title=f"Candidate duplicates ({total:,}; best {len(candidates)} shown)")
    for column in ("Child", "Child", "Score", "Reasons"):
        table.add_column(column)
    for c in candidates:
        table.add_row(Text(c.a), Text(c.b), f"{c.score:.1f}", Text("; ".join(c.reasons)))
    if candidates:
        console.print(table)


def _print_keys(console: Console, stats: ResolveStats) -> None:
    """What each blocking key cost: its blocks, the pairs in them, the pairs it alone found."""
    table = Table(title="Blocking keys")
    for column in ("Key", "Blocks", "Pairs", "New pairs", "Largest block", "Skipped blocks"):
        table.add_column(column, justify="right" if column != "Key" else "left")
    for kind, cost in stats.keys.items():
        table.add_row(
            kind,
            f"{cost.blocks:,}",
            f"{cost.pairs:,}",
            f"{cost.new_pairs:,}",
            f"{cost.largest:,}",
            f"{cost.skipped:,}",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(duplicates_app, name="duplicates")
