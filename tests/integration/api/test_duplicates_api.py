"""Candidate duplicates through the real app: who may list and decide, the reason, the audit
trail, redaction of shielded children, the incremental check on create, and confirmed pairs
shown as one child."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_model.enums import CarerRelationship, Sex
from graph_model.schemas import CarerCreate, CarerLink, ChildCreate
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore, PairStatus
from tests.integration.api.conftest import (
    SHIELDED,
    SHIELDED_SECRETS,
    VICTORIA,
    Tokens,
    audit_events,
)
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER

DUP = "ch-hope-w"
"""An unshielded record of the shielded child Hope Adjo, made in Westminster."""
URL = "/api/v1/duplicates"


@pytest.fixture
def duplicated(family: GraphStore) -> GraphStore:
    family.create_child(
        ChildCreate(
            id=DUP,
            given_name="Hope",
            family_name="Adjo",
            sex=Sex.FEMALE,
            date_of_birth=date(2016, 3, 4),
            responsible_la=LA_WESTMINSTER,
            postcode="SW1A 1AA",
        )
    )
    family.link_carer(
        DUP,
        CarerLink(
            carer=CarerCreate(id="cr-grace-w", given_name="Grace", family_name="Adjo"),
            relationship=CarerRelationship.SPECIAL_GUARDIAN,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    IdentityStore(family).scan()
    return family


def pairs(client: TestClient, as_: Tokens, user: str = "steward", **params: Any) -> Any:
    return client.get(URL, params=params, headers=as_(user))


def test_a_steward_sees_the_areas_candidates_with_reasons(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    for user, la in (("steward", None), ("steward-w", LA_WESTMINSTER)):
        response = pairs(client, as_, user, **({"la": la} if la else {}))
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        assert [(i["a"]["id"], i["b"]["id"], i["status"]) for i in items] == [
            (SHIELDED, DUP, "candidate")
        ]
        # each piece of evidence in words, with its weight and what it was learnt from
        assert any(
            r.startswith("same date of birth (+") and "of one child's record pairs" in r
            for r in items[0]["reasons"]
        )
        assert items[0]["score"] >= 8


def test_a_shielded_childs_address_and_numbers_never_reach_the_steward(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    response = pairs(client, as_)
    body = response.text
    assert all(secret not in body for secret in SHIELDED_SECRETS)
    shielded = response.json()["items"][0]["a"]
    assert (shielded["given_name"], shielded["date_of_birth"]) == ("Hope", "2016-03-04")
    assert shielded["shielded"] is True
    assert shielded["nhs_number"] is None and shielded["postcode"] is None  # noqa: PT018
    # the shielding officer of the child's area is not a steward: no list at all
    assert pairs(client, as_, "shield").status_code == 403


@pytest.mark.parametrize("user", ["lisa", "mash", "manager", "shield", "auditor", "admin"])
def test_other_roles_may_not_list_or_decide(
    client: TestClient, as_: Tokens, duplicated: GraphStore, user: str
) -> None:
    assert pairs(client, as_, user, la=LA_EALING).status_code == 403
    decided = client.post(f"{URL}/{DUP}/{SHIELDED}", json={"decision": "reject"}, headers=as_(user))
    assert decided.status_code == 403


def test_another_areas_steward_may_not_list_this_area(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    assert pairs(client, as_, "steward-w", la=LA_EALING).status_code == 403


def test_a_reason_is_required(client: TestClient, as_: Tokens, duplicated: GraphStore) -> None:
    listed = client.get(URL, headers=as_("steward", reason=None))
    decided = client.post(
        f"{URL}/{DUP}/{SHIELDED}", json={"decision": "confirm"}, headers=as_("steward", reason=None)
    )
    assert (listed.status_code, decided.status_code) == (400, 400)
    assert decided.json()["error"]["code"] == "reason_required"


def test_a_rejection_is_audited_and_remembered(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    response = client.post(
        f"{URL}/{SHIELDED}/{DUP}", json={"decision": "reject"}, headers=as_("steward-w")
    )
    assert response.status_code == 200, response.text
    assert response.json() | {"decided_at": None} == {
        "a": SHIELDED,
        "b": DUP,
        "status": "rejected",
        "decided_by": "steward-w",
        "decided_at": None,
    }
    event = audit_events(duplicated)[-1]
    assert (event["action"], event["outcome"], event["user"]) == (
        "decide_duplicate",
        "ok",
        "steward-w",
    )
    assert sorted(event["child_ids"]) == sorted([DUP, SHIELDED])
    assert event["reason"]
    IdentityStore(duplicated).scan()
    assert pairs(client, as_).json()["items"] == []
    rejected = pairs(client, as_, status="rejected").json()["items"]
    assert [(i["a"]["id"], i["decided_by"]) for i in rejected] == [(SHIELDED, "steward-w")]


def test_a_steward_reverses_a_decision_and_the_pair_is_reviewed_again(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    decide = f"{URL}/{SHIELDED}/{DUP}"
    waiting = client.post(decide, json={"decision": "reopen"}, headers=as_("steward"))
    assert waiting.status_code == 409  # nothing decided yet: nothing to reverse
    assert "no decision to reverse" in waiting.json()["error"]["message"]
    assert client.post(decide, json={"decision": "reject"}, headers=as_("steward")).status_code
    assert pairs(client, as_).json()["items"] == []

    reason = {"X-Access-Reason": "rejected by mistake: same GP, same guardian"}
    other = client.post(
        decide, json={"decision": "reopen"}, headers=as_("lisa") | reason
    )  # only stewards
    assert other.status_code == 403
    named_wrong = client.post(
        decide, json={"decision": "reopen", "expected_status": "confirmed"}, headers=as_("steward")
    )
    assert named_wrong.status_code == 409  # it was rejected, not confirmed: nothing changes
    candidate = client.post(
        decide, json={"decision": "reopen", "expected_status": "candidate"}, headers=as_("steward")
    )
    assert candidate.status_code == 422
    assert "name it" in candidate.json()["error"]["message"]
    reopened = client.post(decide, json={"decision": "reopen"}, headers=as_("steward") | reason)
    assert reopened.status_code == 200, reopened.text
    assert (reopened.json()["status"], reopened.json()["decided_by"]) == ("candidate", "steward")
    event = audit_events(duplicated)[-1]
    assert (event["action"], event["outcome"], event["reason"]) == (
        "decide_duplicate",
        "ok",
        reason["X-Access-Reason"],
    )
    assert event["detail"].startswith("reopened")
    assert [i["status"] for i in pairs(client, as_).json()["items"]] == ["candidate"]
    assert pairs(client, as_, status="rejected").json()["items"] == []
    # a rescan finds it again, and the steward can now confirm it
    IdentityStore(duplicated).scan()
    confirmed = client.post(decide, json={"decision": "confirm"}, headers=as_("steward"))
    assert confirmed.json()["status"] == "confirmed"


def test_listing_is_audited(client: TestClient, as_: Tokens, duplicated: GraphStore) -> None:
    pairs(client, as_)
    event = audit_events(duplicated)[-1]
    assert event["action"] == "read_duplicates"
    assert sorted(event["returned_ids"]) == sorted([DUP, SHIELDED])


def test_unknown_children_and_a_child_paired_with_itself(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    unknown = client.post(
        f"{URL}/{DUP}/ch-nobody", json={"decision": "confirm"}, headers=as_("steward")
    )
    itself = client.post(f"{URL}/{DUP}/{DUP}", json={"decision": "confirm"}, headers=as_("steward"))
    bad = client.post(f"{URL}/{DUP}/{SHIELDED}", json={"decision": "merge"}, headers=as_("steward"))
    assert (unknown.status_code, itself.status_code, bad.status_code) == (404, 422, 422)


def test_creating_a_child_runs_the_incremental_check(
    client: TestClient, as_: Tokens, family: GraphStore
) -> None:
    created = client.post(
        "/api/v1/children",
        json={
            "given_name": "Vicky",
            "family_name": "Adjo",
            "sex": "female",
            "date_of_birth": "2016-04-03",
            "responsible_la": LA_EALING,
        },
        headers=as_("steward"),
    )
    assert created.status_code == 201, created.text
    new_id = created.json()["child"]["id"]
    found = {(i["a"]["id"], i["b"]["id"]) for i in pairs(client, as_).json()["items"]}
    assert tuple(sorted((new_id, VICTORIA))) in found


def test_renaming_a_child_runs_the_incremental_check(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    IdentityStore(duplicated).decide(DUP, SHIELDED, PairStatus.REJECTED, decided_by="steward")
    changed = client.patch(
        f"/api/v1/children/{DUP}", json={"given_name": "Victoria"}, headers=as_("steward-w")
    )
    assert changed.status_code == 200, changed.text
    found = {(i["a"]["id"], i["b"]["id"]) for i in pairs(client, as_).json()["items"]}
    assert (DUP, VICTORIA) in found


# --- confirmed pairs are one child -----------------------------------------------------------


def _confirm(client: TestClient, as_: Tokens) -> None:
    response = client.post(
        f"{URL}/{DUP}/{SHIELDED}", json={"decision": "confirm"}, headers=as_("steward")
    )
    assert response.status_code == 200, response.text


def test_a_confirmed_shielded_partner_withholds_the_unshielded_records_services(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    before = client.get(f"/api/v1/children/{DUP}/practitioners", headers=as_("lisa"))
    assert before.json()["withheld"] is False
    _confirm(client, as_)
    after = client.get(f"/api/v1/children/{DUP}/practitioners", headers=as_("lisa"))
    assert after.status_code == 200
    assert after.json()["withheld"] is True
    assert after.json()["items"] == []
    assert "inv-hidden" not in after.text
    officer = client.get(f"/api/v1/children/{DUP}/practitioners", headers=as_("shield"))
    assert [i["id"] for i in officer.json()["items"]] == ["inv-hidden"]
    assert officer.json()["items"][0]["child_id"] == SHIELDED


def test_search_shows_a_confirmed_pair_once_with_both_ids(
    client: TestClient, as_: Tokens, duplicated: GraphStore
) -> None:
    params = {"name": "Hope Adjo", "date_of_birth": "2016-03-04"}
    before = client.get("/api/v1/children", params=params, headers=as_("steward"))
    assert {DUP, SHIELDED} <= {hit["child"]["id"] for hit in before.json()["items"]}
    _confirm(client, as_)
    after = client.get("/api/v1/children", params=params, headers=as_("steward"))
    hope = [h for h in after.json()["items"] if h["child"]["id"] in (DUP, SHIELDED)]
    assert len(hope) == 1
    ids = {hope[0]["child"]["id"], *hope[0]["also_known_as"]}
    assert ids == {DUP, SHIELDED}
    assert all(secret not in after.text for secret in SHIELDED_SECRETS)
