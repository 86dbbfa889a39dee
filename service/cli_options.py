"""Options several `childindex` commands share, in a module of their own: the command modules
are imported by service.cli, so they cannot import it at their top."""

from typing import Annotated

import typer

ReasonOption = Annotated[
    str | None,
    typer.Option(
        "--reason",
        help="Why you need this child data (at least 10 characters, in words); kept in the"
        " audit trail with your operating-system user name",
    ),
]
