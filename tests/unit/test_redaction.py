"""The redaction function over every shape of response that carries child data."""

from datetime import date

import pytest

from graph_model.schemas import AgencyRef, NetworkEdge, NetworkNode, PractitionerRef
from service.api.models import (
    SENSITIVE_NOTICE,
    CarerLinkView,
    CarerView,
    Caseload,
    CaseloadItem,
    ChildRecordView,
    ChildView,
    IndexTeamContact,
    InvolvementView,
    Moves,
    MoveView,
    NetworkView,
    ResidenceView,
    SearchHitView,
    SearchResults,
    WhoElse,
)
from service.auth.principal import Principal, Role
from service.policy import ChildFacts, InvolvementFacts
from service.redaction import AccessFacts, redact

EALING = "E09000009"
WESTMINSTER = "E09000033"
CONTACT = IndexTeamContact(la=EALING, name="Ealing", phone="+442088255000")

ADDRESS = "1 Secret Road"
POSTCODE = "W5 1AA"
CARER_PHONE = "+447700900123"
CARER_EMAIL = "mum@example.org"
SECRETS = (ADDRESS, POSTCODE, CARER_PHONE, CARER_EMAIL, "9434765919", "camhs-ealing")

LISA = Principal(
    username="lisa",
    roles=frozenset({Role.PRACTITIONER}),
    practitioner_id="sw-lisa",
    agency_id="csc-ealing",
)
RAVI = Principal(
    username="ravi",
    roles=frozenset({Role.PRACTITIONER}),
    practitioner_id="camhs-ravi",
    agency_id="camhs-ealing",
)
SHIELD = Principal(username="s", roles=frozenset({Role.SHIELDING_OFFICER}), la=EALING)
SHIELD_W = Principal(username="sw", roles=frozenset({Role.SHIELDING_OFFICER}), la=WESTMINSTER)
STEWARD = Principal(username="st", roles=frozenset({Role.DATA_STEWARD}), la=EALING)
MANAGER_W = Principal(username="mw", roles=frozenset({Role.MANAGER}), la=WESTMINSTER)


def child_view(child_id: str = "ch-1", shielded: bool = False) -> ChildView:
    return ChildView(
        id=child_id,
        given_name="Ama",
        family_name="Adjo",
        other_names=["Anna"],
        sex="female",
        date_of_birth=date(2016, 3, 4),
        nhs_number="9434765919",
        address_line=ADDRESS,
        postcode=POSTCODE,
        address_status="current",
        responsible_la=EALING,
        shielded=shielded,
        version=3,
    )


def facts(
    *,
    shielded: bool = False,
    consent: bool = False,
    archived: bool = False,
    extra_children: tuple[ChildFacts, ...] = (),
    protected: dict[str, frozenset[str]] | None = None,
) -> AccessFacts:
    child = ChildFacts(id="ch-1", responsible_la=EALING, shielded=shielded, archived=archived)
    children = {c.id: c for c in (child, *extra_children)}
    return AccessFacts(
        children=children,
        involvements={
            "inv-sw": InvolvementFacts(
                id="inv-sw",
                child_id="ch-1",
                source_id="sw-lisa",
                by_practitioner=True,
                agency_id="csc-ealing",
                sensitive=False,
                consent=False,
            ),
            "inv-camhs": InvolvementFacts(
                id="inv-camhs",
                child_id="ch-1",
                source_id="camhs-ravi",
                by_practitioner=True,
                agency_id="camhs-ealing",
                sensitive=True,
                consent=consent,
            ),
        },
        contacts=dict.fromkeys(children, CONTACT),
        protected_carers=protected or {},
    )


def involvements() -> list[InvolvementView]:
    return [
        InvolvementView(
            id="inv-sw",
            child_id="ch-1",
            source="practitioner",
            practitioner=PractitionerRef(id="sw-lisa", given_name="Lisa", family_name="A"),
            agency=AgencyRef(id="csc-ealing", name="Ealing CSC", kind="social_care"),
            service="child in need plan",
            since=date(2024, 5, 2),
        ),
        InvolvementView(
            id="inv-camhs",
            child_id="ch-1",
            source="practitioner",
            practitioner=PractitionerRef(id="camhs-ravi", given_name="Ravi", family_name="Shah"),
            agency=AgencyRef(id="camhs-ealing", name="Ealing CAMHS", kind="camhs", sensitive=True),
            service="eating disorder therapy",
            since=date(2024, 6, 1),
        ),
    ]


def record(shielded: bool = False) -> ChildRecordView:
    return ChildRecordView(
        child=child_view(shielded=shielded),
        carers=[
            CarerLinkView(
                carer=CarerView(
                    id="cr-mum",
                    given_name="Efua",
                    family_name="Adjo",
                    phone=CARER_PHONE,
                    email=CARER_EMAIL,
                    address_line=ADDRESS,
                    postcode=POSTCODE,
                ),
                relationship="mother",
                parental_responsibility=True,
                lives_with=True,
            )
        ],
        involvements=involvements(),
        residence=[
            ResidenceView(
                id="res-1",
                la=EALING,
                since=date(2020, 1, 1),
                address_line=ADDRESS,
                postcode=POSTCODE,
            )
        ],
        current_la=EALING,
    )


def leaks(dumped: str) -> list[str]:
    return [secret for secret in SECRETS if secret in dumped]


# --- a shielded child's record ------------------------------------------------------------------


@pytest.mark.parametrize("reader", [LISA, RAVI, STEWARD, SHIELD_W], ids=lambda p: p.username)
def test_a_shielded_record_keeps_names_only_for_anyone_but_its_shielding_officer(
    reader: Principal,
) -> None:
    shown = redact(reader, record(shielded=True), facts(shielded=True))
    assert leaks(shown.model_dump_json()) == []
    assert shown.child.given_name == "Ama"
    assert shown.child.other_names == ["Anna"]
    assert shown.child.date_of_birth == date(2016, 3, 4)
    assert shown.child.shielded
    assert shown.carers[0].carer.given_name == "Efua"
    assert shown.involvements == []
    assert shown.residence == []
    assert shown.current_la is None
    assert shown.contact == CONTACT
    assert "address" in shown.withheld
    assert "involvements" in shown.withheld


def test_the_responsible_areas_shielding_officer_sees_the_shielded_record() -> None:
    shown = redact(SHIELD, record(shielded=True), facts(shielded=True))
    assert shown.child.postcode == POSTCODE
    assert shown.carers[0].carer.phone == CARER_PHONE
    assert shown.involvements[0].id == "inv-sw"
    assert shown.withheld == []


def test_an_unshielded_record_is_shown_whole_but_for_sensitive_services() -> None:
    shown = redact(LISA, record(), facts())
    assert shown.child.postcode == POSTCODE
    assert shown.child.nhs_number == "9434765919"
    assert shown.carers[0].carer.email == CARER_EMAIL
    assert shown.residence[0].postcode == POSTCODE
    assert shown.involvements[0].service == "child in need plan"


@pytest.mark.parametrize("reader", [LISA, STEWARD, SHIELD_W], ids=lambda p: p.username)
def test_a_carer_of_a_shielded_sibling_keeps_only_their_name(reader: Principal) -> None:
    shown = redact(reader, record(), facts(protected={"cr-mum": frozenset({EALING})}))
    carer = shown.carers[0].carer
    assert (carer.phone, carer.email, carer.address_line, carer.postcode) == (None,) * 4
    assert carer.family_name == "Adjo"


def test_the_shielded_siblings_officer_sees_the_carers_contacts() -> None:
    shown = redact(SHIELD, record(), facts(protected={"cr-mum": frozenset({EALING})}))
    assert shown.carers[0].carer.phone == CARER_PHONE
    across_areas = facts(protected={"cr-mum": frozenset({EALING, WESTMINSTER})})
    assert redact(SHIELD, record(), across_areas).carers[0].carer.phone is None


# --- sensitive involvements ---------------------------------------------------------------------


def test_a_sensitive_involvement_is_anonymous_to_another_agency() -> None:
    shown = redact(LISA, record(), facts())
    anonymous = shown.involvements[1]
    assert anonymous.redacted
    assert anonymous.notice == SENSITIVE_NOTICE
    assert anonymous.contact == CONTACT
    assert (anonymous.id, anonymous.agency, anonymous.practitioner, anonymous.service) == (
        None,
        None,
        None,
        None,
    )
    dumped = anonymous.model_dump_json()
    assert "camhs" not in dumped.lower()
    assert "Ravi" not in dumped
    assert "eating" not in dumped


def test_a_sensitive_involvement_is_shown_within_its_own_agency() -> None:
    shown = redact(RAVI, record(), facts())
    assert shown.involvements[1].service == "eating disorder therapy"
    assert not shown.involvements[1].redacted


def test_a_sensitive_involvement_is_shown_with_consent() -> None:
    shown = redact(LISA, record(), facts(consent=True))
    assert shown.involvements[1].agency is not None
    assert shown.involvements[1].agency.id == "camhs-ealing"


def test_an_involvement_without_facts_is_treated_as_sensitive() -> None:
    unknown = AccessFacts(children=facts().children, contacts={"ch-1": CONTACT})
    shown = redact(STEWARD, WhoElse(items=involvements()), unknown)
    assert all(item.redacted for item in shown.items)


# --- who-else, moves ----------------------------------------------------------------------------


def test_who_else_of_a_shielded_child_is_withheld_with_the_index_team_contact() -> None:
    shown = redact(LISA, WhoElse(items=involvements()), facts(shielded=True))
    assert shown.items == []
    assert shown.withheld
    assert shown.contact == CONTACT


def test_who_else_of_a_shielded_child_with_nobody_involved_is_still_withheld() -> None:
    shown = redact(LISA, WhoElse(items=[]), facts(shielded=True))
    assert shown.withheld


def test_who_else_with_no_facts_at_all_is_withheld() -> None:
    assert redact(SHIELD, WhoElse(items=involvements()), AccessFacts()).withheld


def test_moves_of_a_shielded_child_are_withheld() -> None:
    moves = Moves(
        items=[
            MoveView(
                id="m", la=WESTMINSTER, since=date(2025, 1, 1), postcode=POSTCODE, transfer=True
            )
        ]
    )
    assert redact(STEWARD, moves, facts(shielded=True)).items == []
    assert redact(SHIELD, moves, facts(shielded=True)).items == moves.items
    assert redact(STEWARD, moves, facts()).items == moves.items


# --- search -------------------------------------------------------------------------------------


def test_search_hits_of_a_shielded_child_lose_details_and_the_postcode_match() -> None:
    results = SearchResults(
        items=[
            SearchHitView(
                child=child_view(shielded=True),
                score=1.0,
                matched_on=["name", "date_of_birth", "postcode"],
            )
        ]
    )
    shown = redact(LISA, results, facts(shielded=True))
    assert leaks(shown.model_dump_json()) == []
    assert shown.items[0].matched_on == ["name", "date_of_birth"]
    assert shown.items[0].child.given_name == "Ama"


def test_search_leaves_out_children_the_reader_may_not_see() -> None:
    other = ChildFacts(id="ch-2", responsible_la=EALING, archived=True)
    results = SearchResults(
        items=[
            SearchHitView(child=child_view("ch-1"), score=1.0, matched_on=["name"]),
            SearchHitView(child=child_view("ch-2"), score=0.9, matched_on=["name"]),
            SearchHitView(child=child_view("ch-9"), score=0.8, matched_on=["name"]),
        ]
    )
    every = facts(extra_children=(other,))
    assert [h.child.id for h in redact(LISA, results, every).items] == ["ch-1"]
    assert [h.child.id for h in redact(STEWARD, results, every).items] == ["ch-1", "ch-2"]
    assert redact(MANAGER_W, results, every).items == []


# --- caseload -----------------------------------------------------------------------------------


def caseload_item(involvement_id: str, child_id: str = "ch-1") -> CaseloadItem:
    return CaseloadItem(
        involvement_id=involvement_id,
        child_id=child_id,
        given_name="Ama",
        family_name="Adjo",
        date_of_birth=date(2016, 3, 4),
        service="x",
        since=date(2024, 1, 1),
    )


def test_a_caseload_hides_sensitive_work_from_other_agencies() -> None:
    caseload = Caseload(items=[caseload_item("inv-camhs")])
    assert redact(LISA, caseload, facts()).items == []
    assert len(redact(RAVI, caseload, facts()).items) == 1
    assert len(redact(LISA, caseload, facts(consent=True)).items) == 1


def test_a_caseload_hides_shielded_children() -> None:
    caseload = Caseload(items=[caseload_item("inv-sw")])
    assert redact(STEWARD, caseload, facts(shielded=True)).items == []
    assert len(redact(SHIELD, caseload, facts(shielded=True)).items) == 1


# --- the network --------------------------------------------------------------------------------


def network() -> NetworkView:
    nodes = [
        NetworkNode(id="ch-1", kind="child", label="Ama Adjo", focus=True),
        NetworkNode(
            id="cr-mum",
            kind="carer",
            label="Efua Adjo",
            properties={"given_name": "Efua", "phone": CARER_PHONE},
        ),
        NetworkNode(id="ch-2", kind="child", label="Kofi Adjo"),
        NetworkNode(id="sw-lisa", kind="practitioner", label="Lisa A"),
        NetworkNode(id="camhs-ravi", kind="practitioner", label="Ravi Shah"),
        NetworkNode(id="csc-ealing", kind="agency", label="Ealing CSC"),
        NetworkNode(id="camhs-ealing", kind="agency", label="Ealing CAMHS"),
        NetworkNode(id=EALING, kind="local_authority", label="Ealing"),
    ]
    edges = [
        NetworkEdge(source="cr-mum", target="ch-1", type="CARES_FOR"),
        NetworkEdge(source="cr-mum", target="ch-2", type="CARES_FOR"),
        NetworkEdge(
            source="sw-lisa",
            target="ch-1",
            type="INVOLVED_WITH",
            properties={"id": "inv-sw", "agency_id": "csc-ealing"},
        ),
        NetworkEdge(
            source="camhs-ravi",
            target="ch-1",
            type="INVOLVED_WITH",
            properties={"id": "inv-camhs", "agency_id": "camhs-ealing", "service": "therapy"},
        ),
        NetworkEdge(source="sw-lisa", target="csc-ealing", type="WORKS_FOR"),
        NetworkEdge(source="camhs-ravi", target="camhs-ealing", type="WORKS_FOR"),
        NetworkEdge(
            source="ch-1", target=EALING, type="RESIDENT_IN", properties={"postcode": POSTCODE}
        ),
    ]
    return NetworkView(child_id="ch-1", depth=2, nodes=nodes, edges=edges)


def ids(view: NetworkView) -> set[str]:
    return {n.id for n in view.nodes}


def test_the_network_of_a_shielded_child_is_itself_and_its_carers_by_name() -> None:
    """No sibling, service or place, and no household: the carer's id would join this picture
    to a sibling's record, which shows where the household lives (issue 13, finding 5)."""
    sibling = ChildFacts(id="ch-2", responsible_la=EALING)
    shown = redact(
        LISA,
        network(),
        facts(shielded=True, extra_children=(sibling,), protected={"cr-mum": frozenset({EALING})}),
    )
    assert ids(shown) == {"ch-1", "withheld:ch-1:carer-1"}
    carer = next(n for n in shown.nodes if n.kind == "carer")
    assert (carer.label, carer.properties) == ("Efua Adjo", {"given_name": "Efua"})
    assert [(e.source, e.target, e.type) for e in shown.edges] == [
        ("withheld:ch-1:carer-1", "ch-1", "CARES_FOR")
    ]
    assert shown.withheld == ["ch-1"]
    assert leaks(shown.model_dump_json()) == []


def test_a_shielded_sibling_leaves_the_network_of_its_sibling() -> None:
    """Its family link would place it in the sibling's household; to the responsible area's
    shielding officer it stays."""
    hidden = ChildFacts(id="ch-2", responsible_la=EALING, shielded=True)
    shown = redact(LISA, network(), facts(extra_children=(hidden,)))
    assert "ch-2" not in ids(shown)
    assert all("ch-2" not in (e.source, e.target) for e in shown.edges)
    assert "cr-mum" in ids(shown)
    officer = Principal(username="so", roles=frozenset({Role.SHIELDING_OFFICER}), la=EALING)
    assert "ch-2" in ids(redact(officer, network(), facts(extra_children=(hidden,))))


def test_the_network_turns_a_hidden_sensitive_service_into_an_anonymous_node() -> None:
    sibling = ChildFacts(id="ch-2", responsible_la=EALING)
    shown = redact(LISA, network(), facts(extra_children=(sibling,)))
    assert "camhs-ravi" not in ids(shown)
    assert "camhs-ealing" not in ids(shown)
    anonymous = [n for n in shown.nodes if n.label == SENSITIVE_NOTICE]
    assert len(anonymous) == 1
    edge = next(e for e in shown.edges if e.source == anonymous[0].id)
    assert (edge.target, edge.type, edge.properties) == ("ch-1", "INVOLVED_WITH", {})
    assert "camhs" not in shown.model_dump_json().lower()
    assert {"sw-lisa", "csc-ealing", EALING} <= ids(shown)


def test_the_network_shows_the_sensitive_service_to_its_own_agency() -> None:
    sibling = ChildFacts(id="ch-2", responsible_la=EALING)
    shown = redact(RAVI, network(), facts(extra_children=(sibling,)))
    assert {"camhs-ravi", "camhs-ealing"} <= ids(shown)


def test_the_network_leaves_out_children_the_reader_may_not_see() -> None:
    archived = ChildFacts(id="ch-2", responsible_la=EALING, archived=True)
    shown = redact(LISA, network(), facts(extra_children=(archived,)))
    assert "ch-2" not in ids(shown)
    assert all("ch-2" not in (e.source, e.target) for e in shown.edges)
