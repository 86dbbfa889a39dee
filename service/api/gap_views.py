"""Response models of the gap and coverage endpoints (DESIGN §5, §6)."""

from datetime import date

from pydantic import BaseModel, Field

from analysis.gaps import Severity
from service.api.models import IndexTeamContact, Items


class GapView(BaseModel):
    code: str = Field(description="Rule code (DESIGN §6)")
    severity: Severity
    title: str
    reason: str = Field(description="Why the rule fired, in the child's own facts")
    action: str = Field(description="What to do, and whom to contact")
    since: date | None = Field(default=None, description="When the condition began, if known")
    evidence: list[str] = Field(
        default_factory=list,
        description="Ids of the nodes and involvements that made the rule fire",
    )


class ChildGapsView(BaseModel):
    child_id: str
    as_of: date
    withheld: bool = Field(
        default=False,
        description="A shielded child's gaps are for the responsible LA's shielding officer:"
        " for anyone else the list is empty and `index_team` says whom to ask",
    )
    index_team: IndexTeamContact | None = None
    also_known_as: list[str] = Field(
        default_factory=list, description="Records confirmed to be the same child"
    )
    items: list[GapView]


class GapChild(BaseModel):
    id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    responsible_la: str | None
    shielded: bool = False


class AreaGapView(GapView):
    child: GapChild


class AreaGaps(Items[AreaGapView]):
    la: str
    as_of: date
    total: int = Field(description="Gaps matching the filters, over every page")


class RuleCount(BaseModel):
    code: str
    severity: Severity
    title: str
    count: int


class GapSummary(BaseModel):
    la: str
    as_of: date
    children: int = Field(description="Active children of the area the rules were run over")
    children_with_gaps: int
    items: list[RuleCount]


class MeasureView(BaseModel):
    key: str
    label: str
    numerator: int
    denominator: int
    share: float | None
    query: str = Field(description="The named Cypher query (cypher/<name>.cypher) behind it")
    params: dict[str, object] = Field(description="The parameters it was run with")


class KindCountView(BaseModel):
    kind: str
    involvements: int
    children: int


class CaseloadView(BaseModel):
    practitioner_id: str
    name: str
    agency: str | None
    children: int


class CaseloadStats(BaseModel):
    practitioners: int
    median: float
    p90: float
    max: int
    outliers: list[CaseloadView]
    query: str


class CoverageView(BaseModel):
    la: str
    as_of: date
    children: int
    measures: list[MeasureView]
    by_agency_kind: list[KindCountView]
    by_agency_kind_query: str
    caseloads: CaseloadStats


class GapRule(BaseModel):
    code: str = Field(description="Rule code (DESIGN §6)")
    severity: Severity
    title: str = Field(description="What the rule finds, in words")


class GapRules(Items[GapRule]):
    pass
