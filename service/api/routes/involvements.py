"""Changing an involvement: end it, set or clear its flags (the owner, or a steward)."""

from typing import Annotated

from fastapi import APIRouter, Path

from graph_model.schemas import InvolvementUpdate
from graph_model.types import ID_PATTERN
from service.api.access import involvement_facts
from service.api.deps import AccessDep
from service.api.errors import ERROR_RESPONSES
from service.api.models import InvolvementView, WhoElse
from service.errors import Conflict, NotFound
from service.policy import Action, Target
from service.redaction import redact
from service.store.graph_store import AuditStamp

router = APIRouter(prefix="/api/v1", tags=["involvements"], responses=ERROR_RESPONSES)

InvolvementId = Annotated[str, Path(pattern=ID_PATTERN, description="The involvement's id")]


@router.patch("/involvements/{involvement_id}", response_model=InvolvementView)
def update_involvement(
    involvement_id: InvolvementId, body: InvolvementUpdate, access: AccessDep
) -> InvolvementView:
    """End an involvement (`until`) or change its flags: lead professional, assessment,
    information to share, consent. Practitioners change their own; stewards any in their area."""
    row = access.store.involvement_access(involvement_id)
    child_id = str(row["child_id"]) if row else ""
    found = access.facts([child_id] if row else [])
    access.require(
        Action.UPDATE_INVOLVEMENT,
        Target(
            child=found.facts.children.get(child_id),
            involvement=involvement_facts(row, child_id) if row else None,
        ),
        child_ids=[child_id] if row else [],
        not_found=("involvement", involvement_id),
    )
    access.write(
        Action.UPDATE_INVOLVEMENT,
        lambda stamp: access.store.update_involvement(involvement_id, body, audit=stamp),
        child_ids=[child_id],
        returned_ids=[involvement_id],
    )
    entries = access.store.who_else(child_id, include_ended=True)
    updated = [
        InvolvementView.model_validate(e.model_dump()) for e in entries if e.id == involvement_id
    ]
    after = access.facts([child_id])
    shown = redact(access.principal, WhoElse(items=updated), after.facts)
    if not shown.items:  # the owner of a record since shielded: the change is made, not shown
        return InvolvementView(child_id=child_id, redacted=True, notice=shown.notice)
    return shown.items[0]


@router.post("/involvements/{involvement_id}/acknowledge", response_model=InvolvementView)
def acknowledge_info(involvement_id: InvolvementId, access: AccessDep) -> InvolvementView:
    """Acknowledge the information to share raised on this involvement: for practitioners
    working with the child now, other than the one who raised it. Clears the
    INFO_TO_SHARE_UNACKNOWLEDGED gap. 409 when no information to share is raised."""
    row = access.store.involvement_access(involvement_id)
    child_id = str(row["child_id"]) if row else ""
    found = access.facts([child_id] if row else [])
    practitioner = access.principal.practitioner_id
    involved = bool(row and practitioner and access.store.is_working_with(practitioner, child_id))
    access.require(
        Action.ACKNOWLEDGE_INFO,
        Target(
            child=found.facts.children.get(child_id),
            involvement=involvement_facts(row, child_id) if row else None,
            involved=involved,
        ),
        child_ids=[child_id] if row else [],
        not_found=("involvement", involvement_id),
    )
    assert practitioner is not None  # the policy allows practitioners working with the child

    def acknowledge(stamp: AuditStamp) -> None:
        if access.store.acknowledge_info(involvement_id, practitioner, audit=stamp) is None:
            if access.store.involvement_access(involvement_id) is None:
                raise NotFound("involvement", involvement_id)
            raise Conflict("no information to share is raised on this involvement")

    access.write(
        Action.ACKNOWLEDGE_INFO,
        acknowledge,
        child_ids=[child_id],
        returned_ids=[involvement_id],
        detail="information to share acknowledged",
    )
    entries = access.store.who_else(child_id, include_ended=True)
    updated = [
        InvolvementView.model_validate(e.model_dump()) for e in entries if e.id == involvement_id
    ]
    shown = redact(access.principal, WhoElse(items=updated), found.facts)
    return shown.items[0]
