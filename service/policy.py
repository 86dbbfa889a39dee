"""THE access policy (DESIGN §4): who may do what to which child, decided in one place.

Pure: facts about the principal and the target go in, a `Decision` comes out; no I/O. Routes
gather the facts, ask `decide`, and act on the answer; redaction asks the `sees_*` predicates.

The order of the questions matters, because the answers must not leak what a principal may not
know. First: may this role do this at all (403)? Then: is a reason given, for reads of child
data (400)? Then: may the principal know the record exists (404, the same answer as for an
unknown id)? Last: is the record within the principal's scope (403)?
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from service.auth.principal import Principal, Role
from service.errors import ChildIndexError

MIN_REASON_LENGTH = 10
REASON_HEADER = "X-Access-Reason"


class Action(StrEnum):
    READ_CHILD = "read_child"
    """A child's record, who-else list, network or gaps."""
    SEARCH_CHILDREN = "search_children"
    READ_MOVES = "read_moves"
    READ_CASELOAD = "read_caseload"
    CREATE_CHILD = "create_child"
    UPDATE_CHILD = "update_child"
    LINK_CARER = "link_carer"
    RECORD_INVOLVEMENT = "record_involvement"
    UPDATE_INVOLVEMENT = "update_involvement"
    MOVE_CHILD = "move_child"
    ACCEPT_TRANSFER = "accept_transfer"
    SHIELD = "shield"
    UNSHIELD = "unshield"
    CREATE_AGENCY = "create_agency"
    READ_AGENCY = "read_agency"
    CREATE_PRACTITIONER = "create_practitioner"
    READ_PRACTITIONER = "read_practitioner"
    IMPORT = "import"
    READ_AUDIT = "read_audit"
    READ_METRICS = "read_metrics"
    READ_AREA_GAPS = "read_area_gaps"
    """The children of an area flagged by the gap rules (child data: needs a reason)."""
    READ_GAP_SUMMARY = "read_gap_summary"
    READ_COVERAGE = "read_coverage"
    ACKNOWLEDGE_INFO = "acknowledge_info"
    """A practitioner working with the child acknowledges another's information to share."""
    READ_DUPLICATES = "read_duplicates"
    """An area's candidate duplicate pairs, with both children's details (identity issue)."""
    DECIDE_DUPLICATE = "decide_duplicate"
    """Confirm or reject that two records are one child."""


_EVERY_ROLE = frozenset(Role)
_CHILD_READERS = frozenset(
    {
        Role.PRACTITIONER,
        Role.MASH,
        Role.MANAGER,
        Role.DATA_STEWARD,
        Role.SHIELDING_OFFICER,
        Role.AUDITOR,
    }
)
"""Admins manage accounts and see no child data: least privilege for the most powerful role."""

ROLES_FOR: dict[Action, frozenset[Role]] = {
    Action.READ_CHILD: _CHILD_READERS,
    Action.SEARCH_CHILDREN: _CHILD_READERS,
    Action.READ_MOVES: frozenset({Role.DATA_STEWARD, Role.MASH}),
    Action.READ_CASELOAD: frozenset(
        {Role.PRACTITIONER, Role.MASH, Role.MANAGER, Role.DATA_STEWARD, Role.AUDITOR}
    ),
    Action.CREATE_CHILD: frozenset({Role.DATA_STEWARD}),
    Action.UPDATE_CHILD: frozenset({Role.DATA_STEWARD}),
    Action.LINK_CARER: frozenset({Role.DATA_STEWARD}),
    Action.RECORD_INVOLVEMENT: frozenset({Role.PRACTITIONER, Role.DATA_STEWARD}),
    Action.UPDATE_INVOLVEMENT: frozenset({Role.PRACTITIONER, Role.DATA_STEWARD}),
    Action.MOVE_CHILD: frozenset({Role.DATA_STEWARD}),
    Action.ACCEPT_TRANSFER: frozenset({Role.DATA_STEWARD}),
    Action.SHIELD: frozenset({Role.SHIELDING_OFFICER}),
    Action.UNSHIELD: frozenset({Role.SHIELDING_OFFICER}),
    Action.CREATE_AGENCY: frozenset({Role.DATA_STEWARD}),
    Action.READ_AGENCY: _EVERY_ROLE,
    Action.CREATE_PRACTITIONER: frozenset({Role.DATA_STEWARD}),
    Action.READ_PRACTITIONER: _EVERY_ROLE,
    Action.IMPORT: frozenset({Role.DATA_STEWARD}),
    Action.READ_AUDIT: frozenset({Role.AUDITOR}),
    Action.READ_METRICS: _EVERY_ROLE,
    Action.READ_AREA_GAPS: frozenset({Role.MANAGER, Role.MASH}),
    Action.READ_GAP_SUMMARY: frozenset({Role.MANAGER, Role.MASH}),
    Action.READ_COVERAGE: frozenset({Role.MANAGER, Role.MASH}),
    Action.ACKNOWLEDGE_INFO: frozenset({Role.PRACTITIONER}),
    Action.READ_DUPLICATES: frozenset({Role.DATA_STEWARD}),
    Action.DECIDE_DUPLICATE: frozenset({Role.DATA_STEWARD}),
}

NEEDS_REASON: frozenset[Action] = frozenset(
    {
        Action.READ_CHILD,
        Action.SEARCH_CHILDREN,
        Action.READ_MOVES,
        Action.READ_CASELOAD,
        Action.READ_AREA_GAPS,
        Action.READ_DUPLICATES,
        Action.DECIDE_DUPLICATE,
    }
)
"""Reads of child data: each needs a stated reason, which the audit trail keeps."""

_CHILD_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.READ_CHILD,
        Action.READ_MOVES,
        Action.UPDATE_CHILD,
        Action.LINK_CARER,
        Action.RECORD_INVOLVEMENT,
        Action.MOVE_CHILD,
        Action.ACCEPT_TRANSFER,
        Action.SHIELD,
        Action.UNSHIELD,
    }
)
"""Actions on one existing child: the target must name it (None: no such child, 404)."""

_LA_TARGET_ACTIONS: frozenset[Action] = frozenset(
    {Action.CREATE_CHILD, Action.CREATE_AGENCY, Action.CREATE_PRACTITIONER, Action.IMPORT}
)
"""Writes into a local authority's area: the steward's own, and no other."""

_AREA_READS: frozenset[Action] = frozenset(
    {Action.READ_AREA_GAPS, Action.READ_GAP_SUMMARY, Action.READ_COVERAGE}
)
"""Oversight of a local authority's area: its own managers and MASH, and no one else's."""


# --- facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildFacts:
    id: str
    responsible_la: str | None
    shielded: bool = False
    archived: bool = False


@dataclass(frozen=True)
class InvolvementFacts:
    id: str
    child_id: str
    source_id: str
    by_practitioner: bool
    agency_id: str | None
    sensitive: bool
    consent: bool


@dataclass(frozen=True)
class Target:
    """What an action is about; each action reads the fields it needs."""

    child: ChildFacts | None = None
    """The child acted on; None when the id names no child."""
    involvement: InvolvementFacts | None = None
    """UPDATE_INVOLVEMENT: the involvement; None when the id names none."""
    la: str | None = None
    """Creations and imports: the local authority the new records belong to."""
    practitioner_id: str | None = None
    """RECORD_INVOLVEMENT: the practitioner the involvement is for (None: the agency itself);
    READ_CASELOAD: whose caseload."""
    agency_id: str | None = None
    """RECORD_INVOLVEMENT: the agency the work is done for."""
    move_to_la: str | None = None
    """ACCEPT_TRANSFER: the local authority the child moved into."""
    involved: bool = False
    """ACKNOWLEDGE_INFO: the principal is working with the child now (a current involvement)."""
    other_child: ChildFacts | None = None
    """DECIDE_DUPLICATE: the pair's second child (`child` is the first); None: no such child."""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    status: int
    """200 when allowed; else 400 (reason missing), 403 (not yours) or 404 (not for you to know)."""
    code: str
    reason: str


def _allow() -> Decision:
    return Decision(True, 200, "ok", "allowed")


def _forbid(reason: str) -> Decision:
    return Decision(False, 403, "forbidden", reason)


def _hidden() -> Decision:
    return Decision(False, 404, "not_found", "no such record")


# --- predicates (also used by redaction) -------------------------------------------------------


REASON_RULE = (
    f"at least {MIN_REASON_LENGTH} characters, counting a run of spaces as one, and more than"
    " one different letter or digit"
)


def reason_ok(reason: str | None) -> bool:
    """A reason says something: at least MIN_REASON_LENGTH characters once runs of white space
    count as one, and at least two different letters or digits (not `x` and twenty spaces and
    `x`, nor a row of dots or of one letter)."""
    if reason is None:
        return False
    said = " ".join(reason.split())
    return len(said) >= MIN_REASON_LENGTH and len({c for c in said.casefold() if c.isalnum()}) >= 2


def is_steward_of(principal: Principal, la: str | None) -> bool:
    return principal.has(Role.DATA_STEWARD) and la is not None and principal.la == la


def is_shielding_officer_of(principal: Principal, la: str | None) -> bool:
    return principal.has(Role.SHIELDING_OFFICER) and la is not None and principal.la == la


def knows_of(principal: Principal, child: ChildFacts) -> bool:
    """May the principal learn that this child's record exists? Archived records (over 18)
    are known only to the responsible LA's stewards and shielding officers, and to auditors."""
    if not child.archived:
        return True
    return (
        principal.has(Role.AUDITOR)
        or is_steward_of(principal, child.responsible_la)
        or is_shielding_officer_of(principal, child.responsible_la)
    )


def may_read_child(principal: Principal, child: ChildFacts) -> bool:
    """May the principal see this child at all (in a search, a network, a caseload)?"""
    if not principal.has(*_CHILD_READERS) or not knows_of(principal, child):
        return False
    if principal.roles & (_CHILD_READERS - {Role.MANAGER}):
        return True
    # managers oversee their own area only
    return principal.la is not None and principal.la == child.responsible_la


def sees_shielded_details(principal: Principal, child: ChildFacts) -> bool:
    """A shielded child's address, contacts and involvements are for the responsible LA's
    shielding officer alone."""
    return not child.shielded or is_shielding_officer_of(principal, child.responsible_la)


def sees_carer_contacts(principal: Principal, shielded_las: Iterable[str]) -> bool:
    """A carer of shielded children would lead to them: their contact details are for the
    shielding officers of those children's local authorities alone."""
    return all(is_shielding_officer_of(principal, la) for la in shielded_las)


def sees_sensitive(principal: Principal, involvement: InvolvementFacts) -> bool:
    """A sensitive involvement is shown with the child's consent, or to staff of that agency."""
    if not involvement.sensitive or involvement.consent:
        return True
    return principal.agency_id is not None and principal.agency_id == involvement.agency_id


def owns(principal: Principal, involvement: InvolvementFacts) -> bool:
    return (
        involvement.by_practitioner
        and principal.practitioner_id is not None
        and principal.practitioner_id == involvement.source_id
    )


# --- the decision ------------------------------------------------------------------------------


def decide(
    principal: Principal, action: Action, target: Target | None = None, *, reason: str | None = None
) -> Decision:
    """May `principal` do `action` to `target`, having given `reason` (X-Access-Reason)?"""
    target = target or Target()
    if not principal.has(*ROLES_FOR[action]):
        return _forbid(f"your role may not {action.value.replace('_', ' ')}")
    if action in NEEDS_REASON and not reason_ok(reason):
        return Decision(
            False,
            400,
            "reason_required",
            f"say why you need this child's data: send the {REASON_HEADER} header ({REASON_RULE})",
        )
    if action is Action.UPDATE_INVOLVEMENT:
        return _decide_involvement(principal, target)
    if action is Action.ACKNOWLEDGE_INFO:
        return _decide_acknowledgement(principal, target)
    if action in _CHILD_ACTIONS:
        if target.child is None or not knows_of(principal, target.child):
            return _hidden()
        return _decide_on_child(principal, action, target, target.child)
    if action in _AREA_READS:
        if target.la is None or principal.la != target.la:
            return _forbid("managers and MASH see their own local authority's area only")
        return _allow()
    if action is Action.READ_DUPLICATES:
        if not is_steward_of(principal, target.la):
            return _forbid("stewards review the duplicates of their own local authority only")
        return _allow()
    if action is Action.DECIDE_DUPLICATE:
        return _decide_pair(principal, target)
    if action in _LA_TARGET_ACTIONS:
        if not is_steward_of(principal, target.la):
            return _forbid("stewards create records in their own local authority only")
        return _allow()
    if (
        action is Action.READ_CASELOAD
        and principal.roles <= {Role.PRACTITIONER}
        and (target.practitioner_id is None or target.practitioner_id != principal.practitioner_id)
    ):
        return _forbid("practitioners see their own caseload only")
    return _allow()


def _decide_on_child(
    principal: Principal, action: Action, target: Target, child: ChildFacts
) -> Decision:
    la = child.responsible_la
    match action:
        case Action.READ_CHILD:
            if may_read_child(principal, child):
                return _allow()
            return _forbid("managers see children of their own local authority only")
        case Action.READ_MOVES:
            return _allow()
        case Action.UPDATE_CHILD | Action.LINK_CARER | Action.MOVE_CHILD:
            if is_steward_of(principal, la):
                return _allow()
            return _forbid("only the responsible local authority's stewards change this record")
        case Action.RECORD_INVOLVEMENT:
            if is_steward_of(principal, la):
                return _allow()
            if (
                principal.has(Role.PRACTITIONER)
                and principal.practitioner_id is not None
                and target.practitioner_id == principal.practitioner_id
                and target.agency_id == principal.agency_id
            ):
                return _allow()
            return _forbid(
                "practitioners record their own involvement, for the agency they work for"
            )
        case Action.ACCEPT_TRANSFER:
            if is_steward_of(principal, target.move_to_la):
                return _allow()
            return _forbid("only the receiving local authority's stewards accept a transfer")
        case Action.SHIELD | Action.UNSHIELD:
            if is_shielding_officer_of(principal, la):
                return _allow()
            return _forbid("only the responsible local authority's shielding officer shields")
    raise AssertionError(f"unhandled child action {action}")  # pragma: no cover


def _decide_pair(principal: Principal, target: Target) -> Decision:
    """Either record of a pair may be in another area (a child who moved and was registered
    again): a steward of either responsible LA decides."""
    pair = (target.child, target.other_child)
    if any(child is None or not knows_of(principal, child) for child in pair):
        return _hidden()
    if any(is_steward_of(principal, child.responsible_la) for child in pair if child):
        return _allow()
    return _forbid("only a steward of either child's local authority decides on this pair")


def _decide_involvement(principal: Principal, target: Target) -> Decision:
    involvement, child = target.involvement, target.child
    if involvement is None or child is None or not knows_of(principal, child):
        return _hidden()
    if owns(principal, involvement):
        return _allow()
    if not sees_shielded_details(principal, child) or not sees_sensitive(principal, involvement):
        return _hidden()  # an involvement the principal may not see is one they cannot know of
    if is_steward_of(principal, child.responsible_la):
        return _allow()
    return _forbid("practitioners change their own involvements only")


def _decide_acknowledgement(principal: Principal, target: Target) -> Decision:
    involvement, child = target.involvement, target.child
    if involvement is None or child is None or not knows_of(principal, child):
        return _hidden()
    if not sees_shielded_details(principal, child) or not sees_sensitive(principal, involvement):
        return _hidden()
    if owns(principal, involvement):
        return _forbid("you raised this information: another practitioner acknowledges it")
    if not target.involved:
        return _forbid("only practitioners working with the child now acknowledge its information")
    return _allow()


# --- refusals as exceptions (the API maps these to its error body) -----------------------------


class AccessDenied(ChildIndexError):
    """The principal may not do this (403)."""

    code = "forbidden"


class ReasonRequired(ChildIndexError):
    """A read of child data without a stated reason (400)."""

    code = "reason_required"
