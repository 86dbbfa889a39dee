"""Authentication on every route (walked from the OpenAPI document), sign-in, and the matrix of
who may do what through the real app."""

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from graph_model import clock
from service.api.app import create_app
from service.auth.accounts import Accounts
from service.auth.principal import Principal, Role
from service.auth.tokens import StaticJwks, issue_token
from service.settings import Settings
from service.store.engines import EngineHandle
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import (
    ARCHIVED,
    KOFI,
    PASSWORD,
    USERS,
    VICTORIA,
    WEST,
    Tokens,
)
from tests.integration.conftest import LA_EALING

PUBLIC = {("/health", "get"), ("/api/v1/auth/token", "post")}
"""Routes open without a token. Everything else in the OpenAPI document needs one."""


def routes(client: TestClient) -> list[tuple[str, str]]:
    paths = client.get("/openapi.json").json()["paths"]
    return sorted((path, method) for path, item in paths.items() for method in item)


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x-1", path)


def test_the_openapi_document_lists_the_api(client: TestClient) -> None:
    listed = routes(client)
    assert len(listed) >= 20
    assert ("/api/v1/children/{child_id}/practitioners", "get") in listed


def test_every_route_but_health_and_sign_in_refuses_a_request_without_a_token(
    client: TestClient,
) -> None:
    open_routes = set()
    for path, method in routes(client):
        response = client.request(method.upper(), concrete(path))
        if response.status_code != 401:
            open_routes.add((path, method))
            continue
        assert response.json()["error"]["code"] == "unauthorised"
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert open_routes == PUBLIC


def test_every_protected_route_refuses_a_forged_token(client: TestClient) -> None:
    forged = Settings(jwt_secret="not-the-servers-secret-but-long-enough-0123")
    admin = Principal(username="admin", roles=frozenset({Role.ADMIN}))
    token = issue_token(admin, forged).access_token
    for path, method in routes(client):
        if (path, method) in PUBLIC:
            continue
        response = client.request(
            method.upper(), concrete(path), headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401, (path, method)


# --- signing in ---------------------------------------------------------------------------------


def test_sign_in_gives_a_token_that_works(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", data={"username": "lisa", "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json() == {
        "username": "lisa",
        "roles": ["practitioner"],
        "la": None,
        "practitioner_id": "sw-lisa",
        "agency_id": "csc-ealing",
        "issuer": "local",
    }


@pytest.mark.parametrize(
    ("username", "password"),
    [("lisa", "not the password at all"), ("nobody-here", PASSWORD), ("lisa", "")],
    ids=["wrong-password", "unknown-user", "empty-password"],
)
def test_sign_in_with_wrong_credentials_is_401_with_one_message(
    client: TestClient, username: str, password: str
) -> None:
    response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    if not password:
        assert response.status_code == 422  # the form requires a password
        return
    assert response.status_code == 401
    assert response.json()["error"]["message"] == (
        "wrong user name or password, or the account is disabled"
    )


def test_a_disabled_account_cannot_sign_in_and_its_tokens_stop_within_the_account_cache(
    client: TestClient, area: GraphStore, as_: Tokens, api_settings: Settings
) -> None:
    headers = as_("lisa")
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    Accounts(area).set_disabled("lisa", True)
    time.sleep(api_settings.account_cache_seconds + 0.05)
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    response = client.post("/api/v1/auth/token", data={"username": "lisa", "password": PASSWORD})
    assert response.status_code == 401


def test_an_expired_token_is_401(client: TestClient, as_: Tokens, api_settings: Settings) -> None:
    old = datetime.now(UTC) - timedelta(hours=2)
    token = issue_token(as_.principals["mash"], api_settings, now=old).access_token
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


# --- the role matrix ----------------------------------------------------------------------------

Case = tuple[str, str, dict[str, Any] | None, dict[str, int]]

ALL_READERS_200 = dict.fromkeys(USERS, 200) | {"admin": 403, "manager-w": 403}

MATRIX: dict[str, Case] = {
    "read a record": ("GET", f"/api/v1/children/{VICTORIA}", None, ALL_READERS_200),
    "read who-else": ("GET", f"/api/v1/children/{VICTORIA}/practitioners", None, ALL_READERS_200),
    "read the network": ("GET", f"/api/v1/children/{VICTORIA}/network", None, ALL_READERS_200),
    "read another area's record": (
        "GET",
        f"/api/v1/children/{WEST}",
        None,
        {"manager": 403, "manager-w": 200, "lisa": 200, "steward": 200, "admin": 403},
    ),
    "read an archived record": (
        "GET",
        f"/api/v1/children/{ARCHIVED}",
        None,
        {"lisa": 404, "mash": 404, "manager": 404, "steward": 200, "steward-w": 404,
         "shield": 200, "auditor": 200, "admin": 403},
    ),
    "search": (
        "GET",
        "/api/v1/children?name=Victoria%20Adjo&date_of_birth=2016-03-04",
        None,
        ALL_READERS_200 | {"manager-w": 200},  # allowed; finds nothing outside their area
    ),
    "edit basic details": (
        "PATCH",
        f"/api/v1/children/{VICTORIA}",
        {"given_name": "Vicky"},
        {"steward": 200, "steward-w": 403, "lisa": 403, "mash": 403, "manager": 403,
         "shield": 403, "auditor": 403, "admin": 403},
    ),
    "link a carer": (
        "POST",
        f"/api/v1/children/{VICTORIA}/carers",
        {"carer_id": "cr-mother", "relationship": "mother", "parental_responsibility": True,
         "lives_with": True},
        {"steward": 201, "steward-w": 403, "lisa": 403, "mash": 403},
    ),
    "record an involvement as Lisa": (
        "POST",
        f"/api/v1/children/{KOFI}/involvements",
        {"practitioner_id": "sw-lisa", "agency_id": "csc-ealing", "service": "visit",
         "since": "2025-01-06"},
        {"lisa": 201, "ravi": 403, "steward-w": 403, "mash": 403},
    ),
    "record a practitioner's involvement as a steward": (
        "POST",
        f"/api/v1/children/{KOFI}/involvements",
        {"practitioner_id": "camhs-ravi", "agency_id": "camhs-ealing", "service": "visit",
         "since": "2025-01-06"},
        {"steward": 201, "lisa": 403, "steward-w": 403, "mash": 403},
    ),
    "change Lisa's involvement": (
        "PATCH",
        "/api/v1/involvements/inv-sw",
        {"info_to_share": True},
        {"lisa": 200, "ravi": 403, "steward": 200, "steward-w": 403, "mash": 403, "admin": 403},
    ),
    "change Ravi's sensitive involvement": (
        "PATCH",
        "/api/v1/involvements/inv-camhs",
        {"info_to_share": True},
        {"ravi": 200, "lisa": 404, "steward": 404, "mash": 403},
    ),
    "move a child": (
        "POST",
        f"/api/v1/children/{VICTORIA}/moves",
        {"to_la": LA_EALING, "date": "2025-02-01", "postcode": "W5 3CC"},
        {"steward": 201, "steward-w": 403, "lisa": 403, "mash": 403},
    ),
    "list moves": (
        "GET",
        f"/api/v1/children/{VICTORIA}/moves",
        None,
        {"steward": 200, "steward-w": 200, "mash": 200, "lisa": 403, "manager": 403,
         "auditor": 403},
    ),
    "shield": (
        "POST",
        f"/api/v1/children/{VICTORIA}/shield",
        None,
        {"shield": 200, "shield-w": 403, "steward": 403, "lisa": 403, "admin": 403},
    ),
    "create an agency": (
        "POST",
        "/api/v1/agencies",
        {"name": "Acton Youth Club", "kind": "voluntary", "la": LA_EALING},
        {"steward": 201, "steward-w": 403, "lisa": 403, "admin": 403},
    ),
    "create a practitioner": (
        "POST",
        "/api/v1/practitioners",
        {"given_name": "Sam", "family_name": "Obi", "job_title": "Youth worker",
         "agency_id": "csc-ealing"},
        {"steward": 201, "steward-w": 403, "lisa": 403},
    ),
    "read a caseload": (
        "GET",
        "/api/v1/practitioners/sw-lisa/children",
        None,
        {"lisa": 200, "ravi": 403, "mash": 200, "steward": 200, "auditor": 200, "admin": 403,
         "shield": 403},
    ),
    "read the audit trail": (
        "GET",
        "/api/v1/audit",
        None,
        {"auditor": 200, "steward": 403, "admin": 403, "lisa": 403, "shield": 403},
    ),
    "read a practitioner": (
        "GET", "/api/v1/practitioners/sw-lisa", None, dict.fromkeys(USERS, 200)
    ),
    "read an agency": ("GET", "/api/v1/agencies/csc-ealing", None, dict.fromkeys(USERS, 200)),
    "who am I": ("GET", "/api/v1/me", None, dict.fromkeys(USERS, 200)),
    "metrics": ("GET", "/metrics", None, dict.fromkeys(USERS, 200)),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MATRIX))
def test_role_matrix(case: str, family: GraphStore, client: TestClient, as_: Tokens) -> None:
    method, path, body, expected = MATRIX[case]
    # the refusals first: an allowed write must not change what a later refusal sees
    order = sorted(expected, key=lambda user: expected[user] < 300)
    outcomes = {}
    for user in order:
        response = client.request(method, path, json=body, headers=as_(user))
        outcomes[user] = response.status_code
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}
    assert outcomes == expected


def test_a_transfer_is_accepted_by_the_receiving_area_only(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    moved = client.post(
        f"/api/v1/children/{VICTORIA}/moves",
        json={"to_la": "E09000033", "date": clock.today().isoformat()},
        headers=as_("steward"),
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["transfer"] is True
    assert moved.json()["status"] == "pending"
    move_id = moved.json()["move_id"]
    accept = f"/api/v1/children/{VICTORIA}/moves/{move_id}/accept"
    assert client.post(accept, headers=as_("steward")).status_code == 403
    assert client.post(accept, headers=as_("lisa")).status_code == 403
    accepted = client.post(accept, headers=as_("steward-w"))
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["responsible_la"] == "E09000033"
    assert client.post(accept, headers=as_("steward-w")).status_code == 409
    moves = client.get(f"/api/v1/children/{VICTORIA}/moves", headers=as_("steward-w")).json()
    assert [m["status"] for m in moves["items"]] == [None, "accepted"]
    # responsibility moved: Westminster's steward edits now, Ealing's no longer
    edit = {"given_name": "Victoria"}
    path = f"/api/v1/children/{VICTORIA}"
    assert client.patch(path, json=edit, headers=as_("steward")).status_code == 403
    assert client.patch(path, json=edit, headers=as_("steward-w")).status_code == 200


def test_accepting_an_unknown_move_is_404_for_stewards(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    path = f"/api/v1/children/{VICTORIA}/moves/mv-none/accept"
    response = client.post(path, headers=as_("steward-w"))
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "no move with id 'mv-none'"
    assert client.post(path, headers=as_("lisa")).status_code == 403
    assert (
        client.post(
            f"/api/v1/children/{ARCHIVED}/moves/mv-none/accept", headers=as_("steward-w")
        ).status_code
        == 404
    )


# --- an external OIDC issuer ------------------------------------------------------------------

ISSUER = "https://login.example.org/realms/ealing"


def test_tokens_from_the_configured_oidc_issuer_are_accepted(
    family: GraphStore, api_settings: Settings
) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    settings = api_settings.model_copy(
        update={
            "oidc_issuer": ISSUER,
            "oidc_audience": "childindex",
            "oidc_jwks_url": f"{ISSUER}/certs",
            "oidc_role_map": {"index-team": "data_steward"},
        }
    )
    app = create_app(
        settings,
        handle=EngineHandle(engine=family.engine),
        jwks=StaticJwks({"keys": [{**jwk, "kid": "k1"}]}),
    )
    now = datetime.now(UTC)
    claims = {
        "iss": ISSUER,
        "aud": "childindex",
        "sub": "0b6e",
        "preferred_username": "olu.steward",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "roles": ["index-team"],
        "la": LA_EALING,
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
    headers = {"Authorization": f"Bearer {token}", "X-Access-Reason": "checking the record"}
    with TestClient(app, raise_server_exceptions=False) as client:
        me = client.get("/api/v1/me", headers=headers).json()
        assert (me["username"], me["roles"], me["issuer"]) == (
            "olu.steward",
            ["data_steward"],
            ISSUER,
        )
        edit = client.patch(
            f"/api/v1/children/{VICTORIA}", json={"given_name": "Vicky"}, headers=headers
        )
        assert edit.status_code == 200, edit.text
        forged = jwt.encode(
            claims, rsa.generate_private_key(public_exponent=65537, key_size=2048),
            algorithm="RS256", headers={"kid": "k1"},
        )  # fmt: skip
        assert (
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}).status_code
            == 401
        )
