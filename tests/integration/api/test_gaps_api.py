"""The gap endpoints through the real app: a child's gaps, an area's list and summary, coverage,
and gap evidence on the network — with the reason, the policy, redaction and the audit trail."""

from datetime import timedelta
from typing import Any, LiteralString

import pytest
from fastapi.testclient import TestClient

from graph_model.schemas import InvolvementUpdate
from service.api.models import SHIELDED_NOTICE
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import (
    KOFI,
    SHIELDED,
    SHIELDED_SECRETS,
    VICTORIA,
    WEST,
    Tokens,
    audit_events,
)
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER

CAMHS_SECRETS = ("CAMHS", "camhs", "Ravi", "inv-camhs", "eating disorder")


def _codes(body: dict[str, Any]) -> set[str]:
    return {item["code"] for item in body["items"]}


def _without_lead(store: GraphStore) -> None:
    """Victoria's social worker is no longer lead: social care and CAMHS, nobody leading."""
    store.update_involvement("inv-sw", InvolvementUpdate(lead_professional=False))


# --- one child --------------------------------------------------------------------------------


def test_a_childs_gaps_with_reasons_and_actions(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    answer = client.get(f"/api/v1/children/{KOFI}/gaps", headers=as_("mash"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert _codes(body) == {
        "NO_GP",
        "MISSING_EDUCATION",
        "INVISIBLE_CHILD",
        "SIBLING_NOT_CONSIDERED",
    }
    sibling = next(i for i in body["items"] if i["code"] == "SIBLING_NOT_CONSIDERED")
    assert "Victoria Adjo (social care involvement)" in sibling["reason"]
    assert set(sibling["evidence"]) >= {KOFI, VICTORIA, "cr-mother"}
    assert sibling["action"]
    assert body["withheld"] is False
    severities = [i["severity"] for i in body["items"]]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)


def test_a_childs_gaps_need_a_reason_and_are_audited(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    refused = client.get(f"/api/v1/children/{KOFI}/gaps", headers=as_("mash", reason=None))
    assert refused.status_code == 400
    assert "X-Access-Reason" in refused.json()["error"]["message"]
    assert audit_events(family) == []
    client.get(f"/api/v1/children/{KOFI}/gaps", headers=as_("mash"))
    [event] = audit_events(family)
    assert event["action"] == "read_child"
    assert event["child_ids"] == [KOFI]
    assert "gaps" in event["detail"]


def test_unknown_child_and_bad_as_of(family: GraphStore, client: TestClient, as_: Tokens) -> None:
    assert client.get("/api/v1/children/ch-nobody/gaps", headers=as_("mash")).status_code == 404
    future = client.get(f"/api/v1/children/{KOFI}/gaps?as_of=2999-01-01", headers=as_("mash"))
    assert future.status_code == 422
    assert "as_of" in future.text


def test_a_shielded_childs_gaps_are_for_its_shielding_officer(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    for user in ("mash", "lisa", "steward", "shield-w"):
        answer = client.get(f"/api/v1/children/{SHIELDED}/gaps", headers=as_(user))
        assert answer.status_code == 200
        body = answer.json()
        assert body["withheld"] is True
        assert body["items"] == []
        assert body["index_team"]["la"] == LA_EALING
    officer = client.get(f"/api/v1/children/{SHIELDED}/gaps", headers=as_("shield")).json()
    assert officer["withheld"] is False
    assert "NO_GP" in _codes(officer)


def test_a_sensitive_service_is_not_named_to_those_who_may_not_see_it(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    _without_lead(family)
    mash = client.get(f"/api/v1/children/{VICTORIA}/gaps", headers=as_("mash"))
    multi = next(i for i in mash.json()["items"] if i["code"] == "MULTI_AGENCY_NO_LEAD")
    assert "a sensitive service" in multi["reason"]
    for secret in CAMHS_SECRETS:
        assert secret not in mash.text, secret
    ravi = client.get(f"/api/v1/children/{VICTORIA}/gaps", headers=as_("ravi")).json()
    multi = next(i for i in ravi["items"] if i["code"] == "MULTI_AGENCY_NO_LEAD")
    assert "CAMHS" in multi["reason"]
    assert "inv-camhs" in multi["evidence"]


# --- the network --------------------------------------------------------------------------------


def test_the_network_marks_gap_evidence(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = client.get(f"/api/v1/children/{KOFI}/network", headers=as_("mash")).json()
    nodes = {n["id"]: n for n in body["nodes"]}
    assert "NO_GP" in nodes[KOFI]["gaps"]
    assert "SIBLING_NOT_CONSIDERED" in nodes["cr-mother"]["gaps"]
    link = next(e for e in body["edges"] if e["source"] == "cr-mother" and e["target"] == KOFI)
    assert "SIBLING_NOT_CONSIDERED" in link["gaps"]


def test_the_network_marks_no_hidden_evidence(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    _without_lead(family)
    body = client.get(f"/api/v1/children/{VICTORIA}/network", headers=as_("mash")).json()
    lisa = next(e for e in body["edges"] if e["properties"].get("id") == "inv-sw")
    assert "MULTI_AGENCY_NO_LEAD" in lisa["gaps"]
    shielded = client.get(f"/api/v1/children/{SHIELDED}/network", headers=as_("mash")).json()
    assert all(not n["gaps"] for n in shielded["nodes"])


# --- an area ------------------------------------------------------------------------------------


def test_managers_list_their_areas_gaps_most_severe_first(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    answer = client.get(f"/api/v1/gaps?la={LA_EALING}", headers=as_("manager"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    flagged = {(i["child"]["id"], i["code"]) for i in body["items"]}
    assert (KOFI, "NO_GP") in flagged
    assert (VICTORIA, "MISSING_EDUCATION") in flagged
    assert not any(child == WEST for child, _ in flagged)  # another area's child
    assert body["total"] == len(body["items"])
    order = ["high", "medium", "low"]
    severities = [order.index(i["severity"]) for i in body["items"]]
    assert severities == sorted(severities)
    [event] = audit_events(family)
    assert event["action"] == "read_area_gaps"
    assert set(event["child_ids"]) == {i["child"]["id"] for i in body["items"]}


def test_area_gaps_filters_and_pages(family: GraphStore, client: TestClient, as_: Tokens) -> None:
    headers = as_("mash")
    everything = client.get(f"/api/v1/gaps?la={LA_EALING}", headers=headers).json()["items"]
    only = client.get(f"/api/v1/gaps?la={LA_EALING}&rule=NO_GP", headers=headers).json()
    assert {i["code"] for i in only["items"]} == {"NO_GP"}
    assert len(only["items"]) == sum(1 for i in everything if i["code"] == "NO_GP")
    high = client.get(f"/api/v1/gaps?la={LA_EALING}&severity=high", headers=headers).json()
    assert {i["severity"] for i in high["items"]} == {"high"}
    first = client.get(f"/api/v1/gaps?la={LA_EALING}&limit=2", headers=headers).json()
    second = client.get(
        f"/api/v1/gaps?la={LA_EALING}&limit=2&cursor={first['next_cursor']}", headers=headers
    ).json()
    assert first["items"] + second["items"] == everything[:4]
    bad = client.get(f"/api/v1/gaps?la={LA_EALING}&rule=NOT_A_RULE", headers=headers)
    assert bad.status_code == 422
    assert "rule" in bad.text


def test_a_shielded_child_is_listed_without_its_reasons(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    answer = client.get(f"/api/v1/gaps?la={LA_EALING}", headers=as_("manager"))
    hidden = [i for i in answer.json()["items"] if i["child"]["id"] == SHIELDED]
    assert hidden
    for item in hidden:
        assert item["reason"] == SHIELDED_NOTICE
        assert item["evidence"] == [SHIELDED]
    for secret in (*SHIELDED_SECRETS, "refuge"):
        assert secret not in answer.text, secret


@pytest.mark.parametrize(
    ("user", "la", "status"),
    [
        ("manager", LA_WESTMINSTER, 403),  # another area
        ("manager-w", LA_EALING, 403),
        ("lisa", LA_EALING, 403),  # practitioners see children, not areas
        ("steward", LA_EALING, 403),
        ("auditor", LA_EALING, 403),
        ("admin", LA_EALING, 403),
        ("mash", LA_EALING, 200),
        ("manager-w", LA_WESTMINSTER, 200),
    ],
)
def test_who_may_read_an_areas_gaps(
    family: GraphStore, client: TestClient, as_: Tokens, user: str, la: str, status: int
) -> None:
    for path in (
        f"/api/v1/gaps?la={la}",
        f"/api/v1/gaps/summary?la={la}",
        f"/api/v1/coverage?la={la}",
    ):
        assert client.get(path, headers=as_(user)).status_code == status, path


def test_the_area_list_needs_a_reason_but_counts_do_not(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    headers = as_("manager", reason=None)
    assert client.get(f"/api/v1/gaps?la={LA_EALING}", headers=headers).status_code == 400
    assert client.get(f"/api/v1/gaps/summary?la={LA_EALING}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/coverage?la={LA_EALING}", headers=headers).status_code == 200
    assert client.get("/api/v1/gaps/summary", headers=headers).json()["la"] == LA_EALING


def test_the_summary_counts_what_the_list_lists(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    listed = client.get(f"/api/v1/gaps?la={LA_EALING}&limit=200", headers=as_("manager")).json()
    summary = client.get(f"/api/v1/gaps/summary?la={LA_EALING}", headers=as_("manager")).json()
    counts = {i["code"]: i["count"] for i in summary["items"]}
    assert len(counts) == 18
    for code, count in counts.items():
        assert count == sum(1 for i in listed["items"] if i["code"] == code), code
    assert summary["children_with_gaps"] == len({i["child"]["id"] for i in listed["items"]})
    assert summary["children"] == 3  # Victoria, Kofi, Hope; the archived record is closed


def test_coverage_names_the_query_behind_each_number(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = client.get(f"/api/v1/coverage?la={LA_EALING}", headers=as_("manager")).json()
    measures = {m["key"]: m for m in body["measures"]}
    gp = measures["gp"]
    assert (gp["numerator"], gp["denominator"]) == (1, 3)  # Victoria: not Kofi, not Hope
    assert gp["query"] == "coverage/count_children_covered"
    assert measures["education"]["numerator"] == 0
    kinds = {k["kind"]: k for k in body["by_agency_kind"]}
    assert kinds["social_care"]["children"] == 2
    assert body["caseloads"]["max"] == 2  # Lisa: Victoria and Hope
    assert body["caseloads"]["query"] == "coverage/get_caseloads"


# --- acknowledging information to share ---------------------------------------------------------


def _raise_info(store: GraphStore, client: TestClient, as_: Tokens, days_ago: int = 30) -> None:
    """Lisa raises information to share on Victoria, `days_ago` days back."""
    answer = client.patch(
        "/api/v1/involvements/inv-sw", json={"info_to_share": True}, headers=as_("lisa")
    )
    assert answer.status_code == 200, answer.text
    raised = (store.today() - timedelta(days=days_ago)).isoformat()
    store.engine.run(BACKDATE_INFO, {"id": "inv-sw", "since": raised}, write=True)


BACKDATE_INFO: LiteralString = (
    "MATCH ()-[i:INVOLVED_WITH {id: $id}]->() SET i.info_to_share_since = $since RETURN i.id"
)


def test_acknowledging_information_to_share_clears_the_gap(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    _raise_info(family, client, as_)
    before = client.get(f"/api/v1/children/{VICTORIA}/gaps", headers=as_("ravi")).json()
    assert "INFO_TO_SHARE_UNACKNOWLEDGED" in _codes(before)
    answer = client.post("/api/v1/involvements/inv-sw/acknowledge", headers=as_("ravi"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["id"] == "inv-sw"
    after = client.get(f"/api/v1/children/{VICTORIA}/gaps", headers=as_("ravi")).json()
    assert "INFO_TO_SHARE_UNACKNOWLEDGED" not in _codes(after)
    again = client.post("/api/v1/involvements/inv-sw/acknowledge", headers=as_("ravi"))
    assert again.status_code == 200  # idempotent
    acks = [e for e in audit_events(family) if e["action"] == "acknowledge_info"]
    assert [(e["user"], e["child_ids"]) for e in acks] == [("ravi", [VICTORIA])] * 2


def test_raising_the_flag_again_needs_a_fresh_acknowledgement(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    _raise_info(family, client, as_)
    client.post("/api/v1/involvements/inv-sw/acknowledge", headers=as_("ravi"))
    lowered = client.patch(
        "/api/v1/involvements/inv-sw", json={"info_to_share": False}, headers=as_("lisa")
    )
    assert lowered.status_code == 200
    _raise_info(family, client, as_)
    body = client.get(f"/api/v1/children/{VICTORIA}/gaps", headers=as_("ravi")).json()
    assert "INFO_TO_SHARE_UNACKNOWLEDGED" in _codes(body)


@pytest.mark.parametrize(
    ("user", "involvement", "status"),
    [
        ("lisa", "inv-sw", 403),  # raised it herself
        ("mash", "inv-sw", 403),  # not a practitioner
        ("steward", "inv-sw", 403),
        ("ravi", "inv-hidden", 404),  # the shielded child's involvement: not for Ravi to know
        ("ravi", "inv-nothing", 404),
    ],
)
def test_who_may_acknowledge(
    family: GraphStore, client: TestClient, as_: Tokens, user: str, involvement: str, status: int
) -> None:
    _raise_info(family, client, as_)
    answer = client.post(f"/api/v1/involvements/{involvement}/acknowledge", headers=as_(user))
    assert answer.status_code == status, answer.text


def test_a_practitioner_not_working_with_the_child_may_not_acknowledge(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    _raise_info(family, client, as_)
    ended = client.patch(
        "/api/v1/involvements/inv-camhs",
        json={"until": family.today().isoformat()},
        headers=as_("ravi"),
    )
    assert ended.status_code == 200, ended.text
    answer = client.post("/api/v1/involvements/inv-sw/acknowledge", headers=as_("ravi"))
    assert answer.status_code == 403
    assert "working with the child" in answer.json()["error"]["message"]


def test_nothing_to_acknowledge_is_a_conflict(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    answer = client.post("/api/v1/involvements/inv-sw/acknowledge", headers=as_("ravi"))
    assert answer.status_code == 409
