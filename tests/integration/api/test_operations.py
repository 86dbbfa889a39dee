"""Running it: health without a token, Prometheus metrics by route template, JSON logs with no
personal data in them, rate limits on sign-in and search, and the `users` commands."""

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.api.app import create_app
from service.api.logs import JsonFormatter
from service.auth.principal import Principal
from service.cli import app as cli
from service.settings import Settings
from service.store.engines import EngineHandle
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import PASSWORD, VICTORIA, Tokens
from tests.integration.api.test_writes_api import NEW_CHILD
from tests.integration.conftest import LA_EALING


def test_health_needs_no_token_and_says_all_is_well(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["schema_status"]["ok"] is True


def test_metrics_count_requests_by_route_template(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    for _ in range(3):
        client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa"))
    client.get("/api/v1/children/ch-nobody", headers=as_("lisa"))
    text = client.get("/metrics", headers=as_("admin")).text
    assert (
        'childindex_http_requests_total{method="GET",route="/api/v1/children/{child_id}",'
        'status="200"} 3.0' in text
    )
    assert 'route="/api/v1/children/{child_id}",status="404"} 1.0' in text
    assert "childindex_http_request_duration_seconds_bucket" in text
    assert 'childindex_audit_events_total{outcome="ok"}' in text
    assert VICTORIA not in text


# --- logs -------------------------------------------------------------------------------------

PERSONAL = (
    "Amara",
    "Okafor",
    "2019-09-12",
    "9434765919",
    "W5 1AA",
    "w5 1aa",
    "Victoria",
    "Adjo",
    "2016-03-04",
    "efua@example.org",
    "+447700900123",
)
CLIENT_LOGGERS = ("httpx", "httpcore")
"""The test client's own loggers print the URLs it requests; they are not the service's logs."""


def test_logs_are_json_and_carry_no_personal_data(
    family: GraphStore, client: TestClient, as_: Tokens, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    steward = as_("steward")
    created = client.post("/api/v1/children", json=NEW_CHILD, headers=steward).json()
    child = created["child"]["id"]
    for path in (
        f"/api/v1/children/{child}",
        f"/api/v1/children/{VICTORIA}",
        f"/api/v1/children/{VICTORIA}/practitioners",
        f"/api/v1/children/{VICTORIA}/network?depth=2",
        "/api/v1/children?name=Amara%20Okafor&date_of_birth=2019-09-12&postcode=W5%201AA",
        "/api/v1/children?nhs_number=9434765919",
        "/api/v1/children?nhs_number=9434765918",
    ):
        client.get(path, headers=steward)
    client.patch(f"/api/v1/children/{child}", json={"given_name": "Amarachi"}, headers=steward)
    client.post("/api/v1/children", json={**NEW_CHILD, "postcode": "Okafor"}, headers=steward)
    client.post("/api/v1/children", json={**NEW_CHILD, "id": child}, headers=steward)
    client.post(
        "/api/v1/auth/token", data={"username": "Amara Okafor 2019-09-12", "password": "x" * 12}
    )
    records = [r for r in caplog.records if not r.name.startswith(CLIENT_LOGGERS)]
    assert len([r for r in records if getattr(r, "event", None) == "request"]) >= 11
    formatter = JsonFormatter()
    for record in records:
        line = formatter.format(record)
        json.loads(line)
        text = line + record.getMessage() + repr(record.args) + repr(record.__dict__)
        found = [value for value in PERSONAL if value in text]
        assert found == [], f"{record.name} logged {found}: {line}"
    routes = {getattr(r, "route", None) for r in records}
    assert "/api/v1/children/{child_id}" in routes


# --- rate limits --------------------------------------------------------------------------------


@pytest.fixture
def strict_client(
    area: GraphStore, api_settings: Settings, accounts: dict[str, Principal]
) -> Iterator[TestClient]:
    settings = api_settings.model_copy(
        update={"rate_limit_search": "3/minute", "rate_limit_token": "2/minute"}
    )
    app = create_app(settings, handle=EngineHandle(engine=area.engine))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_searches_over_the_limit_are_429_with_retry_after(
    strict_client: TestClient, as_: Tokens
) -> None:
    search = "/api/v1/children?nhs_number=9434765919"
    statuses = [strict_client.get(search, headers=as_("lisa")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = strict_client.get(search, headers=as_("lisa"))
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert strict_client.get(search, headers=as_("mash")).status_code == 200  # per user


def test_sign_in_attempts_over_the_limit_are_429_even_with_the_right_password(
    strict_client: TestClient,
) -> None:
    form = {"username": "lisa", "password": "wrong password here"}
    assert strict_client.post("/api/v1/auth/token", data=form).status_code == 401
    assert strict_client.post("/api/v1/auth/token", data=form).status_code == 401
    right = strict_client.post("/api/v1/auth/token", data={**form, "password": PASSWORD})
    assert right.status_code == 429
    assert int(right.headers["Retry-After"]) >= 1


# --- the users commands ----------------------------------------------------------------------


@pytest.fixture
def runner(area: GraphStore, engine_dir: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CHILDINDEX_DATA_DIR", str(engine_dir))
    monkeypatch.setenv("CHILDINDEX_GRAPH_NAME", "api")
    return CliRunner()


def test_users_add_list_disable(runner: CliRunner, client: TestClient) -> None:
    added = runner.invoke(
        cli,
        ["users", "add", "Sam.Steward", "--role", "data_steward", "--la", LA_EALING,
         "--password-stdin"],
        input="a long enough password\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "account sam.steward created (data_steward)" in added.output
    form = {"username": "sam.steward", "password": "a long enough password"}
    assert client.post("/api/v1/auth/token", data=form).status_code == 200
    listed = runner.invoke(cli, ["users", "list", "--format", "json"])
    assert listed.exit_code == 0
    [account] = [a for a in json.loads(listed.output) if a["username"] == "sam.steward"]
    assert (account["roles"], account["la"], account["disabled"]) == (
        ["data_steward"],
        LA_EALING,
        False,
    )
    assert "password" not in listed.output
    disabled = runner.invoke(cli, ["users", "disable", "sam.steward"])
    assert disabled.exit_code == 0
    assert client.post("/api/v1/auth/token", data=form).status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lisa", "--role", "mash"], "already exists"),
        (["newbie", "--role", "data_steward"], "give --la"),
        (["newbie", "--role", "practitioner"], "needs --practitioner and --agency"),
        (["newbie", "--role", "practitioner", "--practitioner", "sw-lisa", "--agency",
          "camhs-ealing"], "does not currently work for"),
        (["newbie", "--role", "wizard"], "wizard"),
    ],
    ids=["taken", "no-la", "no-practitioner", "wrong-agency", "unknown-role"],
)  # fmt: skip
def test_users_add_refuses_what_would_not_work(
    runner: CliRunner, accounts: dict[str, Principal], args: list[str], message: str
) -> None:
    result = runner.invoke(
        cli, ["users", "add", *args, "--password-stdin"], input="a long enough password\n"
    )
    assert result.exit_code != 0
    assert message in result.output


def test_users_add_refuses_a_short_password(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["users", "add", "newbie", "--role", "mash", "--password-stdin"], input="short\n"
    )
    assert result.exit_code == 1
    assert "12" in result.output
