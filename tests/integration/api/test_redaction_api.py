"""Redaction through the real app, on every endpoint that returns child data: nothing of a
shielded child's address or contacts, nor of a sensitive service, reaches those who may not see
it — checked on the raw JSON, so a leak in any field or any shape is caught."""

from datetime import date

import pytest
from fastapi.testclient import TestClient

from graph_model.enums import CarerRelationship, Sex
from graph_model.schemas import CarerLink, ChildCreate
from service.api.models import SENSITIVE_NOTICE
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import (
    SHIELDED,
    SHIELDED_NHS,
    SHIELDED_POSTCODE,
    SHIELDED_SECRETS,
    USERS,
    VICTORIA,
    Tokens,
)
from tests.integration.conftest import LA_EALING

SIBLING = "ch-sibling"
SENSITIVE_WORDS = ("camhs", "ravi", "eating disorder", "inv-camhs")


@pytest.fixture
def household(family: GraphStore) -> GraphStore:
    """An unshielded sibling living with the shielded child's guardian."""
    family.create_child(
        ChildCreate(
            id=SIBLING,
            given_name="Faith",
            family_name="Adjo",
            sex=Sex.FEMALE,
            date_of_birth=date(2018, 7, 1),
            responsible_la=LA_EALING,
        )
    )
    family.link_carer(
        SIBLING,
        CarerLink(
            carer_id="cr-guardian",
            relationship=CarerRelationship.SPECIAL_GUARDIAN,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    return family


SHIELDED_READS = [
    f"/api/v1/children/{SHIELDED}",
    f"/api/v1/children/{SHIELDED}/practitioners",
    f"/api/v1/children/{SHIELDED}/practitioners?include_ended=true",
    f"/api/v1/children/{SHIELDED}/network?depth=1",
    f"/api/v1/children/{SHIELDED}/network?depth=3",
    f"/api/v1/children/{SHIELDED}/moves",
    f"/api/v1/children/{SIBLING}",
    f"/api/v1/children/{SIBLING}/network?depth=2",
    f"/api/v1/children?name=Hope%20Adjo&date_of_birth=2016-03-04&postcode={SHIELDED_POSTCODE}",
    f"/api/v1/children?nhs_number={SHIELDED_NHS}",
    "/api/v1/practitioners/sw-lisa/children",
]


def responses(client: TestClient, as_: Tokens, user: str, paths: list[str]) -> dict[str, str]:
    texts = {}
    for path in paths:
        response = client.get(path, headers=as_(user))
        assert response.status_code in (200, 403), (user, path, response.text)
        texts[path] = response.text
    return texts


@pytest.mark.parametrize("user", sorted(set(USERS) - {"shield"}))
def test_no_shielded_address_or_contact_reaches_anyone_but_the_shielding_officer(
    household: GraphStore, client: TestClient, as_: Tokens, user: str
) -> None:
    for path, text in responses(client, as_, user, SHIELDED_READS).items():
        leaked = [secret for secret in SHIELDED_SECRETS if secret in text]
        assert leaked == [], f"{user} saw {leaked} at {path}"
        assert "refuge" not in text, f"{user} saw the shielded child's service at {path}"


def test_the_shielding_officer_of_the_responsible_area_sees_it_all(
    household: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """The control: the same reads do carry the secrets to the one who may see them."""
    texts = responses(client, as_, "shield", SHIELDED_READS[:5])
    seen = "".join(texts.values())
    for secret in (SHIELDED_POSTCODE, SHIELDED_NHS, "+447700900456", "guardian@example.org"):
        assert secret in seen
    assert "refuge" in seen


def test_a_shielded_record_says_what_is_withheld_and_whom_to_ask(
    household: GraphStore, client: TestClient, as_: Tokens
) -> None:
    body = client.get(f"/api/v1/children/{SHIELDED}", headers=as_("lisa")).json()
    assert body["child"]["given_name"] == "Hope"
    assert body["child"]["date_of_birth"] == "2016-03-04"
    assert body["carers"][0]["carer"]["given_name"] == "Grace"
    assert body["involvements"] == []
    assert body["residence"] == []
    assert body["contact"] == {
        "la": LA_EALING,
        "name": "Ealing",
        "phone": "+442088255000",
        "email": None,
    }
    assert "address" in body["withheld"]
    who = client.get(f"/api/v1/children/{SHIELDED}/practitioners", headers=as_("lisa")).json()
    assert who["withheld"] is True
    assert who["items"] == []
    assert who["contact"]["la"] == LA_EALING


def test_search_finds_a_shielded_child_without_confirming_its_postcode(
    household: GraphStore, client: TestClient, as_: Tokens
) -> None:
    # a misspelt name scores under 1, so a postcode bonus would show in the score
    path = "/api/v1/children?name=Hope%20Adjoa&date_of_birth=2016-03-04"

    def hits(user: str, postcode: str | None) -> list[dict[str, object]]:
        query = f"{path}&postcode={postcode}" if postcode else path
        found: list[dict[str, object]] = client.get(query, headers=as_(user)).json()["items"]
        assert [hit["child"]["id"] for hit in found] == [SHIELDED]  # type: ignore[index]
        return found

    for_lisa = hits("lisa", SHIELDED_POSTCODE)
    assert "postcode" not in for_lisa[0]["matched_on"]  # type: ignore[operator]
    assert for_lisa[0]["score"] == hits("lisa", None)[0]["score"]
    for_officer = hits("shield", SHIELDED_POSTCODE)
    assert "postcode" in for_officer[0]["matched_on"]  # type: ignore[operator]
    assert for_officer[0]["score"] > hits("shield", None)[0]["score"]  # type: ignore[operator]


# --- sensitive services -------------------------------------------------------------------------

SENSITIVE_READS = [
    f"/api/v1/children/{VICTORIA}",
    f"/api/v1/children/{VICTORIA}/practitioners",
    f"/api/v1/children/{VICTORIA}/practitioners?include_ended=true",
    f"/api/v1/children/{VICTORIA}/network?depth=1",
    f"/api/v1/children/{VICTORIA}/network?depth=2",
    "/api/v1/practitioners/camhs-ravi/children",
]


@pytest.mark.parametrize("user", sorted(set(USERS) - {"ravi"}))
def test_a_sensitive_service_is_anonymous_outside_its_agency(
    family: GraphStore, client: TestClient, as_: Tokens, user: str
) -> None:
    for path, text in responses(client, as_, user, SENSITIVE_READS).items():
        lowered = text.lower()
        leaked = [word for word in SENSITIVE_WORDS if word in lowered]
        assert leaked == [], f"{user} saw {leaked} at {path}"


def test_the_anonymous_entry_says_to_ask_the_index_team(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    items = client.get(f"/api/v1/children/{VICTORIA}/practitioners", headers=as_("lisa")).json()[
        "items"
    ]
    anonymous = [item for item in items if item["redacted"]]
    assert len(anonymous) == 1
    assert anonymous[0]["notice"] == SENSITIVE_NOTICE
    assert anonymous[0]["contact"]["la"] == LA_EALING
    assert anonymous[0]["agency"] is None
    assert anonymous[0]["practitioner"] is None
    named = [item["agency"]["id"] for item in items if not item["redacted"]]
    assert sorted(named) == ["csc-ealing", "gp-acton"]


def test_the_same_agency_sees_the_sensitive_service_and_consent_opens_it_to_all(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    path = f"/api/v1/children/{VICTORIA}/practitioners"
    assert "eating disorder" in client.get(path, headers=as_("ravi")).text
    assert "eating disorder" not in client.get(path, headers=as_("lisa")).text
    consent = client.patch(
        "/api/v1/involvements/inv-camhs", json={"consent": True}, headers=as_("ravi")
    )
    assert consent.status_code == 200, consent.text
    assert "eating disorder" in client.get(path, headers=as_("lisa")).text


def test_a_created_or_edited_shielded_record_comes_back_redacted_to_its_steward(
    family: GraphStore, client: TestClient, as_: Tokens
) -> None:
    response = client.patch(
        f"/api/v1/children/{SHIELDED}", json={"other_names": ["Hope A"]}, headers=as_("steward")
    )
    assert response.status_code == 200, response.text
    assert [s for s in SHIELDED_SECRETS if s in response.text] == []
    assert response.json()["child"]["other_names"] == ["Hope A"]
