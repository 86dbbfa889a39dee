"""Bad input gets a fitting 4xx naming the field, never a 500: validation (422 with the field
path), oversized bodies (413), unknown ids (404), and Cypher-looking text stored as text."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.auth.principal import Principal
from service.settings import Settings
from service.store.engines import EngineHandle
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import KOFI, VICTORIA, Tokens
from tests.integration.api.test_writes_api import NEW_CHILD
from tests.integration.conftest import LA_EALING

RAW = ("Value error", "String should", "Input should", "Field required", "pattern '", "^[")
"""pydantic's own wording, which no answer may carry (tests/unit/test_problems.py)."""


def fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    for raw in RAW:
        assert raw not in response.text, error
    for detail in error["details"]:
        assert detail["message"] in error["message"]
    return [detail["field"] for detail in error["details"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nhs_number": "1234567890"}, "body.nhs_number"),
        ({"postcode": "NOT A POSTCODE"}, "body.postcode"),
        ({"date_of_birth": "2999-01-01"}, "body.date_of_birth"),
        ({"date_of_birth": "31/01/2019"}, "body.date_of_birth"),
        ({"sex": "x"}, "body.sex"),
        ({"responsible_la": "W06000001"}, "body.responsible_la"),
        ({"given_name": ""}, "body.given_name"),
        ({"given_name": "x" * 101}, "body.given_name"),
        ({"other_names": ["ok", ""]}, "body.other_names.1"),
        ({"id": "has spaces"}, "body.id"),
        ({"favourite_colour": "blue"}, "body.favourite_colour"),
        ({"resident_since": "1900-01-01"}, "body.resident_since"),
    ],
    ids=lambda value: value if isinstance(value, str) else next(iter(value)),
)
def test_each_bad_field_of_a_new_child_is_422_with_its_path(
    area: GraphStore, client: TestClient, as_: Tokens, change: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/children", json={**NEW_CHILD, **change}, headers=as_("steward"))
    assert fields(response) == [field]


def test_a_missing_required_field_is_named(
    area: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = {k: v for k, v in NEW_CHILD.items() if k != "family_name"}
    assert fields(client.post("/api/v1/children", json=body, headers=as_("steward"))) == [
        "body.family_name"
    ]


def test_a_body_that_is_not_json_is_422(area: GraphStore, client: TestClient, as_: Tokens) -> None:
    response = client.post(
        "/api/v1/children",
        content=b"{not json",
        headers={**as_("steward"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", f"/api/v1/children/{KOFI}/involvements",
         {"agency_id": "csc-ealing", "service": "x", "since": "2999-01-01"}, "body.since"),
        ("POST", f"/api/v1/children/{KOFI}/involvements",
         {"agency_id": "csc-ealing", "service": "x", "since": "2024-01-01",
          "assessment_date": "2024-02-01"}, "body"),
        ("POST", f"/api/v1/children/{KOFI}/moves", {"to_la": "nowhere", "date": "2025-01-01"},
         "body.to_la"),
        ("POST", f"/api/v1/children/{KOFI}/carers",
         {"relationship": "mother", "parental_responsibility": True, "lives_with": True},
         "body"),
        ("PATCH", "/api/v1/involvements/inv-sw", {"until": "not a date"}, "body.until"),
        ("PATCH", "/api/v1/involvements/inv-sw", {"clear": ["everything"]}, "body.clear.0"),
        ("POST", "/api/v1/agencies", {"name": "x", "kind": "spaceship", "la": LA_EALING},
         "body.kind"),
        ("POST", "/api/v1/agencies", {"name": "x", "kind": "school", "la": LA_EALING,
                                      "email": "not-an-email"}, "body.email"),
        ("POST", "/api/v1/practitioners", {"given_name": "A", "family_name": "B",
                                           "job_title": "C", "agency_id": "csc-ealing",
                                           "phone": "phone me"}, "body.phone"),
    ],
    ids=["future-since", "assessment-date-alone", "la-code", "no-carer", "until", "clear",
         "kind", "email", "phone"],
)  # fmt: skip
def test_bad_fields_of_other_writes_are_422_with_their_path(
    family: GraphStore,
    client: TestClient,
    as_: Tokens,
    method: str,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    response = client.request(method, path, json=body, headers=as_("steward"))
    assert fields(response) == [field]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("nhs_number=123", "query.nhs_number"),
        ("name=Victoria", "query"),
        ("date_of_birth=2016-03-04", "query"),
        ("name=Victoria&date_of_birth=tomorrow", "query.date_of_birth"),
        ("name=Victoria&date_of_birth=2999-03-04", "query.date_of_birth"),
        ("nhs_number=9434765919&postcode=nowhere", "query.postcode"),
        ("nhs_number=9434765919&limit=21", "query.limit"),
        ("nhs_number=9434765919&cursor=bm90LWEtY3Vyc29y", "query.cursor"),
        (f"name={'x' * 501}&date_of_birth=2016-03-04", "query.name"),
    ],
    ids=["nhs", "name-alone", "dob-alone", "dob-text", "dob-future", "postcode", "limit",
         "cursor", "long-name"],
)  # fmt: skip
def test_bad_search_terms_are_422_naming_the_parameter(
    family: GraphStore, client: TestClient, as_: Tokens, query: str, field: str
) -> None:
    assert fields(client.get(f"/api/v1/children?{query}", headers=as_("lisa"))) == [field]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/api/v1/children/{VICTORIA}/network?depth=4", "query.depth"),
        (f"/api/v1/children/{VICTORIA}/network?depth=0", "query.depth"),
        (f"/api/v1/children/{VICTORIA}/practitioners?limit=0", "query.limit"),
        (f"/api/v1/children/{VICTORIA}/practitioners?cursor=%25%25", "query.cursor"),
        ("/api/v1/children/has%20a%20space", "path.child_id"),
        ("/api/v1/audit?since=yesterday", "query.since"),
    ],
)
def test_bad_parameters_are_422_naming_them(
    family: GraphStore, client: TestClient, as_: Tokens, path: str, field: str
) -> None:
    user = "auditor" if "audit" in path else "lisa"
    assert fields(client.get(path, headers=as_(user))) == [field]


# --- sizes ----------------------------------------------------------------------------------------


@pytest.fixture
def small_client(
    area: GraphStore, api_settings: Settings, accounts: dict[str, Principal]
) -> Iterator[TestClient]:
    settings = api_settings.model_copy(update={"max_body_bytes": 4096})
    app: FastAPI = create_app(settings, handle=EngineHandle(engine=area.engine))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_body_over_the_limit_is_413(area: GraphStore, client: TestClient, as_: Tokens) -> None:
    body = {**NEW_CHILD, "other_names": ["x" * 100] * 20, "padding": "x" * 1_100_000}
    response = client.post("/api/v1/children", json=body, headers=as_("steward"))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_streamed_body_over_the_limit_is_413_without_a_declared_length(
    small_client: TestClient, as_: Tokens
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"given_name": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    response = small_client.post(
        "/api/v1/children",
        content=chunks(),
        headers={**as_("steward"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_body_under_the_limit_passes(small_client: TestClient, as_: Tokens) -> None:
    response = small_client.post("/api/v1/children", json=NEW_CHILD, headers=as_("steward"))
    assert response.status_code == 201


# --- unknown ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/children/ch-nobody", None),
        ("GET", "/api/v1/children/ch-nobody/practitioners", None),
        ("GET", "/api/v1/children/ch-nobody/network", None),
        ("GET", "/api/v1/children/ch-nobody/moves", None),
        ("PATCH", "/api/v1/children/ch-nobody", {"given_name": "X"}),
        ("POST", "/api/v1/children/ch-nobody/shield", None),
        ("PATCH", "/api/v1/involvements/inv-nobody", {"consent": True}),
        ("GET", "/api/v1/practitioners/pr-nobody", None),
        ("GET", "/api/v1/practitioners/pr-nobody/children", None),
        ("GET", "/api/v1/agencies/ag-nobody", None),
    ],
)
def test_unknown_ids_are_404(
    family: GraphStore,
    client: TestClient,
    as_: Tokens,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    user = {"moves": "steward", "shield": "shield", "PATCH": "steward"}
    who = next((u for key, u in user.items() if key in path or key == method), "mash")
    response = client.request(method, path, json=body, headers=as_(who))
    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "not_found"


# --- Cypher-looking text ------------------------------------------------------------------------

HOSTILE = [
    "Robert'); MATCH (n) DETACH DELETE n; //",
    'x"}) MATCH (m) DETACH DELETE m //',
    "$child_id",
    "` OR 1=1 //",
    "{id: 'x'}",
]


def test_cypher_looking_text_is_stored_and_returned_literally(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    before = family.counts()
    body = {**NEW_CHILD, "id": "ch-literal", "given_name": HOSTILE[0], "other_names": HOSTILE[1:]}
    created = client.post("/api/v1/children", json=body, headers=as_("steward"))
    assert created.status_code == 201, created.text
    child = client.get("/api/v1/children/ch-literal", headers=as_("lisa")).json()["child"]
    assert child["given_name"] == HOSTILE[0]
    assert child["other_names"] == HOSTILE[1:]
    after = family.counts()
    assert after["Child"] == before["Child"] + 1
    assert after["Carer"] == before["Carer"]
    found = client.get(
        "/api/v1/children",
        params={"name": HOSTILE[0], "date_of_birth": NEW_CHILD["date_of_birth"]},
        headers=as_("lisa"),
    )
    assert [hit["child"]["id"] for hit in found.json()["items"]] == ["ch-literal"]


@pytest.mark.parametrize("text", HOSTILE)
def test_cypher_looking_search_terms_find_nothing_and_change_nothing(
    family: GraphStore, client: TestClient, as_: Tokens, text: str
) -> None:
    before = family.counts()
    response = client.get(
        "/api/v1/children", params={"name": text, "date_of_birth": "2016-03-04"},
        headers=as_("lisa"),
    )  # fmt: skip
    assert response.status_code == 200
    assert family.counts()["Child"] == before["Child"]
