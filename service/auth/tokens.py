"""Bearer tokens: the service's own (HS256, short-lived) and, optionally, an OIDC issuer's
(verified against its published JWKS). Either way the result is a `Principal`."""

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import jwt

from service.auth.principal import Principal, Role
from service.errors import ChildIndexError
from service.settings import Settings

LOCAL_ALGORITHM = "HS256"
CLOCK_SKEW_SECONDS = 10


class Unauthorised(ChildIndexError):
    """No token, or one that is not valid (bad signature, expired, wrong issuer or audience)."""

    code = "unauthorised"


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret


def issue_token(
    principal: Principal, settings: Settings, *, now: datetime | None = None
) -> IssuedToken:
    """Sign a token for a local account. Short-lived: a disabled account stops at expiry at the
    latest (and at once, since every request also checks the account)."""
    issued = now or datetime.now(UTC)
    lifetime = timedelta(minutes=settings.token_minutes)
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": principal.username,
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime,
        "jti": uuid.uuid4().hex,
        "roles": sorted(role.value for role in principal.roles),
        "la": principal.la,
        "practitioner_id": principal.practitioner_id,
        "agency_id": principal.agency_id,
    }
    token = jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=LOCAL_ALGORITHM)
    return IssuedToken(access_token=token, expires_in=int(lifetime.total_seconds()))


class JwksSource(Protocol):
    """Where an OIDC issuer's public keys come from."""

    def signing_key(self, token: str) -> Any:
        """The key that verifies `token` (chosen by its `kid`)."""
        ...


class RemoteJwks:
    """The issuer's JWKS URL, fetched and cached by PyJWT."""

    def __init__(self, url: str) -> None:
        self._client = jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=5)

    def signing_key(self, token: str) -> Any:
        try:
            return self._client.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientError as e:
            raise Unauthorised(f"cannot find the key that signed this token: {e}") from e


class StaticJwks:
    """A JWKS document given in full (tests, or an issuer whose keys are deployed as a file)."""

    def __init__(self, jwks: Mapping[str, Any]) -> None:
        self._keys = jwt.PyJWKSet.from_dict(dict(jwks))

    @classmethod
    def from_file(cls, path: Path) -> "StaticJwks":
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def signing_key(self, token: str) -> Any:
        kid = jwt.get_unverified_header(token).get("kid")
        for key in self._keys.keys:
            if key.key_id == kid:
                return key.key
        raise Unauthorised("the token was signed by a key the issuer does not publish")


def _claim(claims: Mapping[str, Any], path: str) -> Any:
    """A claim by name; dots reach into nested objects (Keycloak's `realm_access.roles`)."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class TokenVerifier:
    """Turns a bearer token into a Principal, or raises Unauthorised."""

    def __init__(self, settings: Settings, *, jwks: JwksSource | None = None) -> None:
        self._settings = settings
        self._jwks = jwks
        if jwks is None and settings.oidc_issuer and settings.oidc_jwks_url:
            self._jwks = RemoteJwks(settings.oidc_jwks_url)

    def verify(self, token: str) -> Principal:
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError as e:
            raise Unauthorised("the token is malformed") from e
        if self._settings.oidc_issuer and issuer == self._settings.oidc_issuer:
            return self._verify_oidc(token)
        return self._verify_local(token)

    def _verify_local(self, token: str) -> Principal:
        settings = self._settings
        claims = _decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[LOCAL_ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
        )
        try:
            roles = frozenset(Role(name) for name in claims.get("roles") or [])
        except ValueError as e:
            raise Unauthorised("the token names an unknown role") from e
        return Principal(
            username=str(claims["sub"]),
            roles=roles,
            la=_optional_text(claims.get("la")),
            practitioner_id=_optional_text(claims.get("practitioner_id")),
            agency_id=_optional_text(claims.get("agency_id")),
        )

    def _verify_oidc(self, token: str) -> Principal:
        settings = self._settings
        if self._jwks is None or settings.oidc_issuer is None:
            raise Unauthorised("OIDC tokens are not accepted here")
        key = self._jwks.signing_key(token)
        claims = _decode(
            token,
            key,
            algorithms=settings.oidc_algorithms,
            audience=settings.oidc_audience,
            issuer=settings.oidc_issuer,
        )
        username = _optional_text(_claim(claims, settings.oidc_username_claim)) or str(
            claims["sub"]
        )
        return Principal(
            username=username,
            roles=self._map_roles(_claim(claims, settings.oidc_role_claim)),
            la=_optional_text(_claim(claims, settings.oidc_la_claim)),
            practitioner_id=_optional_text(_claim(claims, settings.oidc_practitioner_claim)),
            agency_id=_optional_text(_claim(claims, settings.oidc_agency_claim)),
            issuer=settings.oidc_issuer,
        )

    def _map_roles(self, raw: Any) -> frozenset[Role]:
        """The issuer's role names mapped to ours; names neither mapped nor ours are ignored
        (an issuer serves many applications, each with its own roles)."""
        if isinstance(raw, str):
            raw = raw.replace(",", " ").split()
        if not isinstance(raw, list):
            return frozenset()
        known = {role.value for role in Role}
        mapped: set[Role] = set()
        for name in raw:
            if not isinstance(name, str):
                continue
            ours = self._settings.oidc_role_map.get(name, name)
            if ours in known:
                mapped.add(Role(ours))
        return frozenset(mapped)


def _decode(
    token: str, key: Any, *, algorithms: list[str], audience: str | None, issuer: str
) -> dict[str, Any]:
    """Verify signature, audience, issuer and expiry (both kinds of token alike)."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            audience=audience,
            issuer=issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as e:
        raise Unauthorised("the token has expired; sign in again") from e
    except jwt.PyJWTError as e:
        raise Unauthorised(f"the token is not valid ({e})") from e
    return claims
