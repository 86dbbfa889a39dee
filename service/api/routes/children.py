"""Read endpoints over a child: record, who else is working with them, network, search.

Access control, reasons, redaction and audit arrive with the API issue; until then `serve`
listens on localhost only.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ValidationError

from graph_model.schemas import ChildRecord, ChildSearch, Involvement, Network, SearchHit
from service.api.deps import StoreDep
from service.api.errors import ErrorResponse
from service.api.models import Items
from service.errors import RuleViolation
from service.store.graph_store import CaseloadEntry

router = APIRouter(prefix="/api/v1", tags=["children"])

_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


@router.get("/children", response_model=Items[SearchHit], responses=_ERRORS)
def search_children(
    store: StoreDep,
    name: Annotated[str | None, Query(max_length=200)] = None,
    date_of_birth: date | None = None,
    postcode: Annotated[str | None, Query(max_length=10)] = None,
    nhs_number: Annotated[str | None, Query(max_length=20)] = None,
) -> Items[SearchHit]:
    try:
        query = ChildSearch(
            name=name, date_of_birth=date_of_birth, postcode=postcode, nhs_number=nhs_number
        )
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "query"
        raise RuleViolation(field, first["msg"]) from e
    return Items[SearchHit](items=store.search(query))


@router.get("/children/{child_id}", response_model=ChildRecord, responses=_ERRORS)
def get_child(child_id: str, store: StoreDep) -> ChildRecord:
    return store.get_child(child_id)


@router.get(
    "/children/{child_id}/practitioners", response_model=Items[Involvement], responses=_ERRORS
)
def who_else(child_id: str, store: StoreDep, include_ended: bool = False) -> Items[Involvement]:
    return Items[Involvement](items=store.who_else(child_id, include_ended=include_ended))


@router.get("/children/{child_id}/network", response_model=Network, responses=_ERRORS)
def network(
    child_id: str, store: StoreDep, depth: Annotated[int, Query(ge=1, le=3)] = 1
) -> Network:
    return store.network(child_id, depth)


@router.get(
    "/practitioners/{practitioner_id}/children",
    response_model=Items[CaseloadEntry],
    responses=_ERRORS,
)
def caseload(
    practitioner_id: str, store: StoreDep, include_ended: bool = False
) -> Items[CaseloadEntry]:
    return Items[CaseloadEntry](items=store.caseload(practitioner_id, include_ended=include_ended))
