"""The plain facts the network analyses read, and what they give back.

Rows come from named Cypher queries in the service; everything here is plain data, so each
analysis can be tested on small hand-built families and areas without an engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class NetworkError(ValueError):
    """Facts an analysis cannot work with (a contradiction in the input, not in the world)."""


@dataclass(frozen=True, slots=True)
class CarerTie:
    """A CARES_FOR edge: `carer_id` cares for `child_id` over [since, until)."""

    carer_id: str
    child_id: str
    since: date | None = None
    until: date | None = None

    def current(self, as_of: date) -> bool:
        return (self.since is None or self.since <= as_of) and (
            self.until is None or self.until > as_of
        )


@dataclass(frozen=True, slots=True)
class Address:
    """A child's current address as recorded (only `current` addresses link households)."""

    child_id: str
    address_line: str | None
    postcode: str | None

    def key(self) -> str | None:
        """One text per dwelling: the postcode without spaces and the first line without case
        or repeated spaces. A postcode alone covers a street, so it links nobody."""
        if not self.address_line or not self.postcode:
            return None
        line = " ".join(self.address_line.casefold().replace(",", " ").split())
        return f"{self.postcode.replace(' ', '').upper()}|{line}"


@dataclass(frozen=True, slots=True)
class Party:
    """Whoever is involved: a named practitioner (acting for an agency) or an agency itself."""

    id: str
    kind: str
    """practitioner or agency."""
    label: str
    agency_id: str
    agency_kind: str
    agency_name: str = ""


@dataclass(frozen=True, slots=True)
class Involvement:
    """An INVOLVED_WITH edge reduced to what the network analyses need."""

    child_id: str
    party: Party
    since: date | None = None
    until: date | None = None
    universal: bool = False
    """The agency's kind is a universal service (GP, school, early years, health visiting)."""

    def current(self, as_of: date) -> bool:
        return (self.since is None or self.since <= as_of) and (
            self.until is None or self.until > as_of
        )


@dataclass(frozen=True, slots=True)
class Household:
    """Children joined through carers they share or a current address they share."""

    id: str
    """The smallest child id in it: stable while its membership is."""
    children: tuple[str, ...]
    carers: tuple[str, ...]
    addresses: int
    """How many distinct current addresses its children have."""
    agencies: tuple[str, ...]
    """Agencies currently involved with any of its children (ids, sorted)."""

    @property
    def size(self) -> int:
        return len(self.children)


@dataclass(frozen=True, slots=True)
class Broker:
    """A professional through whom much of an area's joining-up passes."""

    party: Party
    score: float
    """Betweenness centrality, normalised to [0, 1]."""
    children: int
    """Children this professional currently works with (in the graph)."""
    partners: int
    """Professionals this one shares at least one child with."""
    cut_vertex: bool
    """Removing this professional splits its part of the graph in two or more."""


@dataclass(frozen=True, slots=True)
class Island:
    """A child with non-universal help whose professionals share no other child with anyone:
    beyond this one child, nobody to join up with."""

    child_id: str
    parties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CaseloadOutlier:
    party: Party
    caseload: int
    peer_median: float
    peers: int
    score: float
    """Modified z-score (Iglewicz and Hoaglin): 3.5 or more is an outlier."""
