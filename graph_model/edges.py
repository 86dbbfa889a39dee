"""Edges of the graph as stored (DESIGN §3). Ended edges keep `until`; nothing is deleted."""

from datetime import date, datetime
from typing import Self

from pydantic import Field, model_validator

from graph_model.enums import AssessmentKind, CarerRelationship, SameAsStatus
from graph_model.nodes import GraphModel
from graph_model.types import LaCode, NearDate, NodeId, PastDate, Postcode, ShortText


def _check_period(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and until < since:
        raise ValueError("the end date (until) is before the start date (since)")


class CaresFor(GraphModel):
    """(Carer)-[:CARES_FOR]->(Child)."""

    carer_id: NodeId
    child_id: NodeId
    relationship: CarerRelationship
    parental_responsibility: bool
    lives_with: bool
    since: PastDate | None = None
    until: PastDate | None = None

    @model_validator(mode="after")
    def _period(self) -> Self:
        _check_period(self.since, self.until)
        return self


class WorksFor(GraphModel):
    """(Practitioner)-[:WORKS_FOR]->(Agency)."""

    practitioner_id: NodeId
    agency_id: NodeId
    since: PastDate | None = None
    until: PastDate | None = None

    @model_validator(mode="after")
    def _period(self) -> Self:
        _check_period(self.since, self.until)
        return self


class InvolvedWith(GraphModel):
    """(Practitioner|Agency)-[:INVOLVED_WITH]->(Child): someone is working with the child.

    `source_id` is a Practitioner, or an Agency where no named practitioner is known;
    `agency_id` is the agency the work is done for (equal to `source_id` for an agency).
    """

    id: NodeId
    source_id: NodeId
    child_id: NodeId
    agency_id: NodeId
    service: ShortText
    since: PastDate
    until: PastDate | None = None
    lead_professional: bool = False
    assessment_kind: AssessmentKind | None = None
    assessment_date: PastDate | None = None
    info_to_share: bool = False
    info_to_share_since: PastDate | None = None
    consent: bool = False
    recorded_by: ShortText | None = None
    updated_at: datetime | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_period(self.since, self.until)
        if self.assessment_date is not None and self.assessment_kind is None:
            raise ValueError(
                "an assessment date (assessment_date) needs the kind of assessment"
                " (assessment_kind)"
            )
        if self.info_to_share_since is not None and not self.info_to_share:
            raise ValueError("info_to_share_since given while info_to_share is false")
        return self


class ResidentIn(GraphModel):
    """(Child)-[:RESIDENT_IN]->(LocalAuthority): a period of residence, open while until is null."""

    id: NodeId
    child_id: NodeId
    la: LaCode
    since: NearDate
    until: NearDate | None = None
    address_line: ShortText | None = None
    postcode: Postcode | None = None

    @model_validator(mode="after")
    def _period(self) -> Self:
        _check_period(self.since, self.until)
        return self


class SameAs(GraphModel):
    """(Child)-[:SAME_AS]->(Child): records linked by identity resolution, never merged."""

    child_id: NodeId
    other_id: NodeId
    status: SameAsStatus
    score: float = Field(ge=0.0, le=1.0)
    reasons: list[ShortText] = Field(default_factory=list, max_length=50)
    decided_by: ShortText | None = None

    @model_validator(mode="after")
    def _two_records(self) -> Self:
        if self.child_id == self.other_id:
            raise ValueError("a record cannot be the same as itself")
        return self
