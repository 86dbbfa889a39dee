"""A child's record and everything hung on it: search, record, who-else, network, carers,
involvements, moves and transfers, shielding.

Every route asks the policy first (through `Access`), redacts what it returns with the one
redaction function, and records the request in the audit trail before answering.
"""

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from graph_model.schemas import (
    CarerLink,
    ChildCreate,
    ChildRecord,
    ChildSearch,
    ChildUpdate,
    InvolvementCreate,
    MoveCreate,
)
from graph_model.types import ID_PATTERN, DateOfBirth, NhsNumber, Postcode, ShortText
from service.api.access import Access, ChildAccess
from service.api.deps import AccessDep, LimitsDep, RequestKeyDep
from service.api.errors import ERROR_RESPONSES, PreconditionFailed
from service.api.models import (
    CarerLinkView,
    ChildRecordView,
    ChildView,
    Created,
    InvolvementRecorded,
    InvolvementView,
    MovedChild,
    Moves,
    MoveView,
    NetworkView,
    ResidenceView,
    SearchHitView,
    SearchResults,
    ShieldState,
    TransferAccepted,
    WhoElse,
)
from service.api.pagination import Cursor, Limit, page
from service.api.routes.duplicates import IDENTITY_FIELDS, check_after_write, readable_partners
from service.api.routes.gaps import GapServiceDep, hidden_for, mark_network
from service.auth.principal import Role
from service.errors import Conflict, NotFound, RuleViolation, UnknownReference
from service.policy import AccessDenied, Action, Target, may_read_child, sees_shielded_details
from service.redaction import redact
from service.store.engines.base import Row
from service.store.graph_store import AuditStamp, new_id

router = APIRouter(prefix="/api/v1", tags=["children"], responses=ERROR_RESPONSES)

ChildId = Annotated[str, Path(pattern=ID_PATTERN, description="The child's id")]
MoveId = Annotated[str, Path(pattern=ID_PATTERN, description="The move's id")]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=200,
        description="The ETag of the record as last read: the update applies only to that version",
        json_schema_extra={
            "pattern": r'^\s*(\*|(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*)\s*$',
            "examples": ['"v3"'],
        },
    ),
]

MAX_SEARCH_RESULTS = 20
POSTCODE_BONUS = 0.05


# --- views of store results ---------------------------------------------------------------------


def etag(version: int) -> str:
    return f'"v{version}"'


def _matches(if_match: str, version: int) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in if_match.split(",")]
    return "*" in tags or etag(version) in tags


def record_view(record: ChildRecord) -> ChildRecordView:
    return ChildRecordView(
        child=ChildView.model_validate(record.child.model_dump()),
        carers=[CarerLinkView.model_validate(c.model_dump()) for c in record.carers],
        involvements=[InvolvementView.model_validate(i.model_dump()) for i in record.involvements],
        residence=[ResidenceView.model_validate(r.model_dump()) for r in record.residence],
        current_la=record.current_la,
    )


def _redacted_record(
    access: Access, child_id: str, found: ChildAccess | None = None
) -> tuple[ChildRecordView, int]:
    """The child's record as the principal may see it, and its version (for the ETag). `found`
    are facts already fetched for this request; after a write they are fetched afresh."""
    found = found or access.facts([child_id])
    record = access.store.get_child(child_id)
    return (
        redact(access.principal, record_view(record), found.facts),
        found.versions.get(child_id, record.child.version),
    )


def move_view(row: Row) -> MoveView:
    transfer = row["from_la"] is not None and row["from_la"] != row["la"]
    move_status = None
    if transfer:
        if row["accepted_at"]:
            move_status = "accepted"
        else:
            move_status = "pending" if row["until"] is None else "superseded"
    return MoveView.model_validate({**row, "transfer": transfer, "status": move_status})


# --- search ---------------------------------------------------------------------------------------


@router.get("/children", response_model=SearchResults)
def search_children(
    access: AccessDep,
    limits: LimitsDep,
    name: Annotated[
        ShortText | None, Query(max_length=200, description="Any of the child's names")
    ] = None,
    date_of_birth: Annotated[DateOfBirth | None, Query()] = None,
    postcode: Annotated[
        Postcode | None, Query(description="Ranks children at this postcode first")
    ] = None,
    nhs_number: Annotated[NhsNumber | None, Query()] = None,
    include_archived: Annotated[
        bool, Query(description="Stewards (own area) and auditors only")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH_RESULTS)] = MAX_SEARCH_RESULTS,
    cursor: Cursor = None,
) -> SearchResults:
    """Find a child by NHS number, or by name (any of their names, fuzzily) and date of birth.
    At most 20 results; archived records only on request, for those who may see them."""
    limits.hit(limits.search, f"search:{access.principal.username}")
    access.require(Action.SEARCH_CHILDREN)
    if include_archived and not access.principal.has(Role.DATA_STEWARD, Role.AUDITOR):
        raise AccessDenied("only stewards and auditors search archived records")
    terms = {
        "name": name,
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else None,
        "postcode": postcode,
        "nhs_number": nhs_number,
        "include_archived": include_archived or None,
    }
    try:
        wanted = ChildSearch(
            name=name,
            date_of_birth=date_of_birth,
            postcode=postcode,
            nhs_number=nhs_number,
            include_archived=include_archived,
        )
    except ValidationError as e:
        raise RequestValidationError(
            [{**error, "loc": ("query", *error["loc"])} for error in e.errors()]
        ) from e
    # the postcode only re-ranks, and only for children whose address the reader may see
    hits = access.store.search(
        wanted.model_copy(update={"postcode": None}), limit=MAX_SEARCH_RESULTS
    )
    partners = access.store.confirmed_partners([hit.child.id for hit in hits])
    found = access.facts(
        [hit.child.id for hit in hits] + [p for ps in partners.values() for p in ps]
    )
    views = []
    for hit in hits:
        view = SearchHitView(
            child=ChildView.model_validate(hit.child.model_dump()),
            score=hit.score,
            matched_on=hit.matched_on,
            also_known_as=[
                p
                for p in partners.get(hit.child.id, [])
                if may_read_child(access.principal, found.facts.child(p))
            ],
        )
        if (
            wanted.postcode is not None
            and hit.child.postcode == wanted.postcode
            and sees_shielded_details(access.principal, found.facts.child(hit.child.id))
        ):
            view.matched_on.append("postcode")
            view.score = round(min(1.0, view.score + POSTCODE_BONUS), 3)
        views.append(view)
    views.sort(key=lambda v: (-v.score, v.child.family_name, v.child.id))
    results = redact(access.principal, SearchResults(items=views), found.facts)
    items, next_cursor = page(results.items, limit, cursor)
    access.record(
        Action.SEARCH_CHILDREN,
        child_ids=[item.child.id for item in items],
        returned_ids=[item.child.id for item in items],
        search={k: v for k, v in terms.items() if v is not None},
    )
    return SearchResults(items=items, next_cursor=next_cursor)


# --- the record ---------------------------------------------------------------------------------


def _replayed(response: Response, fresh: bool) -> None:
    if not fresh:
        response.headers["Idempotent-Replayed"] = "true"


@router.post("/children", status_code=status.HTTP_201_CREATED, response_model=ChildRecordView)
def create_child(
    body: ChildCreate, access: AccessDep, response: Response, request_key: RequestKeyDep
) -> ChildRecordView:
    """Create a child's record in the steward's own local authority; the first residence opens
    on `resident_since` (default today). With an `Idempotency-Key`, sending the same request
    again returns the record it created (header `Idempotent-Replayed: true`)."""
    access.require(Action.CREATE_CHILD, Target(la=body.responsible_la))
    child_id = body.id or new_id("ch")
    data = body.model_copy(update={"id": child_id})

    def create(stamp: AuditStamp) -> None:
        try:
            access.store.create_new_child(data, audit=stamp)
        except NotFound as e:
            raise UnknownReference("body.responsible_la", e) from e

    def respond(created: str, fresh: bool) -> ChildRecordView:
        if fresh:
            check_after_write(access.store, created)  # candidate duplicates (identity issue)
        view, version = _redacted_record(access, created)
        response.headers["ETag"] = etag(version)
        response.headers["Location"] = f"/api/v1/children/{created}"
        _replayed(response, fresh)
        return view

    return access.create(
        Action.CREATE_CHILD,
        create,
        respond,
        created_id=child_id,
        child_ids=[child_id],
        request=request_key,
    )


@router.get("/children/{child_id}", response_model=ChildRecordView)
def get_child(child_id: ChildId, access: AccessDep, response: Response) -> ChildRecordView:
    """The child's record: details, carers, involvements, residence (redacted as DESIGN §4)."""
    found = access.child(Action.READ_CHILD, child_id)
    view, version = _redacted_record(access, child_id, found)
    access.record(Action.READ_CHILD, child_ids=[child_id], returned_ids=[child_id])
    response.headers["ETag"] = etag(version)
    return view


@router.patch("/children/{child_id}", response_model=ChildRecordView)
def update_child(
    child_id: ChildId,
    body: ChildUpdate,
    access: AccessDep,
    response: Response,
    if_match: IfMatch = None,
) -> ChildRecordView:
    """Change basic details. With `If-Match`, only if the record is still at that version (412
    if not); a change racing another is refused with 409 either way."""
    found = access.child(Action.UPDATE_CHILD, child_id)
    version = found.versions[child_id]
    if if_match is not None and not _matches(if_match, version):
        access.record(Action.UPDATE_CHILD, child_ids=[child_id], outcome="stale", status=412)
        raise PreconditionFailed(
            f"the record is at version {etag(version)}, not {if_match}: reload it and retry"
        )
    required = ("given_name", "family_name", "other_names", "sex", "date_of_birth")
    nulled = [f for f in (*required, "address_status", "status") if f in body.model_fields_set]
    nulled = [f for f in nulled if getattr(body, f) is None]
    if nulled:
        raise RequestValidationError(
            [
                {"loc": ("body", f), "msg": "may be changed but not removed", "type": "value_error"}
                for f in nulled
            ]
        )
    if body.model_fields_set:
        access.write(
            Action.UPDATE_CHILD,
            lambda stamp: access.store.update_child_details(
                child_id, body, version=version, audit=stamp
            ),
            child_ids=[child_id],
            returned_ids=[child_id],
        )
    if IDENTITY_FIELDS & body.model_fields_set:
        check_after_write(access.store, child_id)
    view, new_version = _redacted_record(access, child_id)
    if not body.model_fields_set:  # nothing to change: a read of the record
        access.record(Action.UPDATE_CHILD, child_ids=[child_id], returned_ids=[child_id])
    response.headers["ETag"] = etag(new_version)
    return view


def who_else_view(access: Access, child_id: str, *, include_ended: bool) -> WhoElse:
    """Who else, as `access.principal` may see it: redacted, and with the involvements of
    records confirmed to be the same child (that the principal may read) joined in. Also what
    `childindex query who-else` prints."""
    found = access.child(Action.READ_CHILD, child_id)
    partners = readable_partners(access, child_id, found)  # confirmed same child: the union
    if partners:
        found = access.facts([child_id, *partners])
    entries = access.store.who_else(child_id, include_ended=include_ended, partners=partners)
    full = WhoElse(items=[InvolvementView.model_validate(e.model_dump()) for e in entries])
    return redact(access.principal, full, found.facts)


@router.get("/children/{child_id}/practitioners", response_model=WhoElse)
def who_else(
    child_id: ChildId,
    access: AccessDep,
    include_ended: bool = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> WhoElse:
    """Who else is working with this child: practitioner or agency, service, contact, since,
    lead professional, assessment, information to share."""
    shown = who_else_view(access, child_id, include_ended=include_ended)
    items, next_cursor = page(shown.items, limit, cursor)
    access.record(
        Action.READ_CHILD,
        child_ids=[child_id],
        returned_ids=[item.id for item in items if item.id],
        detail="who_else",
    )
    return shown.model_copy(update={"items": items, "next_cursor": next_cursor})


@router.get("/children/{child_id}/network", response_model=NetworkView)
def network(
    child_id: ChildId,
    access: AccessDep,
    gaps: GapServiceDep,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
) -> NetworkView:
    """The child's network for the graph view: family within `depth`, services, places. Each
    node and edge that is evidence for one of the child's gaps names those gaps (`gaps`)."""
    focus = access.child(Action.READ_CHILD, child_id)
    graph = access.store.network(child_id, depth)
    children = [node.id for node in graph.nodes if node.kind == "child"]
    found = access.facts(children)
    view = redact(access.principal, NetworkView.model_validate(graph.model_dump()), found.facts)
    if sees_shielded_details(access.principal, focus.facts.child(child_id)):
        result = gaps.for_child(
            child_id, as_of=access.store.today(), hidden_for=hidden_for(access.principal)
        )
        if result is not None:
            view = mark_network(view, result.gaps)
    access.record(
        Action.READ_CHILD,
        child_ids=[child_id],
        returned_ids=[node.id for node in view.nodes if node.kind == "child"],
        detail=f"network depth {depth}",
    )
    return view


# --- carers and involvements --------------------------------------------------------------------


@router.post(
    "/children/{child_id}/carers", status_code=status.HTTP_201_CREATED, response_model=Created
)
def link_carer(
    child_id: ChildId, body: CarerLink, access: AccessDep, request_key: RequestKeyDep
) -> Created:
    """Link a carer to the child: an existing one by `carer_id`, or a new one in `carer`."""
    access.child(Action.LINK_CARER, child_id)
    carer_id = body.carer_id or (body.carer.id if body.carer else None) or new_id("cr")
    if body.carer is not None:
        body = body.model_copy(update={"carer": body.carer.model_copy(update={"id": carer_id})})

    def link(stamp: AuditStamp) -> None:
        try:
            access.store.link_carer(child_id, body, audit=stamp)
        except NotFound as e:
            if e.kind == "carer":
                raise UnknownReference("body.carer_id", e) from e
            raise

    return access.create(
        Action.LINK_CARER,
        link,
        lambda created, _: Created(id=created),
        created_id=carer_id,
        child_ids=[child_id],
        request=request_key,
    )


@router.post(
    "/children/{child_id}/involvements",
    status_code=status.HTTP_201_CREATED,
    response_model=InvolvementRecorded,
)
def record_involvement(
    child_id: ChildId, body: InvolvementCreate, access: AccessDep, request_key: RequestKeyDep
) -> InvolvementRecorded:
    """Record that a practitioner (a practitioner: themselves) or an agency works with the
    child. Re-sending the same `id` updates that involvement. A practitioner already recorded
    as working with the child (an open involvement for the same agency) is refused with 409
    naming it: change that one instead (a double submit records one involvement)."""
    access.child(
        Action.RECORD_INVOLVEMENT,
        child_id,
        practitioner_id=body.practitioner_id,
        agency_id=body.agency_id,
    )
    data = body.model_copy(update={"id": body.id or new_id("inv")})
    assert data.id is not None

    def record(stamp: AuditStamp) -> None:
        try:
            access.store.record_involvement(
                child_id, data, recorded_by=access.principal.username, audit=stamp
            )
        except NotFound as e:
            if e.kind in ("agency", "practitioner"):
                raise UnknownReference(f"body.{e.kind}_id", e) from e
            raise
        except RuleViolation as e:
            raise RuleViolation(f"body.{e.field}", e.message) from e

    return access.create(
        Action.RECORD_INVOLVEMENT,
        record,
        lambda created, _: InvolvementRecorded(id=created, child_id=child_id),
        created_id=data.id,
        child_ids=[child_id],
        request=request_key,
    )


# --- moves and transfers ------------------------------------------------------------------------


@router.post(
    "/children/{child_id}/moves", status_code=status.HTTP_201_CREATED, response_model=MovedChild
)
def move_child(
    child_id: ChildId, body: MoveCreate, access: AccessDep, request_key: RequestKeyDep
) -> MovedChild:
    """The child's residence changes on `date`. Into another local authority, responsibility
    follows once that authority's steward accepts the transfer."""
    access.child(Action.MOVE_CHILD, child_id)
    move_id = new_id("mv")

    def move(stamp: AuditStamp) -> None:
        try:
            access.store.move_child(child_id, body, move_id=move_id, audit=stamp)
        except NotFound as e:
            raise UnknownReference("body.to_la", e) from e
        except RuleViolation as e:
            raise RuleViolation(f"body.{e.field}", e.message) from e

    def respond(moved: str, fresh: bool) -> MovedChild:
        row = next((r for r in access.store.moves(child_id) if r["id"] == moved), None)
        if row is None:
            raise NotFound("move", moved)
        view = move_view(row)
        return MovedChild(
            child_id=child_id,
            move_id=moved,
            applied=True,
            transfer=view.transfer,
            status=view.status if view.status in ("pending", "accepted") else None,
        )

    return access.create(
        Action.MOVE_CHILD,
        move,
        respond,
        created_id=move_id,
        child_ids=[child_id],
        request=request_key,
    )


def _sorted_moves(rows: list[Row]) -> list[MoveView]:
    # same-day periods: the closed one first, then by when each was recorded
    ordered = sorted(rows, key=lambda r: (r["since"], r["until"] is None, r["recorded_at"] or ""))
    return [move_view(row) for row in ordered]


@router.get("/children/{child_id}/moves", response_model=Moves)
def list_moves(
    child_id: ChildId, access: AccessDep, limit: Limit = 50, cursor: Cursor = None
) -> Moves:
    """Residence history, with each transfer's status (pending, accepted or superseded)."""
    found = access.child(Action.READ_MOVES, child_id)
    full = Moves(items=_sorted_moves(access.store.moves(child_id)))
    shown = redact(access.principal, full, found.facts)
    items, next_cursor = page(shown.items, limit, cursor)
    access.record(Action.READ_MOVES, child_ids=[child_id], returned_ids=[item.id for item in items])
    return shown.model_copy(update={"items": items, "next_cursor": next_cursor})


@router.post("/children/{child_id}/moves/{move_id}/accept", response_model=TransferAccepted)
def accept_transfer(child_id: ChildId, move_id: MoveId, access: AccessDep) -> TransferAccepted:
    """The receiving local authority accepts responsibility for a child who moved in."""
    found = access.facts([child_id])
    child = found.facts.children.get(child_id)
    move = next((row for row in access.store.moves(child_id) if row["id"] == move_id), None)
    # an unknown move is a 404 to whoever could accept one into their own area
    receiving_la = move["la"] if move else access.principal.la
    access.require(
        Action.ACCEPT_TRANSFER,
        Target(child=child, move_to_la=receiving_la),
        child_ids=[child_id],
        not_found=("child", child_id),
    )
    if move is None:
        raise NotFound("move", move_id)

    def accept(stamp: AuditStamp) -> Row:
        accepted = access.store.accept_transfer(
            child_id, move_id, accepted_by=access.principal.username, audit=stamp
        )
        if accepted is None:
            raise Conflict("this move is not a pending transfer (accepted already, or superseded)")
        return accepted

    accepted = access.write(
        Action.ACCEPT_TRANSFER, accept, child_ids=[child_id], returned_ids=[move_id]
    )
    return TransferAccepted.model_validate(accepted)


# --- shielding ----------------------------------------------------------------------------------


def _shield(access: Access, child_id: str, shielded: bool) -> ShieldState:
    action = Action.SHIELD if shielded else Action.UNSHIELD
    access.child(action, child_id)
    version = access.write(
        action,
        lambda stamp: access.store.set_shielded(child_id, shielded, audit=stamp),
        child_ids=[child_id],
        returned_ids=[child_id],
    )
    return ShieldState(id=child_id, shielded=shielded, version=version)


@router.post("/children/{child_id}/shield", response_model=ShieldState)
def shield(child_id: ChildId, access: AccessDep) -> ShieldState:
    """Shield the record: only the responsible LA's shielding officer sees its address,
    contacts and involvements from now on."""
    return _shield(access, child_id, True)


@router.delete("/children/{child_id}/shield", response_model=ShieldState)
def unshield(child_id: ChildId, access: AccessDep) -> ShieldState:
    return _shield(access, child_id, False)
