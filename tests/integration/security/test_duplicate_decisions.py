"""A decision on a duplicate pair names the state it decides on and is applied by one
conditional statement (issue 13, finding 10); no pair is decided that was never proposed
(finding 11)."""

import threading
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from service.store.graph_store import GraphStore
from tests.integration.api.conftest import KOFI, VICTORIA, WEST, Tokens


def propose(store: GraphStore, a: str, b: str) -> None:
    first, second = sorted((a, b))
    store.write(
        "identity/merge_candidates",
        rows=[[first, second, 11.0, ["same date of birth", "a carer in common"]]],
        now="2025-01-01T00:00:00.000+00:00",
    )


def pair_status(store: GraphStore, a: str, b: str) -> list[str]:
    first, second = sorted((a, b))
    return [
        e["props"]["status"]
        for e in store.dump()[1]
        if e["type"] == "SAME_AS" and (e["source"], e["target"]) == (first, second)
    ]


def at_once(*calls: Callable[[], Any]) -> list[Any]:
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


def test_f10_a_decision_on_a_pair_already_decided_gets_409(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """Issue 13 finding 10: one steward confirmed and another rejected the same pair; both were
    told their decision stood, and the pair ended as whichever landed last. The second was made
    on a candidate that no longer was one."""
    propose(family, VICTORIA, KOFI)
    path = f"/api/v1/duplicates/{VICTORIA}/{KOFI}"
    confirmed = client.post(path, json={"decision": "confirm"}, headers=as_("steward"))
    assert confirmed.status_code == 200, confirmed.text

    late = client.post(path, json={"decision": "reject"}, headers=as_("steward"))

    assert late.status_code == 409, late.text
    assert "confirmed" in late.json()["error"]["message"]
    assert pair_status(family, VICTORIA, KOFI) == ["confirmed"]


def test_f10_two_stewards_deciding_at_once_one_wins(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    path = f"/api/v1/duplicates/{VICTORIA}/{KOFI}"
    for trial in range(5):
        family.write(
            "identity/merge_candidates",
            rows=[[KOFI, VICTORIA, 11.0, ["same date of birth"]]],
            now="2025-01-01T00:00:00.000+00:00",
        )
        family.engine.run(
            "MATCH (:Child)-[s:SAME_AS]->(:Child) SET s.status = 'candidate'", {}, write=True
        )
        answers = at_once(
            lambda: client.post(path, json={"decision": "confirm"}, headers=as_("steward")),
            lambda: client.post(path, json={"decision": "reject"}, headers=as_("steward")),
        )
        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 409], (trial, [a.text for a in answers])
        winner = next(a for a in answers if a.status_code == 200).json()["status"]
        assert pair_status(family, VICTORIA, KOFI) == [winner]


def test_f10_a_decision_may_name_the_state_it_saw(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """Reversing a decision names the decision it reverses."""
    propose(family, VICTORIA, KOFI)
    path = f"/api/v1/duplicates/{VICTORIA}/{KOFI}"
    assert client.post(path, json={"decision": "reject"}, headers=as_("steward")).status_code == 200
    stale = client.post(
        path, json={"decision": "confirm", "expected_status": "candidate"}, headers=as_("steward")
    )
    assert stale.status_code == 409
    reversed_ = client.post(
        path, json={"decision": "confirm", "expected_status": "rejected"}, headers=as_("steward")
    )
    assert reversed_.status_code == 200, reversed_.text
    assert pair_status(family, VICTORIA, KOFI) == ["confirmed"]


def test_f11_a_steward_cannot_confirm_a_pair_that_was_never_proposed(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """Issue 13 finding 11: Ealing's steward confirmed its child the same as a Westminster
    child with no candidate between them; Westminster's child's services then showed in
    Ealing's who-else."""
    for other in (WEST, KOFI):
        response = client.post(
            f"/api/v1/duplicates/{VICTORIA}/{other}",
            json={"decision": "confirm"},
            headers=as_("steward"),
        )
        assert response.status_code == 409, response.text
        assert "not been proposed" in response.json()["error"]["message"]
        assert pair_status(family, VICTORIA, other) == []
    who = client.get(f"/api/v1/children/{VICTORIA}/practitioners", headers=as_("steward"))
    assert "inv-west" not in who.text
