"""Every GraphStore use-case against a real engine: writes are idempotent, rules are enforced,
reads give back what was written."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from stdnum.gb import nhs

from graph_model.enums import AssessmentKind, CarerRelationship, ChildStatus, Sex
from graph_model.nodes import Agency, Carer, Child, LocalAuthority, Practitioner
from graph_model.schemas import (
    CarerCreate,
    CarerLink,
    ChildCreate,
    ChildSearch,
    InvolvementCreate,
    InvolvementUpdate,
    MoveCreate,
)
from service.errors import CatalogError, NotFound, RuleViolation
from service.store.graph_store import GraphStore, UpsertResult
from tests.integration.conftest import LA_EALING, LA_WESTMINSTER

DOB = date(2016, 3, 4)
LA_BIRMINGHAM = "E08000025"


# --- builders --------------------------------------------------------------------------------


class Clock:
    """A settable clock for GraphStore, so timestamps and 'today' are known to the test."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def stamp(self) -> str:
        return self.now.isoformat(timespec="milliseconds")


def clocked(store: GraphStore, start: datetime) -> tuple[GraphStore, Clock]:
    clock = Clock(start)
    return GraphStore(store.engine, clock=clock), clock


def nhs_number(stem: str) -> str:
    """A valid NHS number (mod 11) starting with the nine digits `stem` (use 9xx: never issued)."""
    for digit in "0123456789":
        if nhs.is_valid(stem + digit):
            return stem + digit
    raise ValueError(f"no check digit makes {stem} valid; choose another stem")


def add_child(
    store: GraphStore,
    child_id: str,
    given: str = "Anna",
    family: str = "Kouao",
    *,
    dob: date = DOB,
    la: str = LA_EALING,
    resident_since: date | None = date(2020, 1, 1),
    **extra: Any,
) -> str:
    result = store.create_child(
        ChildCreate(
            id=child_id,
            given_name=given,
            family_name=family,
            sex=Sex.FEMALE,
            date_of_birth=dob,
            responsible_la=la,
            resident_since=resident_since,
            **extra,
        )
    )
    return result.id


def register_with_gp(store: GraphStore, child_id: str, since: date = date(2020, 1, 6)) -> str:
    return store.record_involvement(
        child_id,
        InvolvementCreate(
            id=f"gp-{child_id}", agency_id="gp-acton", service="registered patient", since=since
        ),
    )


def social_work(store: GraphStore, child_id: str, inv_id: str | None = None, **fields: Any) -> str:
    fields.setdefault("since", date(2023, 5, 2))
    return store.record_involvement(
        child_id,
        InvolvementCreate(
            id=inv_id or f"sw-{child_id}",
            practitioner_id="sw-lisa",
            agency_id="csc-ealing",
            service="child in need plan",
            **fields,
        ),
    )


def add_carer(
    store: GraphStore,
    child_id: str,
    carer_id: str,
    given: str,
    family: str,
    relationship: CarerRelationship,
    *,
    pr: bool = True,
) -> str:
    return store.link_carer(
        child_id,
        CarerLink(
            carer=CarerCreate(id=carer_id, given_name=given, family_name=family),
            relationship=relationship,
            parental_responsibility=pr,
            lives_with=True,
        ),
    )


def node(store: GraphStore, node_id: str) -> dict[str, Any]:
    nodes, _ = store.dump()
    found: list[dict[str, Any]] = [n["props"] for n in nodes if n["props"].get("id") == node_id]
    assert len(found) == 1, f"expected one node {node_id}, found {len(found)}"
    return found[0]


def residences(store: GraphStore, child_id: str) -> list[dict[str, Any]]:
    """The child's RESIDENT_IN edges as stored, oldest first (read raw, not through get_child)."""
    _, edges = store.dump()
    found = [
        {**e["props"], "la": e["target"]}
        for e in edges
        if e["type"] == "RESIDENT_IN" and e["source"] == child_id
    ]
    return sorted(found, key=lambda r: r["since"])


def edge_count(store: GraphStore, edge_type: str) -> int:
    return store.counts().get(edge_type, 0)


# --- upserts: idempotent, and a real change is recorded ----------------------------------------


def _upsert(store: GraphStore, kind: str, *, variant: bool = False) -> UpsertResult:
    """Upsert one node of `kind`; `variant` changes one field."""
    if kind == "local_authority":
        name = "Birmingham City" if variant else "Birmingham"
        return store.upsert_local_authority(LocalAuthority(code=LA_BIRMINGHAM, name=name))
    if kind == "child":
        family = "Manning" if variant else "Kouao"
        return store.upsert_child(
            Child(
                id="ch-up",
                given_name="Anna",
                family_name=family,
                other_names=["Victoria Climbie"],
                sex=Sex.FEMALE,
                date_of_birth=DOB,
                responsible_la=LA_EALING,
            ),
            resident_since=date(2020, 1, 1),
        )
    if kind == "carer":
        phone = "020 7946 0001" if variant else "020 7946 0000"
        return store.upsert_carer(
            Carer(id="cr-up", given_name="Marie", family_name="Kouao", phone=phone)
        )
    if kind == "agency":
        name = "Acton Lane Surgery" if variant else "Acton Lane Medical"
        return store.upsert_agency(
            Agency(id="gp-up", name=name, kind="gp_practice", la=LA_EALING, ods_code="E85001")
        )
    assert kind == "practitioner"
    title = "Senior social worker" if variant else "Social worker"
    return store.upsert_practitioner(
        Practitioner(id="pr-up", given_name="Ann", family_name="Baptiste", job_title=title),
        agency_id="csc-ealing",
        since=date(2022, 1, 1),
    )


KINDS = ["local_authority", "child", "carer", "agency", "practitioner"]
NODE_ID = {
    "local_authority": LA_BIRMINGHAM,
    "child": "ch-up",
    "carer": "cr-up",
    "agency": "gp-up",
    "practitioner": "pr-up",
}


@pytest.mark.parametrize("kind", KINDS)
def test_repeating_an_upsert_leaves_the_graph_unchanged(area: GraphStore, kind: str) -> None:
    store, clock = clocked(area, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    first = _upsert(store, kind)
    assert first.changed is True
    before = store.dump()

    clock.advance(hours=1)
    again = _upsert(store, kind)

    assert again.changed is False
    assert again.id == first.id
    assert again.version == first.version
    assert store.dump() == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_real_change_is_recorded_with_its_time(area: GraphStore, kind: str) -> None:
    store, clock = clocked(area, datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    first = _upsert(store, kind)
    created = node(store, NODE_ID[kind])

    clock.advance(hours=1)
    changed = _upsert(store, kind, variant=True)

    assert changed.changed is True
    after = node(store, NODE_ID[kind])
    assert after["updated_at"] == clock.stamp()
    assert after["created_at"] == created["created_at"]
    if kind == "child":
        assert first.version is not None
        assert changed.version == first.version + 1
        assert after["version"] == first.version + 1


def test_an_upsert_does_not_create_a_second_node_or_residence(area: GraphStore) -> None:
    _upsert(area, "child")
    _upsert(area, "child", variant=True)
    assert area.counts()["Child"] == 1
    assert len(residences(area, "ch-up")) == 1


# --- children ---------------------------------------------------------------------------------


def test_create_child_opens_the_first_residence_on_the_date_given(area: GraphStore) -> None:
    result = area.create_child(
        ChildCreate(
            id="ch-1",
            given_name="Anna",
            family_name="Kouao",
            sex=Sex.FEMALE,
            date_of_birth=DOB,
            responsible_la=LA_EALING,
            address_line="12 Acacia Avenue",
            postcode="w3 6nb",
            resident_since=date(2021, 9, 1),
        )
    )
    assert result.created is True
    [residence] = residences(area, "ch-1")
    assert residence["la"] == LA_EALING
    assert residence["since"] == "2021-09-01"
    assert residence.get("until") is None
    assert residence["address_line"] == "12 Acacia Avenue"
    assert residence["postcode"] == "W3 6NB"


def test_create_child_without_a_date_opens_the_residence_today(area: GraphStore) -> None:
    store, _ = clocked(area, datetime(2026, 2, 10, 15, 30, tzinfo=UTC))
    add_child(store, "ch-1", resident_since=None)
    [residence] = residences(store, "ch-1")
    assert residence["since"] == "2026-02-10"


def test_today_is_englands_date_not_utcs(area: GraphStore) -> None:
    # 23:30 UTC on 1 July is 00:30 on 2 July in England (British Summer Time).
    store, _ = clocked(area, datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    add_child(store, "ch-1", resident_since=None)
    [residence] = residences(store, "ch-1")
    assert residence["since"] == "2026-07-02"
    assert store.today() == date(2026, 7, 2)


def test_create_child_assigns_an_id_when_none_is_given(area: GraphStore) -> None:
    result = area.create_child(
        ChildCreate(
            given_name="Anna",
            family_name="Kouao",
            sex=Sex.FEMALE,
            date_of_birth=DOB,
            responsible_la=LA_EALING,
        )
    )
    assert result.id
    assert node(area, result.id)["given_name"] == "Anna"


def test_create_child_in_an_unknown_local_authority_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        add_child(area, "ch-1", la=LA_BIRMINGHAM)
    assert caught.value.kind == "local authority"
    assert "Child" not in area.counts()


def test_get_child_gives_the_whole_record(area: GraphStore) -> None:
    add_child(area, "ch-1", other_names=["Victoria Climbie"], nhs_number=nhs_number("943476591"))
    register_with_gp(area, "ch-1")
    area.link_carer(
        "ch-1",
        CarerLink(
            carer=CarerCreate(
                id="cr-marie", given_name="Marie", family_name="Kouao", phone="020 7946 0000"
            ),
            relationship=CarerRelationship.AUNT_UNCLE,
            parental_responsibility=False,
            lives_with=True,
            since=date(2020, 1, 1),
        ),
    )
    area.move_child("ch-1", MoveCreate(to_la=LA_WESTMINSTER, date=date(2024, 3, 1)))

    record = area.get_child("ch-1")

    assert record.child.id == "ch-1"
    assert record.child.other_names == ["Victoria Climbie"]
    assert record.child.nhs_number == nhs_number("943476591")
    [link] = record.carers
    assert link.carer.id == "cr-marie"
    assert link.carer.phone == "+442079460000"
    assert link.relationship is CarerRelationship.AUNT_UNCLE
    assert link.parental_responsibility is False
    assert link.lives_with is True
    assert link.since == date(2020, 1, 1)
    assert [(r.la, r.since, r.until) for r in record.residence] == [
        (LA_EALING, date(2020, 1, 1), date(2024, 3, 1)),
        (LA_WESTMINSTER, date(2024, 3, 1), None),
    ]
    assert record.residence[0].la_name == "Ealing"
    assert record.current_la == LA_WESTMINSTER
    assert [i.id for i in record.involvements] == ["gp-ch-1"]


def test_get_child_includes_ended_involvements(area: GraphStore) -> None:
    add_child(area, "ch-1")
    register_with_gp(area, "ch-1")
    social_work(area, "ch-1")
    area.update_involvement("sw-ch-1", InvolvementUpdate(until=date(2024, 1, 31)))
    record = area.get_child("ch-1")
    assert {i.id for i in record.involvements} == {"gp-ch-1", "sw-ch-1"}


def test_get_child_of_a_child_nobody_works_with(area: GraphStore) -> None:
    add_child(area, "ch-1")
    record = area.get_child("ch-1")
    assert record.involvements == []
    assert record.current_la == LA_EALING


def test_get_child_of_an_unknown_child_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        area.get_child("ch-nobody")
    assert caught.value.kind == "child"


# --- carers -----------------------------------------------------------------------------------


def test_link_a_new_carer_creates_the_carer_and_the_link(area: GraphStore) -> None:
    add_child(area, "ch-1")
    carer_id = area.link_carer(
        "ch-1",
        CarerLink(
            carer=CarerCreate(id="cr-mother", given_name="Marie", family_name="Kouao"),
            relationship=CarerRelationship.MOTHER,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    assert carer_id == "cr-mother"
    assert node(area, "cr-mother")["family_name"] == "Kouao"
    _, edges = area.dump()
    [link] = [e for e in edges if e["type"] == "CARES_FOR"]
    assert (link["source"], link["target"]) == ("cr-mother", "ch-1")
    assert link["props"]["relationship"] == "mother"
    assert link["props"]["parental_responsibility"] is True


def test_link_a_new_carer_without_an_id_assigns_one(area: GraphStore) -> None:
    add_child(area, "ch-1")
    carer_id = area.link_carer(
        "ch-1",
        CarerLink(
            carer=CarerCreate(given_name="Marie", family_name="Kouao"),
            relationship=CarerRelationship.MOTHER,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    assert node(area, carer_id)["given_name"] == "Marie"


def test_link_an_existing_carer_to_a_second_child(area: GraphStore) -> None:
    add_child(area, "ch-1")
    add_child(area, "ch-2", "Manning", "Kouao")
    add_carer(area, "ch-1", "cr-mother", "Marie", "Kouao", CarerRelationship.MOTHER)

    carer_id = area.link_carer(
        "ch-2",
        CarerLink(
            carer_id="cr-mother",
            relationship=CarerRelationship.MOTHER,
            parental_responsibility=True,
            lives_with=False,
        ),
    )

    assert carer_id == "cr-mother"
    assert area.counts()["Carer"] == 1
    assert edge_count(area, "CARES_FOR") == 2


def test_relinking_a_carer_updates_the_link_instead_of_adding_one(area: GraphStore) -> None:
    add_child(area, "ch-1")
    add_carer(area, "ch-1", "cr-mother", "Marie", "Kouao", CarerRelationship.MOTHER)
    area.link_carer(
        "ch-1",
        CarerLink(
            carer_id="cr-mother",
            relationship=CarerRelationship.MOTHER,
            parental_responsibility=True,
            lives_with=False,
        ),
    )
    _, edges = area.dump()
    [link] = [e for e in edges if e["type"] == "CARES_FOR"]
    assert link["props"]["lives_with"] is False


def test_link_carer_to_an_unknown_child_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        add_carer(area, "ch-nobody", "cr-mother", "Marie", "Kouao", CarerRelationship.MOTHER)
    assert caught.value.kind == "child"
    assert "Carer" not in area.counts()


def test_link_an_unknown_existing_carer_is_not_found(area: GraphStore) -> None:
    add_child(area, "ch-1")
    with pytest.raises(NotFound) as caught:
        area.link_carer(
            "ch-1",
            CarerLink(
                carer_id="cr-nobody",
                relationship=CarerRelationship.MOTHER,
                parental_responsibility=True,
                lives_with=True,
            ),
        )
    assert caught.value.kind == "carer"
    assert "Carer" not in area.counts()


# --- involvements -----------------------------------------------------------------------------


def test_record_involvement_by_a_practitioner_shows_who_and_how_to_reach_them(
    area: GraphStore,
) -> None:
    add_child(area, "ch-1")
    inv_id = social_work(area, "ch-1", lead_professional=True)

    [entry] = area.who_else("ch-1")

    assert entry.id == inv_id
    assert entry.child_id == "ch-1"
    assert entry.source == "practitioner"
    assert entry.practitioner is not None
    assert entry.practitioner.id == "sw-lisa"
    assert entry.practitioner.family_name == "Arthurworrey"
    assert entry.practitioner.job_title == "Social worker"
    assert entry.practitioner.email == "lisa.a@ealing.example.org"
    assert entry.agency is not None
    assert entry.agency.id == "csc-ealing"
    assert entry.agency.name == "Ealing Children's Social Care"
    assert entry.agency.phone == "+442080000000"
    assert entry.service == "child in need plan"
    assert entry.since == date(2023, 5, 2)
    assert entry.lead_professional is True


def test_record_involvement_by_an_agency_names_no_practitioner(area: GraphStore) -> None:
    add_child(area, "ch-1")
    register_with_gp(area, "ch-1")

    [entry] = area.who_else("ch-1")

    assert entry.source == "agency"
    assert entry.practitioner is None
    assert entry.agency is not None
    assert entry.agency.id == "gp-acton"
    assert entry.service == "registered patient"


def test_record_involvement_keeps_who_recorded_it(area: GraphStore) -> None:
    add_child(area, "ch-1")
    area.record_involvement(
        "ch-1",
        InvolvementCreate(
            id="inv-1", agency_id="gp-acton", service="registered patient", since=date(2020, 1, 6)
        ),
        recorded_by="steward-ealing",
    )
    [entry] = area.who_else("ch-1")
    assert entry.recorded_by == "steward-ealing"


def test_record_involvement_with_info_to_share_stamps_today(area: GraphStore) -> None:
    store, _ = clocked(area, datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
    add_child(store, "ch-1")
    social_work(store, "ch-1", info_to_share=True)
    [entry] = store.who_else("ch-1")
    assert entry.info_to_share is True
    assert entry.info_to_share_since == date(2026, 3, 2)


def test_a_practitioner_cannot_act_for_an_agency_they_do_not_work_for(area: GraphStore) -> None:
    add_child(area, "ch-1")
    with pytest.raises(RuleViolation) as caught:
        area.record_involvement(
            "ch-1",
            InvolvementCreate(
                practitioner_id="sw-lisa",
                agency_id="camhs-ealing",
                service="assessment",
                since=date(2024, 1, 1),
            ),
        )
    assert caught.value.field == "agency_id"
    assert "sw-lisa" in caught.value.message
    assert "INVOLVED_WITH" not in area.counts()


@pytest.mark.parametrize(
    ("child_id", "practitioner_id", "agency_id", "kind"),
    [
        ("ch-nobody", "sw-lisa", "csc-ealing", "child"),
        ("ch-1", "sw-lisa", "no-agency", "agency"),
        ("ch-1", "no-practitioner", "csc-ealing", "practitioner"),
        ("ch-nobody", None, "gp-acton", "child"),
        ("ch-1", None, "no-agency", "agency"),
    ],
)
def test_record_involvement_with_an_unknown_reference_is_not_found(
    area: GraphStore, child_id: str, practitioner_id: str | None, agency_id: str, kind: str
) -> None:
    add_child(area, "ch-1")
    with pytest.raises(NotFound) as caught:
        area.record_involvement(
            child_id,
            InvolvementCreate(
                practitioner_id=practitioner_id,
                agency_id=agency_id,
                service="assessment",
                since=date(2024, 1, 1),
            ),
        )
    assert caught.value.kind == kind
    assert "INVOLVED_WITH" not in area.counts()


RECORDERS: dict[str, Callable[[GraphStore, str], str]] = {
    "practitioner": social_work,
    "agency": register_with_gp,
}


@pytest.mark.parametrize("by", sorted(RECORDERS))
def test_recording_the_same_involvement_twice_keeps_one_edge(area: GraphStore, by: str) -> None:
    add_child(area, "ch-1")
    record = RECORDERS[by]
    first = record(area, "ch-1")
    before = area.dump()
    second = record(area, "ch-1")
    assert second == first
    assert edge_count(area, "INVOLVED_WITH") == 1
    assert area.dump() == before


def test_ending_an_involvement_hides_it_from_current_who_else(area: GraphStore) -> None:
    add_child(area, "ch-1")
    register_with_gp(area, "ch-1")
    social_work(area, "ch-1")

    child_id = area.update_involvement("sw-ch-1", InvolvementUpdate(until=date(2025, 8, 1)))

    assert child_id == "ch-1"
    assert [e.id for e in area.who_else("ch-1")] == ["gp-ch-1"]
    everyone = {e.id: e for e in area.who_else("ch-1", include_ended=True)}
    assert set(everyone) == {"gp-ch-1", "sw-ch-1"}
    assert everyone["sw-ch-1"].until == date(2025, 8, 1)


def test_who_else_after_the_only_involvement_ended_is_empty(area: GraphStore) -> None:
    add_child(area, "ch-1")
    social_work(area, "ch-1")
    area.update_involvement("sw-ch-1", InvolvementUpdate(until=date(2025, 8, 1)))
    assert area.who_else("ch-1") == []


def test_an_involvement_ending_in_the_future_is_still_current(area: GraphStore) -> None:
    add_child(area, "ch-1")
    register_with_gp(area, "ch-1")
    social_work(area, "ch-1")
    area.update_involvement("sw-ch-1", InvolvementUpdate(until=date(2025, 6, 30)))

    def current_on(day: date) -> set[str]:
        return {e.id for e in area.who_else("ch-1", today=day)}

    assert current_on(date(2025, 6, 1)) == {"gp-ch-1", "sw-ch-1"}
    assert current_on(date(2025, 6, 29)) == {"gp-ch-1", "sw-ch-1"}
    assert current_on(date(2025, 6, 30)) == {"gp-ch-1"}


def test_lead_professional_can_be_set_and_cleared(area: GraphStore) -> None:
    add_child(area, "ch-1")
    social_work(area, "ch-1")

    area.update_involvement("sw-ch-1", InvolvementUpdate(lead_professional=True))
    assert area.who_else("ch-1")[0].lead_professional is True

    area.update_involvement("sw-ch-1", InvolvementUpdate(lead_professional=False))
    assert area.who_else("ch-1")[0].lead_professional is False


def test_assessment_can_be_recorded_and_cleared(area: GraphStore) -> None:
    add_child(area, "ch-1")
    social_work(area, "ch-1")

    area.update_involvement(
        "sw-ch-1",
        InvolvementUpdate(
            assessment_kind=AssessmentKind.CHILD_IN_NEED, assessment_date=date(2024, 2, 1)
        ),
    )
    [entry] = area.who_else("ch-1")
    assert entry.assessment_kind is AssessmentKind.CHILD_IN_NEED
    assert entry.assessment_date == date(2024, 2, 1)

    area.update_involvement("sw-ch-1", InvolvementUpdate(clear=["assessment"]))
    [entry] = area.who_else("ch-1")
    assert entry.assessment_kind is None
    assert entry.assessment_date is None


def test_info_to_share_is_stamped_once_and_cleared_when_lowered(area: GraphStore) -> None:
    store, clock = clocked(area, datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
    add_child(store, "ch-1")
    social_work(store, "ch-1")

    store.update_involvement("sw-ch-1", InvolvementUpdate(info_to_share=True))
    [entry] = store.who_else("ch-1")
    assert entry.info_to_share is True
    assert entry.info_to_share_since == date(2026, 3, 2)

    clock.advance(days=3)
    store.update_involvement("sw-ch-1", InvolvementUpdate(info_to_share=True))
    assert store.who_else("ch-1")[0].info_to_share_since == date(2026, 3, 2)

    store.update_involvement("sw-ch-1", InvolvementUpdate(info_to_share=False))
    [entry] = store.who_else("ch-1")
    assert entry.info_to_share is False
    assert entry.info_to_share_since is None


def test_consent_can_be_recorded(area: GraphStore) -> None:
    add_child(area, "ch-1")
    social_work(area, "ch-1")
    area.update_involvement("sw-ch-1", InvolvementUpdate(consent=True))
    assert area.who_else("ch-1")[0].consent is True


def test_fields_left_out_of_an_update_keep_their_values(area: GraphStore) -> None:
    add_child(area, "ch-1")
    social_work(
        area,
        "ch-1",
        lead_professional=True,
        consent=True,
        assessment_kind=AssessmentKind.EARLY_HELP,
        assessment_date=date(2024, 1, 10),
    )
    area.update_involvement("sw-ch-1", InvolvementUpdate(info_to_share=True))
    [entry] = area.who_else("ch-1")
    assert entry.lead_professional is True
    assert entry.consent is True
    assert entry.assessment_kind is AssessmentKind.EARLY_HELP
    assert entry.assessment_date == date(2024, 1, 10)
    assert entry.until is None


def test_an_update_stamps_updated_at(area: GraphStore) -> None:
    store, clock = clocked(area, datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
    add_child(store, "ch-1")
    social_work(store, "ch-1")
    clock.advance(days=1)
    store.update_involvement("sw-ch-1", InvolvementUpdate(consent=True))
    assert store.who_else("ch-1")[0].updated_at == clock.now


def test_update_of_an_unknown_involvement_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        area.update_involvement("inv-nobody", InvolvementUpdate(consent=True))
    assert caught.value.kind == "involvement"


# --- who else ---------------------------------------------------------------------------------


def test_who_else_lists_every_current_involvement_oldest_first(area: GraphStore) -> None:
    add_child(area, "ch-1")
    social_work(area, "ch-1", since=date(2023, 5, 2))
    register_with_gp(area, "ch-1", since=date(2020, 1, 6))
    area.record_involvement(
        "ch-1",
        InvolvementCreate(
            id="camhs-1",
            practitioner_id="camhs-ravi",
            agency_id="camhs-ealing",
            service="anxiety clinic",
            since=date(2024, 9, 9),
        ),
    )
    assert [e.id for e in area.who_else("ch-1")] == ["gp-ch-1", "sw-ch-1", "camhs-1"]


def test_who_else_leaves_out_other_childrens_involvements(area: GraphStore) -> None:
    add_child(area, "ch-1")
    add_child(area, "ch-2", "Peter", "Connelly")
    register_with_gp(area, "ch-1")
    social_work(area, "ch-2")
    assert [e.id for e in area.who_else("ch-1")] == ["gp-ch-1"]


def test_who_else_of_an_unknown_child_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        area.who_else("ch-nobody")
    assert caught.value.kind == "child"


def test_who_else_of_a_child_nobody_works_with_is_empty(area: GraphStore) -> None:
    add_child(area, "ch-1")
    assert area.who_else("ch-1") == []


# --- moves ------------------------------------------------------------------------------------


def test_a_move_closes_the_open_residence_and_opens_the_next(area: GraphStore) -> None:
    add_child(area, "ch-1", address_line="12 Acacia Avenue", postcode="W3 6NB")

    result = area.move_child(
        "ch-1",
        MoveCreate(
            to_la=LA_WESTMINSTER,
            date=date(2024, 3, 1),
            address_line="1 Harrow Road",
            postcode="W2 1AA",
        ),
        move_id="mv-1",
    )

    assert result.applied is True
    assert result.move_id == "mv-1"
    old, new = residences(area, "ch-1")
    assert (old["la"], old["until"]) == (LA_EALING, "2024-03-01")
    assert (new["la"], new["id"], new["since"]) == (LA_WESTMINSTER, "mv-1", "2024-03-01")
    assert new.get("until") is None
    assert [r for r in residences(area, "ch-1") if r.get("until") is None] == [new]
    child = node(area, "ch-1")
    assert child["address_line"] == "1 Harrow Road"
    assert child["postcode"] == "W2 1AA"


def test_a_retried_move_changes_nothing(area: GraphStore) -> None:
    add_child(area, "ch-1")
    register_with_gp(area, "ch-1")
    move = MoveCreate(to_la=LA_WESTMINSTER, date=date(2024, 3, 1))
    area.move_child("ch-1", move, move_id="mv-1")
    before = area.dump()

    again = area.move_child("ch-1", move, move_id="mv-1")

    assert again.applied is False
    assert area.dump() == before


def test_successive_moves_leave_one_open_residence(area: GraphStore) -> None:
    add_child(area, "ch-1")
    register_with_gp(area, "ch-1")
    area.move_child("ch-1", MoveCreate(to_la=LA_WESTMINSTER, date=date(2023, 3, 1)))
    area.move_child("ch-1", MoveCreate(to_la=LA_EALING, date=date(2024, 7, 15)))

    history = residences(area, "ch-1")

    assert [(r["la"], r["since"], r.get("until")) for r in history] == [
        (LA_EALING, "2020-01-01", "2023-03-01"),
        (LA_WESTMINSTER, "2023-03-01", "2024-07-15"),
        (LA_EALING, "2024-07-15", None),
    ]


def test_a_move_of_address_within_the_same_local_authority(area: GraphStore) -> None:
    add_child(area, "ch-1", address_line="12 Acacia Avenue", postcode="W3 6NB")
    register_with_gp(area, "ch-1")

    area.move_child(
        "ch-1",
        MoveCreate(
            to_la=LA_EALING,
            date=date(2024, 3, 1),
            address_line="3 Uxbridge Road",
            postcode="W5 2BS",
        ),
    )

    old, new = residences(area, "ch-1")
    assert (old["la"], old["until"], old["address_line"]) == (
        LA_EALING,
        "2024-03-01",
        "12 Acacia Avenue",
    )
    assert (new["la"], new.get("until"), new["address_line"]) == (
        LA_EALING,
        None,
        "3 Uxbridge Road",
    )
    record = area.get_child("ch-1")
    assert record.current_la == LA_EALING
    assert record.child.postcode == "W5 2BS"


def test_a_move_dated_before_the_current_residence_began_is_refused(area: GraphStore) -> None:
    add_child(area, "ch-1", resident_since=date(2022, 6, 1))
    register_with_gp(area, "ch-1")
    before = area.dump()
    with pytest.raises(RuleViolation) as caught:
        area.move_child("ch-1", MoveCreate(to_la=LA_WESTMINSTER, date=date(2022, 5, 31)))
    assert caught.value.field == "date"
    assert area.dump() == before


def test_a_move_to_an_unknown_local_authority_is_not_found(area: GraphStore) -> None:
    add_child(area, "ch-1")
    register_with_gp(area, "ch-1")
    before = area.dump()
    with pytest.raises(NotFound) as caught:
        area.move_child("ch-1", MoveCreate(to_la=LA_BIRMINGHAM, date=date(2024, 3, 1)))
    assert caught.value.kind == "local authority"
    assert area.dump() == before


def test_a_move_of_an_unknown_child_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        area.move_child("ch-nobody", MoveCreate(to_la=LA_WESTMINSTER, date=date(2024, 3, 1)))
    assert caught.value.kind == "child"


# --- network ----------------------------------------------------------------------------------


def _family(store: GraphStore) -> None:
    """Victoria lives with her mother and step-father; her half-brother Kwame shares only the
    mother, and has his own father. An unrelated child is registered with the same GP."""
    add_child(store, "ch-victoria", "Victoria", "Adjo")
    add_child(store, "ch-kwame", "Kwame", "Mensah", dob=date(2014, 8, 20), la=LA_WESTMINSTER)
    add_child(store, "ch-other", "Peter", "Connelly")
    add_carer(store, "ch-victoria", "cr-mother", "Ama", "Adjo", CarerRelationship.MOTHER)
    add_carer(
        store, "ch-victoria", "cr-step", "Kofi", "Boateng", CarerRelationship.STEP_PARENT, pr=False
    )
    store.link_carer(
        "ch-kwame",
        CarerLink(
            carer_id="cr-mother",
            relationship=CarerRelationship.MOTHER,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    add_carer(store, "ch-kwame", "cr-father", "Yaw", "Mensah", CarerRelationship.FATHER)
    social_work(store, "ch-victoria")
    register_with_gp(store, "ch-victoria")
    store.update_involvement("gp-ch-victoria", InvolvementUpdate(until=date(2024, 1, 31)))
    store.record_involvement(
        "ch-kwame",
        InvolvementCreate(
            id="camhs-kwame",
            practitioner_id="camhs-ravi",
            agency_id="camhs-ealing",
            service="anxiety clinic",
            since=date(2024, 9, 9),
        ),
    )
    register_with_gp(store, "ch-other")


DEPTH_1 = {
    "ch-victoria": "child",
    "cr-mother": "carer",
    "cr-step": "carer",
    "sw-lisa": "practitioner",
    "csc-ealing": "agency",
    "gp-acton": "agency",
    LA_EALING: "local_authority",
}
DEPTH_2 = {
    **DEPTH_1,
    "ch-kwame": "child",
    "camhs-ravi": "practitioner",
    "camhs-ealing": "agency",
    LA_WESTMINSTER: "local_authority",
}
DEPTH_3 = {**DEPTH_2, "cr-father": "carer"}


@pytest.mark.parametrize(("depth", "expected"), [(1, DEPTH_1), (2, DEPTH_2), (3, DEPTH_3)])
def test_network_reaches_family_and_their_services_by_depth(
    area: GraphStore, depth: int, expected: dict[str, str]
) -> None:
    _family(area)
    network = area.network("ch-victoria", depth)

    ids = [n.id for n in network.nodes]
    assert len(ids) == len(set(ids)), "a node appears twice"
    assert {n.id: n.kind for n in network.nodes} == expected
    assert [n.id for n in network.nodes if n.focus] == ["ch-victoria"]
    assert network.depth == depth


def test_network_edges_connect_the_family_and_mark_ended_work(area: GraphStore) -> None:
    _family(area)
    network = area.network("ch-victoria", 3)

    edges = {(e.source, e.target, e.type): e for e in network.edges}
    assert len(edges) == len(network.edges), "an edge appears twice"
    assert {("cr-mother", "ch-kwame", "CARES_FOR"), ("cr-father", "ch-kwame", "CARES_FOR")} <= set(
        edges
    )
    assert edges[("gp-acton", "ch-victoria", "INVOLVED_WITH")].current is False
    assert edges[("sw-lisa", "ch-victoria", "INVOLVED_WITH")].current is True
    assert ("sw-lisa", "csc-ealing", "WORKS_FOR") in edges
    assert edges[("ch-victoria", LA_EALING, "RESIDENT_IN")].current is True
    node_ids = {n.id for n in network.nodes}
    for e in network.edges:
        assert {e.source, e.target} <= node_ids, f"edge {e} points outside the network"


def test_an_agency_involvement_does_not_pull_in_the_agencys_other_children(
    area: GraphStore,
) -> None:
    _family(area)
    for depth in (1, 2, 3):
        ids = {n.id for n in area.network("ch-victoria", depth).nodes}
        assert "ch-other" not in ids


def test_every_agency_node_carries_its_kind(area: GraphStore) -> None:
    _family(area)
    agencies = {
        n.id: n.properties for n in area.network("ch-victoria", 2).nodes if n.kind == "agency"
    }
    assert agencies["csc-ealing"]["kind"] == "social_care"
    assert agencies["gp-acton"].get("kind") == "gp_practice"


def test_network_of_an_unknown_child_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound):
        area.network("ch-nobody", 1)


@pytest.mark.parametrize("depth", [0, 4])
def test_network_depth_outside_one_to_three_is_refused(area: GraphStore, depth: int) -> None:
    add_child(area, "ch-1")
    with pytest.raises(RuleViolation) as caught:
        area.network("ch-1", depth)
    assert caught.value.field == "depth"


# --- search -----------------------------------------------------------------------------------


def _search(store: GraphStore, **criteria: Any) -> list[str]:
    limit = criteria.pop("limit", 20)
    return [hit.child.id for hit in store.search(ChildSearch(**criteria), limit=limit)]


def test_search_by_nhs_number(area: GraphStore) -> None:
    add_child(area, "ch-1", nhs_number=nhs_number("943476591"))
    add_child(area, "ch-2", nhs_number=nhs_number("943476592"))
    [hit] = area.search(ChildSearch(nhs_number=nhs_number("943476591")))
    assert hit.child.id == "ch-1"
    assert hit.matched_on == ["nhs_number"]
    assert hit.score == 1.0


def test_search_by_an_alias_and_date_of_birth(area: GraphStore) -> None:
    add_child(area, "ch-1", "Victoria", "Climbie", other_names=["Anna Kouao"])
    [hit] = area.search(ChildSearch(name="Anna Kouao", date_of_birth=DOB))
    assert hit.child.id == "ch-1"
    assert "name" in hit.matched_on
    assert "date_of_birth" in hit.matched_on


def test_search_tolerates_a_misspelt_name(area: GraphStore) -> None:
    add_child(area, "ch-1", "Victoria", "Climbié")
    assert _search(area, name="Victoria Klimbie", date_of_birth=DOB) == ["ch-1"]


def test_search_finds_a_date_of_birth_with_day_and_month_swapped(area: GraphStore) -> None:
    add_child(area, "ch-1", "Victoria", "Climbie", dob=date(2016, 3, 4))
    [hit] = area.search(ChildSearch(name="Victoria Climbie", date_of_birth=date(2016, 4, 3)))
    assert hit.child.id == "ch-1"
    assert "date_of_birth (day and month swapped)" in hit.matched_on


def test_search_leaves_out_unrelated_names_and_other_birthdays(area: GraphStore) -> None:
    add_child(area, "ch-1", "Victoria", "Climbie")
    add_child(area, "ch-2", "Peter", "Connelly")
    add_child(area, "ch-3", "Victoria", "Climbie", dob=date(2015, 3, 4))
    assert _search(area, name="Victoria Climbie", date_of_birth=DOB) == ["ch-1"]


def test_search_leaves_out_archived_records_unless_asked(area: GraphStore) -> None:
    add_child(area, "ch-1", "Victoria", "Climbie")
    area.upsert_child(
        Child(
            id="ch-old",
            given_name="Victoria",
            family_name="Climbie",
            sex=Sex.FEMALE,
            date_of_birth=DOB,
            responsible_la=LA_EALING,
            status=ChildStatus.ARCHIVED,
        )
    )
    assert _search(area, name="Victoria Climbie", date_of_birth=DOB) == ["ch-1"]
    assert set(
        _search(area, name="Victoria Climbie", date_of_birth=DOB, include_archived=True)
    ) == {"ch-1", "ch-old"}


def test_search_returns_at_most_limit_hits(area: GraphStore) -> None:
    for n in range(4):
        add_child(area, f"ch-{n}", "Victoria", "Climbie")
    assert len(_search(area, name="Victoria Climbie", date_of_birth=DOB, limit=2)) == 2
    assert len(_search(area, name="Victoria Climbie", date_of_birth=DOB)) == 4


def test_search_ranks_an_exact_name_above_a_near_one(area: GraphStore) -> None:
    add_child(area, "ch-near", "Victoria", "Klimbie")
    add_child(area, "ch-exact", "Victoria", "Climbie")
    assert _search(area, name="Victoria Climbie", date_of_birth=DOB) == ["ch-exact", "ch-near"]


# --- practitioners, caseload, employment --------------------------------------------------------


def test_caseload_lists_current_children_and_ended_ones_on_request(area: GraphStore) -> None:
    add_child(area, "ch-1")
    add_child(area, "ch-2", "Peter", "Connelly")
    social_work(area, "ch-1", since=date(2023, 1, 9))
    social_work(area, "ch-2", since=date(2023, 6, 1))
    area.update_involvement("sw-ch-1", InvolvementUpdate(until=date(2024, 1, 31)))

    current = area.caseload("sw-lisa")
    assert [(c.child_id, c.family_name, c.service) for c in current] == [
        ("ch-2", "Connelly", "child in need plan")
    ]
    everything = area.caseload("sw-lisa", include_ended=True)
    assert [(c.child_id, c.until) for c in everything] == [
        ("ch-1", "2024-01-31"),
        ("ch-2", None),
    ]


def test_caseload_of_a_practitioner_with_no_children_is_empty(area: GraphStore) -> None:
    assert area.caseload("camhs-ravi") == []


def test_caseload_of_an_unknown_practitioner_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        area.caseload("no-practitioner")
    assert caught.value.kind == "practitioner"


def test_get_practitioner_gives_their_employment(area: GraphStore) -> None:
    practitioner, employment = area.get_practitioner("sw-lisa")
    assert practitioner.family_name == "Arthurworrey"
    assert employment == [
        {
            "agency_id": "csc-ealing",
            "agency_name": "Ealing Children's Social Care",
            "since": "2020-01-06",
            "until": None,
        }
    ]
    with pytest.raises(NotFound):
        area.get_practitioner("no-practitioner")


def test_end_employment_keeps_the_history_and_stops_new_involvements(area: GraphStore) -> None:
    add_child(area, "ch-1")
    area.end_employment("sw-lisa", "csc-ealing", date(2025, 1, 31))
    area.end_employment("sw-lisa", "csc-ealing", date(2025, 6, 30))  # the first end stands

    _, employment = area.get_practitioner("sw-lisa")
    assert [(e["agency_id"], e["until"]) for e in employment] == [("csc-ealing", "2025-01-31")]
    with pytest.raises(RuleViolation) as caught:
        social_work(area, "ch-1")
    assert caught.value.field == "agency_id"


def test_end_employment_that_never_was_is_not_found(area: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        area.end_employment("sw-lisa", "camhs-ealing", date(2025, 1, 31))
    assert caught.value.kind == "employment"


def test_get_agency_and_local_authority(area: GraphStore) -> None:
    agency = area.get_agency("camhs-ealing")
    assert (agency.name, agency.kind, agency.sensitive, agency.la) == (
        "Ealing CAMHS",
        "camhs",
        True,
        LA_EALING,
    )
    la = area.get_local_authority(LA_EALING)
    assert (la.name, la.index_team_phone) == ("Ealing", "+442088255000")
    with pytest.raises(NotFound):
        area.get_agency("no-agency")
    with pytest.raises(NotFound):
        area.get_local_authority(LA_BIRMINGHAM)


# --- housekeeping -----------------------------------------------------------------------------


def test_counts_gives_nodes_per_label_and_edges_per_type(area: GraphStore) -> None:
    assert area.counts() == {
        "LocalAuthority": 2,
        "Agency": 4,
        "Practitioner": 2,
        "LOCATED_IN": 4,
        "WORKS_FOR": 2,
    }
    add_child(area, "ch-1")
    social_work(area, "ch-1")
    counts = area.counts()
    assert (counts["Child"], counts["RESIDENT_IN"], counts["INVOLVED_WITH"]) == (1, 1, 1)


def test_clear_removes_everything(area: GraphStore) -> None:
    add_child(area, "ch-1")
    area.clear()
    assert area.counts() == {}
    assert area.dump() == ([], [])


def test_schema_is_complete_and_reapplying_it_is_harmless(store: GraphStore) -> None:
    store.apply_schema()
    status = store.schema_status()
    assert status.ok, status.missing
    assert ("Child", "id") in status.present
    assert "Child" in status.unique_present
    assert store.ping() is True


def test_a_second_child_with_the_same_id_is_the_same_child(area: GraphStore) -> None:
    add_child(area, "ch-1")
    add_child(area, "ch-1", resident_since=date(2021, 1, 1))
    assert area.counts()["Child"] == 1
    assert [r["since"] for r in residences(area, "ch-1")] == ["2020-01-01"]


def test_named_queries_refuse_parameters_they_do_not_declare(area: GraphStore) -> None:
    assert [row["id"] for row in area.query("get_agencies", ids=["gp-acton"])] == ["gp-acton"]
    with pytest.raises(CatalogError):
        area.query("get_agencies", id="gp-acton")
    with pytest.raises(CatalogError):
        area.write_batch("merge_carer", rows=[])
    assert area.counts()["Agency"] == 4
