"""Local accounts for admins: list, create, disable and enable (the CLI's `users` commands).

Admins manage accounts and see no child data. Every call is in the audit trail, refusals too;
a password is never returned, logged or audited.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from service.api.access import Access
from service.api.deps import AccessDep
from service.api.errors import ERROR_RESPONSES
from service.api.pagination import Cursor, Limit, page
from service.api.work_views import AccountChange, AccountCreate, AccountView
from service.api.work_views import Accounts as AccountList
from service.auth.accounts import AccountCache, Accounts, NewAccount
from service.auth.principal import LA_SCOPED_ROLES, Role
from service.errors import Conflict, NotFound, RuleViolation
from service.policy import Action

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=ERROR_RESPONSES)

Username = Annotated[
    str,
    Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$", description="The account's user name"),
]


def _role_words(role: Role) -> str:
    return role.value.replace("_", " ")


def _check_scope(body: AccountCreate, access: Access) -> None:
    """The account's scope names what exists: its local authority, and for a practitioner
    the practitioner and an agency they work for now (checked by Accounts.add)."""
    roles = set(body.roles)
    scoped = sorted(_role_words(role) for role in roles & LA_SCOPED_ROLES)
    if scoped and body.la is None:
        raise RuleViolation("body.la", f"a {scoped[0]} acts for one local authority: choose it")
    if body.la is not None:
        try:
            access.store.get_local_authority(body.la)
        except NotFound as e:
            raise RuleViolation("body.la", f"there is no local authority {body.la}") from e
    if Role.PRACTITIONER in roles and (body.practitioner_id is None or body.agency_id is None):
        raise RuleViolation(
            "body.practitioner_id", "a practitioner account needs the practitioner and agency"
        )


@router.get("/accounts", response_model=AccountList)
def list_accounts(access: AccessDep, limit: Limit = 50, cursor: Cursor = None) -> AccountList:
    """Every local account by user name: roles, local authority, practitioner, status."""
    access.require(Action.READ_ACCOUNTS)
    views = [AccountView.of(account) for account in Accounts(access.store).list()]
    items, next_cursor = page(views, limit, cursor)
    access.record(Action.READ_ACCOUNTS, detail=f"{len(items)} accounts listed")
    return AccountList(items=items, next_cursor=next_cursor)


@router.post("/accounts", status_code=status.HTTP_201_CREATED, response_model=AccountView)
def create_account(
    body: AccountCreate, access: AccessDep, request: Request, response: Response
) -> AccountView:
    """Create a local account with a first password (12 characters or more)."""
    access.require(Action.CREATE_ACCOUNT)
    _check_scope(body, access)
    new = NewAccount(
        username=body.username,
        roles=frozenset(body.roles),
        la=body.la,
        practitioner_id=body.practitioner_id,
        agency_id=body.agency_id,
    )
    roles = ", ".join(_role_words(role) for role in sorted(new.roles))
    try:
        account = access.write(
            Action.CREATE_ACCOUNT,
            lambda stamp: Accounts(access.store).add(new, body.password, audit=stamp),
            status=status.HTTP_201_CREATED,
            detail=f"account {new.username} created ({roles}"
            + (f", {new.la}" if new.la else "")
            + ")",
        )
    except NotFound as e:
        raise RuleViolation(f"body.{e.kind}_id", f"there is no {e.kind} {e.ident!r}") from e
    except RuleViolation as e:
        raise RuleViolation(f"body.{e.field}", e.message) from e
    except Conflict as e:
        raise Conflict(f"an account named {new.username!r} already exists") from e
    _forget(request, account.username)
    response.headers["Location"] = f"/api/v1/accounts/{account.username}"
    return AccountView.of(account)


@router.patch("/accounts/{username}", response_model=AccountView)
def change_account(
    username: Username, body: AccountChange, access: AccessDep, request: Request
) -> AccountView:
    """Disable an account (its tokens stop working at once) or enable it again."""
    access.require(Action.UPDATE_ACCOUNT)
    name = username.lower()
    if body.disabled and name == access.principal.username:
        raise Conflict("you cannot disable your own account: ask another admin")
    accounts = Accounts(access.store)
    access.write(
        Action.UPDATE_ACCOUNT,
        lambda stamp: accounts.set_disabled(name, body.disabled, audit=stamp),  # NotFound: 404
        detail=f"account {name} {'disabled' if body.disabled else 'enabled'}",
    )
    _forget(request, name)
    account = accounts.get(name)
    if account is None:  # removed since
        raise NotFound("account", name)
    return AccountView.of(account)


def _forget(request: Request, username: str) -> None:
    """This process reads the changed account afresh: a disabled account's tokens stop at once
    here (other worker processes within CHILDINDEX_ACCOUNT_CACHE_SECONDS)."""
    accounts: AccountCache = request.app.state.accounts
    accounts.forget(username)
