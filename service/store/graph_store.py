"""The graph store: one method per use-case, each a named query from the catalogue.

Every write is one statement, so it is atomic on both engines. Values travel only as
parameters. Rows come back as plain dicts and leave as pydantic models.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from analysis.names import child_names, name_score
from graph_model.clock import day_of
from graph_model.edges import InvolvedWith
from graph_model.enums import ChildStatus
from graph_model.nodes import Agency, Carer, Child, LocalAuthority, Practitioner
from graph_model.schemas import (
    AgencyPublic,
    CarerLink,
    ChildCreate,
    ChildPublic,
    ChildRecord,
    ChildSearch,
    ChildUpdate,
    Involvement,
    InvolvementCreate,
    InvolvementUpdate,
    LocalAuthorityPublic,
    MoveCreate,
    Network,
    NetworkEdge,
    NetworkNode,
    PractitionerPublic,
    Residence,
    SearchHit,
)
from service.errors import AuditHeadMoved, Conflict, NotFound, RequestKeyUsed, RuleViolation
from service.store.catalog import get_audited_query, get_query, statements
from service.store.engines.base import Engine, Row, SchemaStatus, expected_indexes

NAME_MATCH_THRESHOLD = 0.8
"""Names scoring below this (analysis.names.name_score) are not search results."""
MAX_SEARCH_CANDIDATES = 2000
"""Children sharing a date of birth nationally are ~1,300; more means a runaway query."""


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AuditStamp:
    """The audit event a write carries into its statement (service.audit.log computes it on
    the chain's head), and what the statement reported: `written` (the write and its event),
    `refused` (the write's own condition failed: nothing written), or None (not run)."""

    params: dict[str, Any]
    """The audit frame's parameters (cypher/audit/audited_write.cypher)."""
    state: str | None = None


@dataclass(frozen=True)
class UpsertResult:
    id: str
    changed: bool
    created: bool = False
    version: int | None = None


@dataclass(frozen=True)
class MoveResult:
    child_id: str
    move_id: str
    applied: bool


@dataclass(frozen=True)
class CaseloadEntry:
    involvement_id: str
    child_id: str
    given_name: str
    family_name: str
    date_of_birth: str
    responsible_la: str
    shielded: bool
    service: str
    since: str
    until: str | None
    lead_professional: bool


def _props(model: Any, exclude: set[str]) -> dict[str, Any]:
    """A model's fields as engine values (ISO dates, enum values); None removes a property."""
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude=exclude)
    return dumped


class GraphStore:
    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self._clock = clock

    # --- plumbing ------------------------------------------------------------------------------

    def _run(self, name: str, params: dict[str, Any], *, write: bool) -> list[Row]:
        query = get_query(name, self.engine.dialect)
        query.check(params)
        return self.engine.run(query.text, params, write=write)

    def _read(self, name: str, **params: Any) -> list[Row]:
        return self._run(name, params, write=False)

    def _write(self, name: str, audit: AuditStamp | None = None, **params: Any) -> list[Row]:
        """Run a one-statement write; with `audit`, inside the audit frame, so that the write
        and its audit event are one statement (or neither happens)."""
        if audit is None:
            return self._run(name, params, write=True)
        query = get_audited_query(name, self.engine.dialect)
        given = {**params, **audit.params}
        query.check(given)
        rows = self.engine.run(query.text, given, write=True)
        if not rows:
            audit.state = "refused"
            return []
        state = rows[0]["audit_state"]
        if state == "moved":
            raise AuditHeadMoved("the audit chain moved on: nothing was written")
        if state == "duplicate":
            raise RequestKeyUsed("this Idempotency-Key was used by an earlier request")
        audit.state = "written"
        return [{k: v for k, v in row.items() if k != "audit_state"} for row in rows]

    def query(self, name: str, **params: Any) -> list[Row]:
        """Run a named read-only query from the catalogue (data tools, analysis feeds)."""
        return self._read(name, **params)

    def write_batch(
        self, name: str, rows: Sequence[object], audit: AuditStamp | None = None, **params: Any
    ) -> list[Row]:
        """Run a bulk write (`UNWIND $rows AS row ...`) over one batch: one statement (with
        `audit`, together with the batch's audit event)."""
        return self._write(name, audit, rows=rows, **params)

    def _now(self) -> str:
        return self._clock().isoformat(timespec="milliseconds")

    def _today(self) -> date:
        return day_of(self._clock())

    def today(self) -> date:
        """Today in England by the store's clock (tests set it)."""
        return self._today()

    # --- schema and housekeeping ---------------------------------------------------------------

    def apply_schema(self) -> None:
        self.engine.apply_schema()

    def compact(self) -> float | None:
        """After a bulk load: make the engine's write log a snapshot, so that a restart loads
        it rather than replaying each batch. The seconds it took (None: nothing to do)."""
        return self.engine.compact()

    def schema_status(self) -> SchemaStatus:
        dialect = self.engine.dialect
        ddl = statements(get_query(f"schema/{dialect}", dialect))
        expected, unique_expected = expected_indexes(list(ddl))
        present = {
            (label, prop)
            for row in self._read("schema/list_indexes")
            for label in row["labels"] or []
            for prop in row["properties"] or []
        }
        unique_present = {
            label for row in self._read("schema/list_unique_ids") for label in row["labels"] or []
        }
        return SchemaStatus(
            expected=expected,
            present=frozenset(present),
            unique_expected=unique_expected,
            unique_present=frozenset(unique_present),
        )

    def ping(self) -> bool:
        return self.engine.ping()

    def counts(self) -> dict[str, int]:
        """Nodes per label and edges per type, e.g. {'Child': 10, 'INVOLVED_WITH': 25}."""
        return {row["name"]: row["count"] for row in self._read("count_graph")}

    def clear(self) -> None:
        """Delete every node and edge (tests, `childindex reset`); the schema stays."""
        self._write("admin/delete_everything")

    def dump(self) -> tuple[list[Row], list[Row]]:
        """Every node and edge with its properties, in a stable order."""
        return self._read("dump_nodes"), self._read("dump_edges")

    # --- writes --------------------------------------------------------------------------------

    def upsert_local_authority(self, la: LocalAuthority) -> UpsertResult:
        props = _props(la, {"created_at", "updated_at"})
        rows = self._write("merge_local_authority", id=la.code, props=props, now=self._now())
        return UpsertResult(id=rows[0]["id"], changed=rows[0]["changed"])

    def upsert_child(self, child: Child, *, resident_since: date | None = None) -> UpsertResult:
        """Create or update a child; a new child's first residence opens on `resident_since`."""
        props = _props(child, {"id", "created_at", "updated_at", "version", "shielded"})
        rows = self._write(
            "merge_child",
            id=child.id,
            props=props,
            shielded=child.shielded,
            la=child.responsible_la,
            residence_id=new_id("res"),
            resident_since=(resident_since or self._today()).isoformat(),
            now=self._now(),
        )
        if not rows:
            raise NotFound("local authority", child.responsible_la)
        row = rows[0]
        return UpsertResult(
            id=row["id"], changed=row["changed"], created=row["created"], version=row["version"]
        )

    def create_child(self, data: ChildCreate) -> UpsertResult:
        fields = data.model_dump(exclude={"id", "resident_since"})
        child = Child(id=data.id or new_id("ch"), **fields)
        return self.upsert_child(child, resident_since=data.resident_since)

    def upsert_carer(self, carer: Carer) -> UpsertResult:
        props = _props(carer, {"id", "created_at", "updated_at"})
        rows = self._write("merge_carer", id=carer.id, props=props, now=self._now())
        return UpsertResult(id=rows[0]["id"], changed=rows[0]["changed"])

    def upsert_agency(self, agency: Agency, *, audit: AuditStamp | None = None) -> UpsertResult:
        props = _props(agency, {"id", "created_at", "updated_at"})
        rows = self._write(
            "merge_agency", audit, id=agency.id, props=props, la=agency.la, now=self._now()
        )
        if not rows:
            raise NotFound("local authority", agency.la)
        return UpsertResult(id=rows[0]["id"], changed=rows[0]["changed"])

    def upsert_practitioner(
        self,
        practitioner: Practitioner,
        *,
        agency_id: str,
        since: date | None = None,
        audit: AuditStamp | None = None,
    ) -> UpsertResult:
        props = _props(practitioner, {"id", "created_at", "updated_at"})
        rows = self._write(
            "merge_practitioner",
            audit,
            id=practitioner.id,
            props=props,
            agency_id=agency_id,
            since=(since or self._today()).isoformat(),
            now=self._now(),
        )
        if not rows:
            raise NotFound("agency", agency_id)
        return UpsertResult(id=rows[0]["id"], changed=rows[0]["changed"])

    def end_employment(self, practitioner_id: str, agency_id: str, until: date) -> None:
        rows = self._write(
            "end_employment",
            practitioner_id=practitioner_id,
            agency_id=agency_id,
            until=until.isoformat(),
        )
        if not rows:
            raise NotFound("employment", f"{practitioner_id} at {agency_id}")

    def link_carer(self, child_id: str, link: CarerLink, *, audit: AuditStamp | None = None) -> str:
        """Link an existing carer, or create one and link it; return the carer's id."""
        carer_id = link.carer_id or (link.carer.id if link.carer else None) or new_id("cr")
        carer_props = None
        if link.carer is not None:
            carer = Carer(id=carer_id, **link.carer.model_dump(exclude={"id"}))
            carer_props = _props(carer, {"id", "created_at", "updated_at"})
        rows = self._write(
            "link_carer",
            audit,
            child_id=child_id,
            carer_id=carer_id,
            carer=carer_props,
            link=_props(link, {"carer_id", "carer"}),
            now=self._now(),
        )
        if not rows:
            if self._read("get_child", child_id=child_id):
                raise NotFound("carer", carer_id)
            raise NotFound("child", child_id)
        return str(rows[0]["carer_id"])

    def record_involvement(
        self,
        child_id: str,
        data: InvolvementCreate,
        *,
        recorded_by: str | None = None,
        audit: AuditStamp | None = None,
    ) -> str:
        """Record (or, with the same id, update) who is working with a child; return its id."""
        source_id = data.practitioner_id or data.agency_id
        involvement = InvolvedWith(
            id=data.id or new_id("inv"),
            source_id=source_id,
            child_id=child_id,
            agency_id=data.agency_id,
            service=data.service,
            since=data.since,
            lead_professional=data.lead_professional,
            assessment_kind=data.assessment_kind,
            assessment_date=data.assessment_date,
            info_to_share=data.info_to_share,
            info_to_share_since=self._today() if data.info_to_share else None,
            consent=data.consent,
            recorded_by=recorded_by,
        )
        props = _props(involvement, {"id", "source_id", "child_id", "agency_id", "updated_at"})
        if data.practitioner_id is not None:
            rows = self._write(
                "merge_practitioner_involvement",
                audit,
                id=involvement.id,
                practitioner_id=data.practitioner_id,
                agency_id=data.agency_id,
                child_id=child_id,
                props=props,
                today=self._today().isoformat(),
                now=self._now(),
            )
        else:
            rows = self._write(
                "merge_agency_involvement",
                audit,
                id=involvement.id,
                agency_id=data.agency_id,
                child_id=child_id,
                props=props,
                today=self._today().isoformat(),
                now=self._now(),
            )
        if not rows:
            self._explain_refused_involvement(child_id, involvement.id, data)
        return str(rows[0]["id"])

    def _explain_refused_involvement(
        self, child_id: str, involvement_id: str, data: InvolvementCreate
    ) -> None:
        """Why the write refused (it wrote nothing): read afterwards, only to say so."""
        source_id = data.practitioner_id or data.agency_id
        taken = self.involvement_access(involvement_id)
        if taken is not None and (taken["child_id"], taken["source_id"]) != (child_id, source_id):
            raise Conflict(f"involvement id {involvement_id!r} is already in use")
        already = self._read(
            "access/get_open_involvements_of",
            source_id=source_id,
            agency_id=data.agency_id,
            child_id=child_id,
            today=self._today().isoformat(),
        )
        if already:
            who = "the practitioner" if data.practitioner_id else "the agency"
            raise Conflict(
                f"{who} is already recorded as working with this child (involvement"
                f" {already[0]['id']}, since {already[0]['since']}): change or end that"
                " involvement instead of recording it again"
            )
        if not self._read("get_child", child_id=child_id):
            raise NotFound("child", child_id)
        if not self._read("get_agencies", ids=[data.agency_id]):
            raise NotFound("agency", data.agency_id)
        if data.practitioner_id is not None:
            found = self._read("get_practitioner", id=data.practitioner_id)
            if not found:
                raise NotFound("practitioner", data.practitioner_id)
            raise RuleViolation(
                "agency_id",
                f"practitioner {data.practitioner_id!r} does not currently work for"
                f" agency {data.agency_id!r}",
            )
        raise NotFound("agency", data.agency_id)  # pragma: no cover - found above

    def update_involvement(
        self, involvement_id: str, data: InvolvementUpdate, *, audit: AuditStamp | None = None
    ) -> str:
        """End an involvement or change its flags; return the child's id."""
        rows = self._write(
            "update_involvement",
            audit,
            id=involvement_id,
            until=data.until.isoformat() if data.until else None,
            lead_professional=data.lead_professional,
            assessment_kind=data.assessment_kind.value if data.assessment_kind else None,
            assessment_date=data.assessment_date.isoformat() if data.assessment_date else None,
            clear_assessment="assessment" in data.clear,
            info_to_share=data.info_to_share,
            consent=data.consent,
            today=self._today().isoformat(),
            now=self._now(),
        )
        if not rows:
            raise NotFound("involvement", involvement_id)
        return str(rows[0]["child_id"])

    def move_child(
        self,
        child_id: str,
        move: MoveCreate,
        *,
        move_id: str | None = None,
        audit: AuditStamp | None = None,
    ) -> MoveResult:
        """Close the open residence and open the next, on `move.date`, in one statement."""
        record = self.get_child(child_id)
        open_now = [r for r in record.residence if r.until is None]
        if open_now and move.date < open_now[0].since:
            raise RuleViolation(
                "date",
                f"the move is dated before the current residence began ({open_now[0].since})",
            )
        rows = self._write(
            "move_child",
            audit,
            child_id=child_id,
            to_la=move.to_la,
            move_id=move_id or new_id("mv"),
            date=move.date.isoformat(),
            address_line=move.address_line,
            postcode=move.postcode,
            address_status=move.address_status.value,
            now=self._now(),
        )
        if not rows:
            raise NotFound("local authority", move.to_la)
        row = rows[0]
        return MoveResult(child_id=row["child_id"], move_id=row["move_id"], applied=row["applied"])

    # --- reads ---------------------------------------------------------------------------------

    def get_child(self, child_id: str) -> ChildRecord:
        rows = self._read("get_child", child_id=child_id)
        if not rows:
            raise NotFound("child", child_id)
        row = rows[0]
        residence = sorted(
            (Residence.model_validate(r) for r in row["residence"]), key=lambda r: (r.since, r.id)
        )
        current = next((r.la for r in reversed(residence) if r.until is None), None)
        return ChildRecord(
            child=ChildPublic.model_validate(row["child"]),
            carers=row["carers"],
            involvements=self.who_else(child_id, include_ended=True),
            residence=residence,
            current_la=current,
        )

    def who_else(
        self,
        child_id: str,
        *,
        include_ended: bool = False,
        today: date | None = None,
        partners: Sequence[str] = (),
    ) -> list[Involvement]:
        """Who else is working with this child: current involvements (ended ones on request).
        With `partners` (records confirmed to be the same child), the union of theirs too,
        each entry keeping the `child_id` of its record."""
        found: list[Involvement] = []
        for record_id in (child_id, *partners):
            rows = self._read(
                "get_who_else",
                child_id=record_id,
                include_ended=include_ended,
                today=(today or self._today()).isoformat(),
            )
            if not rows and record_id == child_id:
                raise NotFound("child", child_id)
            found += [Involvement.model_validate(row) for row in rows if row["id"] is not None]
        if partners:
            found.sort(key=lambda i: (i.since, i.id))
        return found

    def confirmed_partners(self, child_ids: Sequence[str]) -> dict[str, list[str]]:
        """Records a data steward confirmed are the same child (SAME_AS confirmed), per child."""
        partners: dict[str, list[str]] = {}
        if child_ids:
            for row in self._read("identity/get_confirmed_partners", ids=list(child_ids)):
                partners.setdefault(row["child_id"], []).append(row["partner_id"])
        return {child: sorted(set(ids)) for child, ids in partners.items()}

    def caseload(self, practitioner_id: str, *, include_ended: bool = False) -> list[CaseloadEntry]:
        if not self._read("get_practitioner", id=practitioner_id):
            raise NotFound("practitioner", practitioner_id)
        rows = self._read(
            "get_practitioner_caseload",
            practitioner_id=practitioner_id,
            include_ended=include_ended,
            today=self._today().isoformat(),
        )
        return [CaseloadEntry(**row) for row in rows]

    def get_practitioner(self, practitioner_id: str) -> tuple[PractitionerPublic, list[Row]]:
        rows = self._read("get_practitioner", id=practitioner_id)
        if not rows:
            raise NotFound("practitioner", practitioner_id)
        return PractitionerPublic.model_validate(rows[0]["practitioner"]), rows[0]["employment"]

    def get_agency(self, agency_id: str) -> AgencyPublic:
        rows = self._read("get_agencies", ids=[agency_id])
        if not rows:
            raise NotFound("agency", agency_id)
        return AgencyPublic.model_validate(rows[0])

    def get_local_authority(self, code: str) -> LocalAuthorityPublic:
        rows = self._read("get_local_authority", id=code)
        if not rows:
            raise NotFound("local authority", code)
        return LocalAuthorityPublic.model_validate(rows[0])

    def search(self, query: ChildSearch, *, limit: int = 20) -> list[SearchHit]:
        """By NHS number, or by name (over every name and alias) and date of birth."""
        hits: dict[str, SearchHit] = {}
        if query.nhs_number is not None:
            for row in self._read("find_children_by_nhs_number", nhs_number=query.nhs_number):
                child = ChildPublic.model_validate(row["child"])
                hits[child.id] = SearchHit(child=child, score=1.0, matched_on=["nhs_number"])
        if query.name is not None and query.date_of_birth is not None:
            dates = [query.date_of_birth.isoformat()]
            swapped = _swap_day_month(query.date_of_birth)
            if swapped is not None:
                dates.append(swapped.isoformat())
            rows = self._read(
                "find_children_by_birth_date", dates=dates, limit=MAX_SEARCH_CANDIDATES
            )
            for row in rows:
                child = ChildPublic.model_validate(row["child"])
                names = child_names(child.given_name, child.family_name, child.other_names)
                score = name_score(query.name, names)
                if score < NAME_MATCH_THRESHOLD or child.id in hits:
                    continue
                matched = ["name"]
                if child.date_of_birth == query.date_of_birth:
                    matched.append("date_of_birth")
                else:
                    matched.append("date_of_birth (day and month swapped)")
                    score *= 0.9
                if query.postcode is not None and child.postcode == query.postcode:
                    matched.append("postcode")
                    score = min(1.0, score + 0.05)
                hits[child.id] = SearchHit(child=child, score=round(score, 3), matched_on=matched)
        found = [
            hit
            for hit in hits.values()
            if query.include_archived or hit.child.status is not ChildStatus.ARCHIVED
        ]
        found.sort(key=lambda hit: (-hit.score, hit.child.family_name, hit.child.id))
        # records confirmed to be one child are one result: the best-matching one
        partners = self.confirmed_partners([hit.child.id for hit in found])
        shown: list[SearchHit] = []
        for hit in found:
            if not any(other.child.id in partners.get(hit.child.id, ()) for other in shown):
                shown.append(hit)
        return shown[:limit]

    def network(self, child_id: str, depth: int = 1) -> Network:
        """The child's network for the graph view: family within `depth` CARES_FOR hops, and
        for every child in it the practitioners and agencies involved and the local authorities
        lived in. Ended involvements and residences are included, marked `current: false`."""
        if not 1 <= depth <= 3:
            raise RuleViolation("depth", "must be 1, 2 or 3")
        rows = self._read("get_network_family", child_id=child_id, depth=depth)
        if not rows:
            raise NotFound("child", child_id)
        # records confirmed to be this same child: one child, both ids, the union of families
        partners = self.confirmed_partners([child_id]).get(child_id, [])
        for partner in partners:
            rows += self._read("get_network_family", child_id=partner, depth=depth)
        focus = {child_id, *partners}
        nodes: dict[str, NetworkNode] = {}
        edges: dict[tuple[str, str, str], NetworkEdge] = {}
        for raw in (node for row in rows for node in row["nodes"]):
            kind = raw.pop("kind")
            node_id = raw.pop("id")
            if node_id in nodes:
                continue
            label = f"{raw.get('given_name', '')} {raw.get('family_name', '')}".strip()
            nodes[node_id] = NetworkNode(
                id=node_id, kind=kind, label=label, focus=node_id in focus, properties=raw
            )
        for raw in (edge for row in rows for edge in row["edges"]):
            key = (raw["source"], raw["target"], "CARES_FOR")
            edges[key] = _edge(raw, "CARES_FOR")
        for partner in partners:
            a, b = sorted((child_id, partner))
            edges[(a, b, "SAME_AS")] = NetworkEdge(
                source=a, target=b, type="SAME_AS", properties={"status": "confirmed"}
            )
        child_ids = [n.id for n in nodes.values() if n.kind == "child"]
        services = self._read("get_network_services", child_ids=child_ids)
        agency_ids = {
            i["agency_id"] for row in services for i in row["involvements"] if i["agency_id"]
        }
        agencies = {a["id"]: a for a in self._read("get_agencies", ids=sorted(agency_ids))}
        today = self._today().isoformat()
        for row in services:
            for inv in row["involvements"]:
                current = inv["until"] is None or inv["until"] > today
                source_kind: Literal["practitioner", "agency"] = inv["source"]
                agency = agencies.get(inv["agency_id"])
                if agency is not None and agency["id"] not in nodes:
                    nodes[agency["id"]] = NetworkNode(
                        id=agency["id"],
                        kind="agency",
                        label=agency["name"],
                        properties={"kind": agency["kind"], "sensitive": agency["sensitive"]},
                    )
                if inv["source_id"] not in nodes:  # a practitioner: agency sources are added above
                    nodes[inv["source_id"]] = NetworkNode(
                        id=inv["source_id"],
                        kind=source_kind,
                        label=inv["source_name"] or inv["source_id"],
                        properties={"job_title": inv["job_title"]},
                    )
                edge_props = {
                    k: inv[k]
                    for k in ("id", "service", "since", "until", "lead_professional",
                              "info_to_share", "agency_id")
                }  # fmt: skip
                key = (inv["source_id"], row["child_id"], inv["id"])
                edges[key] = NetworkEdge(
                    source=inv["source_id"],
                    target=row["child_id"],
                    type="INVOLVED_WITH",
                    current=current,
                    properties=edge_props,
                )
                if source_kind == "practitioner" and agency is not None:
                    works_key = (inv["source_id"], agency["id"], "WORKS_FOR")
                    edges.setdefault(
                        works_key,
                        NetworkEdge(source=inv["source_id"], target=agency["id"], type="WORKS_FOR"),
                    )
            for res in row["residence"]:
                if res["la"] not in nodes:
                    nodes[res["la"]] = NetworkNode(
                        id=res["la"], kind="local_authority", label=res["la_name"] or res["la"]
                    )
                edges[(row["child_id"], res["la"], res["id"])] = NetworkEdge(
                    source=row["child_id"],
                    target=res["la"],
                    type="RESIDENT_IN",
                    current=res["until"] is None,
                    properties={"since": res["since"], "until": res["until"]},
                )
        return Network(
            child_id=child_id, depth=depth, nodes=list(nodes.values()), edges=list(edges.values())
        )

    # --- access, shielding, transfers (API issue) ---

    def write(self, name: str, audit: AuditStamp | None = None, **params: Any) -> list[Row]:
        """Run a named one-statement write from the catalogue (accounts, the audit log,
        identity), with its audit event when given `audit`."""
        return self._write(name, audit, **params)

    def access_facts(self, child_ids: list[str]) -> list[Row]:
        """Per child: responsible LA and its index team, shielding, status, version, carers who
        also care for a shielded child, involvements with sensitivity and consent."""
        return self._read("access/get_children_access", child_ids=child_ids)

    def involvement_access(self, involvement_id: str) -> Row | None:
        rows = self._read("access/get_involvement_access", id=involvement_id)
        return rows[0] if rows else None

    def is_working_with(self, practitioner_id: str, child_id: str) -> bool:
        """Has the practitioner a current involvement with the child?"""
        rows = self._read(
            "access/get_current_involvement_of",
            practitioner_id=practitioner_id,
            child_id=child_id,
            today=self._today().isoformat(),
        )
        return bool(rows and rows[0]["current"])

    def acknowledge_info(
        self, involvement_id: str, practitioner_id: str, *, audit: AuditStamp | None = None
    ) -> Row | None:
        """Add the practitioner to those who acknowledged the involvement's information to
        share (once); None if there is no such involvement, or none is raised on it."""
        rows = self._write(
            "acknowledge_info", audit, id=involvement_id, practitioner_id=practitioner_id
        )
        return rows[0] if rows else None

    def create_new_child(
        self, data: ChildCreate, *, audit: AuditStamp | None = None
    ) -> UpsertResult:
        """Create a child; an id already in use is a Conflict (never an overwrite)."""
        fields = data.model_dump(exclude={"id", "resident_since"})
        child = Child(id=data.id or new_id("ch"), **fields)
        rows = self._write(
            "access/create_child",
            audit,
            id=child.id,
            props=_props(child, {"id", "created_at", "updated_at", "version", "shielded"}),
            la=child.responsible_la,
            residence_id=new_id("res"),
            resident_since=(data.resident_since or self._today()).isoformat(),
            now=self._now(),
        )
        if not rows:
            raise NotFound("local authority", child.responsible_la)
        return UpsertResult(
            id=rows[0]["id"], changed=True, created=True, version=rows[0]["version"]
        )

    def create_agency(self, agency: Agency, *, audit: AuditStamp | None = None) -> str:
        """Create an agency; an id already in use is a Conflict (never an overwrite)."""
        rows = self._write(
            "access/create_agency",
            audit,
            id=agency.id,
            props=_props(agency, {"id", "created_at", "updated_at"}),
            la=agency.la,
            now=self._now(),
        )
        if not rows:
            raise NotFound("local authority", agency.la)
        return str(rows[0]["id"])

    def create_practitioner(
        self,
        practitioner: Practitioner,
        *,
        agency_id: str,
        since: date | None = None,
        audit: AuditStamp | None = None,
    ) -> str:
        """Create a practitioner working for an agency; an id in use is a Conflict."""
        rows = self._write(
            "access/create_practitioner",
            audit,
            id=practitioner.id,
            props=_props(practitioner, {"id", "created_at", "updated_at"}),
            agency_id=agency_id,
            since=(since or self._today()).isoformat(),
            now=self._now(),
        )
        if not rows:
            raise NotFound("agency", agency_id)
        return str(rows[0]["id"])

    def update_child_details(
        self, child_id: str, data: ChildUpdate, *, version: int, audit: AuditStamp | None = None
    ) -> int:
        """Apply the fields set in `data` (an explicit null removes an optional one) if the child
        is still at `version`; return the new version. Conflict if it has moved on."""
        props = data.model_dump(mode="json", exclude_unset=True)
        rows = self._write(
            "access/update_child",
            audit,
            id=child_id,
            version=version,
            props=props,
            now=self._now(),
        )
        if not rows:
            raise Conflict(f"child {child_id!r} was changed by someone else; reload and retry")
        return int(rows[0]["version"])

    def set_shielded(
        self, child_id: str, shielded: bool, *, audit: AuditStamp | None = None
    ) -> int:
        """Shield or unshield a child's record; return its new version."""
        rows = self._write(
            "access/set_shielded", audit, id=child_id, shielded=shielded, now=self._now()
        )
        if not rows:
            raise NotFound("child", child_id)
        return int(rows[0]["version"])

    def moves(self, child_id: str) -> list[Row]:
        """Residence periods, oldest first, each with `from_la` and acceptance when a transfer."""
        return self._read("access/get_moves", child_id=child_id)

    def accept_transfer(
        self,
        child_id: str,
        move_id: str,
        *,
        accepted_by: str,
        audit: AuditStamp | None = None,
    ) -> Row | None:
        """Accept responsibility for a child moved in; None if that move is not pending."""
        rows = self._write(
            "access/accept_transfer",
            audit,
            child_id=child_id,
            move_id=move_id,
            accepted_by=accepted_by,
            now=self._now(),
        )
        return rows[0] if rows else None


def _edge(raw: Row, edge_type: str) -> NetworkEdge:
    props = {k: v for k, v in raw.items() if k not in ("source", "target", "type")}
    return NetworkEdge(
        source=raw["source"],
        target=raw["target"],
        type=edge_type,
        current=raw.get("until") is None,
        properties=props,
    )


def _swap_day_month(value: date) -> date | None:
    """The date with day and month exchanged, when that is a different valid date."""
    if value.day > 12 or value.day == value.month:
        return None
    try:
        return value.replace(month=value.day, day=value.month)
    except ValueError:
        return None
