"""The audit trail for auditors: events by child, user and time; a child's access list."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query

from graph_model.types import ID_PATTERN
from service.api.deps import AccessDep, AuditDep
from service.api.errors import ERROR_RESPONSES
from service.api.models import AccessList, AccessListEntry, AuditEvents, AuditEventView
from service.api.pagination import Cursor, Limit, decode_cursor, encode_cursor
from service.audit.log import EventQuery
from service.auth.accounts import USERNAME_PATTERN
from service.policy import Action

router = APIRouter(prefix="/api/v1", tags=["audit"], responses=ERROR_RESPONSES)


@router.get("/audit", response_model=AuditEvents)
def audit_events(
    access: AccessDep,
    audit: AuditDep,
    child_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    user: Annotated[str | None, Query(pattern=USERNAME_PATTERN, description="User name")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AuditEvents:
    """Who did what to which child, when and why; newest first. With `child_id`, the child's
    access list (subject access requests)."""
    access.require(Action.READ_AUDIT, child_ids=[child_id] if child_id else [])
    events = audit.events(
        EventQuery(
            child_id=child_id,
            user=user,
            since=since,
            until=until,
            before=decode_cursor(cursor),
            limit=limit + 1,
        )
    )
    more = len(events) > limit
    items = [AuditEventView.model_validate(event) for event in events[:limit]]
    access.record(
        Action.READ_AUDIT,
        child_ids=[child_id] if child_id else [],
        search={
            key: value
            for key, value in (
                ("child_id", child_id),
                ("user", user),
                ("since", since.isoformat() if since else None),
                ("until", until.isoformat() if until else None),
            )
            if value is not None
        },
    )
    return AuditEvents(items=items, next_cursor=encode_cursor(items[-1].seq) if more else None)


@router.get("/audit/children/{child_id}/access", response_model=AccessList)
def access_list(
    child_id: Annotated[str, Path(pattern=ID_PATTERN)],
    access: AccessDep,
    audit: AuditDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AccessList:
    """Who looked at or changed this child's record, when and why, newest first: the access
    list a subject access request asks for."""
    access.require(Action.READ_AUDIT, child_ids=[child_id])
    events = audit.events(
        EventQuery(child_id=child_id, before=decode_cursor(cursor), limit=limit + 1)
    )
    more = len(events) > limit
    shown = events[:limit]
    access.record(Action.READ_AUDIT, child_ids=[child_id], detail="subject access list")
    return AccessList(
        child_id=child_id,
        items=[AccessListEntry.model_validate(event) for event in shown],
        next_cursor=encode_cursor(int(shown[-1]["seq"])) if more else None,
    )
