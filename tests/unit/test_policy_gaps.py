"""The policy for area oversight: an area's gap list, gap summary and coverage are for that
area's managers and MASH; the list (names of children) needs a reason, counts do not."""

from dataclasses import replace

import pytest

from service.auth.principal import Principal, Role
from service.policy import NEEDS_REASON, Action, ChildFacts, InvolvementFacts, Target, decide

EALING = "E09000009"
WESTMINSTER = "E09000033"
REASON = "monthly coverage review"
AREA_READS = (Action.READ_AREA_GAPS, Action.READ_GAP_SUMMARY, Action.READ_COVERAGE)


def who(*roles: Role, la: str | None = EALING, agency_id: str | None = None) -> Principal:
    return Principal(username="u", roles=frozenset(roles), la=la, agency_id=agency_id)


@pytest.mark.parametrize("action", AREA_READS)
@pytest.mark.parametrize(
    ("principal", "la", "allowed"),
    [
        (who(Role.MANAGER), EALING, True),
        (who(Role.MASH), EALING, True),
        (who(Role.MANAGER), WESTMINSTER, False),  # another area
        (who(Role.MASH, la=None), EALING, False),  # no area of their own
        (who(Role.MANAGER), None, False),  # no area asked for
        (who(Role.PRACTITIONER, agency_id="csc-ealing"), EALING, False),
        (who(Role.DATA_STEWARD), EALING, False),
        (who(Role.SHIELDING_OFFICER), EALING, False),
        (who(Role.AUDITOR), EALING, False),
        (who(Role.ADMIN), EALING, False),
    ],
)
def test_area_reads_are_for_the_areas_managers_and_mash(
    action: Action, principal: Principal, la: str | None, allowed: bool
) -> None:
    decision = decide(principal, action, Target(la=la), reason=REASON)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.status == 403


def test_the_area_list_needs_a_reason_and_counts_do_not() -> None:
    assert Action.READ_AREA_GAPS in NEEDS_REASON
    refused = decide(who(Role.MANAGER), Action.READ_AREA_GAPS, Target(la=EALING), reason=None)
    assert (refused.allowed, refused.status) == (False, 400)
    for action in (Action.READ_GAP_SUMMARY, Action.READ_COVERAGE):
        assert decide(who(Role.MANAGER), action, Target(la=EALING), reason=None).allowed


# --- acknowledging information to share -------------------------------------------------------

CHILD = ChildFacts(id="ch-1", responsible_la=EALING)
RAISED = InvolvementFacts(
    id="inv-1",
    child_id="ch-1",
    source_id="sw-lisa",
    by_practitioner=True,
    agency_id="csc-ealing",
    sensitive=False,
    consent=False,
)


def practitioner(practitioner_id: str, agency_id: str) -> Principal:
    return Principal(
        username=practitioner_id,
        roles=frozenset({Role.PRACTITIONER}),
        la=None,
        practitioner_id=practitioner_id,
        agency_id=agency_id,
    )


RAVI = practitioner("camhs-ravi", "camhs-ealing")


@pytest.mark.parametrize(
    ("principal", "target", "status"),
    [
        (RAVI, Target(child=CHILD, involvement=RAISED, involved=True), 200),
        (
            RAVI,
            Target(child=CHILD, involvement=RAISED, involved=False),
            403,
        ),  # not working with them
        (
            practitioner("sw-lisa", "csc-ealing"),
            Target(child=CHILD, involvement=RAISED, involved=True),
            403,
        ),
        (RAVI, Target(child=None, involvement=None), 404),
        (
            RAVI,
            Target(child=replace(CHILD, shielded=True), involvement=RAISED, involved=True),
            404,  # a shielded child's involvements are not for Ravi to know
        ),
        (
            practitioner("pc-dan", "police"),
            Target(
                child=CHILD,
                involvement=replace(RAISED, sensitive=True, agency_id="camhs-x"),
                involved=True,
            ),
            404,  # a sensitive involvement he may not see
        ),
        (who(Role.MASH), Target(child=CHILD, involvement=RAISED, involved=True), 403),
    ],
)
def test_who_may_acknowledge_information_to_share(
    principal: Principal, target: Target, status: int
) -> None:
    assert decide(principal, Action.ACKNOWLEDGE_INFO, target).status == status
