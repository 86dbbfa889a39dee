"""`childindex users add|list|disable|enable`: local accounts."""

import json
import sys
from typing import Annotated

import typer
from pydantic import ValidationError

from service.auth.principal import Role

users_app = typer.Typer(help="Manage local accounts (sign-in for the API).", no_args_is_help=True)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="User name (letters, digits, _ . @ -)")],
    role: Annotated[list[Role], typer.Option("--role", help="A role; repeat for several")],
    la: Annotated[str | None, typer.Option("--la", help="ONS code of the user's LA")] = None,
    practitioner: Annotated[
        str | None, typer.Option("--practitioner", help="Practitioner id (practitioners)")
    ] = None,
    agency: Annotated[
        str | None, typer.Option("--agency", help="Agency id they work for (practitioners)")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Create an account. The password is read from stdin (`--password-stdin`) or prompted."""
    from graph_model.problems import problem
    from service.auth.accounts import USERNAME_PATTERN, USERNAME_RULE, Accounts, NewAccount
    from service.cli import fail, opened_store, out

    try:
        new = NewAccount(
            username=username,
            roles=frozenset(role),
            la=la,
            practitioner_id=practitioner,
            agency_id=agency,
        )
    except ValidationError as e:
        rules = {USERNAME_PATTERN: USERNAME_RULE}
        raise fail("; ".join(problem(error, rules).sentence() for error in e.errors())) from e
    password = _read_password(password_stdin)
    with opened_store() as (store, _):
        try:
            account = Accounts(store).add(new, password)
        except ValueError as e:
            raise fail(str(e)) from e
    roles = ", ".join(sorted(r.value for r in account.roles))
    out.print(f"account {account.username} created ({roles})", highlight=False)


@users_app.command("list")
def list_users(
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Every local account (no password hashes)."""
    from rich.table import Table

    from service.auth.accounts import Accounts
    from service.cli import opened_store, out

    with opened_store() as (store, _):
        accounts = Accounts(store).list()
    if output == "json":
        payload = [a.model_dump(mode="json") for a in accounts]
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    table = Table(title="Accounts")
    for column in ("User", "Roles", "LA", "Practitioner", "Agency", "Status"):
        table.add_column(column)
    for a in accounts:
        table.add_row(
            a.username,
            ", ".join(sorted(r.value for r in a.roles)),
            a.la or "",
            a.practitioner_id or "",
            a.agency_id or "",
            "disabled" if a.disabled else "active",
        )
    out.print(table)


def _set_disabled(username: str, disabled: bool) -> None:
    from service.auth.accounts import Accounts
    from service.cli import opened_store, out

    with opened_store() as (store, _):
        Accounts(store).set_disabled(username, disabled)
    out.print(f"account {username.lower()} {'disabled' if disabled else 'enabled'}")


@users_app.command("disable")
def disable(username: Annotated[str, typer.Argument(help="User name")]) -> None:
    """Disable an account: its tokens stop working at once."""
    _set_disabled(username, True)


@users_app.command("enable")
def enable(username: Annotated[str, typer.Argument(help="User name")]) -> None:
    """Enable a disabled account again."""
    _set_disabled(username, False)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
