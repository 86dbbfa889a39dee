"""Coordination gaps (DESIGN §6): a child's, an area's (list and summary), and coverage.

A child's gaps are a read of child data like any other: reason header, policy, audit. A
shielded child's gaps are for the responsible LA's shielding officer; a sensitive service the
reader may not see is never named in a reason or an action, and its ids are not evidence.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError

from analysis.gaps import RULES, Agency, ChildFacts, Gap, Involvement, Severity
from graph_model.enums import SENSITIVE_KINDS
from graph_model.types import ID_PATTERN, LaCode, PastDate
from service.api.access import Access
from service.api.deps import AccessDep
from service.api.errors import ERROR_RESPONSES
from service.api.gap_views import (
    AreaGaps,
    AreaGapView,
    CaseloadStats,
    CaseloadView,
    ChildGapsView,
    CoverageView,
    GapChild,
    GapSummary,
    GapView,
    KindCountView,
    MeasureView,
    RuleCount,
)
from service.api.models import SHIELDED_NOTICE, NetworkView
from service.api.pagination import Cursor, Limit, page
from service.auth.principal import Principal
from service.errors import NotFound
from service.gaps import GapService, HiddenFor, sensitive_hidden
from service.policy import Action, InvolvementFacts, Target, sees_sensitive, sees_shielded_details
from service.policy import ChildFacts as PolicyChild
from service.settings import Settings

router = APIRouter(prefix="/api/v1", tags=["gaps"], responses=ERROR_RESPONSES)

RuleCode = StrEnum("RuleCode", {code: code for code in RULES})  # type: ignore[misc]
ChildId = Annotated[str, Path(pattern=ID_PATTERN, description="The child's id")]
LaQuery = Annotated[LaCode | None, Query(description="Local authority code (default: your own)")]
AsOf = Annotated[
    PastDate | None,
    Query(description="Evaluate the rules as of this date (default today; not in the future)"),
]


def get_gap_service(request: Request) -> GapService:
    service: GapService | None = getattr(request.app.state, "gaps", None)
    if service is None:
        settings: Settings = request.app.state.settings
        service = GapService(
            request.app.state.store,
            thresholds=settings.gap_thresholds(),
            batch_size=settings.gap_batch_size,
            cache_seconds=settings.gap_area_cache_seconds,
        )
        request.app.state.gaps = service
    return service


GapServiceDep = Annotated[GapService, Depends(get_gap_service)]


def _as_of(access: Access, as_of: date | None) -> date:
    today = access.store.today()
    if as_of is None:
        return today
    if as_of > today:  # the store's today (tests set its clock); PastDate checked England's
        raise RequestValidationError(
            [
                {
                    "loc": ("query", "as_of"),
                    "msg": f"{as_of.isoformat()} is after today ({today.isoformat()})",
                    "type": "value_error",
                }
            ]
        )
    return as_of


def hidden_for(principal: Principal) -> HiddenFor:
    """The involvements `principal` may not see named: sensitive ones without consent, of an
    agency other than theirs (the same test as every other response: policy.sees_sensitive)."""

    def visible(inv: Involvement, agency: Agency | None) -> bool:
        sensitive = agency is not None and (agency.sensitive or agency.kind in SENSITIVE_KINDS)
        facts = InvolvementFacts(
            id=inv.id,
            child_id="",
            source_id=inv.source_id,
            by_practitioner=inv.by_practitioner,
            agency_id=inv.agency_id or (None if inv.by_practitioner else inv.source_id),
            sensitive=sensitive,
            consent=inv.consent,
        )
        return sees_sensitive(principal, facts)

    return sensitive_hidden(visible)


def gap_view(gap: Gap) -> GapView:
    return GapView(
        code=gap.code,
        severity=gap.severity,
        title=gap.title,
        reason=gap.reason,
        action=gap.action,
        since=gap.since,
        evidence=list(gap.evidence),
    )


def _policy_child(child: ChildFacts) -> PolicyChild:
    return PolicyChild(
        id=child.id,
        responsible_la=child.responsible_la,
        shielded=child.shielded,
        archived=child.status == "archived",
    )


# --- one child ----------------------------------------------------------------------------------


@router.get("/children/{child_id}/gaps", response_model=ChildGapsView)
def child_gaps(
    child_id: ChildId, access: AccessDep, gaps: GapServiceDep, as_of: AsOf = None
) -> ChildGapsView:
    """The child's coordination gaps, most severe and oldest first, each with its reason, the
    evidence and a suggested action."""
    found = access.child(Action.READ_CHILD, child_id)
    day = _as_of(access, as_of)
    child = found.facts.child(child_id)
    if not sees_shielded_details(access.principal, child):
        access.record(
            Action.READ_CHILD, child_ids=[child_id], returned_ids=[], detail="gaps withheld"
        )
        return ChildGapsView(
            child_id=child_id,
            as_of=day,
            withheld=True,
            index_team=found.facts.contacts.get(child_id),
            items=[],
        )
    result = gaps.for_child(child_id, as_of=day, hidden_for=hidden_for(access.principal))
    if result is None:  # removed between the policy check and now
        raise NotFound("child", child_id)
    access.record(
        Action.READ_CHILD,
        child_ids=[child_id, *result.child.also_known_as],
        returned_ids=[child_id],
        detail="gaps " + ",".join(g.code for g in result.gaps),
    )
    return ChildGapsView(
        child_id=child_id,
        as_of=day,
        also_known_as=result.child.also_known_as,
        items=[gap_view(g) for g in result.gaps],
    )


def evidence_marks(gaps: Iterable[Gap]) -> Mapping[str, list[str]]:
    """Which gap codes each id (node or involvement) is evidence for."""
    marks: dict[str, list[str]] = {}
    for gap in gaps:
        for item in gap.evidence:
            codes = marks.setdefault(item, [])
            if gap.code not in codes:
                codes.append(gap.code)
    return marks


def mark_network(view: NetworkView, gaps: list[Gap]) -> NetworkView:
    """Mark the nodes and edges of a (redacted) network that are evidence for the focal
    child's gaps: a node by its id; an edge by its own id (an involvement), or when both its
    ends are evidence for the same gap (a carer link, a residence)."""
    marks = evidence_marks(gaps)
    nodes = [n.model_copy(update={"gaps": list(marks.get(n.id, []))}) for n in view.nodes]
    edges = []
    for edge in view.edges:
        own = marks.get(str(edge.properties.get("id") or ""), [])
        both = [c for c in marks.get(edge.source, []) if c in marks.get(edge.target, [])]
        edges.append(edge.model_copy(update={"gaps": list(dict.fromkeys([*own, *both]))}))
    return view.model_copy(update={"nodes": nodes, "edges": edges})


# --- an area ------------------------------------------------------------------------------------


def _area(access: Access, action: Action, la: str | None) -> str:
    area = la or access.principal.la
    access.require(action, Target(la=area))
    assert area is not None  # the policy refuses an area-less request
    return area


@router.get("/gaps", response_model=AreaGaps)
def area_gaps(
    access: AccessDep,
    gaps: GapServiceDep,
    la: LaQuery = None,
    rule: Annotated[RuleCode | None, Query(description="Only this rule")] = None,
    severity: Annotated[Severity | None, Query(description="Only this severity")] = None,
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AreaGaps:
    """The area's children flagged by the rules: most severe, then oldest, first. A shielded
    child is listed with the rule only; its reasons are for the shielding officer."""
    area = _area(access, Action.READ_AREA_GAPS, la)
    day = _as_of(access, as_of)
    run = gaps.cached_area(
        area, as_of=day, reader=access.principal.agency_id, hidden_for=hidden_for(access.principal)
    )
    matching = run.filtered(
        rule=rule.value if rule is not None else None,
        severity=severity.value if severity is not None else None,
    )
    chosen, next_cursor = page(matching, limit, cursor)
    items = []
    for item in chosen:
        child = item.child
        view = gap_view(item.gap)
        if not sees_shielded_details(access.principal, _policy_child(child)):
            view = view.model_copy(
                update={
                    "reason": SHIELDED_NOTICE,
                    "action": SHIELDED_NOTICE,
                    "evidence": [child.id],
                }
            )
        items.append(
            AreaGapView(
                **view.model_dump(),
                child=GapChild(
                    id=child.id,
                    given_name=child.given_name,
                    family_name=child.family_name,
                    date_of_birth=child.date_of_birth,
                    responsible_la=child.responsible_la,
                    shielded=child.shielded,
                ),
            )
        )
    returned = list(dict.fromkeys(i.child.id for i in items))
    access.record(
        Action.READ_AREA_GAPS,
        child_ids=returned,
        returned_ids=returned,
        search={"la": area, "rule": rule, "severity": severity, "as_of": day.isoformat()},
    )
    return AreaGaps(la=area, as_of=day, total=len(matching), items=items, next_cursor=next_cursor)


@router.get("/gaps/summary", response_model=GapSummary)
def gap_summary(
    access: AccessDep, gaps: GapServiceDep, la: LaQuery = None, as_of: AsOf = None
) -> GapSummary:
    """How many children each rule flags in the area (counts only: no reason needed)."""
    area = _area(access, Action.READ_GAP_SUMMARY, la)
    day = _as_of(access, as_of)
    run = gaps.cached_area(
        area, as_of=day, reader=access.principal.agency_id, hidden_for=hidden_for(access.principal)
    )
    counts = run.counts()
    access.record(Action.READ_GAP_SUMMARY, search={"la": area, "as_of": day.isoformat()})
    return GapSummary(
        la=area,
        as_of=day,
        children=run.children,
        children_with_gaps=len({item.child.id for item in run.found}),
        items=[
            RuleCount(code=code, severity=r.severity, title=r.title, count=counts[code])
            for code, r in RULES.items()
        ],
    )


@router.get("/coverage", response_model=CoverageView)
def coverage(
    access: AccessDep, gaps: GapServiceDep, la: LaQuery = None, as_of: AsOf = None
) -> CoverageView:
    """Shares of the area's children with a GP, in education (school age), with health
    visiting (under fives); involvements per agency kind; practitioners' caseloads. Each number
    names the query (and parameters) that gives it."""
    area = _area(access, Action.READ_COVERAGE, la)
    day = _as_of(access, as_of)
    result = gaps.coverage(area, as_of=day)
    stats = result.caseload_stats()
    access.record(Action.READ_COVERAGE, search={"la": area, "as_of": day.isoformat()})
    return CoverageView(
        la=area,
        as_of=day,
        children=result.children,
        measures=[
            MeasureView(
                key=m.key,
                label=m.label,
                numerator=m.numerator,
                denominator=m.denominator,
                share=m.share,
                query=m.query,
                params=m.params,
            )
            for m in result.measures
        ],
        by_agency_kind=[
            KindCountView(kind=k.kind, involvements=k.involvements, children=k.children)
            for k in result.by_agency_kind
        ],
        by_agency_kind_query=result.queries["by_agency_kind"],
        caseloads=CaseloadStats(
            practitioners=int(stats["practitioners"]),
            median=float(stats["median"]),
            p90=float(stats["p90"]),
            max=int(stats["max"]),
            outliers=[
                CaseloadView(
                    practitioner_id=c.practitioner_id,
                    name=c.name,
                    agency=c.agency_id,
                    children=c.children,
                )
                for c in result.outliers()
            ],
            query=result.queries["caseloads"],
        ),
    )
