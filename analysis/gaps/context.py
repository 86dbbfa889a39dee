"""What every rule asks of a child as of a date, worked out once per child: current
involvements with their agency kinds, age, current carers, the current residence, and how each
involvement is described to the reader (a sensitive service the reader may not see is never
named)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload

import phonenumbers

from analysis.gaps.model import (
    Agency,
    CarerLink,
    ChildFacts,
    Involvement,
    Practitioner,
    Residence,
    age_on,
)
from analysis.gaps.thresholds import Thresholds
from graph_model.enums import EDUCATION_KINDS, UNIVERSAL_KINDS

KIND_LABELS: Mapping[str, str] = {
    "gp_practice": "GP",
    "school": "school",
    "early_years": "early years",
    "alternative_provision": "alternative provision",
    "elective_home_education": "elective home education",
    "health_visiting": "health visiting",
    "school_nursing": "school nursing",
    "midwifery": "midwifery",
    "hospital": "hospital",
    "camhs": "CAMHS",
    "social_care": "social care",
    "early_help": "early help",
    "police": "police",
    "youth_offending": "youth offending",
    "probation": "probation",
    "housing": "housing",
    "voluntary": "voluntary sector",
    "sexual_health": "sexual health",
    "substance_misuse": "substance misuse",
    "mental_health": "mental health",
}

ASSESSMENT_LABELS: Mapping[str, str] = {
    "early_help": "an early help assessment",
    "child_in_need": "a child in need assessment",
    "child_protection": "a child protection assessment",
    "health": "a health assessment",
    "education_send": "an education (SEND) assessment",
    "other": "an assessment",
}


def assessment_label(kind: str | None) -> str:
    """
    >>> assessment_label("education_send")
    'an education (SEND) assessment'
    """
    return ASSESSMENT_LABELS.get(kind or "", "an assessment")


UNIVERSAL: frozenset[str] = frozenset(k.value for k in UNIVERSAL_KINDS)
EDUCATION: frozenset[str] = frozenset(k.value for k in EDUCATION_KINDS)
SOCIAL_CARE_OR_EARLY_HELP: frozenset[str] = frozenset({"social_care", "early_help"})
HIDDEN_SERVICE = "a sensitive service (contact via the local authority index team)"


@lru_cache(maxsize=1 << 14)
def readable(contact: str) -> str:
    """A UK phone number as people dial it; anything else (an email) as it is. Cached: an
    area run names the same agencies and practitioners many times, and parsing a number is
    most of the time the rules take for a child with gaps.

    >>> readable("+442085550100"), readable("+33142685300"), readable("gp@example.org")
    ('020 8555 0100', '+33 1 42 68 53 00', 'gp@example.org')
    """
    try:
        number = phonenumbers.parse(contact, "GB")
    except phonenumbers.NumberParseException:
        return contact
    if not phonenumbers.is_possible_number(number):
        return contact
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "unknown service")


def join(items: Iterable[str], *, limit: int = 4) -> str:
    """
    >>> join(["police", "CAMHS", "early help"])
    'police, CAMHS and early help'
    >>> join(["a", "b", "c", "d", "e", "f"])
    'a, b, c, d and 2 more'
    """
    seen = list(dict.fromkeys(items))
    if len(seen) > limit:
        return f"{', '.join(seen[:limit])} and {len(seen) - limit} more"
    if len(seen) <= 1:
        return "".join(seen)
    return f"{', '.join(seen[:-1])} and {seen[-1]}"


T = TypeVar("T")


class once(Generic[T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """functools.cached_property without the lock Python 3.11 takes on every first access (3.12
    dropped it): a Context is made per child, so an area run pays that lock millions of times."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> once[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> T | once[T]:
        if obj is None:
            return self
        value = self.func(obj)
        obj.__dict__[self.name] = value
        return value


@dataclass
class Context:
    child: ChildFacts
    as_of: date
    thresholds: Thresholds
    agencies: Mapping[str, Agency]
    practitioners: Mapping[str, Practitioner]
    hidden: frozenset[str] = field(default_factory=frozenset)
    """Involvement ids the reader may not see named (sensitive, no consent, other agency)."""
    places: Mapping[str, str] = field(default_factory=dict)
    """Local authority names by code."""
    reader: str | None = None
    """The practitioner id of whoever will read the gaps: an action never asks them to
    contact themself."""

    @property
    def home(self) -> str:
        """The responsible local authority, named."""
        return self.place(self.child.responsible_la)

    def place(self, la: str | None) -> str:
        """'Ealing', or the code where the name is not known."""
        if la is None:
            return "the local authority"
        return self.places.get(la) or la

    def agency_id(self, inv: Involvement) -> str | None:
        return inv.agency_id or (None if inv.by_practitioner else inv.source_id)

    def agency(self, inv: Involvement) -> Agency | None:
        agency_id = self.agency_id(inv)
        return self.agencies.get(agency_id) if agency_id else None

    def kind(self, inv: Involvement) -> str | None:
        agency = self.agency(inv)
        return agency.kind if agency else None

    @once
    def age(self) -> int | None:
        dob = self.child.date_of_birth
        return age_on(dob, self.as_of) if dob else None

    @once
    def current(self) -> list[Involvement]:
        return [i for i in self.child.involvements if i.current(self.as_of)]

    @once
    def current_kinds(self) -> set[str]:
        return {k for i in self.current if (k := self.kind(i)) is not None}

    def current_of(self, kinds: frozenset[str]) -> list[Involvement]:
        return [i for i in self.current if self.kind(i) in kinds]

    def ended_of(self, kinds: frozenset[str]) -> list[Involvement]:
        return [
            i
            for i in self.child.involvements
            if i.until is not None and i.until <= self.as_of and self.kind(i) in kinds
        ]

    @once
    def additional(self) -> list[Involvement]:
        """Current involvements of a kind that is not universal (an unknown agency counts)."""
        return [i for i in self.current if self.kind(i) not in UNIVERSAL]

    @once
    def lead(self) -> list[Involvement]:
        return [i for i in self.current if i.lead_professional]

    @once
    def carers(self) -> list[CarerLink]:
        return [c for c in self.child.carers if c.current(self.as_of)]

    @once
    def residences(self) -> list[Residence]:
        """Residence periods begun by the as-of date, oldest first."""
        begun = [r for r in self.child.residences if r.since is None or r.since <= self.as_of]
        return sorted(begun, key=lambda r: (r.since or date.min, r.until or date.max))

    @once
    def current_residence(self) -> Residence | None:
        periods = self.residences
        open_now = [r for r in periods if r.until is None or r.until > self.as_of]
        return open_now[-1] if open_now else None

    @once
    def arrival(self) -> Residence | None:
        """The current residence if it began with a move from another local authority."""
        current = self.current_residence
        periods = self.residences
        if current is None or current.since is None or current is periods[0]:
            return None
        before = periods[periods.index(current) - 1]
        came_from = current.from_la or before.la
        return current if came_from != current.la else None

    def came_from(self, residence: Residence) -> str:
        periods = self.residences
        if residence.from_la:
            return residence.from_la
        index = periods.index(residence)
        return periods[index - 1].la if index else residence.la

    # --- describing people and services to the reader -------------------------------------

    def is_hidden(self, inv: Involvement) -> bool:
        return inv.id in self.hidden

    def is_readers(self, inv: Involvement) -> bool:
        """The reader's own involvement: they are not someone to contact."""
        return self.reader is not None and inv.by_practitioner and inv.source_id == self.reader

    def service_label(self, inv: Involvement) -> str:
        if self.is_hidden(inv):
            return "a sensitive service"
        return kind_label(self.kind(inv))

    def who(self, inv: Involvement) -> str:
        """'Lisa Grant, social worker (Ealing Children's Social Care)', or the agency's name."""
        if self.is_hidden(inv):
            return HIDDEN_SERVICE
        agency = self.agency(inv)
        agency_name = agency.name if agency else (inv.agency_id or "unknown agency")
        if inv.by_practitioner:
            person = self.practitioners.get(inv.source_id)
            if person is not None:
                title = f", {person.job_title}" if person.job_title else ""
                return f"{person.name}{title} ({agency_name})"
            return f"practitioner {inv.source_id} ({agency_name})"
        return agency_name

    def contact(self, inv: Involvement) -> str:
        """Who to call about an involvement, with a phone number or email where known."""
        if self.is_hidden(inv):
            return HIDDEN_SERVICE
        person = self.practitioners.get(inv.source_id) if inv.by_practitioner else None
        agency = self.agency(inv)
        number = (person.phone or person.email) if person else None
        number = number or (agency.phone or agency.email if agency else None)
        return f"{self.who(inv)} on {readable(number)}" if number else self.who(inv)

    def evidence_of(self, inv: Involvement) -> list[str]:
        """The involvement and who it is from; nothing that names a hidden service."""
        if self.is_hidden(inv):
            return []
        ids = [inv.id, inv.source_id]
        agency_id = self.agency_id(inv)
        if agency_id and agency_id != inv.source_id:
            ids.append(agency_id)
        return ids

    def carer_names(self, links: Iterable[CarerLink] | None = None) -> str:
        chosen = self.carers if links is None else list(links)
        return join(link.name for link in chosen) or "the family"
