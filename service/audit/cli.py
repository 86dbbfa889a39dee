"""`childindex audit verify`: recompute the hash chain and name the first broken event."""

import json
import sys
from typing import Annotated

import typer

audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def verify(
    output: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Walk the chain from the first event; exit 1 naming the first altered or missing one."""
    from service.audit.log import AuditLog
    from service.cli import err, opened_store, out
    from service.progress import progress_bars

    with opened_store() as (store, _), progress_bars(err) as progress:
        report = AuditLog(store).verify(progress)
    if output == "json":
        sys.stdout.write(
            json.dumps(
                {
                    "ok": report.ok,
                    "checked": report.checked,
                    "head_seq": report.head_seq,
                    "first_bad_seq": report.first_bad_seq,
                    "problem": report.problem,
                }
            )
            + "\n"
        )
    elif report.ok:
        out.print(f"audit trail intact: {report.checked} events verified")
    else:
        err.print(
            f"[bold red]audit trail broken at event {report.first_bad_seq}:[/] {report.problem}"
            f" ({report.checked} events verified before it)",
            highlight=False,
        )
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
