"""The token door (issue 13, finding 4): outside the demo and the tests the service runs as
production and will not start without a strong signing secret, and a local account's roles,
local authority, practitioner and agency come from the account store, never from the token.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import LiteralString

import jwt
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.auth.principal import Principal, Role
from service.settings import DEVELOPMENT_JWT_SECRET, Environment, Settings
from service.store.engines import EmbeddedServer, EngineHandle
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import SECRET, WEST, Tokens
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER
from tests.integration.test_cli import COMMAND

REPO = Path(__file__).resolve().parents[3]
SET_ROLES: LiteralString = "MATCH (a:Account {id: $id}) SET a.roles = $roles, a.la = $la"
DELETE_ACCOUNT: LiteralString = "MATCH (a:Account {id: $id}) DETACH DELETE a"


def forged(username: str, secret: str, **claims: object) -> dict[str, str]:
    """A bearer header for a token signed with `secret`, claiming whatever it is given."""
    now = datetime.now(UTC)
    body = {
        "iss": "childindex", "aud": "childindex-api", "sub": username, "iat": now, "nbf": now,
        "exp": now + timedelta(minutes=5), **claims,
    }  # fmt: skip
    token = jwt.encode(body, secret, algorithm="HS256")
    return {"Authorization": f"Bearer {token}", "X-Access-Reason": "checking the token door"}


# --- production by default ------------------------------------------------------------------------


def test_f4_production_is_the_default_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13 finding 4: the Dockerfile ran with no CHILDINDEX_ENVIRONMENT, which meant
    development, where the built-in secret signs tokens."""
    monkeypatch.delenv("CHILDINDEX_ENVIRONMENT", raising=False)
    monkeypatch.delenv("CHILDINDEX_JWT_SECRET", raising=False)
    assert Settings().environment is Environment.PRODUCTION


@pytest.mark.parametrize(
    "secret",
    [None, DEVELOPMENT_JWT_SECRET, "short-secret", " " * 40],
    ids=["none", "built-in", "short", "blank"],
)
def test_f4_the_app_will_not_start_in_production_without_a_strong_secret(
    secret: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHILDINDEX_JWT_SECRET", raising=False)
    given = {"jwt_secret": secret} if secret is not None else {}
    settings = Settings(environment=Environment.PRODUCTION, **given)  # type: ignore[arg-type]
    with pytest.raises(Exception, match="CHILDINDEX_JWT_SECRET"):
        create_app(settings)


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="ci-tok-"))
    try:
        yield path
    finally:
        EmbeddedServer(path).stop()
        shutil.rmtree(path, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_f4_serve_refuses_to_start_without_a_secret_in_one_line(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHILDINDEX_")}
    started = time.monotonic()
    try:
        result = subprocess.run(
            [*COMMAND, "--data-dir", str(data_dir), "serve", "--port", str(free_port())],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("serve started without a signing secret (still running after 60 s)")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "CHILDINDEX_JWT_SECRET" in lines[0]
    assert time.monotonic() - started < 60
    assert not EmbeddedServer(data_dir).status().running, "no engine is left running"


def test_f4_the_container_runs_in_production_and_requires_the_secret() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.search(r"^ENV .*CHILDINDEX_ENVIRONMENT=production", dockerfile, re.M), dockerfile
    compose = (REPO / "docker-compose.yml").read_text()
    assert "CHILDINDEX_ENVIRONMENT: production" in compose
    assert re.search(r"CHILDINDEX_JWT_SECRET: \$\{CHILDINDEX_JWT_SECRET:\?", compose)


# --- the account store decides, not the token -----------------------------------------------------


def test_f4_a_token_claiming_other_roles_gets_the_accounts_own(
    family: GraphStore, client: TestClient
) -> None:
    """A token signed with the service's secret but claiming roles and an area the account
    does not have: the account's own are used."""
    headers = forged(
        "lisa", SECRET, roles=["data_steward", "shielding_officer", "auditor"], la=LA_WESTMINSTER
    )

    me = client.get("/api/v1/me", headers=headers)

    assert me.status_code == 200, me.text
    assert me.json()["roles"] == ["practitioner"]
    assert me.json()["la"] is None
    assert me.json()["practitioner_id"] == "sw-lisa"
    assert client.get("/api/v1/audit", headers=headers).status_code == 403
    patched = client.patch(f"/api/v1/children/{WEST}", json={"given_name": "X"}, headers=headers)
    assert patched.status_code == 403


def test_f4_a_token_with_no_claims_at_all_still_acts_as_the_account(
    family: GraphStore, client: TestClient
) -> None:
    me = client.get("/api/v1/me", headers=forged("steward", SECRET))
    assert me.status_code == 200, me.text
    assert (me.json()["roles"], me.json()["la"]) == (["data_steward"], LA_EALING)


def test_f4_a_token_for_a_deleted_account_is_401(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    headers = as_("steward")
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    family.engine.run(DELETE_ACCOUNT, {"id": "steward"}, write=True)
    time.sleep(1.2)  # past the account cache
    assert client.get("/api/v1/me", headers=headers).status_code == 401


@pytest.fixture
def quick_client(
    family: GraphStore, api_settings: Settings, accounts: dict[str, Principal]
) -> Iterator[TestClient]:
    """The app with its account cache at 0.2 s, so a test can wait past it."""
    settings = api_settings.model_copy(update={"account_cache_seconds": 0.2})
    app = create_app(settings, handle=EngineHandle(engine=family.engine))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_f4_a_role_change_is_honoured_once_the_cache_has_passed(
    family: GraphStore, quick_client: TestClient, as_: Tokens
) -> None:
    headers = as_("steward")  # signed while the account was a steward of Ealing
    assert quick_client.get("/api/v1/me", headers=headers).json()["roles"] == ["data_steward"]
    family.engine.run(
        SET_ROLES, {"id": "steward", "roles": [Role.AUDITOR.value], "la": None}, write=True
    )
    time.sleep(0.3)

    me = quick_client.get("/api/v1/me", headers=headers).json()

    assert (me["roles"], me["la"]) == (["auditor"], None)
    refused = quick_client.patch(
        f"/api/v1/children/{WEST}", json={"given_name": "X"}, headers=headers
    )
    assert refused.status_code == 403


def test_f4_a_disabled_account_is_refused_once_the_cache_has_passed(
    family: GraphStore, quick_client: TestClient, as_: Tokens
) -> None:
    headers = as_("steward")
    assert quick_client.get("/api/v1/me", headers=headers).status_code == 200
    from service.auth.accounts import Accounts

    Accounts(family).set_disabled("steward", True)
    time.sleep(0.3)
    assert quick_client.get("/api/v1/me", headers=headers).status_code == 401
