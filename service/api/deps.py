"""Per-request dependencies, exposed as Annotated aliases (StoreDep, PrincipalDep, AccessDep).

Those that only look things up are `async def`, so they run on the event loop: FastAPI sends
every plain `def` dependency through the thread pool, a hand-off that costs more than they do.
The principal's (it asks the engine whether the account is enabled) stays a plain `def`.
"""

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import OAuth2PasswordBearer

from service.api.access import Access
from service.api.middleware import Metrics
from service.api.ratelimit import RateLimits
from service.audit.log import AuditLog
from service.auth.accounts import Accounts
from service.auth.principal import Principal
from service.auth.tokens import TokenVerifier, Unauthorised
from service.policy import MIN_REASON_LENGTH, REASON_HEADER
from service.settings import Settings
from service.store.graph_store import GraphStore

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 - a path, not a secret

bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


async def get_audit(request: Request) -> AuditLog:
    audit: AuditLog = request.app.state.audit
    return audit


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.limits
    return limits


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


StoreDep = Annotated[GraphStore, Depends(get_store)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
LimitsDep = Annotated[RateLimits, Depends(get_limits)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]


def get_principal(
    request: Request, token: Annotated[str | None, Depends(bearer)], store: StoreDep
) -> Principal:
    """The principal of the bearer token. A local account is checked on every request, so a
    disabled account stops at once, not when its token expires."""
    if not token:
        raise Unauthorised("sign in first: this needs a bearer token")
    verifier: TokenVerifier = request.app.state.verifier
    principal = verifier.verify(token)
    if principal.issuer == "local" and not Accounts(store).is_active(principal.username):
        raise Unauthorised("this account is disabled or no longer exists")
    request.state.username = principal.username
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]

ReasonHeader = Annotated[
    str | None,
    Header(
        alias=REASON_HEADER,
        max_length=500,
        description=f"Why you need this child's data (at least {MIN_REASON_LENGTH} characters)."
        " Required for every read of child data; kept in the audit trail.",
        # in the schema only: a missing or short reason is 400 reason_required, not a 422
        json_schema_extra={
            "minLength": MIN_REASON_LENGTH,
            "pattern": rf"^\s*\S.{{{MIN_REASON_LENGTH - 2},}}\S\s*$",
            "examples": ["section 47 enquiry, strategy meeting"],
        },
    ),
]


async def get_access(
    request: Request,
    principal: PrincipalDep,
    store: StoreDep,
    audit: AuditDep,
    metrics: MetricsDep,
    reason: ReasonHeader = None,
) -> Access:
    access = Access(principal=principal, store=store, audit=audit, metrics=metrics, reason=reason)
    request.state.access = access  # the error handlers record a failed, allowed action
    return access


AccessDep = Annotated[Access, Depends(get_access)]
