"""`childindex duplicates scan`: look for records that are likely the same child.

Like the other command groups, commands take `service.cli`'s shared state and helpers lazily,
inside each function, because service.cli registers them at its end.
"""

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from analysis.identity import Candidate
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
) -> None:
    """Find candidate duplicates and store them as SAME_AS candidates for a data steward.
    Pairs already confirmed or rejected stay as decided."""
    from service.cli import err, fail, local_authority, opened_store, out
    from service.store.identity import IdentityStore

    if output not in ("table", "json"):
        raise fail("--format is table or json")
    with opened_store() as (store, _):
        identity = IdentityStore(store)
        if la is not None:
            la = local_authority(store, la)
        with progress_bars(err) as progress:
            result = identity.scan(la, progress=progress, write=not dry_run)
    stats = result.stats
    summary = {
        "la": la,
        "children": result.children,
        "records_compared_against": stats.records,
        "pairs_compared": stats.pairs_compared,
        "candidates": stats.candidates,
        "twins_held_back": stats.twins_held_back,
        "blocks_skipped": stats.blocks_skipped,
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
    out.print(
        Text(
            f"{result.children:,} children checked, {stats.pairs_compared:,} pairs compared,"
            f" {stats.candidates:,} candidates ({result.created:,} new"
            f"{', not written: dry run' if dry_run else ''}),"
            f" {stats.twins_held_back:,} twin pairs held back,"
            f" {result.seconds['total']:.1f} s"
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


def register(app: typer.Typer) -> None:
    app.add_typer(duplicates_app, name="duplicates")
