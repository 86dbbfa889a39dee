"""Bad input at every door gets a 4xx in words, and engine text never reaches a client
(issue 13, finding 7)."""

import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.errors import EngineError, EngineUnavailable
from service.store.engines.falkor import FalkorEngine
from service.store.engines.neo4j_engine import Neo4jEngine
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import VICTORIA, Tokens
from tests.integration.conftest import LA_EALING
from tests.integration.test_cli import childindex

ENGINE_WORDS = ("FalkorDB", "Neo4j", "errMsg", "redis", "socket", "CYPHER", "MATCH", "Traceback")


def assert_words_not_engine_text(response: Any) -> None:
    text = response.text
    leaked = [word for word in ENGINE_WORDS if word in text]
    assert leaked == [], f"{response.status_code}: {text}"


@pytest.mark.parametrize(
    ("query", "everything"),
    [
        ("since=0001-01-01T00:00:00%2B01:00", True),
        ("until=0001-01-01T00:00:00%2B01:00", False),
        ("since=9999-12-31T23:59:59-01:00", False),
        ("until=9999-12-31T23:59:59-01:00", True),
        ("since=0001-01-01T00:00:00%2B01:00&child_id=ch-victoria", True),
    ],
)
def test_f7_an_audit_period_at_the_ends_of_the_calendar_is_answered(
    family: GraphStore, client: TestClient, as_: Tokens, query: str, everything: bool
) -> None:
    """Issue 13 finding 7: OverflowError in service/audit/log.py, answered 500. A moment that
    leaves the calendar once moved to UTC is its first or last instant: year 1 as `since`
    lists everything, as `until` nothing."""
    client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa"))  # an event to list
    response = client.get(f"/api/v1/audit?{query}", headers=as_("auditor"))
    assert response.status_code == 200, response.text
    assert bool(response.json()["items"]) is everything


@pytest.mark.parametrize("username", ["a\x00b", "\x00", "steward\x00", "x" * 5000])
def test_f7_an_awkward_user_name_at_sign_in_is_refused_in_words(
    family: GraphStore, client: TestClient, username: str
) -> None:
    """Issue 13 finding 7: a user name holding NUL answered 502, quoting the engine's parse
    error."""
    response = client.post("/api/v1/auth/token", data={"username": username, "password": "x"})
    assert response.status_code in (401, 422), response.text
    assert_words_not_engine_text(response)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/children?name=Hope%00Adjo&date_of_birth=2016-03-04",
        "/api/v1/children?nhs_number=94347%0065870",
        "/api/v1/children?name=Hope&date_of_birth=2016-03-04&postcode=W5%002BB",
        "/api/v1/audit?user=a%00b",
        "/api/v1/duplicates?la=E0900%00009",
        "/api/v1/gaps?la=E0900%00009",
    ],
)
def test_f7_a_nul_anywhere_in_a_query_is_a_4xx(
    family: GraphStore, client: TestClient, as_: Tokens, path: str
) -> None:
    user = {"audit": "auditor", "duplicates": "steward", "gaps": "manager"}
    who = next((u for part, u in user.items() if f"/{part}" in path), "lisa")
    response = client.get(path, headers=as_(who))
    assert 400 <= response.status_code < 500, response.text
    assert_words_not_engine_text(response)


def test_f7_a_huge_csv_cell_is_reported_by_line_and_field(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """Issue 13 finding 7: a CSV with a 200 KB cell answered 500."""
    body = (
        "record,id,given_name,family_name,sex,date_of_birth,responsible_la\n"
        f"child,ch-ok,Ola,Bello,female,2018-02-02,{LA_EALING}\n"
        f'child,ch-huge,"{"x" * 200_000}",Bello,female,2018-02-02,{LA_EALING}\n'
        f"child,ch-after,Ada,Bello,female,2018-02-02,{LA_EALING}\n"
    )
    response = client.post(
        "/api/v1/import?format=csv",
        content=body.encode(),
        headers={**as_("steward"), "Content-Type": "text/csv"},
    )
    assert response.status_code in (200, 413, 422), response.text
    assert_words_not_engine_text(response)
    if response.status_code == 200:
        report = response.json()
        [error] = report["errors"]
        assert error["line"] == 3
        assert "longer" in error["message"] or "too long" in error["message"]
        assert family.get_child("ch-ok").child.given_name == "Ola"


def test_f7_the_cli_reports_a_huge_csv_cell_in_one_line(tmp_path: Path) -> None:
    """Issue 13 finding 7: the CLI printed a traceback."""
    data = tmp_path / "huge.csv"
    data.write_text(
        "record,code,name\n"
        f'local_authority,{LA_EALING},"{"x" * 200_000}"\n'
        "local_authority,E09000033,Westminster\n",
        encoding="utf-8",
    )
    try:
        result = childindex(tmp_path / "dd", "import", str(data))
    finally:
        childindex(tmp_path / "dd", "engine", "stop")
    assert result.returncode in (1, 2), result
    assert "Traceback" not in result.stderr, result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("line 2")]
    assert len(problems) == 1, result.stderr


@pytest.mark.parametrize(
    "failure",
    [
        EngineUnavailable(
            "FalkorDB is not answering: Error 111 connecting to unix socket: /tmp/ci-x/engine/"
            "falkordb.sock. Connection refused."
        ),
        EngineError("FalkorDB refused the query: errMsg: Invalid input 'x' CYPHER name=\"Hope\""),
    ],
    ids=["unavailable", "refused"],
)
def test_f7_an_engine_failure_is_told_in_words_without_engine_text(
    family: GraphStore,
    client: TestClient,
    as_: Tokens,
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception,
) -> None:
    """Issue 13 finding 7: 503 bodies quoted the engine's own messages."""

    def broken(self: object, *args: object, **kwargs: object) -> list[Any]:
        raise failure

    engine_type = type(family.engine)
    assert engine_type in (FalkorEngine, Neo4jEngine)
    monkeypatch.setattr(engine_type, "run", broken)

    response = client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa"))

    assert response.status_code in (502, 503), response.text
    assert_words_not_engine_text(response)
    assert "unavailable" in response.json()["error"]["message"]


def test_the_cli_never_prints_a_traceback_for_an_unreadable_file(tmp_path: Path) -> None:
    data = tmp_path / "binary.csv"
    data.write_bytes(b"\xff\xfe\x00garbage")
    result: subprocess.CompletedProcess[str] = childindex(tmp_path / "dd", "import", str(data))
    childindex(tmp_path / "dd", "engine", "stop")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
