"""A shielded child's household, seen from its sibling (issue 13, finding 5).

Hope is shielded and lives with her special guardian Grace; her sister Faith, not shielded,
lives with Grace too, at the same address, and Faith's record shows it (it is Faith's
address). No answer, and no combination of answers, may link Hope to Grace's household for
anyone but Ealing's shielding officer: Hope is not in Faith's network at all, Hope's own record
and network show her carers by name only (no ids to join on, no `lives_with`), and Faith's gaps
do not name her.
"""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_model.enums import CarerRelationship, Sex
from graph_model.schemas import CarerLink, ChildCreate
from service.store.graph_store import GraphStore
from tests.integration.api.conftest import SHIELDED, SHIELDED_ADDRESS, USERS, Tokens
from tests.integration.conftest import LA_EALING

SIBLING = "ch-faith"
GUARDIAN = "cr-guardian"
NOT_THE_OFFICER = sorted(set(USERS) - {"shield"})


@pytest.fixture
def household(family: GraphStore) -> GraphStore:
    family.create_child(
        ChildCreate(
            id=SIBLING,
            given_name="Faith",
            family_name="Adjo",
            sex=Sex.FEMALE,
            date_of_birth=date(2018, 7, 1),
            responsible_la=LA_EALING,
            address_line=SHIELDED_ADDRESS,
            postcode="W5 2BB",
            resident_since=date(2020, 1, 1),
        )
    )
    family.link_carer(
        SIBLING,
        CarerLink(
            carer_id=GUARDIAN,
            relationship=CarerRelationship.SPECIAL_GUARDIAN,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    return family


def reads(child_id: str) -> list[str]:
    base = f"/api/v1/children/{child_id}"
    return [
        base,
        f"{base}/practitioners",
        f"{base}/network?depth=1",
        f"{base}/network?depth=2",
        f"{base}/network?depth=3",
        f"{base}/gaps",
    ]


EVERY_READ = [
    *reads(SIBLING),
    *reads(SHIELDED),
    "/api/v1/children?name=Hope%20Adjo&date_of_birth=2016-03-04",
    "/api/v1/children?name=Faith%20Adjo&date_of_birth=2018-07-01",
]


def answers(client: TestClient, as_: Tokens, user: str) -> dict[str, Any]:
    found = {}
    for path in EVERY_READ:
        response = client.get(path, headers=as_(user))
        assert response.status_code in (200, 403, 404), (user, path, response.text)
        if response.status_code == 200:
            found[path] = response.json()
    return found


class Links:
    """Which ids the answers put together (edges, carer links, a gap's evidence, search
    aliases), and which ids they show an address for."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.addressed: set[str] = set()

    def find(self, node: str) -> str:
        while self.parent.setdefault(node, node) != node:
            node = self.parent[node]
        return node

    def join(self, *nodes: str) -> None:
        for other in nodes[1:]:
            self.parent[self.find(other)] = self.find(nodes[0])

    def component(self, node: str) -> set[str]:
        root = self.find(node)
        return {n for n in list(self.parent) if self.find(n) == root}

    def read(self, body: Any) -> None:
        if not isinstance(body, dict):
            return
        if "child" in body and isinstance(body["child"], dict):
            child = body["child"]
            if child.get("address_line") or child.get("postcode") or body.get("residence"):
                self.addressed.add(child["id"])
            for link in body.get("carers") or []:
                self.join(child["id"], link["carer"]["id"])
                if link["carer"].get("address_line") or link["carer"].get("postcode"):
                    self.addressed.add(link["carer"]["id"])
        for edge in body.get("edges") or []:
            self.join(edge["source"], edge["target"])
        for node in body.get("nodes") or []:
            properties = node.get("properties") or {}
            if properties.get("address_line") or properties.get("postcode"):
                self.addressed.add(node["id"])
        if "as_of" in body:  # a child's gaps
            for gap in body.get("items") or []:
                if gap.get("evidence"):
                    self.join(body["child_id"], *gap["evidence"])
        for hit in body.get("items") or []:
            if isinstance(hit, dict) and isinstance(hit.get("child"), dict):
                self.read({"child": hit["child"]})
                self.join(hit["child"]["id"], *hit.get("also_known_as", []))


def links_for(client: TestClient, as_: Tokens, user: str) -> tuple[Links, dict[str, Any]]:
    found = answers(client, as_, user)
    links = Links()
    for body in found.values():
        links.read(body)
    return links, found


@pytest.mark.parametrize("user", NOT_THE_OFFICER)
def test_f5_a_shielded_child_is_not_in_its_siblings_network(
    household: GraphStore, client: TestClient, as_: Tokens, user: str
) -> None:
    """Issue 13 finding 5: network?depth=2 from the unshielded sibling showed the shielded
    child linked by CARES_FOR {lives_with: true} to the carer the sibling lives with."""
    for depth in (1, 2, 3):
        response = client.get(
            f"/api/v1/children/{SIBLING}/network?depth={depth}", headers=as_(user)
        )
        if response.status_code == 403:
            continue
        assert response.status_code == 200, response.text
        assert SHIELDED not in response.text, f"{user} sees the shielded child at depth {depth}"


@pytest.mark.parametrize("user", NOT_THE_OFFICER)
def test_f5_a_shielded_record_names_its_carers_without_household_links(
    household: GraphStore, client: TestClient, as_: Tokens, user: str
) -> None:
    response = client.get(f"/api/v1/children/{SHIELDED}", headers=as_(user))
    if response.status_code == 403:
        return
    carers = response.json()["carers"]
    assert [c["carer"]["given_name"] for c in carers] == ["Grace"]
    for link in carers:
        assert link["carer"]["id"] != GUARDIAN, "a carer id joins this record to the sibling's"
        assert link.get("lives_with") is None
        assert link.get("since") is None
    for depth in (1, 2, 3):
        network = client.get(
            f"/api/v1/children/{SHIELDED}/network?depth={depth}", headers=as_(user)
        ).json()
        assert {n["id"] for n in network["nodes"] if n["kind"] == "child"} == {SHIELDED}
        assert GUARDIAN not in {n["id"] for n in network["nodes"]}
        assert all("lives_with" not in e["properties"] for e in network["edges"])


@pytest.mark.parametrize("user", NOT_THE_OFFICER)
def test_f5_no_combination_of_answers_links_a_shielded_child_to_an_address(
    household: GraphStore, client: TestClient, as_: Tokens, user: str
) -> None:
    links, found = links_for(client, as_, user)

    linked = links.component(SHIELDED) - {SHIELDED}

    assert linked & links.addressed == set(), f"{user}: {SHIELDED} is linked to {linked}"
    assert SIBLING not in linked
    assert GUARDIAN not in linked
    sibling_gaps = found.get(f"/api/v1/children/{SIBLING}/gaps", {}).get("items", [])
    for gap in sibling_gaps:
        text = f"{gap['reason']} {gap['action']}"
        assert "Hope" not in text, f"{user}: {gap['code']} names the shielded child: {text}"
        assert SHIELDED not in gap["evidence"]


def test_the_shielding_officer_sees_the_household(
    household: GraphStore, client: TestClient, as_: Tokens
) -> None:
    """The control: the answers that must not link Hope to the household do, for the one
    reader allowed to know (so the checks above can fail)."""
    links, _ = links_for(client, as_, "shield")
    linked = links.component(SHIELDED)
    assert {SIBLING, GUARDIAN} <= linked
    assert SIBLING in links.addressed
