"""Schemathesis over the OpenAPI document, in process, with an authorised token: whatever it
sends, no 5xx, and every response matches the status codes, content types and schemas the
document publishes. Examples per operation are bounded so the suite stays quick."""

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from service.auth.accounts import Accounts, NewAccount
from service.auth.principal import Role
from service.auth.tokens import issue_token
from service.settings import Settings
from service.store.graph_store import GraphStore
from tests.integration.conftest import LA_EALING

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(app: FastAPI, client: TestClient, family: GraphStore) -> Any:
    """The app's own OpenAPI document, called in process (the `client` fixture has run the
    app's start-up, so its engine and audit trail are in place)."""
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture
def fuzzer_headers(
    family: GraphStore, api_settings: Settings, password_hash: str
) -> dict[str, str]:
    """A principal holding every role but admin and practitioner, so most routes answer."""
    roles = {Role.DATA_STEWARD, Role.MASH, Role.MANAGER, Role.SHIELDING_OFFICER, Role.AUDITOR}
    account = Accounts(family).add(
        NewAccount(username="fuzzer", roles=roles, la=LA_EALING), password_hash=password_hash
    )
    token = issue_token(account.principal(), api_settings).access_token
    return {"Authorization": f"Bearer {token}"}


def _contract_holds(operation: Any, headers: dict[str, str], mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def examples(case: Any) -> None:
        sent = dict(case.headers or {})
        sent.update(headers)
        sent.setdefault("X-Access-Reason", "schemathesis contract test")
        case.call_and_validate(headers=sent, checks=CHECKS)

    examples()


# schemathesis' own pytest integration sets pytest's private `Function._nodeid`, which pytest 9
# no longer has; the operations are driven through Hypothesis directly instead.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_its_published_contract(
    api_schema: Any, fuzzer_headers: dict[str, str], mode: GenerationMode
) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        try:
            _contract_holds(operation, fuzzer_headers, mode)
        except Unsatisfiable:
            # an operation without parameters or body has no invalid input to send
            assert mode is GenerationMode.NEGATIVE, operation.label
        except Exception as e:
            raise AssertionError(f"{operation.label}: {e}") from e
