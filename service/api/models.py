"""Response envelopes and the views of child data that the API returns (always redacted:
see service/redaction.py), apart from the graph models and the store's results."""

from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph_model.enums import AddressStatus, AssessmentKind, CarerRelationship, Sex
from graph_model.schemas import (
    AgencyPublic,
    AgencyRef,
    CarerPublic,
    Network,
    PractitionerPublic,
    PractitionerRef,
    Residence,
)
from service.auth.principal import Role
from service.data.importer import ImportReport

T = TypeVar("T")

SENSITIVE_NOTICE = "a sensitive service is involved — contact via the local authority index team"
SHIELDED_NOTICE = (
    "this record is shielded: address, contact details and involvements are withheld —"
    " contact the local authority index team"
)


class Items(BaseModel, Generic[T]):
    """A list response: `{"items": [...], "next_cursor": ...}` (DESIGN §5)."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last page"
    )


class IndexTeamContact(BaseModel):
    """The responsible local authority's index team: who to ask about a withheld record."""

    la: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None


# --- a child's record ----------------------------------------------------------------------


class ChildView(BaseModel):
    id: str
    given_name: str
    family_name: str
    other_names: list[str] = Field(default_factory=list)
    sex: Sex
    date_of_birth: date
    date_of_death: date | None = None
    nhs_number: str | None = None
    upn: str | None = None
    address_line: str | None = None
    postcode: str | None = None
    address_status: AddressStatus | None = None
    responsible_la: str | None = None
    shielded: bool = False
    status: Literal["active", "archived"] = "active"
    version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


CarerView = CarerPublic
"""Redaction keeps a carer whole or cuts it to names; both fit the store's own view."""


class CarerLinkView(BaseModel):
    carer: CarerView
    relationship: CarerRelationship | None = None
    parental_responsibility: bool | None = None
    lives_with: bool | None = None
    since: date | None = None
    until: date | None = None


class InvolvementView(BaseModel):
    """One entry of who-else. A sensitive involvement the reader may not see keeps only
    `redacted: true`, the notice and the index-team contact: no agency, no practitioner."""

    id: str | None = None
    child_id: str
    source: Literal["practitioner", "agency"] | None = None
    practitioner: PractitionerRef | None = None
    agency: AgencyRef | None = None
    service: str | None = None
    since: date | None = None
    until: date | None = None
    lead_professional: bool | None = None
    assessment_kind: AssessmentKind | None = None
    assessment_date: date | None = None
    info_to_share: bool | None = None
    info_to_share_since: date | None = None
    consent: bool | None = None
    recorded_by: str | None = None
    updated_at: datetime | None = None
    redacted: bool = False
    notice: str | None = None
    contact: IndexTeamContact | None = None


ResidenceView = Residence


class ChildRecordView(BaseModel):
    child: ChildView
    carers: list[CarerLinkView]
    involvements: list[InvolvementView]
    residence: list[ResidenceView]
    current_la: str | None = None
    withheld: list[str] = Field(
        default_factory=list, description="Parts of the record withheld from this reader"
    )
    notice: str | None = None
    contact: IndexTeamContact | None = None


class WhoElse(Items[InvolvementView]):
    withheld: bool = Field(default=False, description="True when the child is shielded")
    notice: str | None = None
    contact: IndexTeamContact | None = None


class NetworkView(Network):
    withheld: list[str] = Field(
        default_factory=list,
        description="The child in focus when it is shielded from the reader: the picture is then"
        " the child and its carers by name only. (Another shielded child the reader may not see"
        " is not in the picture at all: its place in the family would tell where it lives.)",
    )


class SearchHitView(BaseModel):
    child: ChildView
    score: float
    matched_on: list[str]
    also_known_as: list[str] = Field(
        default_factory=list,
        description="Ids of records a data steward confirmed are this same child (shown once)",
    )


class SearchResults(Items[SearchHitView]):
    pass


class CaseloadItem(BaseModel):
    involvement_id: str
    child_id: str
    given_name: str
    family_name: str
    date_of_birth: date
    responsible_la: str | None = None
    shielded: bool = False
    service: str
    since: date
    until: date | None = None
    lead_professional: bool = False


class Caseload(Items[CaseloadItem]):
    pass


class MoveView(BaseModel):
    id: str
    la: str
    la_name: str | None = None
    since: date
    until: date | None = None
    from_la: str | None = None
    address_line: str | None = None
    postcode: str | None = None
    transfer: bool = Field(description="The move crossed into another local authority")
    status: Literal["pending", "accepted", "superseded"] | None = Field(
        default=None, description="Transfers only: has the receiving LA accepted responsibility"
    )
    accepted_at: datetime | None = None
    accepted_by: str | None = None


class Moves(Items[MoveView]):
    withheld: bool = False
    notice: str | None = None
    contact: IndexTeamContact | None = None


# --- everything else -------------------------------------------------------------------------


class ShieldState(BaseModel):
    id: str
    shielded: bool
    version: int


class Created(BaseModel):
    id: str


class TransferAccepted(BaseModel):
    child_id: str
    move_id: str
    responsible_la: str
    accepted_at: datetime


class MovedChild(BaseModel):
    child_id: str
    move_id: str
    applied: bool
    transfer: bool
    status: Literal["pending", "accepted"] | None = None


class InvolvementRecorded(BaseModel):
    id: str
    child_id: str


class Me(BaseModel):
    username: str
    roles: list[Role]
    la: str | None = None
    practitioner_id: str | None = None
    agency_id: str | None = None
    issuer: str


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class Employment(BaseModel):
    agency_id: str
    agency_name: str | None = None
    since: date | None = None
    until: date | None = None


class PractitionerView(PractitionerPublic):
    employment: list[Employment] = Field(default_factory=list)


AgencyView = AgencyPublic


class AuditEventView(BaseModel):
    seq: int
    id: str
    at: datetime
    user: str
    roles: list[str] = Field(default_factory=list)
    action: str
    outcome: str
    status: int | None = None
    child_ids: list[str] = Field(default_factory=list)
    reason: str | None = None
    search: dict[str, object] | None = None
    returned_ids: list[str] = Field(default_factory=list)
    detail: str | None = None
    hash: str
    prev_hash: str


class AuditEvents(Items[AuditEventView]):
    pass


ImportResult = ImportReport
"""The per-line report of `POST /import`, the bulk importer's own."""


class AccessListEntry(BaseModel):
    """One access to a child's record, for a subject access request."""

    at: datetime
    user: str
    roles: list[str] = Field(default_factory=list)
    action: str
    reason: str | None = None
    outcome: str


class AccessList(Items[AccessListEntry]):
    child_id: str


# --- identity resolution -----------------------------------------------------------------------


class DuplicatePairView(BaseModel):
    """Two records that may be one child, side by side (each redacted as any child view)."""

    a: ChildView
    b: ChildView
    status: Literal["candidate", "confirmed", "rejected"]
    score: float | None = Field(
        default=None,
        description="Evidence for one child, in bits (README, Identity resolution); null when"
        " a steward linked the pair by hand",
    )
    reasons: list[str] = Field(default_factory=list)
    created_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None


class DuplicatePairs(Items[DuplicatePairView]):
    pass


class DuplicateDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["confirm", "reject"]
    expected_status: Literal["candidate", "confirmed", "rejected"] = Field(
        default="candidate",
        description="The pair's status as you saw it: the decision applies only if it is still"
        " so (409 if another steward decided first). Name `confirmed` or `rejected` to reverse"
        " a decision.",
    )


class DuplicateDecided(BaseModel):
    a: str
    b: str
    status: Literal["confirmed", "rejected"]
    decided_by: str
    decided_at: datetime
