"""The roles' own work lists through the API: a receiving steward's transfers waiting for
acceptance, a shielding officer's shielded children, and the local authorities by name. Each
list of children needs a reason, is for its own area's officers, and is audited."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from graph_model.schemas import MoveCreate
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import (
    SHIELDED,
    SHIELDED_SECRETS,
    WEST,
    Tokens,
    audit_events,
)
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER


@pytest.fixture
def moved(family: GraphStore) -> GraphStore:
    """Westley moved from Westminster into Ealing last week; Ealing has not yet accepted."""
    family.move_child(WEST, MoveCreate(to_la=LA_EALING, date=family.today() - timedelta(days=7)))
    return family


def test_every_reader_gets_the_local_authorities_by_name(
    client: TestClient, as_: Tokens, family: GraphStore
) -> None:
    for user in ("lisa", "admin", "auditor"):
        response = client.get("/api/v1/local-authorities", headers=as_(user, reason=None))
        assert response.status_code == 200, response.text
        names = {i["code"]: i["name"] for i in response.json()["items"]}
        assert names == {LA_EALING: "Ealing", LA_WESTMINSTER: "Westminster"}
    assert client.get("/api/v1/local-authorities").status_code == 401


def test_every_reader_gets_the_gap_rules_in_words(
    client: TestClient, as_: Tokens, family: GraphStore
) -> None:
    for user in ("auditor", "admin", "lisa"):
        response = client.get("/api/v1/gaps/rules", headers=as_(user, reason=None))
        assert response.status_code == 200, response.text
        rules = {i["code"]: i for i in response.json()["items"]}
        assert len(rules) == 18
        assert rules["NO_GP"] == {
            "code": "NO_GP",
            "severity": "medium",
            "title": "Not registered with a GP",
        }
    assert client.get("/api/v1/gaps/rules").status_code == 401


def test_the_receiving_steward_lists_transfers_waiting_and_accepting_one_clears_it(
    client: TestClient, as_: Tokens, moved: GraphStore
) -> None:
    listed = client.get("/api/v1/transfers", headers=as_("steward"))
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert [(i["child_id"], i["from_la"], i["from_la_name"]) for i in items] == [
        (WEST, LA_WESTMINSTER, "Westminster")
    ]
    event = audit_events(moved)[-1]
    assert (event["action"], event["returned_ids"]) == ("read_transfers", [WEST])
    accepted = client.post(
        f"/api/v1/children/{WEST}/moves/{items[0]['move_id']}/accept", headers=as_("steward")
    )
    assert accepted.status_code == 200, accepted.text
    assert client.get("/api/v1/transfers", headers=as_("steward")).json()["items"] == []


def test_transfers_are_for_the_receiving_areas_stewards_with_a_reason(
    client: TestClient, as_: Tokens, moved: GraphStore
) -> None:
    # the area the child left sees none waiting: it is not theirs to accept
    assert client.get("/api/v1/transfers", headers=as_("steward-w")).json()["items"] == []
    other_area = client.get("/api/v1/transfers", params={"la": LA_EALING}, headers=as_("steward-w"))
    assert other_area.status_code == 403
    for user in ("lisa", "mash", "manager", "shield", "auditor", "admin"):
        assert client.get("/api/v1/transfers", headers=as_(user)).status_code == 403, user
    no_reason = client.get("/api/v1/transfers", headers=as_("steward", reason=None))
    assert no_reason.status_code == 400
    assert client.get("/api/v1/transfers").status_code == 401
    hostile = client.get("/api/v1/transfers", params={"la": "E09' OR 1=1"}, headers=as_("steward"))
    assert hostile.status_code == 422


def test_the_shielding_officer_lists_the_areas_shielded_children_and_nothing_more(
    client: TestClient, as_: Tokens, family: GraphStore
) -> None:
    listed = client.get("/api/v1/shielded-children", headers=as_("shield"))
    assert listed.status_code == 200, listed.text
    assert [i["id"] for i in listed.json()["items"]] == [SHIELDED]
    assert all(secret not in listed.text for secret in SHIELDED_SECRETS)
    event = audit_events(family)[-1]
    assert (event["action"], event["returned_ids"]) == ("read_shielded", [SHIELDED])
    # unshielding takes the child off the list
    client.delete(f"/api/v1/children/{SHIELDED}/shield", headers=as_("shield"))
    assert client.get("/api/v1/shielded-children", headers=as_("shield")).json()["items"] == []


def test_shielded_children_are_for_the_areas_shielding_officers_with_a_reason(
    client: TestClient, as_: Tokens, family: GraphStore
) -> None:
    assert client.get("/api/v1/shielded-children", headers=as_("shield-w")).json()["items"] == []
    assert (
        client.get(
            "/api/v1/shielded-children", params={"la": LA_EALING}, headers=as_("shield-w")
        ).status_code
        == 403
    )
    for user in ("lisa", "mash", "manager", "steward", "auditor", "admin"):
        response = client.get("/api/v1/shielded-children", headers=as_(user))
        assert response.status_code == 403, user
        assert SHIELDED not in response.text
    assert (
        client.get("/api/v1/shielded-children", headers=as_("shield", reason=None)).status_code
        == 400
    )
    assert client.get("/api/v1/shielded-children").status_code == 401


def test_the_home_page_counts_what_waits_for_each_role_and_names_no_child(
    client: TestClient, as_: Tokens, moved: GraphStore
) -> None:
    def work(user: str) -> dict[str, object]:
        response = client.get("/api/v1/work", headers=as_(user, reason=None))
        assert response.status_code == 200, response.text
        assert WEST not in response.text
        assert SHIELDED not in response.text
        body: dict[str, object] = response.json()
        return body

    assert work("steward") == {
        "la": LA_EALING,
        "duplicates_waiting": 0,
        "transfers_waiting": 1,
        "shielded": None,
    }
    assert work("shield") == {
        "la": LA_EALING,
        "duplicates_waiting": None,
        "transfers_waiting": None,
        "shielded": 1,
    }
    for user in ("lisa", "mash", "manager", "auditor", "admin"):
        counts = work(user)
        assert [counts[k] for k in ("duplicates_waiting", "transfers_waiting", "shielded")] == [
            None,
            None,
            None,
        ], user
    assert work("steward-w")["transfers_waiting"] == 0
    assert audit_events(moved)[-1]["action"] == "read_work_summary"
    assert client.get("/api/v1/work").status_code == 401
