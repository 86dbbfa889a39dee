"""Local accounts, kept in the graph engine as `:Account {id: user name}` nodes."""

import re
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints, model_validator

from graph_model.types import LaCode, NodeId
from service.auth.passwords import hash_password, verify_password
from service.auth.principal import LA_SCOPED_ROLES, Principal, Role
from service.errors import NotFound, RuleViolation
from service.store.graph_store import GraphStore, utc_now


def _normalise(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


USERNAME_PATTERN = r"^[a-z0-9][a-z0-9_.@-]{1,63}$"
USERNAME_RULE = (
    "2 to 64 letters, digits and _ . @ - (kept in lower case), starting with a letter or a digit"
)
TYPED_USERNAME_PATTERN = r"^\s*[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}\s*$"
"""A user name as typed at sign-in: any case, spaces around it ignored."""

Username = Annotated[
    str,
    BeforeValidator(_normalise),
    StringConstraints(pattern=USERNAME_PATTERN),
]
"""Stored lower case: `Sam.Steward` and `sam.steward` are one account."""


class NewAccount(BaseModel):
    username: Username
    roles: frozenset[Role] = Field(min_length=1)
    la: LaCode | None = None
    practitioner_id: NodeId | None = None
    agency_id: NodeId | None = None

    @model_validator(mode="after")
    def _scope(self) -> Self:
        scoped = sorted(role.value for role in self.roles & LA_SCOPED_ROLES)
        if scoped and self.la is None:
            raise ValueError(f"the role {scoped[0]} acts for a local authority: give --la")
        if Role.PRACTITIONER in self.roles and (
            self.practitioner_id is None or self.agency_id is None
        ):
            raise ValueError("a practitioner account needs --practitioner and --agency")
        return self


class Account(BaseModel):
    username: str
    roles: frozenset[Role]
    la: str | None = None
    practitioner_id: str | None = None
    agency_id: str | None = None
    disabled: bool = False
    created_at: datetime | None = None

    def principal(self) -> Principal:
        return Principal(
            username=self.username,
            roles=self.roles,
            la=self.la,
            practitioner_id=self.practitioner_id,
            agency_id=self.agency_id,
        )


def _now() -> str:
    return utc_now().isoformat(timespec="milliseconds")


def _account(row: dict[str, object]) -> Account:
    return Account.model_validate({**row, "username": row["id"], "roles": row["roles"] or []})


class Accounts:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def add(
        self, new: NewAccount, password: str | None = None, *, password_hash: str | None = None
    ) -> Account:
        """Create an account (Conflict if the name is taken). A practitioner account must name
        a practitioner who currently works for the agency given."""
        if (password is None) == (password_hash is None):
            raise ValueError("give exactly one of password or password_hash")
        if new.practitioner_id is not None:
            _, employment = self._store.get_practitioner(new.practitioner_id)
            if not any(
                job["agency_id"] == new.agency_id and job["until"] is None for job in employment
            ):
                raise RuleViolation(
                    "agency_id",
                    f"practitioner {new.practitioner_id!r} does not currently work for"
                    f" agency {new.agency_id!r}",
                )
        stored_hash = password_hash if password_hash is not None else hash_password(password or "")
        props = {
            "password_hash": stored_hash,
            "roles": sorted(role.value for role in new.roles),
            "la": new.la,
            "practitioner_id": new.practitioner_id,
            "agency_id": new.agency_id,
        }
        self._store.write(
            "accounts/create_account",
            id=new.username,
            props={k: v for k, v in props.items() if v is not None},
            now=_now(),
        )
        account = self.get(new.username)
        assert account is not None
        return account

    def get(self, username: str) -> Account | None:
        rows = self._store.query("accounts/get_account", id=username.lower())
        return _account(rows[0]) if rows else None

    def list(self) -> list[Account]:
        return [_account(row) for row in self._store.query("accounts/list_accounts")]

    def set_disabled(self, username: str, disabled: bool) -> None:
        rows = self._store.write(
            "accounts/set_account_disabled",
            id=username.lower(),
            disabled=disabled,
            now=_now(),
        )
        if not rows:
            raise NotFound("account", username)

    def authenticate(self, username: str, password: str) -> Principal | None:
        """The account's principal if the password is right and the account enabled; else None
        (taking as long for an unknown user as for a wrong password)."""
        name = username.strip().lower()
        # a name no account can have is not asked of the engine (a NUL would cut its query)
        rows = (
            self._store.query("accounts/get_account", id=name)
            if re.fullmatch(USERNAME_PATTERN, name)
            else []
        )
        row = rows[0] if rows else None
        stored_hash = row["password_hash"] if row else None
        if not verify_password(password, stored_hash) or row is None or row["disabled"]:
            return None
        return _account(row).principal()


class AccountCache:
    """Local accounts as the store holds them, each reused for at most `ttl` seconds: every
    request acts with its account's current roles, area, practitioner and agency (a token
    only says who signed in), and a disabled or deleted account stops within `ttl`."""

    def __init__(
        self,
        lookup: Callable[[str], Account | None],
        ttl: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, Account | None]] = {}

    def get(self, username: str) -> Account | None:
        """The account if it exists and is enabled (None otherwise), as of `ttl` ago at most."""
        now = self._clock()
        with self._lock:
            seen = self._seen.get(username)
        if seen is None or now - seen[0] >= self._ttl:
            account = self._lookup(username)
            seen = (now, account if account is not None and not account.disabled else None)
            with self._lock:
                if len(self._seen) > 10_000:  # a bound, not a policy: refetching is cheap
                    self._seen.clear()
                self._seen[username] = seen
        return seen[1]
