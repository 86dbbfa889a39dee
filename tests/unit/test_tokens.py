"""Tokens: our own (HS256) and an OIDC issuer's (checked offline against a local key pair);
settings that refuse weak secrets; password hashing."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError

from service.auth.passwords import hash_password, verify_password
from service.auth.principal import Principal, Role
from service.auth.tokens import (
    CLOCK_SKEW_SECONDS,
    StaticJwks,
    TokenVerifier,
    Unauthorised,
    issue_token,
)
from service.settings import DEVELOPMENT_JWT_SECRET, Environment, Settings

SECRET = "a-test-signing-secret-that-is-long-enough-0123456789"
ISSUER = "https://login.example.org/realms/childindex"
AUDIENCE = "childindex-api"

LISA = Principal(
    username="lisa",
    roles=frozenset({Role.PRACTITIONER}),
    la="E09000009",
    practitioner_id="sw-lisa",
    agency_id="csc-ealing",
)


def settings(**overrides: Any) -> Settings:
    return Settings(jwt_secret=SECRET, **overrides)


# --- our own tokens ------------------------------------------------------------------------------


def test_a_token_we_issue_gives_back_its_principal() -> None:
    config = settings()
    token = issue_token(LISA, config).access_token
    assert TokenVerifier(config).verify(token) == LISA


def test_a_token_lasts_the_configured_lifetime() -> None:
    issued = issue_token(LISA, settings(token_minutes=7))
    assert issued.expires_in == 7 * 60
    claims = jwt.decode(issued.access_token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 7 * 60


def test_an_expired_token_is_refused_saying_so() -> None:
    config = settings(token_minutes=5)
    long_ago = datetime.now(UTC) - timedelta(minutes=5, seconds=CLOCK_SKEW_SECONDS + 5)
    token = issue_token(LISA, config, now=long_ago).access_token
    with pytest.raises(Unauthorised, match="expired"):
        TokenVerifier(config).verify(token)


def test_a_token_just_inside_its_lifetime_is_accepted() -> None:
    config = settings(token_minutes=5)
    token = issue_token(LISA, config, now=datetime.now(UTC) - timedelta(minutes=4)).access_token
    assert TokenVerifier(config).verify(token).username == "lisa"


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = issue_token(LISA, settings()).access_token
    other = Settings(jwt_secret="another-secret-of-sufficient-length-abcdefghij")
    with pytest.raises(Unauthorised):
        TokenVerifier(other).verify(token)


def test_a_token_with_edited_claims_is_refused() -> None:
    config = settings()
    token = issue_token(LISA, config).access_token
    header, _, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = _segment({**claims, "roles": ["admin"]})
    with pytest.raises(Unauthorised):
        TokenVerifier(config).verify(f"{header}.{forged}.{signature}")


def test_an_unsigned_token_is_refused() -> None:
    claims = {
        "iss": "childindex",
        "aud": AUDIENCE,
        "sub": "mallory",
        "roles": ["admin"],
        "iat": datetime.now(UTC),
        "exp": datetime.now(UTC) + timedelta(minutes=5),
    }
    token = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(Unauthorised):
        TokenVerifier(settings()).verify(token)


@pytest.mark.parametrize(
    ("claim", "value"), [("iss", "someone-else"), ("aud", "another-api")], ids=["issuer", "aud"]
)
def test_a_token_for_another_issuer_or_audience_is_refused(claim: str, value: str) -> None:
    config = settings()
    claims = jwt.decode(
        issue_token(LISA, config).access_token,
        SECRET,
        algorithms=["HS256"],
        audience=AUDIENCE,
    )
    claims[claim] = value
    with pytest.raises(Unauthorised):
        TokenVerifier(config).verify(jwt.encode(claims, SECRET, algorithm="HS256"))


def test_a_token_naming_an_unknown_role_is_refused() -> None:
    config = settings()
    claims = jwt.decode(
        issue_token(LISA, config).access_token, SECRET, algorithms=["HS256"], audience=AUDIENCE
    )
    claims["roles"] = ["superuser"]
    with pytest.raises(Unauthorised, match="unknown role"):
        TokenVerifier(config).verify(jwt.encode(claims, SECRET, algorithm="HS256"))


@pytest.mark.parametrize("garbage", ["", "not-a-token", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30."])
def test_garbage_is_refused_as_unauthorised(garbage: str) -> None:
    with pytest.raises(Unauthorised):
        TokenVerifier(settings()).verify(garbage)


# --- settings -----------------------------------------------------------------------------------


def test_development_may_use_the_built_in_secret() -> None:
    config = Settings(environment=Environment.DEVELOPMENT)
    assert config.jwt_secret.get_secret_value() == DEVELOPMENT_JWT_SECRET
    assert config.signing_secret_problem() is None


def test_production_refuses_the_built_in_secret() -> None:
    problem = Settings(environment=Environment.PRODUCTION).signing_secret_problem()
    assert problem is not None
    assert "CHILDINDEX_JWT_SECRET" in problem


@pytest.mark.parametrize("secret", ["x" * 31, " " * 16 + "x" * 31 + " " * 16])
def test_production_refuses_a_short_secret(secret: str) -> None:
    problem = Settings(
        environment=Environment.PRODUCTION, jwt_secret=secret
    ).signing_secret_problem()
    assert problem is not None
    assert "at least 32" in problem


def test_production_accepts_a_long_random_secret() -> None:
    config = Settings(environment=Environment.PRODUCTION, jwt_secret="x" * 32)
    assert config.signing_secret_problem() is None


def test_an_oidc_issuer_needs_an_audience_and_keys() -> None:
    with pytest.raises(ValidationError, match="OIDC"):
        Settings(oidc_issuer=ISSUER)


# --- an OIDC issuer's tokens, verified offline against a local key pair ---------------------------


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {"keys": [{**public, "kid": kid, "use": "sig", "alg": "RS256"}]}


@pytest.fixture(scope="module")
def issuer_key() -> rsa.RSAPrivateKey:
    return _key()


def oidc_settings(**overrides: Any) -> Settings:
    return settings(
        oidc_issuer=ISSUER,
        oidc_audience="childindex",
        oidc_jwks_url="https://login.example.org/certs",
        oidc_role_claim="realm_access.roles",
        oidc_role_map={"ci-steward": "data_steward", "ci-practitioner": "practitioner"},
        **overrides,
    )


def oidc_token(key: rsa.RSAPrivateKey, kid: str = "k1", **claims: Any) -> str:
    now = datetime.now(UTC)
    body = {
        "iss": ISSUER,
        "aud": "childindex",
        "sub": "f3a1c2",
        "preferred_username": "sam.steward",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "realm_access": {"roles": ["ci-steward", "offline_access", "mash"]},
        "la": "E09000033",
        **claims,
    }
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


def test_an_oidc_token_maps_claims_and_roles(issuer_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenVerifier(oidc_settings(), jwks=StaticJwks(_jwks(issuer_key, "k1")))
    principal = verifier.verify(oidc_token(issuer_key))
    assert principal.username == "sam.steward"
    assert principal.roles == {Role.DATA_STEWARD, Role.MASH}  # offline_access is not ours
    assert principal.la == "E09000033"
    assert principal.issuer == ISSUER


def test_an_oidc_token_with_a_space_separated_role_claim(issuer_key: rsa.RSAPrivateKey) -> None:
    config = oidc_settings().model_copy(update={"oidc_role_claim": "scope_roles"})
    verifier = TokenVerifier(config, jwks=StaticJwks(_jwks(issuer_key, "k1")))
    principal = verifier.verify(oidc_token(issuer_key, scope_roles="ci-practitioner auditor"))
    assert principal.roles == {Role.PRACTITIONER, Role.AUDITOR}


def test_an_oidc_token_for_another_audience_is_refused(issuer_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenVerifier(oidc_settings(), jwks=StaticJwks(_jwks(issuer_key, "k1")))
    with pytest.raises(Unauthorised):
        verifier.verify(oidc_token(issuer_key, aud="another-app"))


def test_an_expired_oidc_token_is_refused(issuer_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenVerifier(oidc_settings(), jwks=StaticJwks(_jwks(issuer_key, "k1")))
    past = datetime.now(UTC) - timedelta(hours=1)
    with pytest.raises(Unauthorised, match="expired"):
        verifier.verify(oidc_token(issuer_key, iat=past, exp=past + timedelta(minutes=5)))


def test_an_oidc_token_signed_by_an_unpublished_key_is_refused(
    issuer_key: rsa.RSAPrivateKey,
) -> None:
    verifier = TokenVerifier(oidc_settings(), jwks=StaticJwks(_jwks(issuer_key, "k1")))
    with pytest.raises(Unauthorised):
        verifier.verify(oidc_token(_key(), kid="k1"))  # right kid, wrong key
    with pytest.raises(Unauthorised, match="does not publish"):
        verifier.verify(oidc_token(_key(), kid="k2"))


def _segment(value: dict[str, Any]) -> str:
    return jwt.utils.base64url_encode(json.dumps(value).encode()).decode()


def test_the_issuers_public_key_used_as_an_hmac_secret_is_refused(
    issuer_key: rsa.RSAPrivateKey,
) -> None:
    """Algorithm confusion: an HS256 token 'signed' with the public key anyone can fetch."""
    verifier = TokenVerifier(oidc_settings(), jwks=StaticJwks(_jwks(issuer_key, "k1")))
    pem = issuer_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    now = int(datetime.now(UTC).timestamp())
    header = _segment({"alg": "HS256", "typ": "JWT", "kid": "k1"})
    payload = _segment(
        {
            "iss": ISSUER,
            "aud": "childindex",
            "sub": "mallory",
            "iat": now,
            "exp": now + 300,
            "realm_access": {"roles": ["admin"]},
        }
    )
    signature = hmac.new(pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    token = f"{header}.{payload}.{jwt.utils.base64url_encode(signature).decode()}"
    with pytest.raises(Unauthorised):
        verifier.verify(token)


def test_oidc_tokens_are_refused_where_no_issuer_is_configured(
    issuer_key: rsa.RSAPrivateKey,
) -> None:
    with pytest.raises(Unauthorised):
        TokenVerifier(settings()).verify(oidc_token(issuer_key))


# --- passwords ----------------------------------------------------------------------------------


def test_password_hashes_are_argon2id_and_verify() -> None:
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert verify_password("correct horse battery staple", stored)
    assert not verify_password("correct horse battery stapler", stored)


def test_short_passwords_are_refused() -> None:
    with pytest.raises(ValueError, match="12"):
        hash_password("short")


def test_an_unknown_user_never_verifies() -> None:
    assert not verify_password("anything at all here", None)
