"""Local accounts through the API, for admins only: list, create, disable and enable, each in
the audit trail; no password hash ever leaves; refusals without a token, for other roles and
for hostile input, and nothing written when refused."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.auth.accounts import Accounts
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import PASSWORD, Tokens, audit_events
from tests.integration.conftest import LA_EALING

URL = "/api/v1/accounts"
NEW_PASSWORD = "a first password, told in person"


def new_account(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "username": "Sam.Steward",
        "roles": ["data_steward"],
        "la": LA_EALING,
        "password": NEW_PASSWORD,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_an_admin_lists_accounts_without_any_password_hash(
    client: TestClient, as_: Tokens, area: GraphStore
) -> None:
    response = client.get(URL, headers=as_("admin", reason=None))
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    lisa = next(i for i in items if i["username"] == "lisa")
    assert lisa == {
        "username": "lisa",
        "roles": ["practitioner"],
        "la": None,
        "practitioner_id": "sw-lisa",
        "agency_id": "csc-ealing",
        "disabled": False,
        "created_at": lisa["created_at"],
    }
    assert "argon2" not in response.text
    assert "password" not in response.text
    event = audit_events(area)[-1]
    assert (event["action"], event["user"], event["outcome"]) == ("read_accounts", "admin", "ok")


def test_an_admin_creates_an_account_that_signs_in_and_the_creation_is_audited(
    client: TestClient, as_: Tokens, area: GraphStore
) -> None:
    created = client.post(URL, json=new_account(), headers=as_("admin", reason=None))
    assert created.status_code == 201, created.text
    assert created.json()["username"] == "sam.steward"
    assert created.json()["la"] == LA_EALING
    assert created.headers["Location"] == f"{URL}/sam.steward"
    assert NEW_PASSWORD not in created.text
    token = client.post(
        "/api/v1/auth/token", data={"username": "sam.steward", "password": NEW_PASSWORD}
    )
    assert token.status_code == 200
    event = audit_events(area)[-1]
    assert (event["action"], event["user"]) == ("create_account", "admin")
    assert event["detail"] == f"account sam.steward created (data steward, {LA_EALING})"
    assert NEW_PASSWORD not in str(event)
    again = client.post(URL, json=new_account(), headers=as_("admin", reason=None))
    assert again.status_code == 409
    assert "already exists" in again.json()["error"]["message"]


def test_an_admin_disables_an_account_whose_token_stops_at_once_and_enables_it(
    client: TestClient, as_: Tokens, area: GraphStore
) -> None:
    lisas = as_("lisa", reason=None)
    assert client.get("/api/v1/me", headers=lisas).status_code == 200
    off = client.patch(f"{URL}/Lisa", json={"disabled": True}, headers=as_("admin", reason=None))
    assert off.status_code == 200, off.text
    assert off.json()["disabled"] is True
    assert client.get("/api/v1/me", headers=lisas).status_code == 401
    signed_in = client.post("/api/v1/auth/token", data={"username": "lisa", "password": PASSWORD})
    assert signed_in.status_code == 401
    assert audit_events(area)[-1]["detail"] == "account lisa disabled"
    on = client.patch(f"{URL}/lisa", json={"disabled": False}, headers=as_("admin", reason=None))
    assert on.json()["disabled"] is False
    assert client.get("/api/v1/me", headers=lisas).status_code == 200
    assert audit_events(area)[-1]["detail"] == "account lisa enabled"


def test_an_admin_may_not_lock_themself_out_and_an_unknown_account_is_404(
    client: TestClient, as_: Tokens, area: GraphStore
) -> None:
    own = client.patch(f"{URL}/admin", json={"disabled": True}, headers=as_("admin", reason=None))
    assert own.status_code == 409
    assert not _disabled(area, "admin")
    unknown = client.patch(
        f"{URL}/nobody", json={"disabled": True}, headers=as_("admin", reason=None)
    )
    assert unknown.status_code == 404


# --- security: no token, other roles, hostile input ----------------------------------------------


def test_no_token_no_accounts(client: TestClient, area: GraphStore) -> None:
    assert client.get(URL).status_code == 401
    assert client.post(URL, json=new_account()).status_code == 401
    assert client.patch(f"{URL}/lisa", json={"disabled": True}).status_code == 401
    assert Accounts(area).get("sam.steward") is None
    assert not _disabled(area, "lisa")


@pytest.mark.parametrize("user", ["lisa", "mash", "manager", "steward", "shield", "auditor"])
def test_only_admins_manage_accounts_and_each_refusal_is_audited(
    client: TestClient, as_: Tokens, area: GraphStore, user: str
) -> None:
    assert client.get(URL, headers=as_(user)).status_code == 403
    made = client.post(URL, json=new_account(roles=["admin"], la=None), headers=as_(user))
    assert made.status_code == 403
    off = client.patch(f"{URL}/admin", json={"disabled": True}, headers=as_(user))
    assert off.status_code == 403
    assert Accounts(area).get("sam.steward") is None
    assert not _disabled(area, "admin")
    refused = [e for e in audit_events(area) if e["user"] == user]
    assert [(e["action"], e["outcome"]) for e in refused] == [
        ("read_accounts", "denied"),
        ("create_account", "denied"),
        ("update_account", "denied"),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "x'}) DETACH DELETE (n) //"}, "username"),
        ({"username": "a"}, "username"),
        ({"username": "é" * 10}, "username"),
        ({"roles": ["superuser"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"la": "Ealing"}, "la"),
        ({"la": "E09999999"}, "la"),  # the shape of a code, but no such authority
        ({"la": None}, "la"),  # a steward acts for an authority
        ({"password": "short"}, "password"),
        ({"password": "x" * 2000}, "password"),
        ({"roles": ["practitioner"], "la": None}, "practitioner_id"),
        (
            {"roles": ["practitioner"], "la": None, "practitioner_id": "nobody",
             "agency_id": "csc-ealing"},
            "practitioner_id",
        ),
        (
            {"roles": ["practitioner"], "la": None, "practitioner_id": "sw-lisa",
             "agency_id": "gp-acton"},
            "agency_id",
        ),
        ({"disabled": True}, "disabled"),  # not a field of a new account
    ],
)  # fmt: skip
def test_hostile_or_wrong_input_is_refused_by_field_and_writes_nothing(
    client: TestClient, as_: Tokens, area: GraphStore, changes: dict[str, Any], field: str
) -> None:
    before = [a.username for a in Accounts(area).list()]
    response = client.post(URL, json=new_account(**changes), headers=as_("admin", reason=None))
    assert response.status_code == 422, response.text
    fields = [d["field"] for d in response.json()["error"]["details"]]
    assert any(f and f.split(".")[1] == field for f in fields), fields
    assert [a.username for a in Accounts(area).list()] == before


def test_a_hostile_user_name_in_the_path_is_refused(
    client: TestClient, as_: Tokens, area: GraphStore
) -> None:
    response = client.patch(
        f"{URL}/x'%7D)%20DETACH%20DELETE%20(n", json={"disabled": True}, headers=as_("admin")
    )
    assert response.status_code == 422
    assert len(Accounts(area).list()) > 1


def _disabled(store: GraphStore, username: str) -> bool:
    account = Accounts(store).get(username)
    assert account is not None, username
    return account.disabled
