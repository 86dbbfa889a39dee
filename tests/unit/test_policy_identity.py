"""The access policy for identity resolution: who reviews an area's duplicates, who decides on a
pair, that both need a reason, and 404 for a pair naming a child the principal may not know of."""

import pytest

from service.auth.principal import Principal, Role
from service.policy import NEEDS_REASON, ROLES_FOR, Action, ChildFacts, Target, decide

EALING = "E09000009"
WESTMINSTER = "E09000033"
CAMDEN = "E09000007"
REASON = "resolving a possible duplicate record"


def who(name: str, *roles: Role, la: str | None = EALING) -> Principal:
    return Principal(username=name, roles=frozenset(roles), la=la)


STEWARD = who("steward", Role.DATA_STEWARD)
STEWARD_W = who("steward-w", Role.DATA_STEWARD, la=WESTMINSTER)
STEWARD_C = who("steward-c", Role.DATA_STEWARD, la=CAMDEN)
OTHERS = [
    who("lisa", Role.PRACTITIONER, la=None),
    who("mash", Role.MASH),
    who("manager", Role.MANAGER),
    who("shield", Role.SHIELDING_OFFICER),
    who("auditor", Role.AUDITOR, la=None),
    who("admin", Role.ADMIN, la=None),
]

CHILD = ChildFacts(id="ch-1", responsible_la=EALING)
CHILD_W = ChildFacts(id="ch-2", responsible_la=WESTMINSTER)
ARCHIVED_W = ChildFacts(id="ch-3", responsible_la=WESTMINSTER, archived=True)
PAIR = Target(child=CHILD, other_child=CHILD_W)


def test_only_stewards_hold_the_duplicate_actions() -> None:
    assert ROLES_FOR[Action.READ_DUPLICATES] == {Role.DATA_STEWARD}
    assert ROLES_FOR[Action.DECIDE_DUPLICATE] == {Role.DATA_STEWARD}
    assert {Action.READ_DUPLICATES, Action.DECIDE_DUPLICATE} <= NEEDS_REASON


@pytest.mark.parametrize("principal", OTHERS, ids=lambda p: p.username)
def test_other_roles_are_refused_both(principal: Principal) -> None:
    listing = decide(principal, Action.READ_DUPLICATES, Target(la=EALING), reason=REASON)
    deciding = decide(principal, Action.DECIDE_DUPLICATE, PAIR, reason=REASON)
    assert (listing.status, deciding.status) == (403, 403)


def test_a_steward_reviews_their_own_area_only() -> None:
    assert decide(STEWARD, Action.READ_DUPLICATES, Target(la=EALING), reason=REASON).allowed
    other = decide(STEWARD, Action.READ_DUPLICATES, Target(la=WESTMINSTER), reason=REASON)
    assert other.status == 403
    assert decide(STEWARD, Action.READ_DUPLICATES, Target(la=None), reason=REASON).status == 403


@pytest.mark.parametrize("action", [Action.READ_DUPLICATES, Action.DECIDE_DUPLICATE])
def test_both_need_a_reason(action: Action) -> None:
    target = Target(la=EALING) if action is Action.READ_DUPLICATES else PAIR
    for reason in (None, "too short"):
        decision = decide(STEWARD, action, target, reason=reason)
        assert (decision.status, decision.code) == (400, "reason_required")


def test_a_steward_of_either_childs_area_decides_a_cross_border_pair() -> None:
    assert decide(STEWARD, Action.DECIDE_DUPLICATE, PAIR, reason=REASON).allowed
    assert decide(STEWARD_W, Action.DECIDE_DUPLICATE, PAIR, reason=REASON).allowed
    outsider = decide(STEWARD_C, Action.DECIDE_DUPLICATE, PAIR, reason=REASON)
    assert outsider.status == 403


def test_a_pair_naming_an_unknown_child_is_not_found() -> None:
    for target in (Target(child=CHILD), Target(other_child=CHILD), Target()):
        assert decide(STEWARD, Action.DECIDE_DUPLICATE, target, reason=REASON).status == 404


def test_an_archived_record_of_another_area_is_not_for_this_steward_to_know() -> None:
    pair = Target(child=CHILD, other_child=ARCHIVED_W)
    assert decide(STEWARD, Action.DECIDE_DUPLICATE, pair, reason=REASON).status == 404
    assert decide(STEWARD_W, Action.DECIDE_DUPLICATE, pair, reason=REASON).allowed
