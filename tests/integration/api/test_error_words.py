"""Refusals in words a practitioner understands: the field as a form would label it and what is
wrong with it, in the error envelope of DESIGN §5 — never a validator's own text."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.store.graph_store import GraphStore
from tests.integration.api.conftest import VICTORIA, Tokens
from tests.integration.api.test_writes_api import NEW_CHILD


def refusal(response: Any, code: str = "invalid_request") -> dict[str, Any]:
    assert response.status_code == 422, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    return error


def test_a_wrong_nhs_number_check_digit_is_said_in_words(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    error = refusal(client.get("/api/v1/children?nhs_number=9434765871", headers=as_("lisa")))
    assert error["message"] == (
        "NHS number: 943 476 5871 is not a valid NHS number (its check digit does not match)"
    )
    assert error["details"] == [
        {
            "field": "query.nhs_number",
            "label": "NHS number",
            "message": "943 476 5871 is not a valid NHS number (its check digit does not match)",
        }
    ]


def test_an_id_of_the_wrong_shape_says_what_an_id_may_hold(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    error = refusal(client.get("/api/v1/children/has%20spaces", headers=as_("lisa")))
    assert error["message"] == (
        "Child's id: must be letters, digits and _ . : - only (at most 64), starting with a"
        " letter or a digit"
    )


def test_every_problem_of_a_request_is_in_its_one_message(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = {**NEW_CHILD, "sex": "x", "postcode": "nowhere", "date_of_birth": "2999-01-01"}
    error = refusal(client.post("/api/v1/children", json=body, headers=as_("steward")))
    assert error["message"] == (
        "Sex: must be one of female, male or unspecified; Date of birth: 2999-01-01 is in the"
        " future; Postcode: nowhere is not a UK postcode (a postcode looks like W3 6RS)"
    )
    assert [d["label"] for d in error["details"]] == ["sex", "date of birth", "postcode"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/children?name=Victoria",
         "Search by NHS number (nhs_number), or by name and date of birth (name and"
         " date_of_birth)"),
        (f"/api/v1/children/{VICTORIA}/network?depth=4", "Depth: must be 3 or less"),
        (f"/api/v1/children/{VICTORIA}/practitioners?cursor=bm90LWEtY3Vyc29y",
         "Page cursor: not a cursor this service issued"),
        ("/api/v1/gaps?as_of=2999-01-01", "As-of date: 2999-01-01 is in the future"),
        ("/api/v1/gaps?la=W06000001",
         "Local authority: W06000001 is not an English local authority's ONS code (E06, E07,"
         " E08, E09 or E10 and six digits, like E09000009)"),
        ("/api/v1/gaps?rule=NO_SUCH_RULE", "Rule: must be one of "),
    ],
)  # fmt: skip
def test_parameters_are_refused_in_words(
    family: GraphStore, client: TestClient, as_: Tokens, path: str, message: str
) -> None:
    assert refusal(client.get(path, headers=as_("manager")))["message"].startswith(message)


def test_a_body_that_is_not_json_says_so(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    response = client.post(
        "/api/v1/children",
        content=b"{not json",
        headers={**as_("steward"), "Content-Type": "application/json"},
    )
    assert refusal(response)["message"].startswith("The body is not valid JSON (")


def test_a_record_that_does_not_exist_is_named_with_its_field(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = {"given_name": "A", "family_name": "B", "job_title": "C", "agency_id": "ag-nobody"}
    response = client.post("/api/v1/practitioners", json=body, headers=as_("steward"))
    error = refusal(response, code="unknown_reference")
    assert error["message"] == "Agency's id: no agency with id 'ag-nobody'"
    assert error["details"] == [
        {
            "field": "body.agency_id",
            "label": "agency's id",
            "message": "no agency with id 'ag-nobody'",
        }
    ]


def test_a_pair_of_one_child_with_itself_is_refused_in_words(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    response = client.post(
        f"/api/v1/duplicates/{VICTORIA}/{VICTORIA}",
        json={"decision": "reject"},
        headers=as_("steward"),
    )
    error = refusal(response, code="rule_violation")
    assert error["message"] == "A child record cannot be a duplicate of itself"
    assert error["details"][0]["label"] is None
