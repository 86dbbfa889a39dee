"""Nodes of the graph as stored (DESIGN §3). API request/response shapes live in schemas.py."""

from datetime import datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph_model.enums import AddressStatus, AgencyKind, ChildStatus, Sex
from graph_model.types import (
    DateOfBirth,
    Email,
    LaCode,
    NhsNumber,
    NodeId,
    OtherNames,
    PastDate,
    PersonName,
    Phone,
    Postcode,
    ShortText,
    Upn,
)


class GraphModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Node(GraphModel):
    id: NodeId
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Child(Node):
    given_name: PersonName
    family_name: PersonName
    other_names: OtherNames = Field(default_factory=list)
    sex: Sex
    date_of_birth: DateOfBirth
    date_of_death: PastDate | None = None
    nhs_number: NhsNumber | None = None
    upn: Upn | None = None
    address_line: ShortText | None = None
    postcode: Postcode | None = None
    address_status: AddressStatus = AddressStatus.CURRENT
    responsible_la: LaCode
    shielded: bool = False
    status: ChildStatus = ChildStatus.ACTIVE
    version: int = 0

    @model_validator(mode="after")
    def _death_after_birth(self) -> Self:
        if self.date_of_death is not None and self.date_of_death < self.date_of_birth:
            raise ValueError(
                "the date of death (date_of_death) is before the date of birth (date_of_birth)"
            )
        return self


class Carer(Node):
    given_name: PersonName
    family_name: PersonName
    phone: Phone | None = None
    email: Email | None = None
    address_line: ShortText | None = None
    postcode: Postcode | None = None


class Practitioner(Node):
    given_name: PersonName
    family_name: PersonName
    job_title: ShortText
    phone: Phone | None = None
    email: Email | None = None


class Agency(Node):
    name: ShortText
    kind: AgencyKind
    sensitive: bool = False
    phone: Phone | None = None
    email: Email | None = None
    la: LaCode
    ods_code: ShortText | None = None
    urn: ShortText | None = None


class LocalAuthority(GraphModel):
    """Keyed by its ONS code; `id` equals `code` so every label has a unique `id`."""

    code: LaCode
    name: ShortText
    index_team_phone: Phone | None = None
    index_team_email: Email | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


__all__ = ["Agency", "Carer", "Child", "GraphModel", "LocalAuthority", "Node", "Practitioner"]
