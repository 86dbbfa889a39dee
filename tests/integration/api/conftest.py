"""The real app over the test engine, accounts for every role, tokens, and a small family.

Inherits `store` / `area` from tests/integration/conftest.py: each test starts from a clean
graph (accounts and the audit trail live in it too, so they start clean as well).
"""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, LiteralString

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from graph_model.enums import CarerRelationship, Sex
from graph_model.schemas import CarerCreate, CarerLink, ChildCreate, ChildUpdate, InvolvementCreate
from service.api.app import create_app
from service.auth.accounts import Accounts, NewAccount
from service.auth.passwords import hash_password
from service.auth.principal import Principal, Role
from service.auth.tokens import issue_token
from service.settings import Environment, Settings
from service.store.engines import EngineHandle, open_engine
from service.store.graph_store import GraphStore
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER

SECRET = "integration-test-signing-secret-0123456789abcdef"
PASSWORD = "correct horse battery staple"
REASON = "section 47 enquiry, strategy meeting"

VICTORIA = "ch-victoria"
KOFI = "ch-kofi"
SHIELDED = "ch-hidden"
WEST = "ch-west"
ARCHIVED = "ch-archived"

SHIELDED_ADDRESS = "14 Refuge Lane"
SHIELDED_POSTCODE = "W5 2BB"
SHIELDED_NHS = "9434765870"
SHIELDED_CARER_PHONE = "+447700900456"
SHIELDED_CARER_EMAIL = "guardian@example.org"
SHIELDED_SECRETS = (
    SHIELDED_ADDRESS,
    SHIELDED_POSTCODE,
    SHIELDED_NHS,
    SHIELDED_CARER_PHONE,
    SHIELDED_CARER_EMAIL,
    "07700 900456",
)
"""Nothing of these may appear in any response to anyone but Ealing's shielding officer."""

USERS: dict[str, dict[str, Any]] = {
    "lisa": {
        "roles": {Role.PRACTITIONER},
        "practitioner_id": "sw-lisa",
        "agency_id": "csc-ealing",
    },
    "ravi": {
        "roles": {Role.PRACTITIONER},
        "practitioner_id": "camhs-ravi",
        "agency_id": "camhs-ealing",
    },
    "mash": {"roles": {Role.MASH}, "la": LA_EALING},
    "manager": {"roles": {Role.MANAGER}, "la": LA_EALING},
    "manager-w": {"roles": {Role.MANAGER}, "la": LA_WESTMINSTER},
    "steward": {"roles": {Role.DATA_STEWARD}, "la": LA_EALING},
    "steward-w": {"roles": {Role.DATA_STEWARD}, "la": LA_WESTMINSTER},
    "shield": {"roles": {Role.SHIELDING_OFFICER}, "la": LA_EALING},
    "shield-w": {"roles": {Role.SHIELDING_OFFICER}, "la": LA_WESTMINSTER},
    "auditor": {"roles": {Role.AUDITOR}},
    "admin": {"roles": {Role.ADMIN}},
}


@pytest.fixture(scope="session")
def falkordb_handle(engine_dir: Path) -> Iterator[EngineHandle]:
    """The API suite's own graph on the session's engine, its labels and edge types created
    before any query is planned.

    FalkorDB 4.16 caches each query's plan, and a pattern comprehension planned while its edge
    type did not yet exist keeps returning null edge properties after edges of that type appear
    (reported: get_child's carers come back without relationship). Creating every type first,
    in a graph of its own, keeps these tests from depending on which test ran first."""
    handle = open_engine(Settings(data_dir=engine_dir, graph_name="api"))
    GraphStore(handle.engine).apply_schema()
    handle.engine.run(PRIME_TYPES, {}, write=True)
    yield handle
    handle.close()  # stops the engine if this suite started it


PRIME_TYPES: LiteralString = """
CREATE (c:Child {id: '_prime'}), (k:Carer {id: '_prime'}), (p:Practitioner {id: '_prime'}),
       (a:Agency {id: '_prime'}), (la:LocalAuthority {id: '_prime'}),
       (k)-[:CARES_FOR]->(c), (p)-[:WORKS_FOR]->(a), (p)-[:INVOLVED_WITH]->(c),
       (a)-[:INVOLVED_WITH]->(c), (c)-[:RESIDENT_IN]->(la), (a)-[:LOCATED_IN]->(la),
       (c)-[:SAME_AS]->(c)
WITH c, k, p, a, la
DETACH DELETE c, k, p, a, la
"""


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash for every test account: hashing is slow on purpose."""
    return hash_password(PASSWORD)


@pytest.fixture
def api_settings() -> Settings:
    return Settings(
        graph_name="api",
        environment=Environment.DEVELOPMENT,
        jwt_secret=SECRET,
        rate_limit_token="1000/minute",
        rate_limit_search="1000/minute",
    )


@pytest.fixture
def accounts(area: GraphStore, password_hash: str) -> dict[str, Principal]:
    made = {}
    for username, fields in USERS.items():
        account = Accounts(area).add(
            NewAccount(username=username, **fields), password_hash=password_hash
        )
        made[username] = account.principal()
    return made


@pytest.fixture
def app(area: GraphStore, api_settings: Settings, accounts: dict[str, Principal]) -> FastAPI:
    return create_app(api_settings, handle=EngineHandle(engine=area.engine))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


class Tokens:
    """Bearer headers for the test accounts (tokens signed as the token endpoint would)."""

    def __init__(self, settings: Settings, principals: dict[str, Principal]) -> None:
        self.settings = settings
        self.principals = principals

    def __call__(self, username: str, *, reason: str | None = REASON) -> dict[str, str]:
        token = issue_token(self.principals[username], self.settings).access_token
        headers = {"Authorization": f"Bearer {token}"}
        if reason is not None:
            headers["X-Access-Reason"] = reason
        return headers


@pytest.fixture
def as_(api_settings: Settings, accounts: dict[str, Principal]) -> Tokens:
    return Tokens(api_settings, accounts)


@pytest.fixture
def family(area: GraphStore) -> GraphStore:
    """Victoria and her brother Kofi (one mother); Victoria's social worker (Lisa, lead), CAMHS
    (Ravi: sensitive, no consent) and GP practice. A shielded child in Ealing with a guardian and
    Lisa involved; a Westminster child; an archived Ealing record."""
    for child_id, given, la, extra in (
        (VICTORIA, "Victoria", LA_EALING, {"postcode": "W3 6RS", "address_line": "3 Acton Lane"}),
        (KOFI, "Kofi", LA_EALING, {}),
        (
            SHIELDED,
            "Hope",
            LA_EALING,
            {
                "postcode": SHIELDED_POSTCODE,
                "address_line": SHIELDED_ADDRESS,
                "nhs_number": SHIELDED_NHS,
            },
        ),
        (WEST, "Westley", LA_WESTMINSTER, {}),
        (ARCHIVED, "Olde", LA_EALING, {}),
    ):
        area.create_child(
            ChildCreate(
                id=child_id,
                given_name=given,
                family_name="Adjo",
                sex=Sex.FEMALE,
                date_of_birth=date(2016, 3, 4),
                responsible_la=la,
                resident_since=date(2020, 1, 1),
                **extra,
            )
        )
    mother = CarerCreate(
        id="cr-mother",
        given_name="Efua",
        family_name="Adjo",
        phone="07700 900123",
        email="efua@example.org",
    )
    for child_id in (VICTORIA, KOFI):
        area.link_carer(
            child_id,
            CarerLink(
                carer=mother,
                relationship=CarerRelationship.MOTHER,
                parental_responsibility=True,
                lives_with=True,
            ),
        )
    area.link_carer(
        SHIELDED,
        CarerLink(
            carer=CarerCreate(
                id="cr-guardian",
                given_name="Grace",
                family_name="Adjo",
                phone="07700 900456",
                email=SHIELDED_CARER_EMAIL,
                address_line=SHIELDED_ADDRESS,
                postcode=SHIELDED_POSTCODE,
            ),
            relationship=CarerRelationship.SPECIAL_GUARDIAN,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    for child_id, inv in (
        (
            VICTORIA,
            InvolvementCreate(
                id="inv-sw",
                practitioner_id="sw-lisa",
                agency_id="csc-ealing",
                service="child in need plan",
                since=date(2024, 5, 2),
                lead_professional=True,
            ),
        ),
        (
            VICTORIA,
            InvolvementCreate(
                id="inv-camhs",
                practitioner_id="camhs-ravi",
                agency_id="camhs-ealing",
                service="eating disorder therapy",
                since=date(2024, 6, 1),
            ),
        ),
        (
            VICTORIA,
            InvolvementCreate(
                id="inv-gp", agency_id="gp-acton", service="registered patient",
                since=date(2020, 1, 6),
            ),
        ),
        (
            SHIELDED,
            InvolvementCreate(
                id="inv-hidden",
                practitioner_id="sw-lisa",
                agency_id="csc-ealing",
                service="family support at the refuge",
                since=date(2024, 1, 2),
            ),
        ),
        (
            WEST,
            InvolvementCreate(
                id="inv-west", agency_id="gp-acton", service="registered patient",
                since=date(2021, 1, 1),
            ),
        ),
        (
            ARCHIVED,
            InvolvementCreate(
                id="inv-old", practitioner_id="sw-lisa", agency_id="csc-ealing",
                service="leaving care", since=date(2021, 1, 1),
            ),
        ),
    ):  # fmt: skip
        area.record_involvement(child_id, inv)
    area.set_shielded(SHIELDED, True)
    record = area.get_child(ARCHIVED)
    area.update_child_details(
        ARCHIVED, ChildUpdate(status="archived"), version=record.child.version
    )
    return area


def audit_events(store: GraphStore) -> list[dict[str, Any]]:
    """Every audit event, oldest first."""
    return [row["event"] for row in store.query("audit/list_events_after", after=0, size=10_000)]
