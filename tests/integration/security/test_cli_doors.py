"""The command line keeps the product's promise (issue 13, finding 9): reading or exporting
child data takes a reason and leaves an audit event naming the operating-system user, and
`query who-else` shows what the API shows a data steward of the child's own authority:
redacted, with records confirmed to be the same child joined."""

import getpass
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph_model.enums import CarerRelationship, Sex
from graph_model.nodes import Agency, LocalAuthority, Practitioner
from graph_model.schemas import CarerCreate, CarerLink, ChildCreate, InvolvementCreate
from service.audit.log import AuditLog, EventQuery
from service.store.engines import EmbeddedServer, FalkorEngine
from service.store.graph_store import GraphStore
from tests.integration.test_cli import DEFAULT_GRAPH, assert_one_line_error, childindex

LA = "E09000009"
VICTORIA = "ch-victoria"
ALIAS = "ch-anna"
HIDDEN = "ch-hidden"
REASON = ("--reason", "strategy discussion, s47 enquiry")
OS_USER = f"os:{getpass.getuser()}"


def store_of(path: Path) -> GraphStore:
    return GraphStore(
        FalkorEngine(graph_name=DEFAULT_GRAPH, unix_socket_path=str(EmbeddedServer(path).socket))
    )


def seed(store: GraphStore) -> None:
    """Victoria (a social worker, and CAMHS without consent), her record under another name
    confirmed to be her (a school), and a shielded child with a social worker at a refuge."""
    store.apply_schema()
    store.upsert_local_authority(
        LocalAuthority(code=LA, name="Ealing", index_team_phone="020 8825 5000")
    )
    for agency_id, kind in (("csc", "social_care"), ("camhs", "camhs"), ("school", "school")):
        store.upsert_agency(
            Agency(id=agency_id, name=f"Ealing {kind}", kind=kind, la=LA,
                   sensitive=kind == "camhs")
        )  # fmt: skip
    for practitioner_id, agency_id in (("sw", "csc"), ("psy", "camhs")):
        store.upsert_practitioner(
            Practitioner(id=practitioner_id, given_name="Pat", family_name=practitioner_id.upper(),
                         job_title="Worker", phone="020 8000 0001"),
            agency_id=agency_id,
            since=date(2020, 1, 1),
        )  # fmt: skip
    for child_id, name, extra in (
        (VICTORIA, "Victoria", {}),
        (ALIAS, "Anna", {}),
        (HIDDEN, "Hope", {"address_line": "14 Refuge Lane", "postcode": "W5 2BB"}),
    ):
        store.create_child(
            ChildCreate(id=child_id, given_name=name, family_name="Kouao", sex=Sex.FEMALE,
                        date_of_birth=date(2016, 3, 4), responsible_la=LA, **extra)
        )  # fmt: skip
    for child_id, inv_id, practitioner, agency, service in (
        (VICTORIA, "inv-sw", "sw", "csc", "child in need plan"),
        (VICTORIA, "inv-camhs", "psy", "camhs", "eating disorder therapy"),
        (ALIAS, "inv-school", None, "school", "on roll as Anna"),
        (HIDDEN, "inv-refuge", "sw", "csc", "family support at the refuge"),
    ):
        store.record_involvement(
            child_id,
            InvolvementCreate(id=inv_id, practitioner_id=practitioner, agency_id=agency,
                              service=service, since=date(2024, 1, 2)),
        )  # fmt: skip
    store.link_carer(
        HIDDEN,
        CarerLink(
            carer=CarerCreate(id="cr-guardian", given_name="Grace", family_name="Kouao",
                              phone="07700 900456"),
            relationship=CarerRelationship.SPECIAL_GUARDIAN, lives_with=True,
            parental_responsibility=True,
        ),
    )  # fmt: skip
    store.set_shielded(HIDDEN, True)
    store.write(
        "identity/merge_candidates",
        rows=[[ALIAS, VICTORIA, 12.0, ["same date of birth"]]],
        now="2025-01-01T00:00:00.000+00:00",
    )
    from service.store.identity import IdentityStore, PairStatus

    IdentityStore(store).decide(ALIAS, VICTORIA, PairStatus.CONFIRMED, decided_by="steward")


@pytest.fixture(scope="module")
def seeded() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="ci-door-"))
    try:
        assert childindex(path, "engine", "start").returncode == 0
        store = store_of(path)
        try:
            seed(store)
        finally:
            store.engine.close()
        yield path
    finally:
        childindex(path, "engine", "stop")
        EmbeddedServer(path).stop()
        shutil.rmtree(path, ignore_errors=True)


def events(path: Path, **query: Any) -> list[dict[str, Any]]:
    store = store_of(path)
    try:
        return AuditLog(store).events(EventQuery(limit=500, **query))
    finally:
        store.engine.close()


@pytest.mark.parametrize(
    "command",
    [
        ["query", "who-else", VICTORIA],
        ["export", "--la", LA],
        ["gaps", "--la", LA],
        ["duplicates", "scan", "--la", LA],
    ],
    ids=["who-else", "export", "gaps", "duplicates"],
)
@pytest.mark.parametrize(
    "reason", [None, "short", "x" + " " * 20 + "x", "..........", "aaaaaaaaaaaa"]
)
def test_f9_reading_child_data_needs_a_reason(
    seeded: Path, command: list[str], reason: str | None
) -> None:
    """Issue 13 finding 9: who-else, export and the rest read around the audit trail."""
    result = childindex(seeded, *command, *(["--reason", reason] if reason is not None else []))
    assert_one_line_error(result, "--reason")
    assert result.stdout == ""


def test_f9_who_else_of_a_shielded_child_is_withheld(seeded: Path) -> None:
    """Issue 13 finding 9: `query who-else <shielded child>` printed its involvements."""
    result = childindex(seeded, "query", "who-else", HIDDEN, *REASON, columns=250)
    assert result.returncode == 0, result.stderr
    assert "refuge" not in result.stdout
    assert "shielded" in result.stdout
    assert "+442088255000" in result.stdout, "the index team to ask instead"


def test_f9_who_else_names_no_sensitive_service_without_consent(seeded: Path) -> None:
    result = childindex(seeded, "query", "who-else", VICTORIA, *REASON, "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)["items"]
    assert "eating disorder" not in result.stdout
    assert "psy" not in {(e.get("practitioner") or {}).get("id") for e in entries}
    assert sum(1 for e in entries if e["redacted"]) == 1


def test_f9_who_else_joins_records_confirmed_to_be_the_same_child(seeded: Path) -> None:
    result = childindex(seeded, "query", "who-else", VICTORIA, *REASON, "--format", "json")
    assert result.returncode == 0, result.stderr
    ids = {e["id"] for e in json.loads(result.stdout)["items"]}
    assert {"inv-sw", "inv-school"} <= ids


def test_f9_cli_reads_are_audited_with_the_operating_system_user(seeded: Path) -> None:
    before = len(events(seeded))
    assert childindex(seeded, "query", "who-else", VICTORIA, *REASON).returncode == 0
    exported = childindex(seeded, "export", "--la", LA, *REASON)
    assert exported.returncode == 0, exported.stderr

    new = events(seeded)[: len(events(seeded)) - before]
    by_action = {event["action"]: event for event in new}
    assert {"read_child", "export"} <= set(by_action), [e["action"] for e in new]
    for event in new:
        assert event["user"] == OS_USER
        assert event["reason"] == REASON[1]
    assert VICTORIA in by_action["read_child"]["child_ids"]
    assert {VICTORIA, ALIAS, HIDDEN} <= set(by_action["export"]["child_ids"])


def test_f9_a_cli_import_is_audited_naming_its_children(seeded: Path, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        json.dumps({"record": "child", "id": "ch-cli-import", "given_name": "Ian",
                    "family_name": "Port", "sex": "male", "date_of_birth": "2017-05-05",
                    "responsible_la": LA}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = childindex(seeded, "import", str(rows))
    assert result.returncode == 0, result.stderr

    named = [
        event
        for event in events(seeded, child_id="ch-cli-import")
        if event["action"] == "import" and event["user"] == OS_USER
    ]
    assert named, "the import left no event naming the child it created"
