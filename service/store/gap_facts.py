"""The facts the gap rules read, fetched by the named queries under cypher/gaps/ and turned
into analysis.gaps' plain data: children (with siblings and confirmed duplicates folded in),
agencies and practitioners. One `GapFacts` per request or per area run: it caches what it has
fetched, so an area run asks for each agency, practitioner and sibling once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, NamedTuple

from analysis.gaps import (
    Agency,
    CarerLink,
    ChildFacts,
    Employment,
    Involvement,
    Practitioner,
    Residence,
    SameAs,
    Sibling,
    concern,
    merge_confirmed,
)
from service.store.graph_store import GraphStore


def day(value: Any) -> date | None:
    """An ISO date, or the date of an ISO timestamp; None stays None."""
    if value is None or value == "":
        return None
    return date.fromisoformat(str(value)[:10])


def _name(row: Mapping[str, Any]) -> str:
    return f"{row.get('given_name') or ''} {row.get('family_name') or ''}".strip()


FS = "\x1f"
"""Separates the fields of a packed row (see cypher/gaps/get_children.cypher)."""

CHILD_FIELDS = (
    "id", "given_name", "family_name", "date_of_birth", "address_status", "responsible_la",
    "shielded", "status",
)  # fmt: skip
INVOLVEMENT_FIELDS = (
    "child_id", "id", "source_id", "by_practitioner", "agency_id", "since", "until",
    "lead_professional", "assessment_kind", "assessment_date", "info_to_share",
    "info_to_share_since", "info_acknowledged_by", "consent", "updated_at",
)  # fmt: skip
CARER_FIELDS = (
    "child_id", "carer_id", "given_name", "family_name", "relationship",
    "parental_responsibility", "lives_with", "since", "until",
)  # fmt: skip
RESIDENCE_FIELDS = ("child_id", "id", "la", "from_la", "since", "until")
CARER_CHILD_FIELDS = ("carer_id", "child_id", "given_name", "family_name", "since", "until")


class CarerChild(NamedTuple):
    carer_id: str
    child_id: str
    name: str
    since: date | None
    until: date | None


def carer_child(row: Mapping[str, Any]) -> CarerChild:
    return CarerChild(
        str(row["carer_id"]), str(row["child_id"]), _name(row), day(row["since"]), day(row["until"])
    )


class PackedRowError(ValueError):
    """A packed row with the wrong number of fields: the query and this module disagree."""


def unpack(packed: str, fields: tuple[str, ...]) -> dict[str, str | None]:
    """One packed row as a dict; empty fields are None.

    >>> unpack("ch-1\x1f\x1ft", ("id", "until", "lead"))
    {'id': 'ch-1', 'until': None, 'lead': 't'}
    """
    values = packed.split(FS)
    if len(values) != len(fields):
        raise PackedRowError(f"expected {len(fields)} fields, got {len(values)}")
    return {name: value or None for name, value in zip(fields, values, strict=True)}


def involvement(row: Mapping[str, Any]) -> Involvement:
    return Involvement(
        id=str(row["id"]),
        source_id=str(row["source_id"]),
        by_practitioner=bool(row["by_practitioner"]),
        agency_id=row["agency_id"],
        since=day(row["since"]),
        until=day(row["until"]),
        lead_professional=bool(row["lead_professional"]),
        assessment_kind=row["assessment_kind"],
        assessment_date=day(row["assessment_date"]),
        info_to_share=bool(row["info_to_share"]),
        info_to_share_since=day(row["info_to_share_since"]),
        info_acknowledged_by=tuple((row["info_acknowledged_by"] or "").split()),
        consent=bool(row["consent"]),
        updated_at=day(row["updated_at"]),
    )


def carer_link(row: Mapping[str, Any]) -> CarerLink:
    return CarerLink(
        carer_id=str(row["carer_id"]),
        name=_name(row),
        relationship=row["relationship"],
        parental_responsibility=bool(row["parental_responsibility"]),
        lives_with=bool(row["lives_with"]),
        since=day(row["since"]),
        until=day(row["until"]),
    )


def residence(row: Mapping[str, Any]) -> Residence:
    return Residence(
        id=row["id"],
        la=str(row["la"]),
        since=day(row["since"]),
        until=day(row["until"]),
        from_la=row["from_la"],
    )


def same_as(row: Mapping[str, Any]) -> SameAs:
    return SameAs(
        other_id=str(row["other_id"]),
        status=str(row["status"]),
        other_shielded=bool(row["other_shielded"]),
        score=row["score"],
        other_name=row.get("other_name"),
        other_born=day(row.get("other_born")),
    )


def child_facts(row: Mapping[str, Any]) -> ChildFacts:
    return ChildFacts(
        id=str(row["id"]),
        given_name=row["given_name"] or "",
        family_name=row["family_name"] or "",
        date_of_birth=day(row["date_of_birth"]),
        responsible_la=row["responsible_la"],
        address_status=row["address_status"],
        shielded=bool(row["shielded"]),
        status=row["status"] or "active",
    )


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class GapFacts:
    """Fetches and caches facts for one evaluation date."""

    def __init__(self, store: GraphStore, *, as_of: date, batch_size: int = 2000) -> None:
        self.store = store
        self.as_of = as_of
        self.batch_size = batch_size
        self.agencies: dict[str, Agency] = {}
        self.practitioners: dict[str, Practitioner] = {}
        self._raw: dict[str, ChildFacts] = {}
        """Children as stored, before siblings and confirmed duplicates are added."""
        self._concern: dict[str, str | None] = {}
        self._places: dict[str, str] | None = None

    # --- lookups ------------------------------------------------------------------------------

    def _fetch_children(self, ids: Iterable[str]) -> None:
        missing = sorted({i for i in ids if i not in self._raw})
        for batch in chunks(missing, self.batch_size):
            child_ids = list(batch)
            fetched = {}
            for row in self._packed("gaps/get_children", child_ids, CHILD_FIELDS):
                fetched[str(row["id"])] = child_facts(row)
            for row in self._packed("gaps/get_involvements", child_ids, INVOLVEMENT_FIELDS):
                fetched[str(row["child_id"])].involvements.append(involvement(row))
            for row in self._packed("gaps/get_carer_links", child_ids, CARER_FIELDS):
                fetched[str(row["child_id"])].carers.append(carer_link(row))
            for row in self._packed("gaps/get_residences", child_ids, RESIDENCE_FIELDS):
                fetched[str(row["child_id"])].residences.append(residence(row))
            for row in self.store.query("gaps/get_same_as", child_ids=child_ids):
                fetched[str(row["child_id"])].same_as.append(same_as(row))
            self._raw.update(fetched)

    def _packed(
        self, name: str, child_ids: list[str], fields: tuple[str, ...]
    ) -> Iterator[dict[str, str | None]]:
        for row in self.store.query(name, child_ids=child_ids, fs=FS):
            yield unpack(str(row["facts"]), fields)

    def _fetch_agencies(self, ids: Iterable[str | None]) -> None:
        missing = sorted({i for i in ids if i and i not in self.agencies})
        for batch in chunks(missing, self.batch_size):
            for row in self.store.query("get_agencies", ids=list(batch)):
                self.agencies[row["id"]] = Agency(
                    id=row["id"],
                    name=row["name"] or row["id"],
                    kind=row["kind"] or "",
                    la=row["la"],
                    sensitive=bool(row["sensitive"]),
                    phone=row["phone"],
                    email=row["email"],
                )

    def _fetch_practitioners(self, ids: Iterable[str]) -> None:
        missing = sorted({i for i in ids if i not in self.practitioners})
        for batch in chunks(missing, self.batch_size):
            for row in self.store.query("gaps/get_practitioners", ids=list(batch)):
                self.practitioners[row["id"]] = Practitioner(
                    id=row["id"],
                    name=_name(row) or row["id"],
                    job_title=row["job_title"],
                    phone=row["phone"],
                    email=row["email"],
                    employment=tuple(
                        Employment(
                            agency_id=str(e["agency_id"]),
                            since=day(e["since"]),
                            until=day(e["until"]),
                        )
                        for e in row["employment"]
                    ),
                )
        for practitioner_id in missing:  # gone from the graph: no employment at all
            self.practitioners.setdefault(
                practitioner_id, Practitioner(id=practitioner_id, name=practitioner_id)
            )

    def _services_of(self, children: Iterable[ChildFacts]) -> None:
        involvements = [i for c in children for i in c.involvements]
        self._fetch_agencies(
            i.agency_id or (None if i.by_practitioner else i.source_id) for i in involvements
        )
        self._fetch_practitioners(i.source_id for i in involvements if i.by_practitioner)

    def _siblings(self, children: Sequence[ChildFacts]) -> dict[str, list[Sibling]]:
        """Children sharing a current carer with each of `children`, with their concern."""
        carers = {
            link.carer_id: None
            for child in children
            for link in child.carers
            if link.current(self.as_of)
        }
        current: list[CarerChild] = []
        for batch in chunks(sorted(carers), self.batch_size):
            rows = self.store.query("gaps/get_carer_children", carer_ids=list(batch), fs=FS)
            for row in rows:
                cared = carer_child(unpack(str(row["facts"]), CARER_CHILD_FIELDS))
                started = cared.since is None or cared.since <= self.as_of
                if started and (cared.until is None or cared.until > self.as_of):
                    current.append(cared)
        by_carer: dict[str, list[CarerChild]] = {}
        for cared in current:
            by_carer.setdefault(cared.carer_id, []).append(cared)
        wanted = {cared.child_id for cared in current} - set(self._concern)
        self._fetch_children(wanted)
        fresh = [self._raw[i] for i in wanted if i in self._raw]
        self._fetch_agencies(
            i.agency_id or (None if i.by_practitioner else i.source_id)
            for c in fresh
            for i in c.involvements
        )
        for sibling in fresh:
            self._concern[sibling.id] = concern(sibling, as_of=self.as_of, agencies=self.agencies)
        out: dict[str, list[Sibling]] = {}
        for child in children:
            siblings = out.setdefault(child.id, [])
            for link in child.carers:
                if not link.current(self.as_of):
                    continue
                for other in by_carer.get(link.carer_id, []):
                    if other.child_id != child.id:
                        siblings.append(
                            Sibling(
                                child_id=other.child_id,
                                carer_id=link.carer_id,
                                name=other.name,
                                concern=self._concern.get(other.child_id),
                                shielded=self._is_shielded(other.child_id),
                            )
                        )
        return out

    def _is_shielded(self, child_id: str) -> bool:
        known = self._raw.get(child_id)
        return known is None or known.shielded

    # --- the facts of children, ready for the rules ---------------------------------------------

    def children(self, ids: Sequence[str]) -> dict[str, ChildFacts]:
        """Facts for each known id in `ids`: siblings filled in, and records confirmed to be the
        same child merged in (each id of a confirmed pair answers with the union)."""
        self._fetch_children(ids)
        found = [self._raw[i] for i in ids if i in self._raw]
        partners = {s.other_id for c in found for s in c.same_as if s.status == "confirmed"}
        self._fetch_children(partners)
        merged: dict[str, ChildFacts] = {}
        for child in found:
            confirmed = [
                self._raw[s.other_id]
                for s in child.same_as
                if s.status == "confirmed" and s.other_id in self._raw
            ]
            merged[child.id] = merge_confirmed(child, confirmed) if confirmed else child
        everyone = list(merged.values())
        self._services_of(everyone)
        siblings = self._siblings(everyone)  # a merged child's carers are the union already
        return {
            child.id: replace(
                child,
                siblings=[
                    s for s in siblings.get(child.id, []) if s.child_id not in child.also_known_as
                ],
            )
            for child in everyone
        }

    @property
    def places(self) -> dict[str, str]:
        """Local authority names by code (read once)."""
        if self._places is None:
            rows = self.store.query("gaps/list_local_authorities")
            self._places = {str(r["id"]): str(r["name"]) for r in rows if r["name"]}
        return self._places

    def area_children(self, la: str) -> list[str]:
        return sorted(
            {str(row["id"]) for row in self.store.query("gaps/list_area_children", la=la)}
        )
