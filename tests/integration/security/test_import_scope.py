"""The bulk import door (issue 13, findings 1, 2 and 8, and its "Also"): a steward's import
changes its own local authority's records and nothing of another's, whatever the rows claim;
the check is made by the writing statement itself, against the record already in the index;
re-importing one's own rows changes nothing and is refused nothing; and the trail names every
child an import touched."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_model.enums import CarerRelationship
from graph_model.nodes import Agency, Practitioner
from graph_model.schemas import CarerCreate, CarerLink, ChildUpdate, InvolvementCreate
from service.data.bulk import BulkLoader, Mode
from service.data.records import complete
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import KOFI, VICTORIA, WEST, Tokens, audit_events
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER
from tests.integration.security.conftest import import_as

WEST_NHS = "9434765870"
WEST_ADDRESS = "1 Horseferry Road"


@pytest.fixture
def westminster(family: GraphStore) -> GraphStore:
    """Westminster's own: its child (with an address and NHS number), a CAMHS team with a
    psychologist involved with the child, and the child's father."""
    record = family.get_child(WEST)
    family.update_child_details(
        WEST,
        ChildUpdate(nhs_number=WEST_NHS, address_line=WEST_ADDRESS, postcode="SW1P 4DF"),
        version=record.child.version,
    )
    family.upsert_agency(
        Agency(id="camhs-west", name="Westminster CAMHS", kind="camhs", la=LA_WESTMINSTER,
               sensitive=True)
    )  # fmt: skip
    family.upsert_practitioner(
        Practitioner(id="pr-west", given_name="Wendy", family_name="Park", job_title="Therapist"),
        agency_id="camhs-west",
        since=date(2022, 1, 1),
    )
    family.record_involvement(
        WEST,
        InvolvementCreate(
            id="inv-west-camhs",
            practitioner_id="pr-west",
            agency_id="camhs-west",
            service="anxiety therapy",
            since=date(2024, 2, 1),
        ),
    )
    family.link_carer(
        WEST,
        CarerLink(
            carer=CarerCreate(id="cr-west", given_name="Walter", family_name="Adjo",
                              phone="07700 900999"),
            relationship=CarerRelationship.FATHER,
            parental_responsibility=True,
            lives_with=True,
        ),
    )  # fmt: skip
    return family


def owned_by(store: GraphStore, la: str) -> tuple[list[Any], list[Any]]:
    """Everything `la` owns, as stored: its children, agencies and the local authority itself;
    carers of its children and practitioners of its agencies (with their properties); and every
    edge at one of its children or agencies."""
    nodes, edges = store.dump()
    owned = {
        row["props"]["id"]
        for row in nodes
        if (row["label"] == "Child" and row["props"].get("responsible_la") == la)
        or (row["label"] == "Agency" and row["props"].get("la") == la)
    }
    linked = {
        e["source"]
        for e in edges
        if e["target"] in owned and e["type"] in ("CARES_FOR", "WORKS_FOR")
    }
    kept_nodes = [
        row
        for row in nodes
        if row["props"].get("id") in owned | linked
        or (row["label"] == "LocalAuthority" and row["props"].get("id") == la)
    ]
    kept_edges = [
        e for e in edges if (e["source"] in owned or e["target"] in owned) and e["type"] != "ABOUT"
    ]
    return kept_nodes, kept_edges


# --- finding 1: a child of another local authority ------------------------------------------------


def test_f1_an_import_cannot_take_over_another_authoritys_child(
    westminster: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """Issue 13 finding 1: Ealing's steward imported Westminster's child with responsible_la
    Ealing; the child moved to Ealing and lost its address and NHS number."""
    before = owned_by(westminster, LA_WESTMINSTER)
    takeover = {
        "record": "child", "id": WEST, "given_name": "Westley", "family_name": "Adjo",
        "sex": "female", "date_of_birth": "2016-03-04", "responsible_la": LA_EALING,
    }  # fmt: skip

    report = import_as(client, as_, "steward", [takeover])

    assert (report["rows_loaded"], report["rows_rejected"]) == (0, 1), report
    [error] = report["errors"]
    assert error["line"] == 1
    assert LA_WESTMINSTER in error["message"], error
    assert owned_by(westminster, LA_WESTMINSTER) == before
    child = westminster.get_child(WEST).child
    assert (child.responsible_la, child.nhs_number, child.address_line) == (
        LA_WESTMINSTER, WEST_NHS, WEST_ADDRESS,
    )  # fmt: skip
    own = client.get(f"/api/v1/children/{WEST}", headers=as_("steward-w"))
    assert own.status_code == 200
    assert own.json()["child"]["nhs_number"] == WEST_NHS


def test_f1_the_writing_statement_itself_refuses_another_authoritys_child(
    westminster: GraphStore,
) -> None:
    """Not only a read before the write: a batch that reaches the engine with another
    authority's child (the child changed hands after the importer looked) changes nothing."""
    before = owned_by(westminster, LA_WESTMINSTER)
    row = complete(
        "child",
        {"id": WEST, "given_name": "Westley", "family_name": "Adjo", "sex": "female",
         "date_of_birth": "2016-03-04", "responsible_la": LA_EALING, "shielded": False,
         "status": "active"},
    )  # fmt: skip

    with BulkLoader(westminster, mode=Mode.IMPORT, batch_size=10, la=LA_EALING) as loader:  # type: ignore[call-arg]
        loader.add(row)

    assert loader.stats.loaded.get("child", 0) == 0
    assert owned_by(westminster, LA_WESTMINSTER) == before


@pytest.mark.parametrize(
    "row",
    [
        {"record": "cares_for", "carer_id": "cr-mother", "child_id": WEST,
         "relationship": "mother", "parental_responsibility": True, "lives_with": True},
        {"record": "residence", "id": "res-attack", "child_id": WEST, "la": LA_EALING,
         "since": "2025-01-01"},
        {"record": "involvement", "id": "inv-attack", "child_id": WEST, "agency_id": "gp-acton",
         "service": "registered patient", "since": "2024-01-01"},
        {"record": "same_as", "child_id": VICTORIA, "other_id": WEST, "status": "confirmed",
         "score": 0.9},
        {"record": "same_as", "child_id": WEST, "other_id": VICTORIA, "status": "confirmed",
         "score": 0.9},
        {"record": "carer", "id": "cr-west", "given_name": "Walter", "family_name": "Adjo",
         "phone": "07700 900000"},
        {"record": "practitioner", "id": "pr-west", "given_name": "Wendy",
         "family_name": "Park", "job_title": "Therapist", "email": "attacker@example.org"},
        {"record": "works_for", "practitioner_id": "sw-lisa", "agency_id": "camhs-west",
         "since": "2025-01-01"},
        {"record": "local_authority", "code": LA_WESTMINSTER, "name": "Taken"},
    ],
    ids=lambda row: f"{row['record']}-{row.get('other_id', row.get('id', ''))}",
)  # fmt: skip
def test_f1_no_row_of_any_kind_changes_what_another_authority_owns(
    westminster: GraphStore, client: TestClient, as_: Tokens, row: dict[str, Any]
) -> None:
    before = owned_by(westminster, LA_WESTMINSTER)

    report = import_as(client, as_, "steward", [row])

    assert report["rows_rejected"] == 1, report
    assert "local authority" in report["errors"][0]["message"], "refused for its scope"
    assert owned_by(westminster, LA_WESTMINSTER) == before


# --- finding 2: another authority's sensitive agency ----------------------------------------------


def test_f2_an_import_cannot_reclassify_another_authoritys_sensitive_agency(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """Issue 13 finding 2: Westminster's steward made Ealing's CAMHS a non-sensitive voluntary
    agency of Westminster; every unconsented CAMHS involvement became visible to all."""
    before = owned_by(family, LA_EALING)
    disguise = {
        "record": "agency", "id": "camhs-ealing", "name": "Friendly Group", "kind": "voluntary",
        "sensitive": False, "la": LA_WESTMINSTER,
    }  # fmt: skip

    report = import_as(client, as_, "steward-w", [disguise])

    assert (report["rows_loaded"], report["rows_rejected"]) == (0, 1), report
    assert LA_EALING in report["errors"][0]["message"]
    agency = family.get_agency("camhs-ealing")
    assert (agency.kind, agency.sensitive, agency.la) == ("camhs", True, LA_EALING)
    assert owned_by(family, LA_EALING) == before
    seen = client.get(f"/api/v1/children/{VICTORIA}/practitioners", headers=as_("lisa")).text
    assert "eating disorder" not in seen


# --- finding 8: re-importing one's own rows -------------------------------------------------------

OWN_ROWS: list[dict[str, Any]] = [
    {"record": "child", "id": "ch-own", "given_name": "Ola", "family_name": "Bello",
     "sex": "female", "date_of_birth": "2018-02-02", "responsible_la": LA_EALING,
     "resident_since": "2018-02-02"},
    {"record": "carer", "id": "cr-own", "given_name": "Bisi", "family_name": "Bello",
     "phone": "07700 900321"},
    {"record": "practitioner", "id": "pr-own", "given_name": "Tom", "family_name": "Hart",
     "job_title": "School nurse"},
    {"record": "works_for", "practitioner_id": "pr-own", "agency_id": "school-st-marys",
     "since": "2021-09-01"},
    {"record": "cares_for", "carer_id": "cr-own", "child_id": "ch-own", "relationship": "mother",
     "parental_responsibility": True, "lives_with": True},
    {"record": "involvement", "id": "inv-own", "child_id": "ch-own",
     "agency_id": "school-st-marys", "practitioner_id": "pr-own", "service": "health check",
     "since": "2024-09-01"},
]  # fmt: skip


def test_f8_reimporting_ones_own_rows_is_accepted_and_changes_nothing(
    area: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """Issue 13 finding 8: re-running an interrupted import refused its carer rows as "already
    in the index"."""
    first = import_as(client, as_, "steward", OWN_ROWS)
    assert (first["rows_loaded"], first["rows_rejected"]) == (6, 0), first
    before = area.dump()

    again = import_as(client, as_, "steward", OWN_ROWS)

    assert (again["rows_loaded"], again["rows_rejected"]) == (6, 0), again
    nodes, edges = area.dump()
    assert [n for n in nodes if n["label"] not in ("AuditEvent", "AuditHead", "AuditSubject")] == [
        n for n in before[0] if n["label"] not in ("AuditEvent", "AuditHead", "AuditSubject")
    ]
    assert [e for e in edges if e["type"] != "ABOUT"] == [
        e for e in before[1] if e["type"] != "ABOUT"
    ]


def test_f8_an_interrupted_import_completes_when_run_again(
    area: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """The first half of the file was loaded (carers and practitioner, no links yet)."""
    import_as(client, as_, "steward", OWN_ROWS[1:3])

    again = import_as(client, as_, "steward", OWN_ROWS)

    assert (again["rows_loaded"], again["rows_rejected"]) == (6, 0), again
    assert [c.carer.id for c in area.get_child("ch-own").carers] == ["cr-own"]


def test_a_steward_may_update_a_carer_of_its_own_children_only(
    westminster: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """A carer belongs to no authority; the one whose children it cares for keeps it up to
    date. A carer with a child elsewhere too is not one authority's to change."""
    mine = {"record": "carer", "id": "cr-mother", "given_name": "Efua", "family_name": "Adjo",
            "phone": "07700 900777"}  # fmt: skip
    report = import_as(client, as_, "steward", [mine])
    assert report["rows_rejected"] == 0, report
    assert westminster.get_child(KOFI).carers[0].carer.phone == "+447700900777"

    theirs = {**mine, "phone": "07700 900888"}
    refused = import_as(client, as_, "steward-w", [theirs])
    assert refused["rows_rejected"] == 1, refused
    assert westminster.get_child(KOFI).carers[0].carer.phone == "+447700900777"


# --- also: the trail names every child an import touched ------------------------------------------


def test_the_import_audit_names_every_child_it_created_or_changed(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    rows = [
        OWN_ROWS[0],
        {"record": "cares_for", "carer_id": "cr-mother", "child_id": KOFI,
         "relationship": "mother", "parental_responsibility": True, "lives_with": False},
        {"record": "involvement", "id": "inv-imported", "child_id": VICTORIA,
         "agency_id": "school-st-marys", "service": "on roll", "since": "2023-09-01"},
    ]  # fmt: skip

    report = import_as(client, as_, "steward", rows)
    assert report["rows_loaded"] == 3, report

    named = {
        child
        for event in audit_events(family)
        if event["action"] == "import" and event["outcome"] == "ok"
        for child in event.get("child_ids", [])
    }
    assert {"ch-own", KOFI, VICTORIA} <= named
    access = client.get(f"/api/v1/audit/children/{KOFI}/access", headers=as_("auditor"))
    assert "import" in [entry["action"] for entry in access.json()["items"]]
