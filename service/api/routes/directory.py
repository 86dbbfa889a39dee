"""Practitioners and agencies: the directory behind who-else, and a practitioner's caseload."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from graph_model.enums import SENSITIVE_KINDS
from graph_model.nodes import Agency, Practitioner
from graph_model.schemas import AgencyCreate, PractitionerCreate
from graph_model.types import ID_PATTERN
from service.api.deps import AccessDep, RequestKeyDep
from service.api.errors import ERROR_RESPONSES
from service.api.models import (
    AgencyView,
    Caseload,
    CaseloadItem,
    Employment,
    PractitionerView,
)
from service.api.pagination import Cursor, Limit, page
from service.errors import Conflict, NotFound, UnknownReference
from service.policy import Action, Target
from service.redaction import redact
from service.store.graph_store import AuditStamp, GraphStore, new_id

router = APIRouter(prefix="/api/v1", tags=["directory"], responses=ERROR_RESPONSES)

PractitionerId = Annotated[str, Path(pattern=ID_PATTERN, description="The practitioner's id")]
AgencyId = Annotated[str, Path(pattern=ID_PATTERN, description="The agency's id")]


def _practitioner_view(store: GraphStore, practitioner_id: str) -> PractitionerView:
    practitioner, employment = store.get_practitioner(practitioner_id)
    return PractitionerView(
        **practitioner.model_dump(),
        employment=[Employment.model_validate(job) for job in employment],
    )


@router.post("/practitioners", status_code=status.HTTP_201_CREATED, response_model=PractitionerView)
def create_practitioner(
    body: PractitionerCreate, access: AccessDep, request_key: RequestKeyDep
) -> PractitionerView:
    """Add a practitioner working for an agency of the steward's own area."""
    try:
        agency = access.store.get_agency(body.agency_id)
    except NotFound as e:
        raise UnknownReference("body.agency_id", e) from e
    access.require(Action.CREATE_PRACTITIONER, Target(la=agency.la))
    practitioner_id = body.id or new_id("pr")
    fields = body.model_dump(exclude={"id", "agency_id", "since"})
    practitioner = Practitioner(id=practitioner_id, **fields)

    def create(stamp: AuditStamp) -> None:
        try:
            access.store.create_practitioner(
                practitioner, agency_id=body.agency_id, since=body.since, audit=stamp
            )
        except Conflict as e:
            raise Conflict(f"practitioner id {practitioner_id!r} is already in use") from e

    return access.create(
        Action.CREATE_PRACTITIONER,
        create,
        lambda created, _: _practitioner_view(access.store, created),
        created_id=practitioner_id,
        child_ids=[],
        request=request_key,
    )


@router.get("/practitioners/{practitioner_id}", response_model=PractitionerView)
def get_practitioner(practitioner_id: PractitionerId, access: AccessDep) -> PractitionerView:
    access.require(Action.READ_PRACTITIONER)
    return _practitioner_view(access.store, practitioner_id)


@router.get("/practitioners/{practitioner_id}/children", response_model=Caseload)
def caseload(
    practitioner_id: PractitionerId,
    access: AccessDep,
    include_ended: bool = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Caseload:
    """The children a practitioner works with, as far as the reader may see them."""
    access.require(Action.READ_CASELOAD, Target(practitioner_id=practitioner_id))
    entries = access.store.caseload(practitioner_id, include_ended=include_ended)
    found = access.facts(entry.child_id for entry in entries)
    full = Caseload(
        items=[CaseloadItem.model_validate(entry, from_attributes=True) for entry in entries]
    )
    shown = redact(access.principal, full, found.facts)
    items, next_cursor = page(shown.items, limit, cursor)
    access.record(
        Action.READ_CASELOAD,
        child_ids=[item.child_id for item in items],
        returned_ids=[item.child_id for item in items],
        detail=f"caseload of {practitioner_id}",
    )
    return Caseload(items=items, next_cursor=next_cursor)


@router.post("/agencies", status_code=status.HTTP_201_CREATED, response_model=AgencyView)
def create_agency(body: AgencyCreate, access: AccessDep, request_key: RequestKeyDep) -> AgencyView:
    """Add an agency (a service or organisation) in the steward's own area. `sensitive`
    defaults to whether its kind is a sensitive one (sexual health, substance misuse, ...).
    An id in use is refused (409): a create never changes an existing agency."""
    access.require(Action.CREATE_AGENCY, Target(la=body.la))
    agency_id = body.id or new_id("ag")
    sensitive = body.sensitive if body.sensitive is not None else body.kind in SENSITIVE_KINDS
    fields = body.model_dump(exclude={"id", "sensitive"})
    agency = Agency(id=agency_id, sensitive=sensitive, **fields)

    def create(stamp: AuditStamp) -> None:
        try:
            access.store.create_agency(agency, audit=stamp)
        except NotFound as e:
            raise UnknownReference("body.la", e) from e
        except Conflict as e:
            raise Conflict(f"agency id {agency_id!r} is already in use") from e

    return access.create(
        Action.CREATE_AGENCY,
        create,
        lambda created, _: AgencyView.model_validate(access.store.get_agency(created).model_dump()),
        created_id=agency_id,
        child_ids=[],
        request=request_key,
    )


@router.get("/agencies/{agency_id}", response_model=AgencyView)
def get_agency(agency_id: AgencyId, access: AccessDep) -> AgencyView:
    access.require(Action.READ_AGENCY)
    return AgencyView.model_validate(access.store.get_agency(agency_id).model_dump())
