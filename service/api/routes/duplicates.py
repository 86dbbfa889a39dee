"""Candidate duplicates for data stewards: review an area's pairs, confirm or reject one.

Also the two hooks the child routes use: the incremental check after a child is created or its
identity changes, and the confirmed partners a reader may see (confirmed pairs are shown as one
child in who-else, the network and search).
"""

import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from graph_model.types import ID_PATTERN, LaCode
from service.api.access import Access, ChildAccess
from service.api.deps import AccessDep
from service.api.errors import ERROR_RESPONSES
from service.api.models import (
    ChildView,
    DuplicateDecided,
    DuplicateDecision,
    DuplicatePairs,
    DuplicatePairView,
)
from service.api.pagination import Cursor, Limit, page
from service.errors import ChildIndexError, RuleViolation
from service.policy import Action, Target, may_read_child
from service.redaction import redact
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore, PairStatus, ordered

router = APIRouter(prefix="/api/v1", tags=["duplicates"], responses=ERROR_RESPONSES)
log = logging.getLogger(__name__)

ChildId = Annotated[str, Path(pattern=ID_PATTERN, description="A child's id")]
IDENTITY_FIELDS = frozenset({"given_name", "family_name", "other_names", "date_of_birth"})
"""A change to any of these re-runs the incremental check."""
_STATUS_OF = {"confirm": PairStatus.CONFIRMED, "reject": PairStatus.REJECTED}


@router.get("/duplicates", response_model=DuplicatePairs)
def list_duplicates(
    access: AccessDep,
    la: Annotated[
        LaCode | None, Query(description="Local authority (ONS code); default: your own")
    ] = None,
    status: Annotated[
        Literal["candidate", "confirmed", "rejected"] | None,
        Query(description="Only pairs with this status (default: candidates to review)"),
    ] = "candidate",
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DuplicatePairs:
    """Pairs of records that may be one child, with at least one of them in the area; best
    score first, each with the reasons. Shielded children show names and date of birth only."""
    area = la or access.principal.la
    access.require(Action.READ_DUPLICATES, Target(la=area))
    assert area is not None  # the policy allows stewards of an area only
    rows = IdentityStore(access.store).pairs_in_la(area, PairStatus(status) if status else None)
    found = access.facts(row[side]["id"] for row in rows for side in ("a", "b"))
    readable = [
        row
        for row in rows
        if all(
            may_read_child(access.principal, found.facts.child(row[side]["id"]))
            for side in ("a", "b")
        )
    ]
    chunk, next_cursor = page(readable, limit, cursor)
    items = [
        DuplicatePairView(
            **{k: row[k] for k in ("status", "score", "reasons", "created_at", "decided_by")},
            decided_at=row["decided_at"],
            a=redact(access.principal, ChildView.model_validate(row["a"]), found.facts),
            b=redact(access.principal, ChildView.model_validate(row["b"]), found.facts),
        )
        for row in chunk
    ]
    ids = [child for item in items for child in (item.a.id, item.b.id)]
    access.record(
        Action.READ_DUPLICATES,
        child_ids=ids,
        returned_ids=ids,
        search={"la": area, "status": status or "any"},
    )
    return DuplicatePairs(items=items, next_cursor=next_cursor)


@router.post("/duplicates/{a}/{b}", response_model=DuplicateDecided)
def decide_duplicate(
    a: ChildId, b: ChildId, body: DuplicateDecision, access: AccessDep
) -> DuplicateDecided:
    """Confirm that two records are one child (they are then shown as one), or reject the
    pair (it is never proposed again). A steward of either child's area decides, on a pair
    that was proposed, and as it was when they looked (`expected_status`, by default a
    candidate): if another decision came first, 409 says which."""
    try:
        first, second = ordered(a, b)
    except RuleViolation as e:
        raise RuleViolation("path", e.message) from e
    found = access.facts([first, second])
    children = found.facts.children
    missing = first if first not in children else second
    access.require(
        Action.DECIDE_DUPLICATE,
        Target(child=children.get(first), other_child=children.get(second)),
        child_ids=[first, second],
        not_found=("child", missing),
    )
    status, expected = _STATUS_OF[body.decision], PairStatus(body.expected_status)
    row = access.write(
        Action.DECIDE_DUPLICATE,
        lambda stamp: IdentityStore(access.store).decide(
            first,
            second,
            status,
            decided_by=access.principal.username,
            expected=expected,
            audit=stamp,
        ),
        child_ids=[first, second],
        returned_ids=[first, second],
        detail=f"{status.value} (was {expected.value})",
    )
    return DuplicateDecided.model_validate(row)


# --- hooks for the child routes ---------------------------------------------------------------


def check_after_write(store: GraphStore, child_id: str) -> None:
    """The incremental duplicate check after a child's identity was written. The write stands
    whatever happens here: if the check fails, the next scan finds what it would have."""
    try:
        IdentityStore(store).check_child(child_id)
    except ChildIndexError:
        log.warning(
            "duplicate check failed for %s; the next scan will cover it", child_id, exc_info=True
        )


def readable_partners(access: Access, child_id: str, found: ChildAccess) -> list[str]:
    """Records confirmed to be the same child as `child_id` that the principal may read
    (`found`: the access facts already read for `child_id`)."""
    partners = found.partners.get(child_id, [])
    if not partners:
        return []
    found = access.facts(partners)
    return [p for p in partners if may_read_child(access.principal, found.facts.child(p))]
