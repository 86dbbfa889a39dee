"""Evaluate the rules for a child as of a date; order and count what they find."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from analysis.gaps.context import SOCIAL_CARE_OR_EARLY_HELP, Context
from analysis.gaps.model import (
    SEVERITY_ORDER,
    Agency,
    ChildFacts,
    Gap,
    Practitioner,
)
from analysis.gaps.rules import RULES, Rule
from analysis.gaps.thresholds import Thresholds


class UnknownRule(ValueError):
    """A rule code that is not one of DESIGN §6."""


def select(codes: Iterable[str] | None = None) -> list[Rule]:
    """The rules for `codes` (all when None), in the order of DESIGN §6."""
    if codes is None:
        return list(RULES.values())
    wanted = list(dict.fromkeys(codes))
    unknown = [c for c in wanted if c not in RULES]
    if unknown:
        raise UnknownRule(f"unknown rule {', '.join(unknown)}; known: {', '.join(RULES)}")
    return [RULES[c] for c in wanted]


def evaluate(
    child: ChildFacts,
    *,
    as_of: date,
    agencies: Mapping[str, Agency],
    practitioners: Mapping[str, Practitioner],
    thresholds: Thresholds | None = None,
    rules: Iterable[Rule] | None = None,
    hidden: frozenset[str] = frozenset(),
    places: Mapping[str, str] | None = None,
    reader: str | None = None,
) -> list[Gap]:
    """Every gap of `child` as of `as_of`, most severe and oldest first. Archived records are
    closed: they have none. `hidden` are involvement ids the reader may not see named;
    `places` names local authorities by code; `reader` is the reading practitioner's id (an
    action never asks them to contact themself)."""
    if child.status != "active":
        return []
    ctx = Context(
        child=child,
        as_of=as_of,
        thresholds=thresholds or Thresholds(),
        agencies=agencies,
        practitioners=practitioners,
        hidden=hidden,
        places=places or {},
        reader=reader,
    )
    gaps = []
    for r in rules if rules is not None else RULES.values():
        found = r.check(ctx)
        if found is not None:
            gaps.append(
                Gap(
                    code=r.code,
                    severity=r.severity,
                    title=r.title,
                    reason=found.reason,
                    action=found.action,
                    evidence=found.evidence,
                    since=found.since,
                )
            )
    return sorted(gaps, key=gap_order)


def gap_order(gap: Gap) -> tuple[int, date, str]:
    """Severity, then oldest first (undated last), then rule code: a stable order."""
    return (SEVERITY_ORDER[gap.severity], gap.since or date.max, gap.code)


def concern(child: ChildFacts, *, as_of: date, agencies: Mapping[str, Agency]) -> str | None:
    """Why a child makes their siblings' needs worth considering: a current social care or
    early help involvement, or a current assessment."""
    for inv in child.involvements:
        if not inv.current(as_of):
            continue
        agency = agencies.get(inv.agency_id or inv.source_id)
        if agency is not None and agency.kind in SOCIAL_CARE_OR_EARLY_HELP:
            return agency.kind.replace("_", " ") + " involvement"
    if any(inv.assessment_kind and inv.current(as_of) for inv in child.involvements):
        return "an assessment"
    return None


def merge_confirmed(child: ChildFacts, others: Iterable[ChildFacts]) -> ChildFacts:
    """One child from records confirmed to be the same child (SAME_AS confirmed): the union of
    their involvements, carers, residences and links, under the first record's details."""
    merged = ChildFacts(
        id=child.id,
        given_name=child.given_name,
        family_name=child.family_name,
        date_of_birth=child.date_of_birth,
        responsible_la=child.responsible_la,
        address_status=child.address_status,
        shielded=child.shielded,
        status=child.status,
        involvements=list(child.involvements),
        carers=list(child.carers),
        residences=list(child.residences),
        same_as=list(child.same_as),
        siblings=list(child.siblings),
        also_known_as=list(child.also_known_as),
    )
    seen_inv = {i.id for i in merged.involvements}
    seen_carer = {(c.carer_id, c.since, c.until) for c in merged.carers}
    seen_res = {(r.la, r.since) for r in merged.residences}
    for other in others:
        if other.id == child.id or other.id in merged.also_known_as:
            continue
        merged.also_known_as.append(other.id)
        merged.shielded = merged.shielded or other.shielded
        for inv in other.involvements:
            if inv.id not in seen_inv:
                seen_inv.add(inv.id)
                merged.involvements.append(inv)
        for link in other.carers:
            if (link.carer_id, link.since, link.until) not in seen_carer:
                seen_carer.add((link.carer_id, link.since, link.until))
                merged.carers.append(link)
        for res in other.residences:
            if (res.la, res.since) not in seen_res:
                seen_res.add((res.la, res.since))
                merged.residences.append(res)
        merged.same_as.extend(other.same_as)
        merged.siblings.extend(other.siblings)
    ids = {merged.id, *merged.also_known_as}
    merged.same_as = [s for s in merged.same_as if s.other_id not in ids]
    merged.siblings = [s for s in merged.siblings if s.child_id not in ids]
    return merged
