"""Every write lands with its audit event, or not at all (issue 13, finding 6), and a client
that saw a failure can retry a create without making a second record (Idempotency-Key).

The kill tests start an embedded engine of their own and `kill -9` it: FalkorDB only (Neo4j's
transaction log gives the same guarantee for a statement, but this suite cannot kill it)."""

import os
import random
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_model.nodes import Agency, LocalAuthority, Practitioner
from service.api.app import create_app
from service.audit.log import AuditLog, AuditUnavailable
from service.auth.accounts import Accounts, NewAccount
from service.auth.principal import Role
from service.data.bulk import BulkLoader
from service.settings import Settings
from service.store.engines import EmbeddedServer, EngineHandle, FalkorEngine
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import KOFI, SECRET, VICTORIA, Tokens, audit_events
from tests.integration.api.test_writes_api import NEW_CHILD
from tests.integration.conftest import LA_EALING
from tests.integration.security.conftest import jsonl
from tests.integration.test_durability import wait_until_gone

WRITES = {"create_child", "record_involvement", "import"}


def unaudited(store: GraphStore) -> list[str]:
    """Children and involvements stored without an ok audit event of a write naming them (an
    involvement is named through its child and its id among the returned ids)."""
    events = [e for e in audit_events(store) if e["outcome"] == "ok" and e["action"] in WRITES]
    named = {child for e in events for child in e.get("child_ids", [])}
    returned = {ident for e in events for ident in e.get("returned_ids", [])}
    nodes, edges = store.dump()
    missing = [
        row["props"]["id"]
        for row in nodes
        if row["label"] == "Child" and row["props"]["id"] not in named
    ]
    missing += [
        e["props"]["id"]
        for e in edges
        if e["type"] == "INVOLVED_WITH"
        and not (e["target"] in named and (e["props"]["id"] in returned or _imported(events)))
    ]
    return missing


def _imported(events: list[dict[str, Any]]) -> bool:
    return any(e["action"] == "import" for e in events)


# --- in the suite's engines ---------------------------------------------------------------------


def test_f6_a_create_whose_event_cannot_be_appended_afterwards_is_stored_with_it_or_not_at_all(
    area: GraphStore, client: TestClient, as_: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 finding 6: a write answered 503 (its audit append failed) was stored anyway,
    with no event. The event is written by the write's own statement, so an append that fails
    afterwards cannot leave the write without it."""

    def refuse(self: AuditLog, entry: Any) -> int:
        raise AuditUnavailable("the audit trail cannot be written (test)")

    monkeypatch.setattr(AuditLog, "append", refuse)

    response = client.post("/api/v1/children", json=NEW_CHILD, headers=as_("steward"))

    assert response.status_code in (201, 503), response.text
    assert unaudited(area) == []
    children = [n for n in area.dump()[0] if n["label"] == "Child"]
    assert len(children) == (1 if response.status_code == 201 else 0)


def test_f6_a_retry_with_the_same_idempotency_key_returns_the_first_result(
    area: GraphStore, client: TestClient, as_: Tokens
) -> None:
    headers = {**as_("steward"), "Idempotency-Key": "create-amara-1"}
    first = client.post("/api/v1/children", json=NEW_CHILD, headers=headers)
    assert first.status_code == 201, first.text

    again = client.post("/api/v1/children", json=NEW_CHILD, headers=headers)

    assert again.status_code == 201, again.text
    assert again.json()["child"]["id"] == first.json()["child"]["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert [n["label"] for n in area.dump()[0]].count("Child") == 1


def test_f6_an_idempotency_key_reused_for_another_request_is_refused_with_words(
    area: GraphStore, client: TestClient, as_: Tokens
) -> None:
    headers = {**as_("steward"), "Idempotency-Key": "create-amara-2"}
    assert client.post("/api/v1/children", json=NEW_CHILD, headers=headers).status_code == 201

    other = client.post(
        "/api/v1/children", json={**NEW_CHILD, "given_name": "Ada"}, headers=headers
    )

    assert other.status_code == 409, other.text
    assert "Idempotency-Key" in other.json()["error"]["message"]
    assert [n["label"] for n in area.dump()[0]].count("Child") == 1


def test_f6_idempotency_keys_are_per_user(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = {"agency_id": "gp-acton", "service": "registered patient", "since": "2024-01-01"}
    key = {"Idempotency-Key": "same-key"}
    mine = client.post(
        f"/api/v1/children/{KOFI}/involvements", json=body, headers={**as_("steward"), **key}
    )
    assert mine.status_code == 201, mine.text
    replay = client.post(
        f"/api/v1/children/{KOFI}/involvements", json=body, headers={**as_("steward"), **key}
    )
    assert replay.json()["id"] == mine.json()["id"]
    theirs = client.post(
        f"/api/v1/children/{KOFI}/involvements",
        json={**body, "agency_id": "school-st-marys"},
        headers={**as_("steward"), "Idempotency-Key": "another-key"},
    )
    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]


# --- killed mid-write (an engine of its own) ------------------------------------------------------


@dataclass
class Killable:
    server: EmbeddedServer
    settings: Settings

    def store(self) -> GraphStore:
        return GraphStore(
            FalkorEngine(graph_name="killable", unix_socket_path=str(self.server.socket))
        )

    def kill(self) -> None:
        pid = self.server.status().pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        wait_until_gone(pid)

    def restart(self) -> GraphStore:
        self.server.ensure_running()
        return self.store()


@pytest.fixture
def killable() -> Iterator[Killable]:
    data_dir = Path(tempfile.mkdtemp(prefix="ci-kill-"))
    server = EmbeddedServer(data_dir, start_timeout=30)
    server.ensure_running()
    settings = Settings(
        data_dir=data_dir,
        graph_name="killable",
        jwt_secret=SECRET,
        environment="development",
        rate_limit_token="1000/minute",
        batch_size=2,
    )
    store = GraphStore(FalkorEngine(graph_name="killable", unix_socket_path=str(server.socket)))
    store.apply_schema()
    store.upsert_local_authority(LocalAuthority(code=LA_EALING, name="Ealing"))
    store.upsert_agency(Agency(id="gp", name="GP", kind="gp_practice", la=LA_EALING))
    store.upsert_practitioner(
        Practitioner(id="pr", given_name="Pat", family_name="Doe", job_title="GP"),
        agency_id="gp",
        since=date(2020, 1, 1),
    )
    accounts = Accounts(store)
    accounts.add(
        NewAccount(username="steward", roles=frozenset({Role.DATA_STEWARD}), la=LA_EALING),
        "a password of some length",
    )
    store.engine.close()
    try:
        yield Killable(server=server, settings=settings)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def client_over(killable: Killable) -> tuple[TestClient, GraphStore, Tokens]:
    store = killable.store()
    app = create_app(killable.settings, handle=EngineHandle(engine=store.engine))
    steward = Accounts(store).get("steward")
    assert steward is not None
    return (
        TestClient(app, raise_server_exceptions=False),
        store,
        Tokens(killable.settings, {"steward": steward.principal()}),
    )


def test_f6_killed_right_after_the_write_the_write_still_has_its_event(
    killable: Killable, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine dies between a create and whatever the request does next: the create was
    acknowledged by the engine (and is on disk), and so is its event."""
    client, _, as_ = client_over(killable)
    original: Callable[..., Any] = GraphStore.create_new_child

    def then_die(self: GraphStore, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        killable.kill()
        return result

    monkeypatch.setattr(GraphStore, "create_new_child", then_die)
    with client:
        response = client.post("/api/v1/children", json=NEW_CHILD, headers=as_("steward"))
    assert response.status_code == 503, response.text
    monkeypatch.undo()

    reopened = killable.restart()
    try:
        assert [n["label"] for n in reopened.dump()[0]].count("Child") == 1
        assert unaudited(reopened) == []
        assert AuditLog(reopened).verify().ok
    finally:
        reopened.engine.close()


def test_f6_an_import_killed_mid_way_leaves_every_loaded_batch_with_its_event(
    killable: Killable, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 finding 6: killing the API mid-import left children loaded and no import
    event. Each batch now carries its own event naming its children."""
    client, _, as_ = client_over(killable)
    original: Callable[..., Any] = BulkLoader._write
    written: list[int] = []

    def die_after_three(self: BulkLoader, lane: str, rows: list[Any]) -> None:
        original(self, lane, rows)
        written.append(len(rows))
        if len(written) == 3:
            killable.kill()

    monkeypatch.setattr(BulkLoader, "_write", die_after_three)
    rows = [
        {"record": "child", "id": f"ch-{n}", "given_name": "Kid", "family_name": f"No {n}",
         "sex": "male", "date_of_birth": "2016-01-01", "responsible_la": LA_EALING}
        for n in range(10)
    ]  # fmt: skip
    with client:
        response = client.post(
            "/api/v1/import?format=jsonl",
            content=jsonl(rows),
            headers={**as_("steward"), "Content-Type": "application/x-ndjson"},
        )
    assert response.status_code == 503, response.text
    monkeypatch.undo()

    reopened = killable.restart()
    try:
        stored = [n for n in reopened.dump()[0] if n["label"] == "Child"]
        assert len(stored) == 6, "three batches of two were loaded before the kill"
        assert unaudited(reopened) == []
        assert AuditLog(reopened).verify().ok
    finally:
        reopened.engine.close()


@pytest.mark.slow
def test_f6_kill_9_among_concurrent_writes_loses_no_acknowledged_write_and_leaves_none_unaudited(
    killable: Killable,
) -> None:
    """Six clients create children and involvements, each with an Idempotency-Key; the
    engine is killed at a random moment. Afterwards every acknowledged write is there, nothing
    stored lacks its event, and retrying every request with its key creates no duplicate."""
    client, _, as_ = client_over(killable)
    rng = random.Random(13)
    acknowledged: dict[str, str] = {}
    requests: list[tuple[str, str, dict[str, Any]]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def worker(n: int) -> None:
        for i in range(40):
            if stop.is_set():
                return
            key = f"w{n}-{i}"
            body = {**NEW_CHILD, "given_name": f"Kid{n}x{i}", "nhs_number": None}
            with lock:
                requests.append((key, "/api/v1/children", body))
            response = client.post(
                "/api/v1/children", json=body, headers={**as_("steward"), "Idempotency-Key": key}
            )
            if response.status_code == 201:
                child_id = response.json()["child"]["id"]
                with lock:
                    acknowledged[key] = child_id
                inv = {"practitioner_id": "pr", "agency_id": "gp", "service": "patient",
                       "since": "2024-01-01"}  # fmt: skip
                ikey = f"{key}-inv"
                with lock:
                    requests.append((ikey, f"/api/v1/children/{child_id}/involvements", inv))
                answer = client.post(
                    f"/api/v1/children/{child_id}/involvements",
                    json=inv,
                    headers={**as_("steward"), "Idempotency-Key": ikey},
                )
                if answer.status_code == 201:
                    with lock:
                        acknowledged[ikey] = answer.json()["id"]

    with client:
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        while len(acknowledged) < rng.randint(20, 40):
            threading.Event().wait(0.01)
        killable.kill()
        stop.set()
        for thread in threads:
            thread.join()

    reopened = killable.restart()
    try:
        nodes, edges = reopened.dump()
        children = {n["props"]["id"] for n in nodes if n["label"] == "Child"}
        involvements = {e["props"]["id"] for e in edges if e["type"] == "INVOLVED_WITH"}
        for key, ident in acknowledged.items():
            assert ident in (involvements if key.endswith("-inv") else children), key
        assert unaudited(reopened) == []
        assert AuditLog(reopened).verify().ok
    finally:
        reopened.engine.close()

    retry, _, as_ = client_over(killable)
    with retry:
        for key, path, body in requests:
            if key.endswith("-inv") and key.removesuffix("-inv") not in acknowledged:
                continue
            headers = {**as_("steward"), "Idempotency-Key": key}
            answer = retry.post(path, json=body, headers=headers)
            assert answer.status_code == 201, (key, answer.text)
            if key in acknowledged:
                found = answer.json()
                assert found.get("child", found)["id"] == acknowledged[key]
    final = killable.store()
    try:
        nodes, edges = final.dump()
        created = [k for k, _, _ in requests if not k.endswith("-inv")]
        assert sum(n["label"] == "Child" for n in nodes) == len(created)
        assert unaudited(final) == []
    finally:
        final.engine.close()


def test_f6_every_write_route_writes_its_event_with_the_change(
    family: GraphStore, client: TestClient, as_: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No write route appends its event after the write: with appends refused, each still
    answers, and its change and its event are both there."""
    from graph_model import clock
    from tests.integration.security.test_duplicate_decisions import propose

    propose(family, KOFI, VICTORIA)
    first, second = sorted((KOFI, VICTORIA))

    def refuse(self: AuditLog, entry: Any) -> int:
        raise AuditUnavailable("the audit trail cannot be written (test)")

    monkeypatch.setattr(AuditLog, "append", refuse)
    today = clock.today().isoformat()
    writes = [
        ("update_child", "steward", "PATCH", f"/api/v1/children/{KOFI}", {"other_names": ["K"]}),
        ("link_carer", "steward", "POST", f"/api/v1/children/{KOFI}/carers",
         {"carer": {"given_name": "Ama", "family_name": "Adjo"}, "relationship": "aunt_uncle",
          "parental_responsibility": False, "lives_with": False}),
        ("record_involvement", "lisa", "POST", f"/api/v1/children/{KOFI}/involvements",
         {"practitioner_id": "sw-lisa", "agency_id": "csc-ealing", "service": "visit",
          "since": today}),
        ("update_involvement", "steward", "PATCH", "/api/v1/involvements/inv-gp",
         {"info_to_share": True}),
        ("acknowledge_info", "lisa", "POST", "/api/v1/involvements/inv-gp/acknowledge", None),
        ("move_child", "steward", "POST", f"/api/v1/children/{KOFI}/moves",
         {"to_la": "E09000033", "date": today}),
        ("shield", "shield", "POST", f"/api/v1/children/{VICTORIA}/shield", None),
        ("unshield", "shield", "DELETE", f"/api/v1/children/{VICTORIA}/shield", None),
        ("create_agency", "steward", "POST", "/api/v1/agencies",
         {"name": "Ealing Youth Service", "kind": "voluntary", "la": LA_EALING}),
        ("create_practitioner", "steward", "POST", "/api/v1/practitioners",
         {"given_name": "Ann", "family_name": "Lee", "job_title": "Nurse",
          "agency_id": "gp-acton"}),
        ("decide_duplicate", "steward", "POST",
         f"/api/v1/duplicates/{first}/{second}", {"decision": "reject"}),
    ]  # fmt: skip
    for action, user, method, path, body in writes:
        answer = client.request(method, path, json=body, headers=as_(user))
        assert answer.status_code in (200, 201), (action, answer.text)
    moved = next(r for r in family.moves(KOFI) if r["until"] is None)
    accepted = client.post(
        f"/api/v1/children/{KOFI}/moves/{moved['id']}/accept", headers=as_("steward-w")
    )
    assert accepted.status_code == 200, accepted.text

    actions = [e["action"] for e in audit_events(family) if e["outcome"] == "ok"]
    for action, *_ in writes:
        assert actions.count(action) == 1, (action, actions)
    assert actions.count("accept_transfer") == 1
    assert AuditLog(family).verify().ok


def test_f6_a_refused_write_leaves_no_ok_event(
    family: GraphStore, client: TestClient, as_: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame writes the event only when the write wrote: a change refused by its own
    condition (a stale version) is recorded as failed, never as done."""
    real = GraphStore.update_child_details

    def racing(self: GraphStore, child_id: str, data: Any, *, version: int, audit: Any) -> int:
        real(self, child_id, data, version=version)  # another steward got there first
        return real(self, child_id, data, version=version, audit=audit)

    monkeypatch.setattr(GraphStore, "update_child_details", racing)
    before = len(audit_events(family))
    response = client.patch(
        f"/api/v1/children/{KOFI}", json={"family_name": "Mensah"}, headers=as_("steward")
    )
    assert response.status_code == 409, response.text
    new = audit_events(family)[before:]
    assert [(e["action"], e["outcome"]) for e in new] == [("update_child", "failed")]


def test_f6_an_event_computed_on_an_old_head_is_computed_again(family: GraphStore) -> None:
    """Another process appended since this one last wrote: the write is refused by the head
    check, nothing lands, and it is made again on the fresh head; the chain stays whole."""
    from graph_model.schemas import ChildUpdate
    from service.audit.log import AuditEntry

    mine, theirs = AuditLog(family), AuditLog(family)
    entry = AuditEntry(user="u", roles=["data_steward"], action="update_child", outcome="ok")
    mine.append(entry)  # caches the head
    theirs.append(entry)  # moves it on, unseen by `mine`
    stamps: list[Any] = []

    def update(stamp: Any) -> int:
        stamps.append(stamp.params["audit_expected_seq"])
        version = family.get_child(KOFI).child.version
        return family.update_child_details(
            KOFI, ChildUpdate(family_name="Mensah"), version=version, audit=stamp
        )

    mine.write(replace(entry, child_ids=[KOFI]), update)

    assert stamps[0] < stamps[-1], "retried on the fresh head"
    assert len(stamps) == 2
    assert family.get_child(KOFI).child.family_name == "Mensah"
    assert AuditLog(family).verify().ok
    assert [e["action"] for e in audit_events(family)].count("update_child") == 3
