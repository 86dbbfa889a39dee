"""The coordination-gap rules of DESIGN §6, one small function each.

A rule reads a child's `Context` (facts as of a date) and returns a `Finding`, or None when it
does not fire. The reason is rendered with the child's own facts; the action names whom to
contact. Rules never name a service the reader may not see (`Context.hidden`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.gaps.calendar import working_days_between
from analysis.gaps.context import (
    EDUCATION,
    SOCIAL_CARE_OR_EARLY_HELP,
    UNIVERSAL,
    Context,
    join,
    kind_label,
)
from analysis.gaps.model import Involvement, Severity

GP = frozenset({"gp_practice"})
SOCIAL_CARE = frozenset({"social_care"})
SENSITIVE = frozenset({"sexual_health", "substance_misuse", "mental_health", "camhs"})
UNKNOWN_WHEREABOUTS = {
    "no_known_address": "no known address",
    "left_england": "recorded as having left England",
}


@dataclass(frozen=True, slots=True)
class Finding:
    reason: str
    action: str
    evidence: tuple[str, ...]
    since: date | None = None


Check = Callable[[Context], Finding | None]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    title: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES[code] = Rule(code=code, severity=severity, title=title, check=check)
        return check

    return register


def _ids(*groups: object) -> tuple[str, ...]:
    """Evidence ids in order, each once."""
    out: list[str] = []
    for group in groups:
        if isinstance(group, str):
            out.append(group)
        elif isinstance(group, (list, tuple)):
            out.extend(str(x) for x in group)
    return tuple(dict.fromkeys(x for x in out if x))


def _month(day: date) -> str:
    return day.strftime("%Y-%m")


def _latest_end(involvements: list[Involvement]) -> Involvement | None:
    ended = [i for i in involvements if i.until is not None]
    return max(ended, key=lambda i: i.until or date.min) if ended else None


def _contacts(ctx: Context, involvements: list[Involvement]) -> str:
    return join((ctx.contact(i) for i in involvements), limit=3)


# --- universal services -----------------------------------------------------------------------


@rule("NO_GP", Severity.MEDIUM, "Not registered with a GP")
def no_gp(ctx: Context) -> Finding | None:
    if ctx.current_of(GP):
        return None
    last = _latest_end(ctx.ended_of(GP))
    reason = "No current GP registration"
    if last is not None:
        reason += f"; last registered with {ctx.who(last)} until {last.until}"
    return Finding(
        reason=reason,
        action=f"Ask {ctx.carer_names()} to register {ctx.child.given_name} with a GP practice;"
        " health visiting or school nursing can help",
        evidence=_ids(ctx.child.id, ctx.evidence_of(last) if last else []),
        since=last.until if last else None,
    )


@rule("MISSING_EDUCATION", Severity.HIGH, "Of school age and not in education")
def missing_education(ctx: Context) -> Finding | None:
    t = ctx.thresholds
    dob = ctx.child.date_of_birth
    if ctx.age is None or dob is None or not t.school_age_from <= ctx.age <= t.school_age_to:
        return None
    if ctx.current_of(EDUCATION):
        return None
    last = _latest_end(ctx.ended_of(EDUCATION))
    school_age = _birthday(dob, t.school_age_from)
    reason = (
        f"Aged {ctx.age} on {ctx.as_of}; no current school, alternative provision or"
        " elective home education"
    )
    if last is not None:
        reason += f" (last: {ctx.who(last)} until {last.until})"
    since = max(school_age, last.until) if last and last.until else school_age
    ask = f"; ask {ctx.contact(last)} where the child went" if last else ""
    return Finding(
        reason=reason,
        action=f"Refer to the children missing education officer of {ctx.home}{ask}",
        evidence=_ids(ctx.child.id, ctx.evidence_of(last) if last else []),
        since=since,
    )


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February in a common year
        return date(dob.year + years, 3, 1)


@rule("INVISIBLE_CHILD", Severity.HIGH, "No universal service at all")
def invisible_child(ctx: Context) -> Finding | None:
    if ctx.current_kinds & UNIVERSAL:
        return None
    last = _latest_end(ctx.ended_of(UNIVERSAL))
    others = ctx.current
    reason = "No current universal service: no GP, school, early years or health visiting"
    if ctx.age is not None:
        reason = f"Aged {ctx.age}: {reason[0].lower()}{reason[1:]}"
    ask = f"; {_contacts(ctx, others)} may know the family" if others else ""
    return Finding(
        reason=reason,
        action=f"Check on {ctx.child.given_name}'s welfare: ask {ctx.carer_names()} to register"
        f" with a GP and{' school' if (ctx.age or 0) >= 5 else ' health visiting'}{ask}",
        evidence=_ids(ctx.child.id, ctx.evidence_of(last) if last else []),
        since=last.until if last else None,
    )


# --- coordination -----------------------------------------------------------------------------


@rule("MULTI_AGENCY_NO_LEAD", Severity.HIGH, "Several agencies and no lead professional")
def multi_agency_no_lead(ctx: Context) -> Finding | None:
    if ctx.lead:
        return None
    first_by_agency: dict[str, Involvement] = {}
    for inv in sorted(ctx.additional, key=lambda i: i.since or date.min):
        agency_id = ctx.agency_id(inv)
        if agency_id is not None:
            first_by_agency.setdefault(agency_id, inv)
    if len(first_by_agency) < ctx.thresholds.multi_agency_min:
        return None
    involved = list(first_by_agency.values())
    since = involved[ctx.thresholds.multi_agency_min - 1].since
    when = f" since {_month(since)}" if since else ""
    services = join(ctx.service_label(i) for i in involved)
    return Finding(
        reason=f"{len(involved)} agencies involved{when} ({services}); no lead professional",
        action=f"Agree a lead professional: contact {_contacts(ctx, involved)}",
        evidence=_ids(ctx.child.id, [x for i in ctx.additional for x in ctx.evidence_of(i)]),
        since=since,
    )


@rule("ASSESSMENT_NO_LEAD", Severity.MEDIUM, "Assessment recorded and no lead professional")
def assessment_no_lead(ctx: Context) -> Finding | None:
    if ctx.lead:
        return None
    assessed = [i for i in ctx.current if i.assessment_kind]
    if not assessed:
        return None
    first = min(assessed, key=lambda i: i.assessment_date or i.since or date.min)
    when = f" on {first.assessment_date}" if first.assessment_date else ""
    what = "An assessment" if ctx.is_hidden(first) else f"A {first.assessment_kind} assessment"
    return Finding(
        reason=f"{what} was recorded{when} by {ctx.who(first)}; no lead professional",
        action=f"Agree a lead professional with {_contacts(ctx, assessed)}",
        evidence=_ids(ctx.child.id, [x for i in assessed for x in ctx.evidence_of(i)]),
        since=first.assessment_date or first.since,
    )


@rule(
    "INFO_TO_SHARE_UNACKNOWLEDGED",
    Severity.HIGH,
    "Information to share that nobody has acknowledged",
)
def info_to_share_unacknowledged(ctx: Context) -> Finding | None:
    involved = {i.source_id for i in ctx.current if i.by_practitioner}
    waiting: list[tuple[Involvement, int]] = []
    for inv in ctx.current:
        if not inv.info_to_share or inv.info_to_share_since is None:
            continue
        days = working_days_between(inv.info_to_share_since, ctx.as_of)
        if days <= ctx.thresholds.info_to_share_working_days:
            continue
        if any(p != inv.source_id and p in involved for p in inv.info_acknowledged_by):
            continue
        waiting.append((inv, days))
    if not waiting:
        return None
    first, days = min(waiting, key=lambda w: w[0].info_to_share_since or date.min)
    more = f" (and {len(waiting) - 1} more)" if len(waiting) > 1 else ""
    return Finding(
        reason=f"{ctx.who(first)} has had information to share since"
        f" {first.info_to_share_since} ({days} working days){more}; no other involved"
        " practitioner has acknowledged it",
        action=f"Contact {_contacts(ctx, [w[0] for w in waiting])} and acknowledge the information",
        evidence=_ids(ctx.child.id, [x for w in waiting for x in ctx.evidence_of(w[0])]),
        since=first.info_to_share_since,
    )


@rule("STALE_INVOLVEMENT", Severity.LOW, "Open involvement not updated for a year")
def stale_involvement(ctx: Context) -> Finding | None:
    limit = ctx.as_of - timedelta(days=ctx.thresholds.stale_days)
    stale = [i for i in ctx.current if i.updated_at is not None and i.updated_at < limit]
    if not stale:
        return None
    oldest = min(stale, key=lambda i: i.updated_at or date.min)
    more = f" (and {len(stale) - 1} more)" if len(stale) > 1 else ""
    return Finding(
        reason=f"{ctx.who(oldest)}'s involvement has not been updated since"
        f" {oldest.updated_at}{more}",
        action=f"Ask {_contacts(ctx, stale)} to confirm the involvement is current or end it",
        evidence=_ids(ctx.child.id, [x for i in stale for x in ctx.evidence_of(i)]),
        since=oldest.updated_at,
    )


@rule("ORPHANED_INVOLVEMENT", Severity.MEDIUM, "Involved practitioner has left the agency")
def orphaned_involvement(ctx: Context) -> Finding | None:
    orphans: list[tuple[Involvement, date | None]] = []
    for inv in ctx.current:
        if not inv.by_practitioner:
            continue
        agency_id = ctx.agency_id(inv)
        person = ctx.practitioners.get(inv.source_id)
        jobs = [e for e in (person.employment if person else ()) if e.agency_id == agency_id]
        if any(
            (e.since is None or e.since <= ctx.as_of) and (e.until is None or e.until > ctx.as_of)
            for e in jobs
        ):
            continue
        ended = [e.until for e in jobs if e.until is not None]
        orphans.append((inv, max(ended) if ended else None))
    if not orphans:
        return None
    inv, left = orphans[0]
    agency = ctx.agency(inv)
    where = agency.name if agency and not ctx.is_hidden(inv) else "the agency"
    when = f" on {left}" if left else ""
    number = (agency.phone or agency.email) if agency and not ctx.is_hidden(inv) else None
    ask = f"{where} on {number}" if number else where
    more = f" (and {len(orphans) - 1} more)" if len(orphans) > 1 else ""
    return Finding(
        reason=f"{ctx.who(inv)} left {where}{when} but is still recorded as involved{more}",
        action=f"Ask {ask} to name a new worker or end the involvement",
        evidence=_ids(ctx.child.id, [x for o in orphans for x in ctx.evidence_of(o[0])]),
        since=left,
    )


@rule("SENSITIVE_WITHOUT_CONSENT", Severity.MEDIUM, "Sensitive service not marked sensitive")
def sensitive_without_consent(ctx: Context) -> Finding | None:
    exposed = []
    for inv in ctx.current:
        agency = ctx.agency(inv)
        if agency and agency.kind in SENSITIVE and not agency.sensitive and not inv.consent:
            exposed.append(inv)
    if not exposed:
        return None
    first = exposed[0]
    agency = ctx.agency(first)
    if ctx.is_hidden(first) or agency is None:
        reason = (
            "A sensitive service's agency record is not marked sensitive, and there is no"
            " consent to share its involvement"
        )
        action = "Ask the local authority index team to correct the agency record"
    else:
        reason = (
            f"{agency.name} ({kind_label(agency.kind)}) is not marked sensitive, so its"
            " involvement without consent could be shown outside the agency"
        )
        action = f"Ask the index team to mark {agency.name} as sensitive, or record consent"
    return Finding(
        reason=reason,
        action=action,
        evidence=_ids(ctx.child.id, [x for i in exposed for x in ctx.evidence_of(i)]),
        since=min((i.since for i in exposed if i.since), default=None),
    )


# --- moves ------------------------------------------------------------------------------------


@rule("MOVED_WITHOUT_HANDOVER", Severity.HIGH, "Moved area without a handover")
def moved_without_handover(ctx: Context) -> Finding | None:
    t = ctx.thresholds
    arrival = ctx.arrival
    if arrival is None or arrival.since is None:
        return None
    moved = arrival.since
    if (ctx.as_of - moved).days > t.handover_window_days:
        return None
    days = working_days_between(moved, ctx.as_of)
    if days <= t.handover_working_days:
        return None
    support = [i for i in ctx.child.involvements if ctx.kind(i) in SOCIAL_CARE_OR_EARLY_HELP]
    open_at_move = [i for i in support if i.open_on(moved)]
    if not open_at_move or any(i.since is not None and i.since >= moved for i in support):
        return None
    came_from = ctx.came_from(arrival)
    services = join(ctx.service_label(i) for i in open_at_move)
    return Finding(
        reason=f"Moved from {ctx.place(came_from)} to {ctx.place(arrival.la)} on {moved} with"
        f" {services} involved;"
        f" no social care or early help in the new area after {days} working days",
        action=f"Contact {_contacts(ctx, open_at_move)} to hand over to {ctx.place(arrival.la)}'s"
        " children's services",
        evidence=_ids(
            ctx.child.id, arrival.la, [x for i in open_at_move for x in ctx.evidence_of(i)]
        ),
        since=moved,
    )


@rule("NO_SERVICES_AFTER_MOVE", Severity.MEDIUM, "No GP or education in the new area")
def no_services_after_move(ctx: Context) -> Finding | None:
    arrival = ctx.arrival
    if arrival is None or arrival.since is None:
        return None
    days = (ctx.as_of - arrival.since).days
    if days < ctx.thresholds.services_after_move_days:
        return None
    local = [
        i
        for i in ctx.current_of(GP | EDUCATION)
        if (agency := ctx.agency(i)) is not None and agency.la == arrival.la
    ]
    if local:
        return None
    old = ctx.current_of(GP | EDUCATION)
    ask = f"; {_contacts(ctx, old)} can help" if old else ""
    return Finding(
        reason=f"Moved to {ctx.place(arrival.la)} on {arrival.since} ({days} days ago); no GP"
        " or education there",
        action=f"Help {ctx.carer_names()} register {ctx.child.given_name} with a GP and"
        f" school in {ctx.place(arrival.la)}{ask}",
        evidence=_ids(ctx.child.id, arrival.la, [x for i in old for x in ctx.evidence_of(i)]),
        since=arrival.since,
    )


@rule("FREQUENT_MOVES", Severity.MEDIUM, "Frequent moves")
def frequent_moves(ctx: Context) -> Finding | None:
    t = ctx.thresholds
    start = ctx.as_of - timedelta(days=t.frequent_moves_window_days)
    moves = [r for r in ctx.residences[1:] if r.since is not None and start < r.since <= ctx.as_of]
    if len(moves) < t.frequent_moves:
        return None
    places = join(dict.fromkeys(ctx.place(r.la) for r in moves))
    return Finding(
        reason=f"{len(moves)} moves in the last 12 months (latest on {moves[-1].since}, in"
        f" {places})",
        action=f"Check every involved service knows the current address; contact"
        f" {_contacts(ctx, ctx.current) or 'the index team'}",
        evidence=_ids(ctx.child.id, [r.id for r in moves if r.id], [r.la for r in moves]),
        since=moves[0].since,
    )


@rule("WHEREABOUTS_UNKNOWN", Severity.HIGH, "Whereabouts unknown")
def whereabouts_unknown(ctx: Context) -> Finding | None:
    status = ctx.child.address_status
    if status not in UNKNOWN_WHEREABOUTS:
        return None
    involved = ctx.current
    ask = f"; ask {_contacts(ctx, involved)}" if involved else ""
    return Finding(
        reason=f"Whereabouts unknown: {UNKNOWN_WHEREABOUTS[status]}",
        action=f"Follow the missing children procedure of {ctx.home}{ask}",
        evidence=_ids(ctx.child.id),
    )


# --- family -----------------------------------------------------------------------------------


@rule("SIBLING_NOT_CONSIDERED", Severity.MEDIUM, "Sibling of a child of concern not considered")
def sibling_not_considered(ctx: Context) -> Finding | None:
    if ctx.additional:
        return None
    current_carers = {c.carer_id for c in ctx.carers}
    of_concern = [
        s
        for s in ctx.child.siblings
        if s.concern
        and s.carer_id in current_carers
        and s.child_id != ctx.child.id
        and s.child_id not in ctx.child.also_known_as
    ]
    if not of_concern:
        return None
    # A shielded sibling is neither named nor evidence: which carer it shares with this
    # child, and so which household it belongs to, would tell where it lives.
    named = [s for s in of_concern if not s.shielded]
    concerns = join(
        dict.fromkeys(
            f"{s.name} ({s.concern})"
            if not s.shielded
            else "a child whose record is shielded (ask the index team)"
            for s in of_concern
        )
    )
    who = f"the practitioners working with {named[0].name}" if named else "the index team"
    return Finding(
        reason=f"Shares a carer with {concerns}; {ctx.child.given_name} has no additional service",
        action=f"Ask {who} whether {ctx.child.given_name}'s needs have been considered",
        evidence=_ids(ctx.child.id, [s.child_id for s in named], [s.carer_id for s in named]),
    )


@rule("NO_CARER_RECORDED", Severity.MEDIUM, "No carer recorded")
def no_carer_recorded(ctx: Context) -> Finding | None:
    if ctx.carers:
        return None
    ended = [c for c in ctx.child.carers if c.until is not None and c.until <= ctx.as_of]
    last = max(ended, key=lambda c: c.until or date.min) if ended else None
    reason = "No current carer recorded"
    if last is not None:
        reason += f"; {last.name} cared for {ctx.child.given_name} until {last.until}"
    involved = ctx.current
    ask = f"; {_contacts(ctx, involved)} may know" if involved else ""
    return Finding(
        reason=reason,
        action=f"Record who cares for {ctx.child.given_name}{ask}",
        evidence=_ids(ctx.child.id, [last.carer_id] if last else []),
        since=last.until if last else None,
    )


@rule("CARER_WITHOUT_PR", Severity.MEDIUM, "Lives with carers without parental responsibility")
def carer_without_pr(ctx: Context) -> Finding | None:
    living = [c for c in ctx.carers if c.lives_with]
    if not living or any(c.parental_responsibility for c in living):
        return None
    if ctx.current_of(SOCIAL_CARE):
        return None
    who = join(f"{c.name} ({(c.relationship or 'carer').replace('_', ' ')})" for c in living)
    return Finding(
        reason=f"Lives with {who}, none with parental responsibility; no social care"
        " involvement (possible private fostering)",
        action=f"Notify {ctx.home} children's social care for a private fostering assessment",
        evidence=_ids(ctx.child.id, [c.carer_id for c in living]),
        since=max((c.since for c in living if c.since), default=None),
    )


# --- identity ---------------------------------------------------------------------------------


@rule("POSSIBLE_DUPLICATE", Severity.MEDIUM, "Possible duplicate record")
def possible_duplicate(ctx: Context) -> Finding | None:
    candidates = [s for s in ctx.child.same_as if s.status == "candidate"]
    if not candidates:
        return None
    others = join(
        s.other_id + (f" (score {s.score:.2f})" if s.score is not None else "") for s in candidates
    )
    return Finding(
        reason=f"Possibly the same child as record {others}",
        action=f"Data steward of {ctx.home}: compare the records and confirm or reject the match",
        evidence=_ids(ctx.child.id, [s.other_id for s in candidates]),
    )


@rule("SHIELDED_DUPLICATE", Severity.HIGH, "Shielded child with an unshielded duplicate")
def shielded_duplicate(ctx: Context) -> Finding | None:
    if not ctx.child.shielded:
        return None
    leaks = [s for s in ctx.child.same_as if s.status == "candidate" and not s.other_shielded]
    if not leaks:
        return None
    return Finding(
        reason=f"This shielded record may be the same child as unshielded record"
        f" {join(s.other_id for s in leaks)}: its details could locate the child",
        action=f"Shielding officer of {ctx.home}: review now; shield the"
        " other record or reject the match",
        evidence=_ids(ctx.child.id, [s.other_id for s in leaks]),
    )
