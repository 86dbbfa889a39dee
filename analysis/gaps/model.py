"""The plain facts the gap rules read, and what they produce.

Rows come from named Cypher queries (service/store/gap_facts.py); everything here is plain data
so the rules can be tested on hand-built children without an engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_ORDER: Mapping[Severity, int] = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    kind: str
    la: str | None = None
    sensitive: bool = False
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Employment:
    agency_id: str
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class Practitioner:
    id: str
    name: str
    job_title: str | None = None
    phone: str | None = None
    email: str | None = None
    employment: tuple[Employment, ...] = ()


@dataclass(frozen=True, slots=True)
class Involvement:
    """An INVOLVED_WITH edge: from a practitioner (acting for `agency_id`) or an agency."""

    id: str
    source_id: str
    by_practitioner: bool
    agency_id: str | None
    since: date | None = None
    until: date | None = None
    service: str | None = None
    lead_professional: bool = False
    assessment_kind: str | None = None
    assessment_date: date | None = None
    info_to_share: bool = False
    info_to_share_since: date | None = None
    info_acknowledged_by: tuple[str, ...] = ()
    consent: bool = False
    updated_at: date | None = None

    def current(self, as_of: date) -> bool:
        started = self.since is None or self.since <= as_of
        return started and (self.until is None or self.until > as_of)

    def open_on(self, day: date) -> bool:
        """Open on `day`; one ending that day counts (it ended at a move made that day)."""
        started = self.since is None or self.since <= day
        return started and (self.until is None or self.until >= day)


@dataclass(frozen=True, slots=True)
class CarerLink:
    """A CARES_FOR edge with the carer's name."""

    carer_id: str
    name: str
    relationship: str | None = None
    parental_responsibility: bool = False
    lives_with: bool = False
    since: date | None = None
    until: date | None = None

    def current(self, as_of: date) -> bool:
        started = self.since is None or self.since <= as_of
        return started and (self.until is None or self.until > as_of)


@dataclass(frozen=True, slots=True)
class Residence:
    """A RESIDENT_IN period; every period after the first began with a move."""

    id: str | None
    la: str
    since: date | None
    until: date | None = None
    from_la: str | None = None


@dataclass(frozen=True, slots=True)
class SameAs:
    """A SAME_AS link from identity resolution, seen from this child."""

    other_id: str
    status: str
    other_shielded: bool = False
    score: float | None = None
    other_name: str | None = None
    other_born: date | None = None


@dataclass(frozen=True, slots=True)
class Sibling:
    """Another child sharing a carer, with what the sibling rule needs to know of them."""

    child_id: str
    carer_id: str
    name: str
    concern: str | None
    """Why the sibling is of concern as of the date ('social care involvement', 'an
    assessment'), or None."""
    shielded: bool = False
    """A shielded sibling's involvements are withheld: the reason does not describe them."""


@dataclass(slots=True)
class ChildFacts:
    id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    responsible_la: str | None
    address_status: str | None = None
    shielded: bool = False
    status: str = "active"
    involvements: list[Involvement] = field(default_factory=list)
    carers: list[CarerLink] = field(default_factory=list)
    residences: list[Residence] = field(default_factory=list)
    same_as: list[SameAs] = field(default_factory=list)
    siblings: list[Sibling] = field(default_factory=list)
    also_known_as: list[str] = field(default_factory=list)
    """Ids of records confirmed to be this child, whose facts are merged in here."""

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True, slots=True)
class Gap:
    """One rule firing for one child."""

    code: str
    severity: Severity
    title: str
    reason: str
    action: str
    evidence: tuple[str, ...]
    """Ids of the nodes (child, carers, practitioners, agencies, local authorities) and
    involvements (INVOLVED_WITH `id`) that made the rule fire."""
    since: date | None = None
    """When the condition began, where the facts say; the oldest gaps are listed first."""


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on `day` (a child born on 29 February turns a year older on 1 March
    in common years).

    >>> age_on(date(2021, 11, 24), date(2026, 11, 24))
    5
    >>> age_on(date(2021, 11, 25), date(2026, 11, 24))
    4
    """
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )
