"""The reason rule and the audit trail through the real app: every read recorded with its
reason; tampering found at exactly the altered event; no answer when the trail cannot be written;
concurrent appends that never fork the chain."""

import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, LiteralString

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.audit.log import AuditEntry, AuditLog, EventQuery, event_hash
from service.cli import app as cli
from service.errors import EngineUnavailable
from service.store.engines.base import Row
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import (
    ARCHIVED,
    KOFI,
    SHIELDED,
    VICTORIA,
    WEST,
    Tokens,
    audit_events,
)

CHILD_READS = [
    f"/api/v1/children/{VICTORIA}",
    f"/api/v1/children/{VICTORIA}/practitioners",
    f"/api/v1/children/{VICTORIA}/network",
    f"/api/v1/children/{VICTORIA}/gaps",
    f"/api/v1/children/{VICTORIA}/moves",
    "/api/v1/children?name=Victoria%20Adjo&date_of_birth=2016-03-04",
    "/api/v1/practitioners/sw-lisa/children",
]


# --- the reason ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CHILD_READS)
@pytest.mark.parametrize(
    ("reason", "status"),
    [(None, 400), ("", 400), ("too short", 400), ("123456789", 400), ("1234567890", 200)],
    ids=["missing", "empty", "short", "9-chars", "10-chars"],
)
def test_every_read_of_child_data_needs_a_reason(
    family: GraphStore,
    client: TestClient,
    as_: Tokens,
    path: str,
    reason: str | None,
    status: int,
) -> None:
    headers = as_("steward", reason=None)
    if reason is not None:
        headers["X-Access-Reason"] = reason
    response = client.get(path, headers=headers)
    assert response.status_code == status, response.text
    if status == 400:
        error = response.json()["error"]
        assert error["code"] == "reason_required"
        assert "X-Access-Reason" in error["message"]
        assert "10 characters" in error["message"]


def test_a_refused_read_without_reason_reads_nothing_and_records_nothing(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa", reason=None))
    assert audit_events(family) == []


# --- every read recorded -------------------------------------------------------------------------


def test_a_read_is_recorded_with_who_why_and_what(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    headers = as_("lisa", reason="strategy discussion on 3 March")
    assert client.get(f"/api/v1/children/{VICTORIA}", headers=headers).status_code == 200
    [event] = audit_events(family)
    assert event["user"] == "lisa"
    assert event["roles"] == ["practitioner"]
    assert event["action"] == "read_child"
    assert event["child_ids"] == [VICTORIA]
    assert event["returned_ids"] == [VICTORIA]
    assert event["reason"] == "strategy discussion on 3 March"
    assert event["outcome"] == "ok"
    assert event["seq"] == 1
    assert event["at"].endswith("+00:00")


@pytest.mark.parametrize("path", CHILD_READS)
def test_each_kind_of_read_appends_one_event(
    family: GraphStore, client: TestClient, as_: Tokens, path: str
) -> None:
    assert (
        client.get(path, headers=as_("mash" if "moves" in path else "steward")).status_code == 200
    )
    events = audit_events(family)
    assert len(events) == 1
    assert events[0]["reason"]


def test_a_search_records_its_terms_and_what_it_returned(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    client.get(
        "/api/v1/children?name=Adjo&date_of_birth=2016-03-04&postcode=W3%206RS",
        headers=as_("mash"),
    )
    [event] = AuditLog(family).events(_all())
    assert event["action"] == "search_children"
    assert event["search"] == {
        "name": "Adjo",
        "date_of_birth": "2016-03-04",
        "postcode": "W3 6RS",
    }
    assert set(event["returned_ids"]) == {VICTORIA, KOFI, SHIELDED, WEST}


def test_refusals_are_recorded_too(family: GraphStore, client: TestClient, as_: Tokens) -> None:
    assert client.get(f"/api/v1/children/{VICTORIA}", headers=as_("manager-w")).status_code == 403
    assert client.get(f"/api/v1/children/{ARCHIVED}", headers=as_("lisa")).status_code == 404
    denied, hidden = audit_events(family)
    assert (denied["outcome"], denied["status"], denied["child_ids"]) == ("denied", 403, [VICTORIA])
    assert (hidden["outcome"], hidden["status"], hidden["child_ids"]) == (
        "not_found",
        404,
        [ARCHIVED],
    )


def test_writes_are_recorded(family: GraphStore, client: TestClient, as_: Tokens) -> None:
    client.post(f"/api/v1/children/{KOFI}/shield", headers=as_("shield", reason=None))
    client.patch(
        "/api/v1/involvements/inv-sw", json={"lead_professional": False}, headers=as_("lisa")
    )
    actions = [(e["action"], e["child_ids"], e["user"]) for e in audit_events(family)]
    assert actions == [("shield", [KOFI], "shield"), ("update_involvement", [VICTORIA], "lisa")]


def test_an_allowed_write_that_then_fails_is_recorded_as_failed(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = {
        "id": KOFI,
        "given_name": "Kofi",
        "family_name": "Adjo",
        "sex": "male",
        "date_of_birth": "2016-03-04",
        "responsible_la": "E09000009",
    }
    assert client.post("/api/v1/children", json=body, headers=as_("steward")).status_code == 409
    nulled = client.patch(
        f"/api/v1/children/{KOFI}", json={"given_name": None}, headers=as_("steward")
    )
    assert nulled.status_code == 422
    events = [(e["action"], e["outcome"], e["status"]) for e in audit_events(family)]
    assert events == [("create_child", "failed", 409), ("update_child", "failed", 422)]


def test_a_failure_that_cannot_be_recorded_is_503(
    family: GraphStore, app: FastAPI, client: TestClient, as_: Tokens
) -> None:
    app.state.audit = AuditLog(GraphStore(UnreachableEngine()))
    nulled = client.patch(
        f"/api/v1/children/{KOFI}", json={"given_name": None}, headers=as_("steward")
    )
    assert nulled.status_code == 503


# --- reading the trail ------------------------------------------------------------------------


def _all(**filters: Any) -> EventQuery:
    return EventQuery(limit=1000, **filters)


def test_auditors_list_events_by_child_and_user_newest_first(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa"))
    client.get(f"/api/v1/children/{KOFI}", headers=as_("lisa"))
    client.get(f"/api/v1/children/{VICTORIA}", headers=as_("mash"))
    by_child = client.get(f"/api/v1/audit?child_id={VICTORIA}", headers=as_("auditor")).json()
    assert [(e["user"], e["child_ids"]) for e in by_child["items"]] == [
        ("mash", [VICTORIA]),
        ("lisa", [VICTORIA]),
    ]
    by_user = client.get("/api/v1/audit?user=lisa", headers=as_("auditor")).json()
    assert [e["child_ids"] for e in by_user["items"]] == [[KOFI], [VICTORIA]]
    assert all(e["reason"] for e in by_user["items"])


def test_a_childs_access_list_names_who_looked_when_and_why(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa", reason="home visit planning"))
    client.get(f"/api/v1/children/{KOFI}", headers=as_("mash"))
    client.get(
        f"/api/v1/children/{VICTORIA}/practitioners", headers=as_("mash", reason="MASH triage")
    )
    path = f"/api/v1/audit/children/{VICTORIA}/access"
    listed = client.get(path, headers=as_("auditor"))
    assert listed.status_code == 200, listed.text
    assert [(e["user"], e["reason"]) for e in listed.json()["items"]] == [
        ("mash", "MASH triage"),
        ("lisa", "home visit planning"),
    ]
    assert client.get(path, headers=as_("steward")).status_code == 403


def test_the_audit_list_pages_with_a_cursor(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    for _ in range(5):
        client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa"))
    first = client.get("/api/v1/audit?user=lisa&limit=2", headers=as_("auditor")).json()
    assert [e["seq"] for e in first["items"]] == [5, 4]
    second = client.get(
        f"/api/v1/audit?user=lisa&limit=2&cursor={first['next_cursor']}", headers=as_("auditor")
    ).json()
    assert [e["seq"] for e in second["items"]] == [3, 2]
    last = client.get(
        f"/api/v1/audit?user=lisa&limit=2&cursor={second['next_cursor']}", headers=as_("auditor")
    ).json()
    assert [e["seq"] for e in last["items"]] == [1]
    assert last["next_cursor"] is None


def test_the_audit_list_filters_by_time(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa"))
    [event] = audit_events(family)
    at = event["at"].replace("+00:00", "Z")
    since = client.get(f"/api/v1/audit?since={at}", headers=as_("auditor")).json()["items"]
    until = client.get(f"/api/v1/audit?until={at}", headers=as_("auditor")).json()["items"]
    assert [e["id"] for e in since] == [event["id"]]
    assert until == []


# --- tampering ----------------------------------------------------------------------------------


def _read_n(client: TestClient, as_: Tokens, n: int) -> None:
    for i in range(n):
        child = (VICTORIA, KOFI, WEST)[i % 3]
        assert client.get(f"/api/v1/children/{child}", headers=as_("mash")).status_code == 200


def test_an_untouched_trail_verifies(family: GraphStore, client: TestClient, as_: Tokens) -> None:
    _read_n(client, as_, 6)
    report = AuditLog(family).verify()
    assert (report.ok, report.checked, report.head_seq) == (True, 6, 6)


def _run(store: GraphStore, query: LiteralString, **params: Any) -> list[Row]:
    return store.engine.run(query, params, write=True)


@pytest.mark.parametrize(
    ("edit", "bad_seq", "problem"),
    [
        ("MATCH (e:AuditEvent {seq: 3}) SET e.reason = 'looking for my neighbour'", 3, "altered"),
        ("MATCH (e:AuditEvent {seq: 3}) SET e.user = 'someone-else'", 3, "altered"),
        ("MATCH (e:AuditEvent {seq: 3}) SET e.child_ids = ['ch-other']", 3, "altered"),
        ("MATCH (e:AuditEvent {seq: 3}) REMOVE e.reason", 3, "altered"),
        ("MATCH (e:AuditEvent {seq: 3}) SET e.extra = 'x'", 3, "altered"),
        ("MATCH (e:AuditEvent {seq: 3}) DETACH DELETE e", 3, "missing"),
        ("MATCH (e:AuditEvent {seq: 6}) DETACH DELETE e", 6, "missing"),
        ("MATCH (e:AuditEvent {seq: 1}) DETACH DELETE e", 1, "missing"),
    ],
    ids=[
        "reason",
        "user",
        "child",
        "removed-field",
        "added-field",
        "deleted-middle",
        "deleted-last",
        "deleted-first",
    ],
)
def test_tampering_with_one_event_is_found_at_exactly_that_event(
    family: GraphStore,
    client: TestClient,
    as_: Tokens,
    edit: LiteralString,
    bad_seq: int,
    problem: str,
) -> None:
    _read_n(client, as_, 6)
    _run(family, edit)
    report = AuditLog(family).verify()
    assert not report.ok
    assert report.first_bad_seq == bad_seq
    assert problem in (report.problem or "")
    assert report.checked == bad_seq - 1


def test_an_event_rewritten_with_a_fresh_hash_is_found_by_the_next_link(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    _read_n(client, as_, 5)
    [stored] = [e for e in audit_events(family) if e["seq"] == 3]
    forged = {**stored, "reason": "nothing to see here"}
    _run(
        family,
        "MATCH (e:AuditEvent {seq: 3}) SET e.reason = $reason, e.hash = $hash",
        reason=forged["reason"],
        hash=event_hash(forged),
    )
    report = AuditLog(family).verify()
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert "event 4 recorded another hash" in (report.problem or "")


def test_audit_verify_on_the_command_line_names_the_broken_event(
    family: GraphStore,
    client: TestClient,
    as_: Tokens,
    engine_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHILDINDEX_DATA_DIR", str(engine_dir))
    monkeypatch.setenv("CHILDINDEX_GRAPH_NAME", "api")
    runner = CliRunner()
    _read_n(client, as_, 4)
    intact = runner.invoke(cli, ["audit", "verify"])
    assert intact.exit_code == 0, intact.output
    assert "4 events verified" in intact.output
    _run(family, "MATCH (e:AuditEvent {seq: 2}) SET e.reason = 'edited afterwards'")
    broken = runner.invoke(cli, ["audit", "verify", "--format", "json"])
    assert broken.exit_code == 1
    assert '"first_bad_seq": 2' in broken.output


# --- fail closed --------------------------------------------------------------------------------


class UnreachableEngine:
    """An engine that is down: every statement fails as a lost connection would."""

    dialect = "falkordb"
    description = "an unreachable engine"

    def run(self, query: LiteralString, params: Mapping[str, object], *, write: bool) -> list[Row]:
        raise EngineUnavailable("connection refused")

    def explain(self, query: LiteralString, params: Mapping[str, object]) -> str:
        raise EngineUnavailable("connection refused")

    def apply_schema(self) -> None:
        raise EngineUnavailable("connection refused")

    def ping(self) -> bool:
        return False

    def close(self) -> None:
        return None


@pytest.mark.parametrize("path", CHILD_READS[:3])
def test_when_the_audit_trail_cannot_be_written_the_read_fails(
    family: GraphStore, app: FastAPI, client: TestClient, as_: Tokens, path: str
) -> None:
    app.state.audit = AuditLog(GraphStore(UnreachableEngine()))
    response = client.get(path, headers=as_("steward"))
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "audit_unavailable"
    assert "Victoria" not in response.text
    assert "W3 6RS" not in response.text


def test_when_the_audit_trail_cannot_be_written_a_write_reports_failure(
    family: GraphStore, app: FastAPI, client: TestClient, as_: Tokens
) -> None:
    app.state.audit = AuditLog(GraphStore(UnreachableEngine()))
    response = client.post(f"/api/v1/children/{KOFI}/shield", headers=as_("shield"))
    assert response.status_code == 503


# --- concurrency ----------------------------------------------------------------------------------


def test_concurrent_appends_from_two_logs_form_one_unbroken_chain(store: GraphStore) -> None:
    """Two AuditLog objects stand for two API processes: their appends race on the head."""
    logs = [AuditLog(store), AuditLog(store)]
    per_thread = 15

    def work(log: AuditLog, n: int) -> None:
        for i in range(per_thread):
            log.append(AuditEntry(user=f"u{n}", roles=["mash"], action="read_child", outcome="ok",
                                  child_ids=[f"ch-{i}"]))  # fmt: skip

    threads = [threading.Thread(target=work, args=(logs[n % 2], n)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = AuditLog(store).verify()
    assert report.ok, report.problem
    assert report.checked == 6 * per_thread
    seqs = sorted(e["seq"] for e in audit_events(store))
    assert seqs == list(range(1, 6 * per_thread + 1))


def wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_appends_arriving_during_a_write_share_the_next_one(store: GraphStore) -> None:
    """Group commit: while one write is in flight, the events that arrive queue up and go to
    the engine together in the next statement, still each its own link in the chain."""
    release = threading.Event()
    batches: list[int] = []

    class HeldStore(GraphStore):
        def write(self, name: str, **params: Any) -> list[Row]:
            if name == "audit/append_events":
                batches.append(len(params["events"]))
                if len(batches) == 1:
                    release.wait(10)
            return super().write(name, **params)

    log = AuditLog(HeldStore(store.engine))
    entry = AuditEntry(user="u", roles=["mash"], action="read_child", outcome="ok")
    threads = [threading.Thread(target=log.append, args=(entry,)) for _ in range(6)]
    threads[0].start()
    wait_until(lambda: bool(batches))
    for thread in threads[1:]:
        thread.start()
    wait_until(lambda: len(log._queue) == 5)  # the five arrived while the first write was held
    release.set()
    for thread in threads:
        thread.join()
    assert batches == [1, 5]
    report = AuditLog(store).verify()
    assert (report.ok, report.checked) == (True, 6)
