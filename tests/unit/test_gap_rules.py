"""Each gap rule (DESIGN §6) on hand-built children: a positive case, a negative case and the
boundaries the issue names. No engine: the rules are pure functions over plain facts."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from analysis.gaps import (
    RULES,
    Agency,
    CarerLink,
    ChildFacts,
    Employment,
    Involvement,
    Practitioner,
    Residence,
    SameAs,
    Sibling,
    Thresholds,
    evaluate,
    merge_confirmed,
)
from analysis.gaps.calendar import working_days_between
from analysis.gaps.model import age_on

AS_OF = date(2026, 11, 24)
EALING = "E09000009"
WEST = "E09000033"

AGENCIES = {
    a.id: a
    for a in (
        Agency("gp", "Acton Health Centre", "gp_practice", la=EALING, phone="+442085550100"),
        Agency("gp-w", "Marylebone GP", "gp_practice", la=WEST),
        Agency("school", "St Mary's Primary", "school", la=EALING),
        Agency("school-w", "Westminster Academy", "school", la=WEST),
        Agency("hv", "Ealing Health Visiting", "health_visiting", la=EALING),
        Agency("ey", "Little Acorns Nursery", "early_years", la=EALING),
        Agency("csc", "Ealing Children's Social Care", "social_care", la=EALING),
        Agency("csc-w", "Westminster Children's Services", "social_care", la=WEST),
        Agency("eh", "Ealing Early Help", "early_help", la=EALING),
        Agency("police", "Met Police Ealing", "police", la=EALING),
        Agency("hospital", "Ealing Hospital", "hospital", la=EALING),
        Agency("camhs", "Ealing CAMHS", "camhs", la=EALING, sensitive=True),
        Agency("legacy-sh", "Old Sexual Health Clinic", "sexual_health", la=EALING),
    )
}
PRACTITIONERS = {
    p.id: p
    for p in (
        Practitioner(
            "sw-lisa",
            "Lisa Grant",
            "social worker",
            phone="+447700900001",
            employment=(Employment("csc", since=date(2019, 1, 1)),),
        ),
        Practitioner(
            "pc-dan",
            "Dan Okafor",
            "police constable",
            employment=(Employment("police", since=date(2018, 1, 1)),),
        ),
        Practitioner(
            "teacher-ann",
            "Ann Lee",
            "class teacher",
            employment=(Employment("school", since=date(2015, 9, 1)),),
        ),
        Practitioner(
            "dsl-sam",
            "Sam Patel",
            "designated safeguarding lead",
            employment=(Employment("school", since=date(2015, 9, 1)),),
        ),
        Practitioner(
            "left-jo",
            "Jo Hart",
            "social worker",
            employment=(Employment("csc", since=date(2019, 1, 1), until=date(2026, 6, 30)),),
        ),
        Practitioner(
            "camhs-ravi",
            "Ravi Shah",
            "CAMHS practitioner",
            employment=(Employment("camhs", since=date(2019, 1, 1)),),
        ),
    )
}
_ids = iter(range(10_000))


def inv(
    agency: str,
    practitioner: str | None = None,
    *,
    since: date = date(2025, 1, 1),
    until: date | None = None,
    updated: date = date(2026, 10, 1),
    **flags: object,
) -> Involvement:
    return Involvement(
        id=f"inv-{next(_ids)}",
        source_id=practitioner or agency,
        by_practitioner=practitioner is not None,
        agency_id=agency,
        since=since,
        until=until,
        updated_at=updated,
        **flags,  # type: ignore[arg-type]
    )


def carer(
    carer_id: str = "mum",
    *,
    pr: bool = True,
    lives_with: bool = True,
    relationship: str = "mother",
    since: date = date(2015, 1, 1),
    until: date | None = None,
) -> CarerLink:
    return CarerLink(
        carer_id=carer_id,
        name=carer_id.title(),
        relationship=relationship,
        parental_responsibility=pr,
        lives_with=lives_with,
        since=since,
        until=until,
    )


def born(years: int, *, days: int = 0) -> date:
    """A date of birth making the child `years` old on AS_OF, shifted by `days`."""
    return AS_OF.replace(year=AS_OF.year - years) + timedelta(days=days)


def child(
    *,
    dob: date | None = None,
    involvements: list[Involvement] | None = None,
    carers: list[CarerLink] | None = None,
    residences: list[Residence] | None = None,
    **details: object,
) -> ChildFacts:
    """A well-served eight-year-old by default: GP, school, a mother with PR at home."""
    return ChildFacts(
        id="ch-1",
        given_name="Anna",
        family_name="Kouao",
        date_of_birth=dob or born(8, days=-40),
        responsible_la=EALING,
        involvements=involvements
        if involvements is not None
        else [inv("gp"), inv("school", "teacher-ann")],
        carers=carers if carers is not None else [carer()],
        residences=residences
        if residences is not None
        else [Residence("r0", EALING, since=date(2018, 1, 1))],
        **details,  # type: ignore[arg-type]
    )


def codes(facts: ChildFacts, as_of: date = AS_OF, **kwargs: object) -> set[str]:
    return {g.code for g in evaluate(facts, **_args(as_of), **kwargs)}  # type: ignore[arg-type]


def gap(facts: ChildFacts, code: str, as_of: date = AS_OF) -> object:
    found = [g for g in evaluate(facts, **_args(as_of)) if g.code == code]
    assert found, f"{code} did not fire"
    return found[0]


def _args(as_of: date) -> dict[str, object]:
    return {"as_of": as_of, "agencies": AGENCIES, "practitioners": PRACTITIONERS}


def test_a_well_served_child_has_no_gaps() -> None:
    assert codes(child()) == set()


def test_every_rule_of_design_section_6_is_implemented() -> None:
    assert list(RULES) == [
        "NO_GP",
        "MISSING_EDUCATION",
        "INVISIBLE_CHILD",
        "MULTI_AGENCY_NO_LEAD",
        "ASSESSMENT_NO_LEAD",
        "INFO_TO_SHARE_UNACKNOWLEDGED",
        "STALE_INVOLVEMENT",
        "ORPHANED_INVOLVEMENT",
        "SENSITIVE_WITHOUT_CONSENT",
        "MOVED_WITHOUT_HANDOVER",
        "NO_SERVICES_AFTER_MOVE",
        "FREQUENT_MOVES",
        "WHEREABOUTS_UNKNOWN",
        "SIBLING_NOT_CONSIDERED",
        "NO_CARER_RECORDED",
        "CARER_WITHOUT_PR",
        "POSSIBLE_DUPLICATE",
        "SHIELDED_DUPLICATE",
    ]


# --- NO_GP, MISSING_EDUCATION, INVISIBLE_CHILD ---------------------------------------------


def test_no_gp_fires_without_a_current_gp_and_names_the_last_one() -> None:
    ended = inv("gp", until=date(2026, 3, 1))
    facts = child(involvements=[ended, inv("school", "teacher-ann")])
    assert codes(facts) == {"NO_GP"}
    found = gap(facts, "NO_GP")
    assert "Acton Health Centre until 2026-03-01" in found.reason  # type: ignore[attr-defined]
    assert ended.id in found.evidence  # type: ignore[attr-defined]


def test_a_gp_involvement_starting_after_the_as_of_date_is_not_current() -> None:
    facts = child(involvements=[inv("gp", since=AS_OF + timedelta(days=1)), inv("school")])
    assert "NO_GP" in codes(facts)
    assert "NO_GP" not in codes(facts, as_of=AS_OF + timedelta(days=1))


def test_an_involvement_ending_on_the_as_of_date_is_no_longer_current() -> None:
    facts = child(involvements=[inv("gp", until=AS_OF), inv("school")])
    assert "NO_GP" in codes(facts)
    assert "NO_GP" not in codes(facts, as_of=AS_OF - timedelta(days=1))


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (born(5), True),  # turns 5 on the as-of date: of school age
        (born(5, days=1), False),  # turns 5 tomorrow
        (born(16, days=-300), True),
        (born(17, days=1), True),  # still 16 until tomorrow
        (born(17), False),  # turns 17 on the as-of date: no longer of compulsory school age
    ],
)
def test_missing_education_boundaries_of_school_age(dob: date, expected: bool) -> None:
    facts = child(dob=dob, involvements=[inv("gp")])
    assert ("MISSING_EDUCATION" in codes(facts)) is expected


def test_missing_education_not_for_home_education_or_alternative_provision() -> None:
    agencies = {
        **AGENCIES,
        "ehe": Agency("ehe", "Ealing EHE", "elective_home_education"),
        "ap": Agency("ap", "Ealing PRU", "alternative_provision"),
    }
    for agency in ("ehe", "ap"):
        facts = child(involvements=[inv("gp"), inv(agency)])
        found = evaluate(facts, as_of=AS_OF, agencies=agencies, practitioners=PRACTITIONERS)
        assert [g.code for g in found] == []


def test_missing_education_uses_the_configured_school_age() -> None:
    facts = child(dob=born(4), involvements=[inv("gp")])
    assert "MISSING_EDUCATION" not in codes(facts)
    assert "MISSING_EDUCATION" in codes(facts, thresholds=Thresholds(school_age_from=4))


def test_invisible_child_has_no_universal_service_but_may_have_others() -> None:
    toddler = child(dob=born(2), involvements=[inv("police", "pc-dan")])
    assert codes(toddler) >= {"INVISIBLE_CHILD", "NO_GP"}
    with_hv = child(dob=born(2), involvements=[inv("hv")])
    assert "INVISIBLE_CHILD" not in codes(with_hv)
    assert "NO_GP" in codes(with_hv)
    with_nursery = child(dob=born(3), involvements=[inv("ey")])
    assert "INVISIBLE_CHILD" not in codes(with_nursery)


# --- MULTI_AGENCY_NO_LEAD, ASSESSMENT_NO_LEAD -----------------------------------------------


def test_multi_agency_counts_agency_and_practitioner_level_involvements() -> None:
    facts = child(
        involvements=[
            inv("gp"),
            inv("school"),
            inv("police", since=date(2026, 3, 2)),  # agency-level: no named officer
            inv("csc", "sw-lisa", since=date(2026, 1, 5)),
        ]
    )
    found = gap(facts, "MULTI_AGENCY_NO_LEAD")
    assert found.reason.startswith(  # type: ignore[attr-defined]
        "2 agencies involved since 2026-03 (social care and police)"
    )
    assert "Lisa Grant" in found.action  # type: ignore[attr-defined]


def test_multi_agency_two_workers_of_one_agency_are_one_agency() -> None:
    facts = child(
        involvements=[inv("gp"), inv("school"), inv("csc", "sw-lisa"), inv("csc", "left-jo")]
    )
    assert "MULTI_AGENCY_NO_LEAD" not in codes(facts)


def test_multi_agency_universal_services_do_not_count_and_a_lead_clears_it() -> None:
    assert "MULTI_AGENCY_NO_LEAD" not in codes(
        child(involvements=[inv("gp"), inv("school"), inv("hv")])
    )
    led = child(
        involvements=[
            inv("gp"),
            inv("school"),
            inv("police"),
            inv("csc", "sw-lisa", lead_professional=True),
        ]
    )
    assert "MULTI_AGENCY_NO_LEAD" not in codes(led)
    ended_lead = child(
        involvements=[
            inv("gp"),
            inv("school"),
            inv("police"),
            inv("csc", "sw-lisa"),
            inv("eh", lead_professional=True, until=date(2026, 1, 1)),
        ]
    )
    assert "MULTI_AGENCY_NO_LEAD" in codes(ended_lead)


def test_assessment_without_lead() -> None:
    assessed = inv("csc", "sw-lisa", assessment_kind="early_help", assessment_date=date(2026, 5, 1))
    facts = child(involvements=[inv("gp"), inv("school"), assessed])
    found = gap(facts, "ASSESSMENT_NO_LEAD")
    assert "recorded on 2026-05-01 by Lisa Grant" in found.reason  # type: ignore[attr-defined]
    led = replace(assessed, lead_professional=True)
    assert "ASSESSMENT_NO_LEAD" not in codes(child(involvements=[inv("gp"), inv("school"), led]))


# --- INFO_TO_SHARE_UNACKNOWLEDGED -------------------------------------------------------------


EASTER_THURSDAY = date(2026, 4, 2)  # Good Friday 3 April and Easter Monday 6 April follow


def _info_child(as_acknowledged_by: tuple[str, ...] = ()) -> ChildFacts:
    raised = inv(
        "school",
        "dsl-sam",
        info_to_share=True,
        info_to_share_since=EASTER_THURSDAY,
        info_acknowledged_by=as_acknowledged_by,
    )
    return child(involvements=[inv("gp"), raised, inv("csc", "sw-lisa", lead_professional=True)])


def test_info_to_share_exactly_five_working_days_across_a_bank_holiday_weekend() -> None:
    fifth = date(2026, 4, 13)
    assert working_days_between(EASTER_THURSDAY, fifth) == 5  # 7, 8, 9, 10 and 13 April
    assert "INFO_TO_SHARE_UNACKNOWLEDGED" not in codes(_info_child(), as_of=fifth)
    assert "INFO_TO_SHARE_UNACKNOWLEDGED" in codes(_info_child(), as_of=fifth + timedelta(days=1))


def test_info_to_share_acknowledged_by_another_involved_practitioner() -> None:
    later = date(2026, 5, 1)
    assert "INFO_TO_SHARE_UNACKNOWLEDGED" not in codes(_info_child(("sw-lisa",)), as_of=later)
    # the raiser acknowledging their own flag, or someone not involved, does not count
    assert "INFO_TO_SHARE_UNACKNOWLEDGED" in codes(_info_child(("dsl-sam",)), as_of=later)
    assert "INFO_TO_SHARE_UNACKNOWLEDGED" in codes(_info_child(("pc-dan",)), as_of=later)


# --- STALE, ORPHANED, SENSITIVE ---------------------------------------------------------------


def test_stale_involvement_after_a_year_without_update() -> None:
    year_ago = AS_OF - timedelta(days=365)
    fresh = child(involvements=[inv("gp", updated=year_ago), inv("school")])
    assert "STALE_INVOLVEMENT" not in codes(fresh)
    stale = child(involvements=[inv("gp", updated=year_ago - timedelta(days=1)), inv("school")])
    assert "STALE_INVOLVEMENT" in codes(stale)
    ended = child(
        involvements=[
            inv("gp"),
            inv("school"),
            inv("csc", until=date(2026, 1, 1), updated=date(2020, 1, 1)),
        ]
    )
    assert "STALE_INVOLVEMENT" not in codes(ended)


def test_orphaned_involvement_when_the_practitioner_has_left() -> None:
    orphan = inv("csc", "left-jo")
    facts = child(involvements=[inv("gp"), inv("school"), orphan])
    found = gap(facts, "ORPHANED_INVOLVEMENT")
    assert "left Ealing Children's Social Care on 2026-06-30" in found.reason  # type: ignore[attr-defined]
    assert "ORPHANED_INVOLVEMENT" not in codes(facts, as_of=date(2026, 6, 29))
    # acting for an agency they never worked for is orphaned too
    stray = child(involvements=[inv("gp"), inv("school"), inv("police", "sw-lisa")])
    assert "ORPHANED_INVOLVEMENT" in codes(stray)
    # agency-level involvements have no practitioner to lose
    assert "ORPHANED_INVOLVEMENT" not in codes(
        child(involvements=[inv("gp"), inv("school"), inv("csc")])
    )


def test_sensitive_kind_not_marked_sensitive_without_consent() -> None:
    exposed = child(involvements=[inv("gp"), inv("school"), inv("legacy-sh")])
    assert "SENSITIVE_WITHOUT_CONSENT" in codes(exposed)
    consented = child(involvements=[inv("gp"), inv("school"), inv("legacy-sh", consent=True)])
    assert "SENSITIVE_WITHOUT_CONSENT" not in codes(consented)
    flagged = child(involvements=[inv("gp"), inv("school"), inv("camhs", "camhs-ravi")])
    assert "SENSITIVE_WITHOUT_CONSENT" not in codes(flagged)


def test_a_hidden_sensitive_service_is_never_named() -> None:
    camhs = inv("camhs", "camhs-ravi")
    facts = child(involvements=[inv("gp"), inv("school"), camhs, inv("police", "pc-dan")])
    seen = evaluate(facts, **_args(AS_OF))  # type: ignore[arg-type]
    assert any("CAMHS" in g.reason for g in seen)
    hidden = evaluate(facts, **_args(AS_OF), hidden=frozenset({camhs.id}))  # type: ignore[arg-type]
    text = " ".join(f"{g.reason} {g.action} {' '.join(g.evidence)}" for g in hidden)
    assert "MULTI_AGENCY_NO_LEAD" in {g.code for g in hidden}
    for secret in ("CAMHS", "Ravi", "camhs", camhs.id):
        assert secret not in text


# --- moves ------------------------------------------------------------------------------------


MOVE_DAY = date(2026, 9, 1)


def _moved(involvements: list[Involvement], moved: date = MOVE_DAY) -> ChildFacts:
    return child(
        involvements=involvements,
        residences=[
            Residence("r0", WEST, since=date(2018, 1, 1), until=moved),
            Residence("r1", EALING, since=moved, from_la=WEST),
        ],
    )


def test_moved_without_handover_when_social_care_ended_at_the_move() -> None:
    ended_at_move = inv("csc-w", until=MOVE_DAY)
    facts = _moved([inv("gp"), inv("school"), ended_at_move])
    found = gap(facts, "MOVED_WITHOUT_HANDOVER")
    assert "Moved from E09000033 to E09000009 on 2026-09-01" in found.reason  # type: ignore[attr-defined]
    named = evaluate(facts, **_args(AS_OF), places={WEST: "Westminster", EALING: "Ealing"})  # type: ignore[arg-type]
    moved = next(g for g in named if g.code == "MOVED_WITHOUT_HANDOVER")
    assert "Moved from Westminster (E09000033) to Ealing (E09000009)" in moved.reason


def test_moved_without_handover_not_when_it_ended_the_day_before_the_move() -> None:
    ended_before = inv("csc-w", until=MOVE_DAY - timedelta(days=1))
    assert "MOVED_WITHOUT_HANDOVER" not in codes(_moved([inv("gp"), inv("school"), ended_before]))


def test_moved_without_handover_not_once_social_care_started_in_the_new_area() -> None:
    facts = _moved(
        [inv("gp"), inv("school"), inv("csc-w", until=MOVE_DAY), inv("csc", since=MOVE_DAY)]
    )
    assert "MOVED_WITHOUT_HANDOVER" not in codes(facts)


def test_moved_without_handover_waits_five_working_days_and_stops_after_ninety_days() -> None:
    facts = _moved([inv("gp"), inv("school"), inv("csc-w", until=MOVE_DAY)])
    fifth = date(2026, 9, 8)  # Tuesday 1 September + 5 working days
    assert working_days_between(MOVE_DAY, fifth) == 5
    assert "MOVED_WITHOUT_HANDOVER" not in codes(facts, as_of=fifth)
    assert "MOVED_WITHOUT_HANDOVER" in codes(facts, as_of=fifth + timedelta(days=1))
    assert "MOVED_WITHOUT_HANDOVER" in codes(facts, as_of=MOVE_DAY + timedelta(days=90))
    assert "MOVED_WITHOUT_HANDOVER" not in codes(facts, as_of=MOVE_DAY + timedelta(days=91))


def test_a_move_of_address_within_the_area_is_not_a_move_between_areas() -> None:
    facts = child(
        involvements=[inv("gp"), inv("school"), inv("csc", until=MOVE_DAY)],
        residences=[
            Residence("r0", EALING, since=date(2018, 1, 1), until=MOVE_DAY),
            Residence("r1", EALING, since=MOVE_DAY, from_la=EALING),
        ],
    )
    assert codes(facts) == set()


def test_no_services_after_move_after_28_days() -> None:
    facts = _moved([inv("gp-w"), inv("school-w")])  # still the old area's GP and school
    assert "NO_SERVICES_AFTER_MOVE" not in codes(facts, as_of=MOVE_DAY + timedelta(days=27))
    assert "NO_SERVICES_AFTER_MOVE" in codes(facts, as_of=MOVE_DAY + timedelta(days=28))
    local_gp = _moved([inv("gp"), inv("school-w")])
    assert "NO_SERVICES_AFTER_MOVE" not in codes(local_gp)


def test_frequent_moves_three_in_twelve_months() -> None:
    dates = [AS_OF - timedelta(days=d) for d in (300, 200, 100)]
    periods = [Residence("r0", EALING, since=date(2018, 1, 1), until=dates[0])]
    for n, (start, end) in enumerate(zip(dates, [*dates[1:], None], strict=True), 1):
        periods.append(Residence(f"r{n}", EALING, since=start, until=end, from_la=EALING))
    facts = child(residences=periods)
    found = gap(facts, "FREQUENT_MOVES")
    assert found.reason.startswith("3 moves in the last 12 months")  # type: ignore[attr-defined]
    # a year later than the first, only two remain in the window
    assert "FREQUENT_MOVES" not in codes(facts, as_of=dates[0] + timedelta(days=365))
    assert "FREQUENT_MOVES" not in codes(child(residences=periods[:3]))


@pytest.mark.parametrize(
    ("status", "expected"),
    [("no_known_address", True), ("left_england", True), ("last_known", False), ("current", False)],
)
def test_whereabouts_unknown(status: str, expected: bool) -> None:
    assert ("WHEREABOUTS_UNKNOWN" in codes(child(address_status=status))) is expected


# --- family -----------------------------------------------------------------------------------


def _sibling(concern: str | None, carer_id: str = "mum", shielded: bool = False) -> Sibling:
    return Sibling(
        child_id="ch-2", carer_id=carer_id, name="Kofi Kouao", concern=concern, shielded=shielded
    )


def test_sibling_not_considered_through_a_step_parent() -> None:
    step = carer("stepdad", pr=False, relationship="step_parent")
    facts = child(carers=[carer(), step], siblings=[_sibling("social care involvement", "stepdad")])
    found = gap(facts, "SIBLING_NOT_CONSIDERED")
    assert "Kofi Kouao (social care involvement)" in found.reason  # type: ignore[attr-defined]
    assert "stepdad" in found.evidence  # type: ignore[attr-defined]


def test_sibling_not_considered_negatives() -> None:
    assert "SIBLING_NOT_CONSIDERED" not in codes(child(siblings=[_sibling(None)]))
    # the child has an additional service of its own: considered
    helped = child(
        involvements=[inv("gp"), inv("school"), inv("eh")], siblings=[_sibling("an assessment")]
    )
    assert "SIBLING_NOT_CONSIDERED" not in codes(helped)
    # the shared carer no longer cares for this child
    former = child(
        carers=[carer(until=date(2026, 1, 1)), carer("dad")], siblings=[_sibling("an assessment")]
    )
    assert "SIBLING_NOT_CONSIDERED" not in codes(former)


def test_a_shielded_sibling_is_neither_described_nor_named_nor_evidence() -> None:
    """Naming it, or the carer it shares, would place it in this child's household."""
    facts = child(siblings=[_sibling("social care involvement", shielded=True)])
    found = gap(facts, "SIBLING_NOT_CONSIDERED")
    assert "social care" not in found.reason  # type: ignore[attr-defined]
    assert "Kofi" not in found.reason + found.action  # type: ignore[attr-defined]
    assert "index team" in found.action  # type: ignore[attr-defined]
    assert "ch-2" not in found.evidence  # type: ignore[attr-defined]
    assert "mum" not in found.evidence  # type: ignore[attr-defined]


def test_no_carer_recorded() -> None:
    assert "NO_CARER_RECORDED" in codes(child(carers=[]))
    assert "NO_CARER_RECORDED" in codes(child(carers=[carer(until=AS_OF)]))
    assert "NO_CARER_RECORDED" not in codes(child(carers=[carer(until=AS_OF + timedelta(days=1))]))


def test_carer_without_pr_when_the_parent_with_pr_lives_elsewhere() -> None:
    aunt = carer("aunt", pr=False, relationship="relative")
    away = carer(lives_with=False)  # the mother keeps PR but does not live with the child
    facts = child(carers=[aunt, away])
    found = gap(facts, "CARER_WITHOUT_PR")
    assert "Aunt (relative)" in found.reason  # type: ignore[attr-defined]
    assert "mum" not in found.evidence  # type: ignore[attr-defined]


def test_carer_without_pr_negatives() -> None:
    step_and_mum = child(carers=[carer(), carer("stepdad", pr=False, relationship="step_parent")])
    assert "CARER_WITHOUT_PR" not in codes(step_and_mum)
    fostered = child(
        carers=[carer("aunt", pr=False, relationship="relative")],
        involvements=[inv("gp"), inv("school"), inv("csc", "sw-lisa", lead_professional=True)],
    )
    assert "CARER_WITHOUT_PR" not in codes(fostered)


# --- identity ---------------------------------------------------------------------------------


def test_possible_and_shielded_duplicates() -> None:
    plain = child(same_as=[SameAs("ch-9", "candidate", score=0.93)])
    assert codes(plain) == {"POSSIBLE_DUPLICATE"}
    assert codes(child(same_as=[SameAs("ch-9", "rejected")])) == set()
    shielded = child(shielded=True, same_as=[SameAs("ch-9", "candidate", other_shielded=False)])
    assert codes(shielded) == {"POSSIBLE_DUPLICATE", "SHIELDED_DUPLICATE"}
    both = child(shielded=True, same_as=[SameAs("ch-9", "candidate", other_shielded=True)])
    assert codes(both) == {"POSSIBLE_DUPLICATE"}


def test_confirmed_records_are_one_child() -> None:
    first = child(involvements=[inv("school")], same_as=[SameAs("ch-2", "confirmed")])
    second = replace(
        child(involvements=[inv("gp")], same_as=[SameAs("ch-1", "confirmed")]), id="ch-2"
    )
    assert "NO_GP" in codes(first)
    merged = merge_confirmed(first, [second])
    assert merged.also_known_as == ["ch-2"]
    assert codes(merged) == set()


# --- order and reasons ------------------------------------------------------------------------


def test_gaps_are_ordered_by_severity_then_oldest() -> None:
    facts = child(
        dob=born(9),
        involvements=[inv("csc", "left-jo")],
        carers=[],
        address_status="no_known_address",
    )
    found = evaluate(facts, **_args(AS_OF))  # type: ignore[arg-type]
    severities = [g.severity.value for g in found]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    high = [g for g in found if g.severity.value == "high"]
    dated = [g.since for g in high if g.since]
    assert dated == sorted(dated)
    assert high[-1].since is None  # undated last


def test_archived_records_have_no_gaps() -> None:
    assert codes(child(status="archived", carers=[])) == set()


def test_age_on_a_leap_day_birthday() -> None:
    assert age_on(date(2020, 2, 29), date(2025, 2, 28)) == 4
    assert age_on(date(2020, 2, 29), date(2025, 3, 1)) == 5
