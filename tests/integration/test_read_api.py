"""The read API over a real engine: health, a child's record, who else, network, search,
caseload; errors in the one shape; ids that look like Cypher are refused and run nothing."""

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from graph_model.enums import CarerRelationship, Sex
from graph_model.schemas import (
    CarerCreate,
    CarerLink,
    ChildCreate,
    InvolvementCreate,
    InvolvementUpdate,
)
from service.api.app import create_app
from service.auth.accounts import Accounts, NewAccount
from service.auth.passwords import hash_password
from service.auth.principal import Role
from service.policy import REASON_HEADER
from service.settings import Environment, Settings
from service.store.engines import EngineHandle
from service.store.engines.base import Row
from service.store.graph_store import GraphStore
from tests.integration.conftest import LA_EALING

CHILD = "ch-victoria"
DOB = date(2016, 3, 4)
USER = "mash-officer"
PASSWORD = "correct horse battery staple"
PASSWORD_HASH = hash_password(PASSWORD)  # once: hashing is slow on purpose
REASON = {REASON_HEADER: "integration test of the read API"}

HOSTILE_IDS = [
    "x'}) DETACH DELETE (n",
    'x"}) MATCH (m) DETACH DELETE m //',
    "$child_id",
    "` OR 1=1 //",
]
DOMAIN_LABELS = {"Child", "Carer", "Practitioner", "Agency", "LocalAuthority"}


def domain_dump(store: GraphStore) -> tuple[list[Row], list[Row]]:
    """Children, carers, services and places with their edges: what a read must never change
    (reads do append to the audit trail, which lives in the same graph)."""
    nodes, edges = store.dump()
    return [n for n in nodes if n["label"] in DOMAIN_LABELS], edges


@pytest.fixture
def client(area: GraphStore) -> Iterator[TestClient]:
    """The app over the test engine (it opens no engine of its own), signed in as a MASH
    officer, who may read any child's record, network and caseloads with a reason."""
    Accounts(area).add(
        NewAccount(username=USER, roles=frozenset({Role.MASH})), password_hash=PASSWORD_HASH
    )
    app = create_app(
        Settings(graph_name="test", environment=Environment.DEVELOPMENT),
        handle=EngineHandle(engine=area.engine),
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        signed_in = test_client.post(
            "/api/v1/auth/token", data={"username": USER, "password": PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text
        token = signed_in.json()["access_token"]
        test_client.headers.update({"Authorization": f"Bearer {token}", **REASON})
        yield test_client


@pytest.fixture
def family(area: GraphStore) -> GraphStore:
    """Victoria: a mother, a social worker (lead), a GP registration that has ended."""
    area.create_child(
        ChildCreate(
            id=CHILD,
            given_name="Victoria",
            family_name="Adjo",
            other_names=["Anna Kouao"],
            sex=Sex.FEMALE,
            date_of_birth=DOB,
            responsible_la=LA_EALING,
            resident_since=date(2020, 1, 1),
        )
    )
    area.link_carer(
        CHILD,
        CarerLink(
            carer=CarerCreate(id="cr-mother", given_name="Ama", family_name="Adjo"),
            relationship=CarerRelationship.MOTHER,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    area.record_involvement(
        CHILD,
        InvolvementCreate(
            id="inv-sw",
            practitioner_id="sw-lisa",
            agency_id="csc-ealing",
            service="child in need plan",
            since=date(2024, 5, 2),
            lead_professional=True,
        ),
    )
    area.record_involvement(
        CHILD,
        InvolvementCreate(
            id="inv-gp", agency_id="gp-acton", service="registered patient", since=date(2020, 1, 6)
        ),
    )
    area.update_involvement("inv-gp", InvolvementUpdate(until=date(2024, 1, 31)))
    return area


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The error body in its one shape; returns `body["error"]`."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"]
    assert isinstance(error["details"], list)
    return error


def fields_of(error: dict[str, Any]) -> list[str]:
    return [str(detail["field"]) for detail in error["details"]]


# --- health -----------------------------------------------------------------------------------


def test_health_says_the_engine_and_schema_are_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["engine_ok"] is True
    assert body["schema_status"] == {"ok": True, "missing": []}


# --- child record and who else ----------------------------------------------------------------


def test_get_child_record(family: GraphStore, client: TestClient) -> None:
    response = client.get(f"/api/v1/children/{CHILD}")
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["child"]["id"] == CHILD
    assert record["child"]["other_names"] == ["Anna Kouao"]
    assert record["child"]["date_of_birth"] == "2016-03-04"
    assert [c["carer"]["id"] for c in record["carers"]] == ["cr-mother"]
    assert record["carers"][0]["relationship"] == "mother"
    assert record["current_la"] == LA_EALING
    assert [(r["la"], r["since"], r["until"]) for r in record["residence"]] == [
        (LA_EALING, "2020-01-01", None)
    ]
    assert {i["id"] for i in record["involvements"]} == {"inv-sw", "inv-gp"}


def test_get_child_record_of_a_child_nobody_works_with(
    area: GraphStore, client: TestClient
) -> None:
    area.create_child(
        ChildCreate(
            id="ch-alone",
            given_name="Anna",
            family_name="Kouao",
            sex=Sex.FEMALE,
            date_of_birth=DOB,
            responsible_la=LA_EALING,
        )
    )
    response = client.get("/api/v1/children/ch-alone")
    assert response.status_code == 200, response.text
    assert response.json()["involvements"] == []


def test_who_else_lists_current_involvements_with_contacts(
    family: GraphStore, client: TestClient
) -> None:
    response = client.get(f"/api/v1/children/{CHILD}/practitioners")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] is None
    [entry] = body["items"]
    assert entry["id"] == "inv-sw"
    assert entry["source"] == "practitioner"
    assert entry["practitioner"]["given_name"] == "Lisa"
    assert entry["practitioner"]["email"] == "lisa.a@ealing.example.org"
    assert entry["agency"]["name"] == "Ealing Children's Social Care"
    assert entry["agency"]["phone"] == "+442080000000"
    assert entry["service"] == "child in need plan"
    assert entry["since"] == "2024-05-02"
    assert entry["lead_professional"] is True


def test_who_else_with_ended_involvements(family: GraphStore, client: TestClient) -> None:
    response = client.get(
        f"/api/v1/children/{CHILD}/practitioners", params={"include_ended": "true"}
    )
    assert response.status_code == 200, response.text
    items = {i["id"]: i for i in response.json()["items"]}
    assert set(items) == {"inv-sw", "inv-gp"}
    assert items["inv-gp"]["until"] == "2024-01-31"
    assert items["inv-gp"]["practitioner"] is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/children/{id}",
        "/api/v1/children/{id}/practitioners",
        "/api/v1/children/{id}/network",
    ],
)
def test_unknown_child_is_404_in_the_error_shape(client: TestClient, path: str) -> None:
    error = assert_error(client.get(path.format(id="ch-nobody")), 404, "not_found")
    assert "ch-nobody" in str(error["message"])


# --- network ----------------------------------------------------------------------------------


def test_network_of_a_child(family: GraphStore, client: TestClient) -> None:
    response = client.get(f"/api/v1/children/{CHILD}/network", params={"depth": 1})
    assert response.status_code == 200, response.text
    network = response.json()
    assert network["child_id"] == CHILD
    assert network["depth"] == 1
    kinds = {n["id"]: n["kind"] for n in network["nodes"]}
    assert kinds == {
        CHILD: "child",
        "cr-mother": "carer",
        "sw-lisa": "practitioner",
        "csc-ealing": "agency",
        "gp-acton": "agency",
        LA_EALING: "local_authority",
    }
    current = {(e["source"], e["type"]): e["current"] for e in network["edges"]}
    assert current[("gp-acton", "INVOLVED_WITH")] is False
    assert current[("sw-lisa", "INVOLVED_WITH")] is True


@pytest.mark.parametrize("depth", ["0", "4", "two"])
def test_network_depth_out_of_range_is_422_naming_depth(
    family: GraphStore, client: TestClient, depth: str
) -> None:
    response = client.get(f"/api/v1/children/{CHILD}/network", params={"depth": depth})
    error = assert_error(response, 422, "invalid_request")
    assert any("depth" in field for field in fields_of(error)), error


# --- search -----------------------------------------------------------------------------------


def test_search_by_name_and_date_of_birth(family: GraphStore, client: TestClient) -> None:
    response = client.get(
        "/api/v1/children", params={"name": "Anna Kouao", "date_of_birth": DOB.isoformat()}
    )
    assert response.status_code == 200, response.text
    [hit] = response.json()["items"]
    assert hit["child"]["id"] == CHILD
    assert "name" in hit["matched_on"]
    assert 0 < hit["score"] <= 1


def test_search_with_no_match_is_an_empty_list(family: GraphStore, client: TestClient) -> None:
    response = client.get(
        "/api/v1/children", params={"name": "Peter Connelly", "date_of_birth": DOB.isoformat()}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize(
    "params",
    [{}, {"name": "Anna Kouao"}, {"date_of_birth": "2016-03-04"}, {"postcode": "W3 6NB"}],
    ids=["nothing", "name-only", "dob-only", "postcode-only"],
)
def test_search_without_enough_criteria_is_422_saying_what_is_needed(
    client: TestClient, params: dict[str, str]
) -> None:
    error = assert_error(client.get("/api/v1/children", params=params), 422, "invalid_request")
    said = " ".join(str(detail["message"]) for detail in error["details"])
    assert "nhs_number" in said
    assert "date_of_birth" in said


def test_search_with_an_invalid_nhs_number_is_422_naming_it(client: TestClient) -> None:
    error = assert_error(
        client.get("/api/v1/children", params={"nhs_number": "1234567890"}), 422, "invalid_request"
    )
    assert any("nhs_number" in field for field in fields_of(error)), error


# --- caseload ---------------------------------------------------------------------------------


def test_caseload_of_a_practitioner(family: GraphStore, client: TestClient) -> None:
    response = client.get("/api/v1/practitioners/sw-lisa/children")
    assert response.status_code == 200, response.text
    [entry] = response.json()["items"]
    assert entry["child_id"] == CHILD
    assert entry["involvement_id"] == "inv-sw"
    assert entry["lead_professional"] is True


def test_caseload_of_an_unknown_practitioner_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/v1/practitioners/nobody/children"), 404, "not_found")


# --- ids that look like Cypher ------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_cypher_looking_ids_are_refused_and_change_nothing(
    family: GraphStore, client: TestClient, hostile: str
) -> None:
    before = domain_dump(family)
    segment = quote(hostile, safe="")
    for path, field in (
        (f"/api/v1/children/{segment}", "child_id"),
        (f"/api/v1/children/{segment}/practitioners", "child_id"),
        (f"/api/v1/children/{segment}/network", "child_id"),
        (f"/api/v1/practitioners/{segment}/children", "practitioner_id"),
    ):
        response = client.get(path)
        if "/" in hostile and response.status_code == 404:
            # %2F is decoded before routing (and a trailing slash redirected): no route
            # matches, so nothing is looked up
            assert_error(response, 404, "not_found")
            continue
        error = assert_error(response, 422, "invalid_request")
        assert any(field in f for f in fields_of(error)), error
    response = client.get(
        "/api/v1/children", params={"name": hostile, "date_of_birth": "2016-03-04"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []
    assert domain_dump(family) == before


# --- sign-in and reasons ------------------------------------------------------------------------


def test_reads_without_a_token_are_401(family: GraphStore, client: TestClient) -> None:
    response = client.get(f"/api/v1/children/{CHILD}", headers={"Authorization": ""})
    assert_error(response, 401, "unauthorised")


def test_reads_without_a_reason_are_400(family: GraphStore, client: TestClient) -> None:
    del client.headers[REASON_HEADER]
    error = assert_error(client.get(f"/api/v1/children/{CHILD}"), 400, "reason_required")
    assert REASON_HEADER in str(error["message"])
