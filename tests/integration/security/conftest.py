"""The security suite: every door of the product tried as a hostile insider would (issue 13).

It runs over the API suite's app, accounts and family (re-exported here, so each test gets a
clean graph on every engine the integration suite runs), plus what the attacks need beyond
them: another local authority's records, the shielded child's household, import helpers.
"""

import json
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi.testclient import TestClient

from tests.integration.api.conftest import (  # noqa: F401 - fixtures, re-exported
    Tokens,
    accounts,
    api_settings,
    app,
    as_,
    client,
    falkordb_handle,
    family,
    password_hash,
)


def jsonl(records: Iterable[Mapping[str, Any]]) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode()


def import_as(
    http: TestClient, tokens: Tokens, user: str, records: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """POST /api/v1/import of JSON Lines as `user`; the report (the call must succeed)."""
    response = http.post(
        "/api/v1/import?format=jsonl",
        content=jsonl(records),
        headers={**tokens(user), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report
