"""Validation problems in words: each names the field as a person would and says what is wrong,
with none of pydantic's programmer's text."""

from datetime import date
from typing import Any, Literal

import pytest
import time_machine
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph_model.problems import Problem, problem, summary
from graph_model.schemas import CarerLink, ChildCreate, ChildSearch, ChildUpdate, InvolvementCreate
from graph_model.types import NodeId

RAW = ("Value error", "String should", "Input should", "^", "[A-Za-z", "Field required", "type=")
"""pydantic's own wording: none of it may reach a person."""

CHILD = {
    "given_name": "Victoria",
    "family_name": "Adjo",
    "sex": "female",
    "date_of_birth": "2016-03-04",
    "responsible_la": "E09000009",
}


def problems_of(model: type[BaseModel], data: dict[str, Any]) -> list[Problem]:
    with time_machine.travel(date(2026, 6, 1), tick=False):
        try:
            model.model_validate(data)
        except ValidationError as e:
            return [problem(error) for error in e.errors()]
    raise AssertionError("the data was accepted")


def only(model: type[BaseModel], data: dict[str, Any]) -> Problem:
    [found] = problems_of(model, data)
    for raw in RAW:
        assert raw not in found.sentence(), found
    return found


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"nhs_number": "9434765871"},
         "NHS number: 943 476 5871 is not a valid NHS number (its check digit does not match)"),
        ({"nhs_number": "12345"},
         "NHS number: 12345 is not a valid NHS number (it must have 10 digits)"),
        ({"postcode": "NOT A POSTCODE"},
         "Postcode: NOT A POSTCODE is not a UK postcode (a postcode looks like W3 6RS)"),
        ({"date_of_birth": "2999-01-01"}, "Date of birth: 2999-01-01 is in the future"),
        ({"date_of_birth": "31/01/2019"},
         "Date of birth: must be a date written year-month-day, like 2016-03-04"),
        ({"sex": "x"}, "Sex: must be one of female, male or unspecified"),
        ({"given_name": ""}, "Given name: must not be empty"),
        ({"given_name": "x" * 101}, "Given name: must have at most 100 characters (this has 101)"),
        ({"other_names": ["Anna", "Ann\x00a"]},
         "Other name 2: contains an invisible or control character (U+0000), perhaps from copying"
         " and pasting: type it again"),
        ({"id": "has spaces"},
         "Id: must be letters, digits and _ . : - only (at most 64), starting with a letter or a"
         " digit"),
        ({"responsible_la": "W06000001"},
         "Responsible local authority: W06000001 is not an English local authority's ONS code"
         " (E06, E07, E08, E09 or E10 and six digits, like E09000009)"),
        ({"favourite_colour": "blue"}, "Favourite colour: not a field this request takes"),
        ({"other_names": ["a"] * 21}, "Other names: must have at most 20 items"),
        ({"upn": "A801200005001"},
         "Unique pupil number: A801200005001 is not a valid unique pupil number (its check letter"
         " does not match)"),
    ],
    ids=lambda v: v if isinstance(v, str) else next(iter(v)),
)  # fmt: skip
def test_a_new_child_s_problem_in_words(change: dict[str, Any], sentence: str) -> None:
    assert only(ChildCreate, {**CHILD, **change}).sentence() == sentence


def test_a_missing_field_is_required() -> None:
    found = only(ChildCreate, {k: v for k, v in CHILD.items() if k != "family_name"})
    assert (found.field, found.label, found.message) == ("family_name", "family name", "required")


def test_a_rule_over_the_whole_request_has_no_label() -> None:
    found = only(ChildSearch, {"name": "Victoria"})
    assert found.label is None
    assert found.sentence() == (
        "Search by NHS number (nhs_number), or by name and date of birth (name and date_of_birth)"
    )


def test_a_nested_field_is_named_with_its_parent() -> None:
    link = {
        "relationship": "mother",
        "parental_responsibility": True,
        "lives_with": True,
        "carer": {"given_name": "Efua", "family_name": "Adjo", "phone": "phone me"},
    }
    found = only(CarerLink, link)
    assert found.field == "carer.phone"
    assert found.label == "carer's phone"
    assert found.message.startswith("is not a telephone number")


def test_an_optional_field_that_may_not_be_emptied_names_one_problem_not_one_per_branch() -> None:
    found = only(ChildUpdate, {"date_of_birth": "2000-01-01"})
    assert found.sentence() == (
        "Date of birth: 2000-01-01 is more than 25 years ago: the index holds children and care"
        " leavers"
    )


def test_an_assessment_date_without_its_kind_says_so() -> None:
    involvement = {"agency_id": "gp", "service": "x", "since": "2024-01-01"}
    found = only(InvolvementCreate, {**involvement, "assessment_date": "2024-02-01"})
    assert "needs the kind of assessment" in found.sentence()


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid")
    depth: int = Field(ge=1, le=3)
    child: NodeId
    order: Literal["newest", "oldest"] = "newest"
    when: date | None = None
    archived: bool = False


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ({"depth": 4}, "Depth: must be 3 or less"),
        ({"depth": 0}, "Depth: must be 1 or more"),
        ({"depth": "deep"}, "Depth: must be a whole number"),
        ({"order": "random"}, "Order: must be one of newest or oldest"),
        ({"archived": "perhaps"}, "Archived: must be true or false"),
        ({"child": ["x"]}, "Child's id: must be text"),
    ],
)
def test_numbers_choices_and_kinds_in_words(data: dict[str, Any], sentence: str) -> None:
    found = only(Query, {"depth": 1, "child": "ch-1", **data})
    assert found.sentence().replace("Child: ", "Child's id: ") == sentence


def test_an_api_location_names_the_field_not_where_it_came_from() -> None:
    found = problem({"loc": ("query", "nhs_number"), "type": "missing", "msg": "Field required"})
    assert (found.field, found.sentence()) == ("query.nhs_number", "NHS number: required")
    header = problem(
        {"loc": ("header", "X-Access-Reason"), "type": "string_too_long", "msg": "…",
         "ctx": {"max_length": 500}}
    )  # fmt: skip
    assert header.sentence() == (
        "Reason for access (X-Access-Reason): must have at most 500 characters"
    )
    body = problem({"loc": ("body",), "type": "missing", "msg": "Field required"})
    assert body.sentence() == "The request needs a body"
    broken = problem(
        {"loc": ("body", 12), "type": "json_invalid", "msg": "JSON decode error",
         "ctx": {"error": "Expecting value"}}
    )  # fmt: skip
    assert broken.sentence() == "The body is not valid JSON (Expecting value)"


def test_a_pattern_the_module_does_not_know_is_described_in_words_or_by_a_given_rule() -> None:
    error = {
        "loc": ("query", "user"),
        "type": "string_pattern_mismatch",
        "msg": "String should match pattern '^[a-z]+$'",
        "ctx": {"pattern": "^[a-z]+$"},
    }
    assert problem(error).sentence() == "User name: is not in the form this field takes"
    assert problem(error, {"^[a-z]+$": "lower-case letters"}).sentence() == (
        "User name: must be lower-case letters"
    )


def test_the_summary_joins_every_problem() -> None:
    found = problems_of(ChildCreate, {**CHILD, "sex": "x", "postcode": "nowhere"})
    assert summary(found) == (
        "Sex: must be one of female, male or unspecified; Postcode: nowhere is not a UK postcode"
        " (a postcode looks like W3 6RS)"
    )
