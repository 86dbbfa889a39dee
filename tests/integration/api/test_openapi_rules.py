"""/openapi.json tells a client the rules before it sends: every value a request carries is
bounded by a pattern, a format or a list of choices, fields are titled in words, and the date
rules move with the day."""

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import time_machine
from fastapi import FastAPI
from fastapi.testclient import TestClient

FREE_TEXT = {("POST", "/api/v1/import")}
"""A whole file of records: each line is checked and reported on its own."""


def _strings(
    schema: dict[str, Any], where: str, defs: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    for branch in (*schema.get("anyOf", []), *schema.get("oneOf", []), *schema.get("allOf", [])):
        yield from _strings(branch, where, defs)
    if schema.get("type") == "string":
        yield where, schema
    if schema.get("type") == "array":
        yield from _strings(schema.get("items", {}), f"{where}[]", defs)
    for name, child in schema.get("properties", {}).items():
        yield from _strings(child, f"{where}.{name}", defs)


def request_strings(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    defs = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                yield from _strings(parameter["schema"], f"{label} {parameter['name']}", defs)
            if (method.upper(), path) in FREE_TEXT:
                continue
            for content in operation.get("requestBody", {}).get("content", {}).values():
                yield from _strings(content["schema"], f"{label} body", defs)


def test_every_string_a_request_carries_is_bounded(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    strings = list(request_strings(document))
    assert len(strings) > 100
    unbounded = [
        where
        for where, schema in strings
        if not {"pattern", "enum", "const", "format"} & set(schema)
    ]
    assert unbounded == []


def test_the_rules_a_pattern_cannot_say_are_described(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    child = document["components"]["schemas"]["ChildCreate"]["properties"]
    nhs = next(b for b in child["nhs_number"]["anyOf"] if b.get("type") == "string")
    assert nhs["format"] == "nhs-number"
    assert "check digit" in nhs["description"]
    assert nhs["examples"] == ["943 476 5919"]
    assert child["date_of_birth"]["format"] == "date"
    assert "25 years" in child["date_of_birth"]["description"]
    assert child["responsible_la"]["pattern"].startswith("^[Ee](06|07|08|09|10)")
    assert document["components"]["schemas"]["Sex"]["enum"] == ["female", "male", "unspecified"]
    link = document["components"]["schemas"]["CarerLink"]
    assert link["oneOf"] == [{"required": ["carer_id"]}, {"required": ["carer"]}]
    involvement = document["components"]["schemas"]["InvolvementCreate"]
    assert involvement["dependentRequired"] == {"assessment_date": ["assessment_kind"]}


def test_fields_are_titled_in_words_and_parameters_are_never_null(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    child = document["components"]["schemas"]["ChildCreate"]["properties"]
    assert child["nhs_number"]["title"] == "NHS number"
    assert child["date_of_birth"]["title"] == "Date of birth"
    assert child["responsible_la"]["title"] == "Responsible local authority"
    search = document["paths"]["/api/v1/children"]["get"]["parameters"]
    by_name = {p["name"]: p for p in search}
    assert by_name["nhs_number"]["schema"]["title"] == "NHS number"
    assert "check digit" in by_name["nhs_number"]["description"]
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert "anyOf" not in parameter["schema"], parameter
                assert parameter["schema"].get("type") != "null", parameter


def test_the_date_rules_follow_the_day(app: FastAPI, client: TestClient) -> None:
    def birth_pattern() -> str:
        schema = app.openapi()["components"]["schemas"]["ChildCreate"]
        return str(schema["properties"]["date_of_birth"]["pattern"])

    with time_machine.travel(date(2030, 6, 15), tick=False):
        first = birth_pattern()
        assert re.search(first, "2005-06-15")
        assert not re.search(first, "2005-06-14")
    with time_machine.travel(date(2030, 6, 16), tick=False):
        second = birth_pattern()
        assert re.search(second, "2005-06-16")
        assert not re.search(second, "2005-06-15")
