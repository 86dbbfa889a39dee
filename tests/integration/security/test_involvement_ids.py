"""Involvement ids are unique, enforced by the store in the writing statement (issue 13,
finding 3), and a double submit records one involvement (finding 11).

A read before the write cannot keep ids unique: two requests both read "free" and both write.
The tests below widen that window on purpose (the read is made slow), so what they prove is
that the write itself refuses the second edge."""

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_model.schemas import InvolvementCreate
from service.errors import Conflict
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import KOFI, VICTORIA, WEST, Tokens
from tests.integration.security.conftest import import_as


def edges_with_id(store: GraphStore, involvement_id: str) -> list[dict[str, Any]]:
    return [
        edge
        for edge in store.dump()[1]
        if edge["type"] == "INVOLVED_WITH" and edge["props"].get("id") == involvement_id
    ]


@pytest.fixture
def slow_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read of an involvement by id takes 0.3 s longer: two requests that race both see
    the id free, as they would under load."""
    original: Callable[..., Any] = GraphStore.involvement_access

    def slow(self: GraphStore, involvement_id: str) -> Any:
        found = original(self, involvement_id)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(GraphStore, "involvement_access", slow)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, each on its own thread; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_f3_an_import_cannot_reuse_an_involvement_id(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """Issue 13 finding 3: an imported involvement reusing Victoria's social worker's id made a
    second edge with that id; the owner's next PATCH changed both."""
    clash = {
        "record": "involvement", "id": "inv-sw", "child_id": KOFI, "agency_id": "gp-acton",
        "service": "registered patient", "since": "2024-01-01",
    }  # fmt: skip

    report = import_as(client, as_, "steward", [clash])

    assert report["rows_rejected"] == 1, report
    assert "inv-sw" in report["errors"][0]["message"]
    assert [e["target"] for e in edges_with_id(family, "inv-sw")] == [VICTORIA]
    patched = client.patch(
        "/api/v1/involvements/inv-sw", json={"lead_professional": False}, headers=as_("lisa")
    )
    assert patched.status_code == 200, patched.text
    assert [e["target"] for e in edges_with_id(family, "inv-sw")] == [VICTORIA]


def test_f3_the_store_refuses_a_second_edge_with_an_id_in_use(family: GraphStore) -> None:
    with pytest.raises(Conflict):
        family.record_involvement(
            KOFI,
            InvolvementCreate(
                id="inv-sw", agency_id="gp-acton", service="registered patient",
                since=date(2024, 1, 1),
            ),
        )  # fmt: skip
    assert [e["target"] for e in edges_with_id(family, "inv-sw")] == [VICTORIA]


def test_f3_two_practitioners_racing_for_one_id_on_two_children_one_wins(
    family: GraphStore, client: TestClient, as_: Tokens, slow_lookups: None
) -> None:
    """Issue 13 finding 3: both got 201; one's PATCH then changed the other's involvement."""
    lisa = {"id": "inv-chosen", "practitioner_id": "sw-lisa", "agency_id": "csc-ealing",
            "service": "child in need plan", "since": "2025-01-06"}  # fmt: skip
    ravi = {"id": "inv-chosen", "practitioner_id": "camhs-ravi", "agency_id": "camhs-ealing",
            "service": "assessment", "since": "2025-01-06"}  # fmt: skip

    answers = race(
        lambda: client.post(f"/api/v1/children/{KOFI}/involvements", json=lisa,
                            headers=as_("lisa")),
        lambda: client.post(f"/api/v1/children/{WEST}/involvements", json=ravi,
                            headers=as_("ravi")),
    )  # fmt: skip

    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    loser = next(a for a in answers if a.status_code == 409)
    assert "inv-chosen" in loser.json()["error"]["message"]
    assert len(edges_with_id(family, "inv-chosen")) == 1


def test_f11_a_double_submit_records_one_involvement(
    family: GraphStore, client: TestClient, as_: Tokens, slow_lookups: None
) -> None:
    """Issue 13 finding 11: the web UI sends no id; a double click recorded two involvements
    of the same practitioner with the same child. The second is refused with words."""
    body = {"practitioner_id": "sw-lisa", "agency_id": "csc-ealing",
            "service": "family support", "since": "2025-02-03"}  # fmt: skip

    def submit() -> Any:
        return client.post(f"/api/v1/children/{KOFI}/involvements", json=body, headers=as_("lisa"))

    answers = race(submit, submit)

    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    first = next(a for a in answers if a.status_code == 201).json()["id"]
    refusal = next(a for a in answers if a.status_code == 409).json()["error"]["message"]
    assert first in refusal
    assert "already" in refusal
    open_ones = [
        e for e in family.who_else(KOFI) if e.practitioner and e.practitioner.id == "sw-lisa"
    ]
    assert [e.id for e in open_ones] == [first]


def test_f11_a_later_submit_while_still_involved_is_refused_but_after_ending_is_accepted(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = {"practitioner_id": "sw-lisa", "agency_id": "csc-ealing",
            "service": "family support", "since": "2025-02-03"}  # fmt: skip
    path = f"/api/v1/children/{KOFI}/involvements"
    first = client.post(path, json=body, headers=as_("lisa"))
    assert first.status_code == 201, first.text
    assert client.post(path, json=body, headers=as_("lisa")).status_code == 409
    # resending the same id is an update of that involvement, not a second one
    same = client.post(path, json={**body, "id": first.json()["id"]}, headers=as_("lisa"))
    assert same.status_code == 201, same.text
    ended = client.patch(
        f"/api/v1/involvements/{first.json()['id']}",
        json={"until": "2025-03-01"},
        headers=as_("lisa"),
    )
    assert ended.status_code == 200, ended.text
    assert client.post(path, json=body, headers=as_("lisa")).status_code == 201
