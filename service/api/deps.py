"""Per-request dependencies, exposed as Annotated aliases (StoreDep, PrincipalDep, AccessDep).

Those that only look things up are `async def`, so they run on the event loop: FastAPI sends
every plain `def` dependency through the thread pool, a hand-off that costs more than they do.
The principal's (it asks the engine whether the account is enabled) stays a plain `def`.
"""

import hashlib
import json
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import OAuth2PasswordBearer

from service.api.access import Access, RequestKey
from service.api.middleware import Metrics
from service.api.ratelimit import RateLimits
from service.audit.log import AuditLog, canonical
from service.auth.accounts import AccountCache
from service.auth.principal import Principal
from service.auth.tokens import TokenVerifier, Unauthorised
from service.policy import MIN_REASON_LENGTH, REASON_HEADER, REASON_RULE
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


def get_principal(request: Request, token: Annotated[str | None, Depends(bearer)]) -> Principal:
    """Who the request acts for. A local token says only who signed in: the roles, local
    authority, practitioner and agency are the account's own, read from the account store
    (reused for at most CHILDINDEX_ACCOUNT_CACHE_SECONDS), so a disabled account or a changed
    role takes effect then, not when the token expires, and no claim in a token is trusted."""
    if not token:
        raise Unauthorised("sign in first: this needs a bearer token")
    verifier: TokenVerifier = request.app.state.verifier
    principal = verifier.verify(token)
    if principal.issuer == "local":
        accounts: AccountCache = request.app.state.accounts
        account = accounts.get(principal.username)
        if account is None:
            raise Unauthorised("this account is disabled or no longer exists")
        principal = account.principal()
    request.state.username = principal.username
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]

ReasonHeader = Annotated[
    str | None,
    Header(
        alias=REASON_HEADER,
        max_length=500,
        description=f"Why you need this child's data ({REASON_RULE})."
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


async def get_request_key(
    request: Request,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            pattern=r"^[!-~]+$",
            description="Any unique text (e.g. a UUID) for this create: sent again with the"
            " same request after a failure or a timeout, it returns what the first one created"
            " instead of creating it twice. The same key with a different request: 409.",
        ),
    ] = None,
) -> RequestKey | None:
    if key is None:
        return None
    raw = await request.body()
    try:
        body: object = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode("utf-8", errors="replace")
    request_text = canonical({"method": request.method, "path": request.url.path, "body": body})
    return RequestKey(key=key, fingerprint=hashlib.sha256(request_text.encode()).hexdigest())


RequestKeyDep = Annotated[RequestKey | None, Depends(get_request_key)]
