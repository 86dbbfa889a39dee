"""Sign-in (OAuth2 password form → bearer token) and who the token says you are."""

import logging
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request

from graph_model.types import Omittable
from service.api.deps import LimitsDep, PrincipalDep, SettingsDep, StoreDep
from service.api.errors import ERROR_RESPONSES
from service.api.models import Me, Token
from service.auth.accounts import TYPED_USERNAME_PATTERN, Accounts
from service.auth.tokens import Unauthorised, issue_token

router = APIRouter(prefix="/api/v1", tags=["auth"], responses=ERROR_RESPONSES)
log = logging.getLogger(__name__)


@dataclass
class SignInForm:
    """The OAuth2 password form (RFC 6749 §4.3). Other fields a client sends (scope, client_id)
    are ignored."""

    username: Annotated[
        str,
        Form(
            pattern=TYPED_USERNAME_PATTERN,
            description="User name (any case)",
            examples=["demo.steward"],
        ),
    ]
    password: Annotated[str, Form(min_length=1, json_schema_extra={"format": "password"})]
    grant_type: Annotated[Omittable[Literal["password"]], Form()] = None


@router.post("/auth/token", response_model=Token)
def sign_in(
    form: Annotated[SignInForm, Depends()],
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    limits: LimitsDep,
) -> Token:
    """Exchange a user name and password for a short-lived bearer token."""
    client = request.client.host if request.client else "unknown"
    username = form.username.strip().lower()
    limits.hit(limits.token, f"sign-in:user:{username}", f"sign-in:address:{client}")
    principal = Accounts(store).authenticate(username, form.password)
    if principal is None:
        # not the name typed: it may be anything, a password typed in the wrong box included
        log.info("sign-in refused", extra={"event": "sign_in_refused"})
        raise Unauthorised("wrong user name or password, or the account is disabled")
    issued = issue_token(principal, settings)
    log.info("signed in", extra={"event": "sign_in", "user": username})
    return Token(access_token=issued.access_token, expires_in=issued.expires_in)


@router.get("/me", response_model=Me)
def me(principal: PrincipalDep) -> Me:
    """The principal of the bearer token: roles, local authority, practitioner and agency."""
    return Me(
        username=principal.username,
        roles=sorted(principal.roles),
        la=principal.la,
        practitioner_id=principal.practitioner_id,
        agency_id=principal.agency_id,
        issuer=principal.issuer,
    )
