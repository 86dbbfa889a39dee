"""The access policy, decision by decision: roles, LA scope, ownership, reasons, shielding,
sensitive services, archived records, and 404-not-403 where existence is not for the asking."""

import pytest

from service.auth.principal import Principal, Role
from service.policy import (
    MIN_REASON_LENGTH,
    NEEDS_REASON,
    ROLES_FOR,
    Action,
    ChildFacts,
    Decision,
    InvolvementFacts,
    Target,
    decide,
    knows_of,
    may_read_child,
    sees_carer_contacts,
    sees_sensitive,
    sees_shielded_details,
)

EALING = "E09000009"
WESTMINSTER = "E09000033"
REASON = "child protection enquiry"


def who(
    name: str,
    *roles: Role,
    la: str | None = EALING,
    practitioner_id: str | None = None,
    agency_id: str | None = None,
) -> Principal:
    return Principal(
        username=name,
        roles=frozenset(roles),
        la=la,
        practitioner_id=practitioner_id,
        agency_id=agency_id,
    )


LISA = who("lisa", Role.PRACTITIONER, practitioner_id="sw-lisa", agency_id="csc-ealing", la=None)
MAYA = who("maya", Role.PRACTITIONER, practitioner_id="sw-maya", agency_id="csc-ealing", la=None)
RAVI = who("ravi", Role.PRACTITIONER, practitioner_id="camhs-ravi", agency_id="camhs-ealing")
MASH = who("mash", Role.MASH)
MANAGER = who("manager", Role.MANAGER)
STEWARD = who("steward", Role.DATA_STEWARD)
STEWARD_W = who("steward-w", Role.DATA_STEWARD, la=WESTMINSTER)
SHIELD = who("shield", Role.SHIELDING_OFFICER)
SHIELD_W = who("shield-w", Role.SHIELDING_OFFICER, la=WESTMINSTER)
AUDITOR = who("auditor", Role.AUDITOR, la=None)
ADMIN = who("admin", Role.ADMIN, la=None)
NOBODY = who("nobody")
EVERYONE = [LISA, RAVI, MASH, MANAGER, STEWARD, STEWARD_W, SHIELD, SHIELD_W, AUDITOR, ADMIN]

CHILD = ChildFacts(id="ch-1", responsible_la=EALING)
CHILD_W = ChildFacts(id="ch-2", responsible_la=WESTMINSTER)
SHIELDED = ChildFacts(id="ch-3", responsible_la=EALING, shielded=True)
ARCHIVED = ChildFacts(id="ch-4", responsible_la=EALING, archived=True)
ARCHIVED_W = ChildFacts(id="ch-5", responsible_la=WESTMINSTER, archived=True)


def involvement(
    *,
    child: ChildFacts = CHILD,
    source_id: str = "sw-lisa",
    agency_id: str = "csc-ealing",
    sensitive: bool = False,
    consent: bool = False,
    by_practitioner: bool = True,
) -> InvolvementFacts:
    return InvolvementFacts(
        id="inv-1",
        child_id=child.id,
        source_id=source_id,
        by_practitioner=by_practitioner,
        agency_id=agency_id,
        sensitive=sensitive,
        consent=consent,
    )


LISAS = involvement()
RAVIS_SENSITIVE = involvement(source_id="camhs-ravi", agency_id="camhs-ealing", sensitive=True)


def allowed(decision: Decision) -> bool:
    assert decision.allowed == (decision.status == 200)
    return decision.allowed


# --- who may do what at all ---------------------------------------------------------------------

EXPECTED_ROLES = {
    Action.READ_CHILD: {"practitioner", "mash", "manager", "data_steward", "shielding_officer",
                        "auditor"},
    Action.SEARCH_CHILDREN: {"practitioner", "mash", "manager", "data_steward",
                             "shielding_officer", "auditor"},
    Action.READ_MOVES: {"data_steward", "mash"},
    Action.READ_CASELOAD: {"practitioner", "mash", "manager", "data_steward", "auditor"},
    Action.CREATE_CHILD: {"data_steward"},
    Action.UPDATE_CHILD: {"data_steward"},
    Action.LINK_CARER: {"data_steward"},
    Action.RECORD_INVOLVEMENT: {"practitioner", "data_steward"},
    Action.UPDATE_INVOLVEMENT: {"practitioner", "data_steward"},
    Action.MOVE_CHILD: {"data_steward"},
    Action.ACCEPT_TRANSFER: {"data_steward"},
    Action.SHIELD: {"shielding_officer"},
    Action.UNSHIELD: {"shielding_officer"},
    Action.CREATE_AGENCY: {"data_steward"},
    Action.CREATE_PRACTITIONER: {"data_steward"},
    Action.IMPORT: {"data_steward"},
    Action.READ_AUDIT: {"auditor"},
    Action.READ_AGENCY: {r.value for r in Role},
    Action.READ_PRACTITIONER: {r.value for r in Role},
    Action.READ_METRICS: {r.value for r in Role},
    Action.READ_DUPLICATES: {"data_steward"},
    Action.DECIDE_DUPLICATE: {"data_steward"},
    Action.READ_AREA_GAPS: {"manager", "mash"},
    Action.READ_GAP_SUMMARY: {"manager", "mash"},
    Action.READ_COVERAGE: {"manager", "mash"},
    Action.ACKNOWLEDGE_INFO: {"practitioner"},
}  # fmt: skip


def test_every_action_has_its_roles_stated() -> None:
    assert set(ROLES_FOR) == set(Action)
    assert {a: {r.value for r in roles} for a, roles in ROLES_FOR.items()} == EXPECTED_ROLES


@pytest.mark.parametrize(
    ("action", "role"),
    [
        (action, role)
        for action in Action
        for role in Role
        if role.value not in EXPECTED_ROLES[action]
    ],
)
def test_a_role_without_the_action_is_refused_403(action: Action, role: Role) -> None:
    principal = who("x", role, practitioner_id="p", agency_id="a")
    decision = decide(principal, action, Target(child=CHILD), reason=REASON)
    assert (decision.status, decision.code) == (403, "forbidden")


@pytest.mark.parametrize("action", list(Action))
def test_a_principal_with_no_role_may_do_nothing(action: Action) -> None:
    assert decide(NOBODY, action, Target(child=CHILD), reason=REASON).status == 403


def test_admins_see_no_child_data() -> None:
    decision = decide(ADMIN, Action.READ_CHILD, Target(child=CHILD), reason=REASON)
    assert decision.status == 403
    assert not may_read_child(ADMIN, CHILD)


# --- the reason ----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", sorted(NEEDS_REASON))
@pytest.mark.parametrize(
    ("reason", "ok"),
    [
        (None, False),
        ("", False),
        ("xy" * 4 + "x", False),
        ("   " + "xy" * 4 + "x" + "   ", False),
        ("xy" * 5, True),
        ("x" + " " * 20 + "x", False),
        ("s47  \t\n  s47", False),
        ("s47 \t enquiry", True),
        ("x" * MIN_REASON_LENGTH, False),
        ("a a a a a a", False),
        (".,;:!?-_/*", False),
        ("1234567890", True),
        ("section 47 enquiry", True),
    ],
    ids=[
        "missing", "empty", "9-chars", "9-chars-padded", "10-chars", "padding-inside",
        "9-once-collapsed", "10-once-collapsed", "one-letter", "one-letter-spaced",
        "punctuation", "digits", "sentence",
    ],
)  # fmt: skip
def test_reads_of_child_data_need_a_reason_of_ten_characters(
    action: Action, reason: str | None, ok: bool
) -> None:
    # a principal holding every role, so only the reason can refuse
    everyone = who("all", *Role, practitioner_id="p", agency_id="a")
    target = Target(child=CHILD, other_child=CHILD, practitioner_id="p", la=EALING)
    decision = decide(everyone, action, target, reason=reason)
    if ok:
        assert allowed(decision)
    else:
        assert (decision.status, decision.code) == (400, "reason_required")
        assert "X-Access-Reason" in decision.reason
        assert "10 characters" in decision.reason


@pytest.mark.parametrize(
    ("principal", "action", "target"),
    [
        (STEWARD, Action.UPDATE_CHILD, Target(child=CHILD)),
        (STEWARD, Action.CREATE_CHILD, Target(la=EALING)),
        (SHIELD, Action.SHIELD, Target(child=CHILD)),
        (LISA, Action.READ_PRACTITIONER, None),
    ],
)
def test_writes_and_directory_reads_need_no_reason(
    principal: Principal, action: Action, target: Target | None
) -> None:
    assert allowed(decide(principal, action, target, reason=None))


def test_a_forbidden_role_hears_403_before_any_word_about_reasons() -> None:
    assert decide(ADMIN, Action.READ_CHILD, Target(child=CHILD)).status == 403


def test_a_missing_reason_is_400_even_for_an_unknown_child() -> None:
    """The reason is asked before existence, so an id cannot be probed without giving one."""
    assert decide(LISA, Action.READ_CHILD, Target(child=None)).status == 400


# --- reading a child: existence, archive, LA scope ----------------------------------------------


@pytest.mark.parametrize("principal", [LISA, MASH, MANAGER, STEWARD, SHIELD, AUDITOR])
def test_an_unknown_child_is_404_for_everyone(principal: Principal) -> None:
    decision = decide(principal, Action.READ_CHILD, Target(child=None), reason=REASON)
    assert (decision.status, decision.code) == (404, "not_found")


@pytest.mark.parametrize(
    ("principal", "child", "status"),
    [
        (LISA, ARCHIVED, 404),
        (LISA, ARCHIVED_W, 404),
        (MASH, ARCHIVED, 404),
        (MANAGER, ARCHIVED, 404),
        (STEWARD, ARCHIVED, 200),
        (STEWARD, ARCHIVED_W, 404),
        (STEWARD_W, ARCHIVED_W, 200),
        (SHIELD, ARCHIVED, 200),
        (SHIELD_W, ARCHIVED, 404),
        (AUDITOR, ARCHIVED, 200),
        (AUDITOR, ARCHIVED_W, 200),
    ],
)
def test_archived_records_are_known_to_their_stewards_and_auditors_only(
    principal: Principal, child: ChildFacts, status: int
) -> None:
    decision = decide(principal, Action.READ_CHILD, Target(child=child), reason=REASON)
    assert decision.status == status
    assert knows_of(principal, child) == (status == 200)


def test_a_practitioner_cannot_write_to_an_archived_child_nor_learn_it_exists() -> None:
    target = Target(child=ARCHIVED, practitioner_id="sw-lisa", agency_id="csc-ealing")
    assert decide(LISA, Action.RECORD_INVOLVEMENT, target).status == 404


@pytest.mark.parametrize("principal", [LISA, RAVI, MASH, STEWARD_W, SHIELD_W, AUDITOR])
def test_everyone_who_reads_reads_any_active_child_nationally(principal: Principal) -> None:
    assert allowed(decide(principal, Action.READ_CHILD, Target(child=CHILD), reason=REASON))


def test_a_manager_reads_records_of_their_own_area() -> None:
    assert allowed(decide(MANAGER, Action.READ_CHILD, Target(child=CHILD), reason=REASON))


def test_a_manager_may_not_read_another_areas_record() -> None:
    decision = decide(MANAGER, Action.READ_CHILD, Target(child=CHILD_W), reason=REASON)
    assert (decision.status, decision.code) == (403, "forbidden")
    assert not may_read_child(MANAGER, CHILD_W)


def test_a_shielded_child_can_be_read_but_its_details_are_for_the_shielding_officer() -> None:
    for principal in (LISA, MASH, STEWARD, SHIELD, SHIELD_W, AUDITOR):
        assert allowed(decide(principal, Action.READ_CHILD, Target(child=SHIELDED), reason=REASON))
    assert sees_shielded_details(SHIELD, SHIELDED)
    for principal in (LISA, MASH, MANAGER, STEWARD, SHIELD_W, AUDITOR, ADMIN):
        assert not sees_shielded_details(principal, SHIELDED)


def test_a_shielding_officer_without_an_la_sees_no_shielded_details() -> None:
    assert not sees_shielded_details(who("s", Role.SHIELDING_OFFICER, la=None), SHIELDED)


@pytest.mark.parametrize("principal", EVERYONE)
def test_an_unshielded_childs_details_are_not_withheld(principal: Principal) -> None:
    assert sees_shielded_details(principal, CHILD)


# --- writes: stewards within their own area ---------------------------------------------------


@pytest.mark.parametrize("action", [Action.UPDATE_CHILD, Action.LINK_CARER, Action.MOVE_CHILD])
def test_the_responsible_areas_steward_changes_the_record(action: Action) -> None:
    assert allowed(decide(STEWARD, action, Target(child=CHILD)))


@pytest.mark.parametrize("action", [Action.UPDATE_CHILD, Action.LINK_CARER, Action.MOVE_CHILD])
def test_another_areas_steward_is_refused_403(action: Action) -> None:
    decision = decide(STEWARD_W, action, Target(child=CHILD))
    assert (decision.status, decision.code) == (403, "forbidden")


@pytest.mark.parametrize("action", [Action.UPDATE_CHILD, Action.MOVE_CHILD])
def test_another_areas_steward_cannot_learn_of_an_archived_child(action: Action) -> None:
    assert decide(STEWARD_W, action, Target(child=ARCHIVED)).status == 404


@pytest.mark.parametrize(
    "action", [Action.CREATE_CHILD, Action.CREATE_AGENCY, Action.CREATE_PRACTITIONER, Action.IMPORT]
)
def test_stewards_create_in_their_own_area_only(action: Action) -> None:
    assert allowed(decide(STEWARD, action, Target(la=EALING)))
    assert decide(STEWARD_W, action, Target(la=EALING)).status == 403
    assert decide(STEWARD, action, Target(la=None)).status == 403


def test_a_steward_account_without_an_la_may_create_nothing() -> None:
    nowhere = who("s", Role.DATA_STEWARD, la=None)
    assert decide(nowhere, Action.CREATE_CHILD, Target(la=EALING)).status == 403
    assert decide(nowhere, Action.UPDATE_CHILD, Target(child=CHILD)).status == 403


def test_transfers_are_accepted_by_the_receiving_areas_steward() -> None:
    moved_in = Target(child=CHILD, move_to_la=WESTMINSTER)
    assert allowed(decide(STEWARD_W, Action.ACCEPT_TRANSFER, moved_in))
    assert decide(STEWARD, Action.ACCEPT_TRANSFER, moved_in).status == 403
    assert decide(STEWARD_W, Action.ACCEPT_TRANSFER, Target(child=CHILD)).status == 403


@pytest.mark.parametrize("action", [Action.SHIELD, Action.UNSHIELD])
def test_only_the_responsible_areas_shielding_officer_shields(action: Action) -> None:
    assert allowed(decide(SHIELD, action, Target(child=CHILD)))
    assert decide(SHIELD_W, action, Target(child=CHILD)).status == 403
    assert decide(STEWARD, action, Target(child=CHILD)).status == 403


# --- practitioners: their own involvements -----------------------------------------------------


def test_a_practitioner_records_their_own_involvement_for_their_own_agency() -> None:
    target = Target(child=CHILD, practitioner_id="sw-lisa", agency_id="csc-ealing")
    assert allowed(decide(LISA, Action.RECORD_INVOLVEMENT, target))


@pytest.mark.parametrize(
    ("practitioner_id", "agency_id"),
    [("sw-maya", "csc-ealing"), ("sw-lisa", "camhs-ealing"), (None, "csc-ealing")],
    ids=["someone-else", "another-agency", "the-agency-itself"],
)
def test_a_practitioner_records_nothing_else(practitioner_id: str | None, agency_id: str) -> None:
    target = Target(child=CHILD, practitioner_id=practitioner_id, agency_id=agency_id)
    assert decide(LISA, Action.RECORD_INVOLVEMENT, target).status == 403


def test_a_steward_records_anyones_involvement_in_their_area_only() -> None:
    target = Target(child=CHILD, practitioner_id="sw-maya", agency_id="csc-ealing")
    assert allowed(decide(STEWARD, Action.RECORD_INVOLVEMENT, target))
    assert decide(STEWARD_W, Action.RECORD_INVOLVEMENT, target).status == 403


def test_the_owner_changes_their_involvement() -> None:
    assert allowed(decide(LISA, Action.UPDATE_INVOLVEMENT, Target(child=CHILD, involvement=LISAS)))


def test_a_colleague_may_not_change_someone_elses_involvement() -> None:
    decision = decide(MAYA, Action.UPDATE_INVOLVEMENT, Target(child=CHILD, involvement=LISAS))
    assert (decision.status, decision.code) == (403, "forbidden")


def test_an_agency_level_involvement_belongs_to_no_practitioner() -> None:
    agency_level = involvement(source_id="csc-ealing", by_practitioner=False)
    target = Target(child=CHILD, involvement=agency_level)
    assert decide(LISA, Action.UPDATE_INVOLVEMENT, target).status == 403
    assert allowed(decide(STEWARD, Action.UPDATE_INVOLVEMENT, target))


def test_an_unknown_involvement_is_404() -> None:
    assert decide(LISA, Action.UPDATE_INVOLVEMENT, Target(child=None)).status == 404
    assert decide(LISA, Action.UPDATE_INVOLVEMENT, Target(child=CHILD)).status == 404


def test_a_hidden_sensitive_involvement_is_404_to_those_who_may_not_see_it() -> None:
    target = Target(child=CHILD, involvement=RAVIS_SENSITIVE)
    assert decide(LISA, Action.UPDATE_INVOLVEMENT, target).status == 404
    assert decide(STEWARD, Action.UPDATE_INVOLVEMENT, target).status == 404
    assert allowed(decide(RAVI, Action.UPDATE_INVOLVEMENT, target))


def test_with_consent_a_sensitive_involvement_is_known_but_still_not_yours() -> None:
    consented = involvement(
        source_id="camhs-ravi", agency_id="camhs-ealing", sensitive=True, consent=True
    )
    target = Target(child=CHILD, involvement=consented)
    assert decide(LISA, Action.UPDATE_INVOLVEMENT, target).status == 403
    assert allowed(decide(STEWARD, Action.UPDATE_INVOLVEMENT, target))


def test_on_a_shielded_child_only_the_owner_knows_the_involvement() -> None:
    on_shielded = involvement(child=SHIELDED)
    target = Target(child=SHIELDED, involvement=on_shielded)
    assert allowed(decide(LISA, Action.UPDATE_INVOLVEMENT, target))
    assert decide(MAYA, Action.UPDATE_INVOLVEMENT, target).status == 404
    assert decide(STEWARD, Action.UPDATE_INVOLVEMENT, target).status == 404


def test_a_practitioner_sees_their_own_caseload_only() -> None:
    assert allowed(
        decide(LISA, Action.READ_CASELOAD, Target(practitioner_id="sw-lisa"), reason=REASON)
    )
    other = decide(LISA, Action.READ_CASELOAD, Target(practitioner_id="sw-maya"), reason=REASON)
    assert other.status == 403
    assert allowed(
        decide(MASH, Action.READ_CASELOAD, Target(practitioner_id="sw-maya"), reason=REASON)
    )


# --- sensitive services ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "consent", "sees"),
    [
        (RAVI, False, True),
        (who("other-camhs", Role.PRACTITIONER, agency_id="camhs-ealing"), False, True),
        (LISA, False, False),
        (LISA, True, True),
        (STEWARD, False, False),
        (SHIELD, False, False),
        (AUDITOR, False, False),
        (MASH, True, True),
    ],
    ids=[
        "its-practitioner",
        "same-agency",
        "another-agency",
        "another-agency-with-consent",
        "steward",
        "shielding-officer",
        "auditor",
        "mash-with-consent",
    ],
)
def test_a_sensitive_involvement_is_shown_with_consent_or_within_its_agency(
    principal: Principal, consent: bool, sees: bool
) -> None:
    item = involvement(
        source_id="camhs-ravi", agency_id="camhs-ealing", sensitive=True, consent=consent
    )
    assert sees_sensitive(principal, item) is sees


@pytest.mark.parametrize("principal", EVERYONE)
def test_an_ordinary_involvement_is_shown_to_every_reader(principal: Principal) -> None:
    assert sees_sensitive(principal, LISAS)


def test_no_agency_on_either_side_is_not_the_same_agency() -> None:
    item = InvolvementFacts(
        id="i",
        child_id=CHILD.id,
        source_id="x",
        by_practitioner=True,
        agency_id=None,
        sensitive=True,
        consent=False,
    )
    assert not sees_sensitive(who("n", Role.PRACTITIONER, agency_id=None), item)


def test_a_carer_of_shielded_children_is_contactable_via_their_officers_only() -> None:
    assert sees_carer_contacts(LISA, [])
    assert not sees_carer_contacts(LISA, [EALING])
    assert sees_carer_contacts(SHIELD, [EALING])
    assert not sees_carer_contacts(SHIELD_W, [EALING])
    assert not sees_carer_contacts(SHIELD, [EALING, WESTMINSTER])
