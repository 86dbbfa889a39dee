"""Writes through the real app: creating and editing records (with optimistic concurrency),
carers, involvements, moves, shielding, the directory, and bulk import."""

import json

import pytest
from fastapi.testclient import TestClient

from graph_model import clock
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import KOFI, SHIELDED, SHIELDED_POSTCODE, VICTORIA, Tokens
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER

NEW_CHILD = {
    "given_name": "Amara",
    "family_name": "Okafor",
    "other_names": ["Amy Okafor"],
    "sex": "female",
    "date_of_birth": "2019-09-12",
    "nhs_number": "9434765919",
    "postcode": "w5 1aa",
    "responsible_la": LA_EALING,
    "resident_since": "2023-04-01",
}


def error_fields(response: object) -> list[str]:
    body = response.json()  # type: ignore[attr-defined]
    return [detail["field"] for detail in body["error"]["details"]]


# --- children -------------------------------------------------------------------------------------


def test_a_steward_creates_a_child_and_gets_the_record_back(
    area: GraphStore, client: TestClient, as_: Tokens
) -> None:
    response = client.post("/api/v1/children", json=NEW_CHILD, headers=as_("steward"))
    assert response.status_code == 201, response.text
    body = response.json()
    child_id = body["child"]["id"]
    assert response.headers["Location"] == f"/api/v1/children/{child_id}"
    assert response.headers["ETag"] == '"v1"'
    assert body["child"]["postcode"] == "W5 1AA"
    assert body["residence"][0]["since"] == "2023-04-01"
    assert body["current_la"] == LA_EALING
    again = client.get(f"/api/v1/children/{child_id}", headers=as_("lisa")).json()
    assert again["child"]["other_names"] == ["Amy Okafor"]


def test_creating_a_child_with_an_id_in_use_is_409_and_changes_nothing(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    response = client.post(
        "/api/v1/children", json={**NEW_CHILD, "id": VICTORIA}, headers=as_("steward")
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert family.get_child(VICTORIA).child.given_name == "Victoria"


def test_patch_with_if_match_applies_once_and_refuses_a_stale_version(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    path = f"/api/v1/children/{KOFI}"
    etag = client.get(path, headers=as_("steward")).headers["ETag"]
    first = client.patch(
        path, json={"given_name": "Kofi Jr"}, headers={**as_("steward"), "If-Match": etag}
    )
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] != etag
    assert first.json()["child"]["given_name"] == "Kofi Jr"
    stale = client.patch(
        path, json={"given_name": "Kwame"}, headers={**as_("steward"), "If-Match": etag}
    )
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "precondition_failed"
    assert family.get_child(KOFI).child.given_name == "Kofi Jr"
    fresh = client.patch(
        path,
        json={"given_name": "Kwame"},
        headers={**as_("steward"), "If-Match": first.headers["ETag"]},
    )
    assert fresh.status_code == 200


def test_a_change_racing_another_is_409(
    family: GraphStore, client: TestClient, as_: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another write lands between the version being read and the update being made."""
    real = GraphStore.update_child_details

    def racing(
        self: GraphStore, child_id: str, data: object, *, version: int, audit: object = None
    ) -> int:
        real(self, child_id, data, version=version)  # type: ignore[arg-type]
        return real(self, child_id, data, version=version, audit=audit)  # type: ignore[arg-type]

    monkeypatch.setattr(GraphStore, "update_child_details", racing)
    response = client.patch(
        f"/api/v1/children/{KOFI}", json={"family_name": "Mensah"}, headers=as_("steward")
    )
    assert response.status_code == 409


def test_patch_may_clear_an_optional_field_but_not_a_required_one(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    path = f"/api/v1/children/{VICTORIA}"
    cleared = client.patch(path, json={"postcode": None}, headers=as_("steward"))
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["child"]["postcode"] is None
    refused = client.patch(path, json={"given_name": None, "sex": None}, headers=as_("steward"))
    assert refused.status_code == 422
    assert error_fields(refused) == ["body.given_name", "body.sex"]


def test_archiving_takes_a_child_out_of_ordinary_search(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    search = "/api/v1/children?name=Kofi%20Adjo&date_of_birth=2016-03-04"
    assert len(client.get(search, headers=as_("lisa")).json()["items"]) == 1
    archived = client.patch(
        f"/api/v1/children/{KOFI}", json={"status": "archived"}, headers=as_("steward")
    )
    assert archived.status_code == 200
    assert client.get(search, headers=as_("lisa")).json()["items"] == []
    assert client.get(f"/api/v1/children/{KOFI}", headers=as_("lisa")).status_code == 404
    with_archive = client.get(f"{search}&include_archived=true", headers=as_("steward")).json()
    assert [hit["child"]["id"] for hit in with_archive["items"]] == [KOFI]
    assert client.get(f"{search}&include_archived=true", headers=as_("lisa")).status_code == 403


# --- carers and involvements -----------------------------------------------------------------


def test_link_a_new_carer_and_an_unknown_one(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    path = f"/api/v1/children/{VICTORIA}/carers"
    link = {"relationship": "grandparent", "parental_responsibility": False, "lives_with": False}
    made = client.post(
        path,
        json={**link, "carer": {"given_name": "Nana", "family_name": "Adjo"}},
        headers=as_("steward"),
    )
    assert made.status_code == 201, made.text
    carers = family.get_child(VICTORIA).carers
    assert made.json()["id"] in {c.carer.id for c in carers}
    unknown = client.post(path, json={**link, "carer_id": "cr-nobody"}, headers=as_("steward"))
    assert unknown.status_code == 422
    assert error_fields(unknown) == ["body.carer_id"]


def test_a_practitioner_records_and_updates_their_involvement(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = {
        "id": "inv-lisa-kofi",
        "practitioner_id": "sw-lisa",
        "agency_id": "csc-ealing",
        "service": "sibling assessment",
        "since": "2025-01-06",
        "assessment_kind": "child_in_need",
    }
    made = client.post(f"/api/v1/children/{KOFI}/involvements", json=body, headers=as_("lisa"))
    assert made.status_code == 201, made.text
    assert made.json() == {"id": "inv-lisa-kofi", "child_id": KOFI}
    again = client.post(
        f"/api/v1/children/{KOFI}/involvements",
        json={**body, "service": "sibling assessment (updated)"},
        headers=as_("lisa"),
    )
    assert again.status_code == 201
    ended = client.patch(
        "/api/v1/involvements/inv-lisa-kofi",
        json={"until": clock.today().isoformat(), "lead_professional": True},
        headers=as_("lisa"),
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["lead_professional"] is True
    assert ended.json()["service"] == "sibling assessment (updated)"
    [entry] = [e for e in family.who_else(KOFI, include_ended=True) if e.id == "inv-lisa-kofi"]
    assert entry.recorded_by == "lisa"


def test_an_involvement_id_of_someone_elses_record_is_409(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    response = client.post(
        f"/api/v1/children/{KOFI}/involvements",
        json={
            "id": "inv-camhs",
            "practitioner_id": "sw-lisa",
            "agency_id": "csc-ealing",
            "service": "taking over",
            "since": "2025-01-06",
        },
        headers=as_("lisa"),
    )
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("practitioner_id", "agency_id", "field"),
    [
        ("sw-lisa", "no-such-agency", "body.agency_id"),
        ("no-such-person", "csc-ealing", "body.practitioner_id"),
        ("sw-lisa", "camhs-ealing", "body.agency_id"),
    ],
    ids=["unknown-agency", "unknown-practitioner", "not-their-agency"],
)
def test_a_steward_recording_a_bad_reference_gets_422_naming_it(
    family: GraphStore,
    client: TestClient,
    as_: Tokens,
    practitioner_id: str,
    agency_id: str,
    field: str,
) -> None:
    response = client.post(
        f"/api/v1/children/{KOFI}/involvements",
        json={
            "practitioner_id": practitioner_id,
            "agency_id": agency_id,
            "service": "x",
            "since": "2025-01-06",
        },
        headers=as_("steward"),
    )
    assert response.status_code == 422, response.text
    assert error_fields(response) == [field]


# --- moves and shielding -------------------------------------------------------------------------


def test_a_move_within_the_area_is_no_transfer(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    moved = client.post(
        f"/api/v1/children/{KOFI}/moves",
        json={"to_la": LA_EALING, "date": "2025-02-01", "postcode": "W5 3CC"},
        headers=as_("steward"),
    )
    assert moved.status_code == 201, moved.text
    assert (moved.json()["transfer"], moved.json()["status"]) == (False, None)
    moves = client.get(f"/api/v1/children/{KOFI}/moves", headers=as_("mash")).json()["items"]
    assert [(m["la"], m["until"], m["transfer"]) for m in moves] == [
        (LA_EALING, "2025-02-01", False),
        (LA_EALING, None, False),
    ]


@pytest.mark.parametrize(
    ("move", "field"),
    [
        ({"to_la": LA_EALING, "date": "2019-01-01"}, "body.date"),
        ({"to_la": "E09000001", "date": "2025-02-01"}, "body.to_la"),
    ],
    ids=["before-current-residence", "unknown-la"],
)
def test_a_bad_move_is_422_naming_the_field(
    family: GraphStore, client: TestClient, as_: Tokens, move: dict[str, str], field: str
) -> None:
    response = client.post(f"/api/v1/children/{KOFI}/moves", json=move, headers=as_("steward"))
    assert response.status_code == 422, response.text
    assert error_fields(response) == [field]


def test_shield_and_unshield(family: GraphStore, client: TestClient, as_: Tokens) -> None:
    path = f"/api/v1/children/{SHIELDED}"
    assert SHIELDED_POSTCODE not in client.get(path, headers=as_("lisa")).text
    off = client.delete(f"{path}/shield", headers=as_("shield"))
    assert off.status_code == 200
    assert off.json()["shielded"] is False
    assert SHIELDED_POSTCODE in client.get(path, headers=as_("lisa")).text
    on = client.post(f"{path}/shield", headers=as_("shield"))
    assert on.json()["shielded"] is True
    assert SHIELDED_POSTCODE not in client.get(path, headers=as_("lisa")).text


# --- the directory ----------------------------------------------------------------------------


def test_create_and_read_agencies_and_practitioners(
    area: GraphStore, client: TestClient, as_: Tokens
) -> None:
    agency = client.post(
        "/api/v1/agencies",
        json={"id": "sh-ealing", "name": "Ealing Sexual Health", "kind": "sexual_health",
              "la": LA_EALING},
        headers=as_("steward"),
    )  # fmt: skip
    assert agency.status_code == 201, agency.text
    assert agency.json()["sensitive"] is True
    duplicate = client.post(
        "/api/v1/agencies",
        json={"id": "sh-ealing", "name": "Again", "kind": "voluntary", "la": LA_EALING},
        headers=as_("steward"),
    )
    assert duplicate.status_code == 409
    person = client.post(
        "/api/v1/practitioners",
        json={"id": "sh-nurse", "given_name": "Ola", "family_name": "Ade", "job_title": "Nurse",
              "agency_id": "sh-ealing", "since": "2024-01-01"},
        headers=as_("steward"),
    )  # fmt: skip
    assert person.status_code == 201, person.text
    assert person.json()["employment"][0]["agency_id"] == "sh-ealing"
    read = client.get("/api/v1/practitioners/sh-nurse", headers=as_("lisa"))
    assert read.json()["job_title"] == "Nurse"
    assert client.get("/api/v1/agencies/sh-ealing", headers=as_("lisa")).json()["kind"] == (
        "sexual_health"
    )
    bad = client.post(
        "/api/v1/practitioners",
        json={"given_name": "A", "family_name": "B", "job_title": "C", "agency_id": "nowhere"},
        headers=as_("steward"),
    )
    assert bad.status_code == 422
    assert error_fields(bad) == ["body.agency_id"]


# --- bulk import ----------------------------------------------------------------------------------


def test_import_loads_good_rows_and_reports_bad_ones_by_line(
    area: GraphStore, client: TestClient, as_: Tokens
) -> None:
    pytest.importorskip("service.data.importer", reason="the bulk importer is not in this build")
    rows = [
        {"record": "child", "id": "ch-imp-1", "given_name": "Ian", "family_name": "Port",
         "sex": "male", "date_of_birth": "2017-05-05", "responsible_la": LA_EALING},
        {"record": "child", "id": "ch-imp-2", "given_name": "Ida", "family_name": "Port",
         "sex": "female", "date_of_birth": "2030-01-01", "responsible_la": LA_EALING},
        {"record": "child", "id": "ch-imp-3", "given_name": "Iris", "family_name": "Port",
         "sex": "female", "date_of_birth": "2017-05-05", "responsible_la": LA_WESTMINSTER},
    ]  # fmt: skip
    body = "\n".join(json.dumps(row) for row in rows) + "\n"
    response = client.post(
        "/api/v1/import?format=jsonl",
        content=body.encode(),
        headers={**as_("steward"), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (3, 1, 2)
    assert sorted(error["line"] for error in report["errors"]) == [2, 3]
    assert area.get_child("ch-imp-1").child.given_name == "Ian"
    refused = client.post("/api/v1/import", content=body.encode(), headers=as_("lisa"))
    assert refused.status_code == 403
