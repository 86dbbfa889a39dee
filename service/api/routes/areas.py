"""An area's work lists (and how much waits in each) and the local authorities by name.

A receiving steward's transfers waiting for acceptance and a shielding officer's shielded
children are lists of children: each needs a reason and is in the audit trail, like any read
of child data. The local authorities (codes and names) are reference data for every reader.
"""

from typing import Annotated

from fastapi import APIRouter, Query

from graph_model.types import LaCode
from service.api.access import Access
from service.api.deps import AccessDep
from service.api.errors import ERROR_RESPONSES
from service.api.pagination import Cursor, Limit, page
from service.api.work_views import (
    LocalAuthorities,
    LocalAuthorityView,
    ShieldedChildren,
    ShieldedChildView,
    Transfers,
    TransferView,
    WorkSummary,
)
from service.policy import Action, Target, is_shielding_officer_of, is_steward_of
from service.store.identity import IdentityStore, PairStatus

router = APIRouter(prefix="/api/v1", tags=["areas"], responses=ERROR_RESPONSES)

LaQuery = Annotated[
    LaCode | None, Query(description="Local authority (ONS code); default: your own")
]


def _area(access: Access, action: Action, la: str | None) -> str:
    area = la or access.principal.la
    access.require(action, Target(la=area))
    assert area is not None  # the policy allows an area's own officers only
    return area


@router.get("/local-authorities", response_model=LocalAuthorities)
def local_authorities(access: AccessDep) -> LocalAuthorities:
    """Every local authority's ONS code and name, so that pages can name places."""
    access.require(Action.READ_REFERENCE_DATA)
    return LocalAuthorities(
        items=[
            LocalAuthorityView(code=row["id"], name=row["name"])
            for row in access.store.local_authorities()
        ]
    )


@router.get("/work", response_model=WorkSummary)
def work_summary(access: AccessDep) -> WorkSummary:
    """How much waits for you in your area, for your home page: counts, no child named."""
    access.require(Action.READ_WORK_SUMMARY)
    principal, store = access.principal, access.store
    area = principal.la
    summary = WorkSummary(la=area)
    if area is not None and is_steward_of(principal, area):
        summary.duplicates_waiting = len(
            IdentityStore(store).pairs_in_la(area, PairStatus.CANDIDATE)
        )
        summary.transfers_waiting = len(store.pending_transfers(area))
    if area is not None and is_shielding_officer_of(principal, area):
        summary.shielded = len(store.shielded_children(area))
    access.record(Action.READ_WORK_SUMMARY, search={"la": area} if area else None)
    return summary


@router.get("/transfers", response_model=Transfers)
def pending_transfers(
    access: AccessDep, la: LaQuery = None, limit: Limit = 50, cursor: Cursor = None
) -> Transfers:
    """Children who moved into the area and wait for its steward to accept responsibility
    (`POST /children/{id}/moves/{move_id}/accept`), oldest move first."""
    area = _area(access, Action.READ_TRANSFERS, la)
    views = [TransferView.model_validate(row) for row in access.store.pending_transfers(area)]
    items, next_cursor = page(views, limit, cursor)
    ids = [item.child_id for item in items]
    access.record(Action.READ_TRANSFERS, child_ids=ids, returned_ids=ids, search={"la": area})
    return Transfers(la=area, items=items, next_cursor=next_cursor)


@router.get("/shielded-children", response_model=ShieldedChildren)
def shielded_children(
    access: AccessDep, la: LaQuery = None, limit: Limit = 50, cursor: Cursor = None
) -> ShieldedChildren:
    """The shielded children the area is responsible for: its shielding officers' list."""
    area = _area(access, Action.READ_SHIELDED, la)
    views = [ShieldedChildView.model_validate(row) for row in access.store.shielded_children(area)]
    items, next_cursor = page(views, limit, cursor)
    ids = [item.id for item in items]
    access.record(Action.READ_SHIELDED, child_ids=ids, returned_ids=ids, search={"la": area})
    return ShieldedChildren(la=area, items=items, next_cursor=next_cursor)
