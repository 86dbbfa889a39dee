"""Request and response shapes for the store and the API, kept apart from the graph models.

`*Create` and `*Update` are what a caller may send (extra fields are refused); `*Public` and the
view models are what a caller gets back.
"""

from datetime import date, datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph_model.edges import InvolvedWith
from graph_model.enums import (
    AddressStatus,
    AgencyKind,
    AssessmentKind,
    CarerRelationship,
    ChildStatus,
    Sex,
)
from graph_model.types import (
    DateOfBirth,
    Email,
    LaCode,
    NearDate,
    NhsNumber,
    NodeId,
    Omittable,
    OtherNames,
    PastDate,
    PersonName,
    Phone,
    Postcode,
    ShortText,
    Upn,
)


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class View(BaseModel):
    model_config = ConfigDict(extra="ignore")


# --- children -------------------------------------------------------------------------------


class ChildCreate(Request):
    id: NodeId | None = Field(default=None, description="Leave out to have one assigned")
    given_name: PersonName
    family_name: PersonName
    other_names: OtherNames = Field(default_factory=list)
    sex: Sex
    date_of_birth: DateOfBirth
    nhs_number: NhsNumber | None = None
    upn: Upn | None = None
    address_line: ShortText | None = None
    postcode: Postcode | None = None
    address_status: AddressStatus = AddressStatus.CURRENT
    responsible_la: LaCode
    resident_since: NearDate | None = Field(
        default=None, description="Opens the first residence; defaults to today"
    )


class ChildUpdate(Request):
    """Fields left out stay as they are. `null` clears an optional field (date of death, NHS
    number, UPN, address, postcode); the others may be changed but not removed (no `null`)."""

    given_name: Omittable[PersonName] = None
    family_name: Omittable[PersonName] = None
    other_names: Omittable[OtherNames] = None
    sex: Omittable[Sex] = None
    date_of_birth: Omittable[DateOfBirth] = None
    date_of_death: PastDate | None = None
    nhs_number: NhsNumber | None = None
    upn: Upn | None = None
    address_line: ShortText | None = None
    postcode: Postcode | None = None
    address_status: Omittable[AddressStatus] = None
    status: Omittable[ChildStatus] = None


class ChildPublic(View):
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
    address_status: AddressStatus
    responsible_la: str
    shielded: bool = False
    status: ChildStatus = ChildStatus.ACTIVE
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None


# --- carers ---------------------------------------------------------------------------------


class CarerCreate(Request):
    id: NodeId | None = None
    given_name: PersonName
    family_name: PersonName
    phone: Phone | None = None
    email: Email | None = None
    address_line: ShortText | None = None
    postcode: Postcode | None = None


class CarerLink(Request):
    """Link a carer to a child: an existing one by `carer_id`, or a new one in `carer`."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["carer_id"]}, {"required": ["carer"]}]}
    )

    carer_id: Omittable[NodeId] = None
    carer: Omittable[CarerCreate] = None
    relationship: CarerRelationship
    parental_responsibility: bool
    lives_with: bool
    since: PastDate | None = None

    @model_validator(mode="after")
    def _one_carer(self) -> Self:
        if (self.carer_id is None) == (self.carer is None):
            raise ValueError(
                "name an existing carer (carer_id) or describe a new one (carer): one, not both"
            )
        return self


class CarerPublic(View):
    id: str
    given_name: str
    family_name: str
    phone: str | None = None
    email: str | None = None
    address_line: str | None = None
    postcode: str | None = None


class CarerOfChild(View):
    carer: CarerPublic
    relationship: CarerRelationship
    parental_responsibility: bool
    lives_with: bool
    since: date | None = None
    until: date | None = None


# --- agencies, practitioners, local authorities ----------------------------------------------


class AgencyCreate(Request):
    id: NodeId | None = None
    name: ShortText
    kind: AgencyKind
    la: LaCode
    sensitive: bool | None = Field(
        default=None, description="Defaults to whether the kind is a sensitive one"
    )
    phone: Phone | None = None
    email: Email | None = None
    ods_code: ShortText | None = None
    urn: ShortText | None = None


class AgencyPublic(View):
    id: str
    name: str
    kind: AgencyKind
    la: str
    sensitive: bool
    phone: str | None = None
    email: str | None = None


class PractitionerCreate(Request):
    id: NodeId | None = None
    given_name: PersonName
    family_name: PersonName
    job_title: ShortText
    phone: Phone | None = None
    email: Email | None = None
    agency_id: NodeId
    since: PastDate | None = None


class PractitionerPublic(View):
    id: str
    given_name: str
    family_name: str
    job_title: str
    phone: str | None = None
    email: str | None = None


class LocalAuthorityCreate(Request):
    code: LaCode
    name: ShortText
    index_team_phone: Phone | None = None
    index_team_email: Email | None = None


class LocalAuthorityPublic(View):
    code: str
    name: str
    index_team_phone: str | None = None
    index_team_email: str | None = None


# --- involvements ---------------------------------------------------------------------------


class InvolvementCreate(Request):
    """Record that a practitioner (for an agency) or an agency itself works with a child."""

    model_config = ConfigDict(
        json_schema_extra={"dependentRequired": {"assessment_date": ["assessment_kind"]}}
    )

    id: NodeId | None = None
    practitioner_id: NodeId | None = None
    agency_id: NodeId
    service: ShortText
    since: PastDate
    lead_professional: bool = False
    assessment_kind: Omittable[AssessmentKind] = None
    assessment_date: Omittable[PastDate] = None
    info_to_share: bool = False
    consent: bool = False

    @model_validator(mode="after")
    def _assessment(self) -> Self:
        if self.assessment_date is not None and self.assessment_kind is None:
            raise ValueError(
                "an assessment date (assessment_date) needs the kind of assessment"
                " (assessment_kind)"
            )
        return self


class InvolvementUpdate(Request):
    """Change the flags of an involvement or end it. Omitted fields are left as they are;
    `clear` names nullable fields to empty (assessment_kind clears assessment_date too)."""

    until: PastDate | None = None
    lead_professional: bool | None = None
    assessment_kind: AssessmentKind | None = None
    assessment_date: PastDate | None = None
    info_to_share: bool | None = None
    consent: bool | None = None
    clear: list[Literal["assessment"]] = Field(default_factory=list, max_length=1)


class PractitionerRef(View):
    id: str
    given_name: str
    family_name: str
    job_title: str | None = None
    phone: str | None = None
    email: str | None = None


class AgencyRef(View):
    id: str
    name: str
    kind: AgencyKind
    sensitive: bool = False
    phone: str | None = None
    email: str | None = None


class Involvement(View):
    """One entry of 'who else is working with this child'."""

    id: str
    child_id: str
    source: Literal["practitioner", "agency"]
    practitioner: PractitionerRef | None = None
    agency: AgencyRef | None = None
    service: str
    since: date
    until: date | None = None
    lead_professional: bool = False
    assessment_kind: AssessmentKind | None = None
    assessment_date: date | None = None
    info_to_share: bool = False
    info_to_share_since: date | None = None
    consent: bool = False
    recorded_by: str | None = None
    updated_at: datetime | None = None


# --- residence and the whole record ------------------------------------------------------------


class MoveCreate(Request):
    to_la: LaCode
    date: NearDate
    address_line: ShortText | None = None
    postcode: Postcode | None = None
    address_status: AddressStatus = AddressStatus.CURRENT


class Residence(View):
    id: str
    la: str
    la_name: str | None = None
    since: date
    until: date | None = None
    address_line: str | None = None
    postcode: str | None = None


class ChildRecord(View):
    child: ChildPublic
    carers: list[CarerOfChild]
    involvements: list[Involvement]
    residence: list[Residence]
    current_la: str | None


class NetworkNode(View):
    id: str
    kind: Literal["child", "carer", "practitioner", "agency", "local_authority"]
    label: str
    focus: bool = False
    properties: dict[str, object] = Field(default_factory=dict)
    gaps: list[str] = Field(
        default_factory=list, description="Gap rule codes this node is evidence for"
    )


class NetworkEdge(View):
    source: str
    target: str
    type: str
    current: bool = True
    properties: dict[str, object] = Field(default_factory=dict)
    gaps: list[str] = Field(
        default_factory=list, description="Gap rule codes this edge is evidence for"
    )


class Network(View):
    child_id: str
    depth: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class ChildSearch(Request):
    """Search needs an NHS number, or a name and a date of birth."""

    name: ShortText | None = None
    date_of_birth: DateOfBirth | None = None
    postcode: Postcode | None = None
    nhs_number: NhsNumber | None = None
    include_archived: bool = False

    @model_validator(mode="after")
    def _enough(self) -> Self:
        if self.nhs_number is None and (self.name is None or self.date_of_birth is None):
            raise ValueError(
                "search by NHS number (nhs_number), or by name and date of birth"
                " (name and date_of_birth)"
            )
        return self


class SearchHit(View):
    child: ChildPublic
    score: float
    matched_on: list[str]


__all__ = [
    "AgencyCreate",
    "AgencyPublic",
    "CarerCreate",
    "CarerLink",
    "CarerOfChild",
    "CarerPublic",
    "ChildCreate",
    "ChildPublic",
    "ChildRecord",
    "ChildSearch",
    "ChildUpdate",
    "InvolvedWith",
    "Involvement",
    "InvolvementCreate",
    "InvolvementUpdate",
    "LocalAuthorityCreate",
    "LocalAuthorityPublic",
    "MoveCreate",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "PractitionerCreate",
    "PractitionerPublic",
    "Residence",
    "SearchHit",
]
