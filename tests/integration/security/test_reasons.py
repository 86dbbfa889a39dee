"""The access reason is a reason (issue 13, finding 11): at least 10 characters once runs of
white space count as one, and more than one repeated character or punctuation."""

import pytest
from fastapi.testclient import TestClient

from service.store.graph_store import GraphStore
from tests.integration.api.conftest import VICTORIA, Tokens


@pytest.mark.parametrize(
    "reason",
    [
        "x" + " " * 20 + "x",
        "a \t b \t c \t d",
        "..........",
        "----------------",
        "aaaaaaaaaaaa",
        "a a a a a a a a",
        "123456789",
        "         .",
    ],
)
def test_f11_padding_and_filler_do_not_make_a_reason(
    family: GraphStore, client: TestClient, as_: Tokens, reason: str
) -> None:
    """Issue 13 finding 11: `x` + 20 spaces + `x` passed the 10-character rule."""
    response = client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa", reason=reason))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "reason_required"
    assert "10 characters" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "reason", ["s47 strategy", "GP called in", "1234567890", "child  in   need"]
)
def test_a_short_real_reason_is_enough(
    family: GraphStore, client: TestClient, as_: Tokens, reason: str
) -> None:
    response = client.get(f"/api/v1/children/{VICTORIA}", headers=as_("lisa", reason=reason))
    assert response.status_code == 200, response.text
