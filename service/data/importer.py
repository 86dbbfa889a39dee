"""Bulk import of JSON Lines or CSV: every row validated, bad rows reported, good rows loaded.

Formats
-------
Both formats carry the same records. Each has a `record` kind and the DESIGN §3 field names:

=================  ==============================================================================
record             fields, in export order (service.data.records.FIELDS)
=================  ==============================================================================
local_authority    code, name, index_team_phone, index_team_email, created_at, updated_at
agency             id, name, kind, la, sensitive (default: whether the kind is sensitive), phone,
                   email, ods_code, urn, created_at, updated_at
practitioner       id, given_name, family_name, job_title, phone, email, created_at, updated_at
works_for          practitioner_id, agency_id, since, until
child              id, given_name, family_name, other_names, sex, date_of_birth, date_of_death,
                   nhs_number, upn, address_line, postcode, address_status, responsible_la,
                   shielded (applied only when the child is created), status, created_at,
                   updated_at, resident_since (opens a first residence; optional)
carer              id, given_name, family_name, phone, email, address_line, postcode,
                   created_at, updated_at
cares_for          carer_id, child_id, relationship, parental_responsibility, lives_with,
                   since, until
residence          id, child_id, la, since, until, address_line, postcode, from_la,
                   recorded_at, accepted_at, accepted_by
involvement        id, child_id, agency_id, practitioner_id (absent: the agency itself is
                   involved), service, since, until, lead_professional, assessment_kind,
                   assessment_date, info_to_share, info_to_share_since, info_acknowledged_by,
                   consent, recorded_by, updated_at
same_as            child_id, other_id, status, score, reasons, decided_by
=================  ==============================================================================

JSON Lines: one JSON object per line, `{"record": "child", "id": "...", ...}`; lists are JSON
arrays; absent and null mean the same. Blank lines are skipped.

CSV: a header row naming the columns (it must name `record`; service.data.records.CSV_COLUMNS is
the full set an export writes, any subset in any order is read), then one record per row. An empty
cell means absent; lists (other_names, info_acknowledged_by, reasons) are separated by `|`;
booleans are `true`/`false`. Line numbers count the header as line 1.

Dates are ISO (`2026-01-31`), timestamps ISO with offset (`2026-01-31T09:30:00.000+00:00`).
Records may come in any order: they are loaded kinds-first (local authorities, agencies,
practitioners, employment, children, carers, links, residence, involvements, same_as).

Rules
-----
Every row is validated with the graph_model schemas; a bad row is reported with its line, the
field and the reason, copied unchanged to the rejects file if one is given, and not loaded.
References (an involvement's child, practitioner and agency; a link's carer and child; ...) must
name a record in the file or already in the index; if not, the row is rejected and says so. An
involvement id names one involvement: a row giving an id in use to another child's or holder's
involvement is rejected.

With `restrict_la` (a steward's import), a row may only touch that local authority's records,
judged by the record already in the index, not by what the row says: another authority's child
or agency, a link, residence or involvement of its child, a duplicate pair with its child, or
employment by its agency is rejected, whatever LA the row names. Practitioners and carers belong
to no one authority: an existing one may be changed only when every agency they work for, or
every child they care for, is the importer's; a row the same as the stored record is accepted
and changes nothing (so a re-run is not refused). The rules are checked here first, for a clear
message per line, and again by each writing statement, so a record that changes hands while the
import runs is still not touched (the row is then reported as not applied).

Loading MERGEs on ids (and on both ends for links), so importing the same file again changes
nothing, and a re-run of an interrupted import completes it without duplicates. With an
`ImportAudit`, each batch is written together with an audit event naming its children.
"""

import csv
import io
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal, Self, TextIO

from pydantic import BaseModel, Field, ValidationError, model_validator

from graph_model.edges import CaresFor, InvolvedWith, ResidentIn, SameAs, WorksFor
from graph_model.enums import SENSITIVE_KINDS, AgencyKind
from graph_model.nodes import Agency, Carer, Child, LocalAuthority, Practitioner
from graph_model.problems import problem
from graph_model.types import LaCode, NearDate, NodeId, ShortText
from service.audit.log import AuditEntry, AuditLog
from service.data.bulk import LINE, BulkLoader, Mode
from service.data.records import (
    CSV_LIST_SEPARATOR,
    KINDS,
    LIST_FIELDS,
    Record,
    complete,
    timestamp,
)
from service.store.graph_store import AuditStamp, GraphStore

MAX_LINE_CHARS = 100_000
"""A longer line is refused unread: no record needs it, and it would only cost memory."""
LOOKUP_BATCH = 5000


class RowError(BaseModel):
    line: int
    field: str
    message: str


class ImportReport(BaseModel):
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    errors: list[RowError] = Field(default_factory=list)
    seconds: float = 0.0


# --- row schemas: the graph models, plus what a file may say besides ----------------------------


class _ChildRow(Child):
    resident_since: NearDate | None = None


class _ResidenceRow(ResidentIn):
    from_la: LaCode | None = None
    recorded_at: datetime | None = None
    accepted_at: datetime | None = None
    accepted_by: ShortText | None = None


class _InvolvementRow(InvolvedWith):
    practitioner_id: NodeId | None = None
    info_acknowledged_by: list[NodeId] = Field(default_factory=list, max_length=50)

    @model_validator(mode="before")
    @classmethod
    def _source(cls, data: Any) -> Any:
        """The holder is the practitioner if one is named, else the agency itself."""
        if isinstance(data, dict):
            if "source_id" in data:
                raise ValueError("name practitioner_id (or only agency_id), not source_id")
            holder = data.get("practitioner_id") or data.get("agency_id")
            if holder is not None:
                data = {**data, "source_id": holder}
        return data

    @model_validator(mode="after")
    def _flags(self) -> Self:
        if self.info_acknowledged_by and not self.info_to_share:
            raise ValueError("info_acknowledged_by given while info_to_share is false")
        return self


_SCHEMAS: dict[str, type[BaseModel]] = {
    "local_authority": LocalAuthority,
    "agency": Agency,
    "practitioner": Practitioner,
    "works_for": WorksFor,
    "child": _ChildRow,
    "carer": Carer,
    "cares_for": CaresFor,
    "residence": _ResidenceRow,
    "involvement": _InvolvementRow,
    "same_as": SameAs,
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _message(error: Any) -> str:
    return problem(error).message


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(row)"


def validate_record(raw: dict[str, Any]) -> tuple[list[Record], list[tuple[str, str]]]:
    """One row as records ready to load (a child may open its first residence too), or the
    problems with it as (field, reason)."""
    kind = raw.pop("record", None)
    schema = _SCHEMAS.get(kind) if isinstance(kind, str) else None
    if schema is None:
        known = ", ".join(KINDS)
        return [], [("record", f"unknown record kind {str(kind)[:40]!r}; expected one of {known}")]
    if kind == "child":
        raw.pop("version", None)  # an export never writes it; the store keeps its own
    raw = {name: value for name, value in raw.items() if value is not None}
    try:
        model = schema.model_validate(raw)
    except ValidationError as e:
        return [], [(_field(err["loc"]), _message(err)) for err in e.errors()]
    values = {name: _plain(getattr(model, name)) for name in type(model).model_fields}
    records: list[Record] = []
    if kind == "agency" and "sensitive" not in raw:
        values["sensitive"] = AgencyKind(values["kind"]) in SENSITIVE_KINDS
    if kind == "involvement" and not values["info_acknowledged_by"]:
        values["info_acknowledged_by"] = None
    if kind == "same_as" and not values["reasons"]:
        values["reasons"] = None
    records.append(complete(kind, values))
    if kind == "child" and values.get("resident_since"):
        records.append(_first_residence(values))
    return records, []


def _first_residence(child: dict[str, Any]) -> Record:
    # A stable id from the child's, so importing the row again finds this residence.
    return complete(
        "residence",
        {
            "id": f"r0.{child['id']}"[:64],
            "child_id": child["id"],
            "la": child["responsible_la"],
            "since": child["resident_since"],
            "address_line": child["address_line"],
            "postcode": child["postcode"],
        },
    )


# --- reading lines ----------------------------------------------------------------------------


class _Row:
    __slots__ = ("errors", "line", "raw", "records", "text")

    def __init__(self, line: int, text: str) -> None:
        self.line = line
        self.text = text
        self.raw: dict[str, Any] | None = None
        self.records: list[Record] = []
        self.errors: list[tuple[str, str]] = []


def _jsonl_rows(lines: Iterable[str]) -> Iterator[_Row]:
    for number, line in enumerate(lines, 1):
        text = line.rstrip("\r\n")
        if number == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            continue
        row = _Row(number, text)
        if len(text) > MAX_LINE_CHARS:
            row.errors.append(("(line)", f"line is longer than {MAX_LINE_CHARS} characters"))
        else:
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as e:
                row.errors.append(("(line)", f"not valid JSON: {e.msg} at column {e.colno}"))
            else:
                if isinstance(parsed, dict):
                    row.raw = parsed
                else:
                    row.errors.append(("(line)", "a line must hold one JSON object"))
        yield row


def _csv_value(column: str, cell: str) -> Any:
    if column in LIST_FIELDS:
        return [item.strip() for item in cell.split(CSV_LIST_SEPARATOR) if item.strip()]
    return cell


def _csv_records(
    lines: Sequence[str],
) -> Iterator[tuple[int, int, list[str] | None, str | None]]:
    """(first line, last line, cells) per CSV record, or cells None and the reason when the
    record cannot be read (a cell over the csv module's limit): reading goes on after it."""
    reader = csv.reader(lines)
    last = 0
    while True:
        try:
            cells: list[str] | None = next(reader)
            unreadable = None
        except StopIteration:
            return
        except csv.Error as e:
            cells, unreadable = None, _csv_problem(e)
        start, last = last + 1, reader.line_num
        yield start, last, cells, unreadable


def _csv_problem(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit()} characters: no field needs that"
    return f"not readable as CSV ({text})"


def _csv_rows(lines: Sequence[str]) -> Iterator[_Row]:
    header: list[str] | None = None
    for start, last, cells, unreadable in _csv_records(lines):
        if cells is None:
            row = _Row(start, "\n".join(line.rstrip("\r\n") for line in lines[start - 1 : last]))
            where = "(header)" if header is None else "(line)"
            row.errors.append((where, unreadable or "not readable as CSV"))
            yield row
            if header is None:
                return
            continue
        if header is None:
            header = [cell.strip().removeprefix("\ufeff") for cell in cells]
            if "record" not in header:
                row = _Row(start, ",".join(cells))
                row.errors.append(("(header)", "the header row must name a `record` column"))
                yield row
                return
            continue
        if not any(cell.strip() for cell in cells):
            continue
        text = _csv_line(cells)
        row = _Row(start, text)
        if len(text) > MAX_LINE_CHARS:
            row.errors.append(("(line)", f"line is longer than {MAX_LINE_CHARS} characters"))
        elif len(cells) != len(header):
            row.errors.append(
                ("(line)", f"has {len(cells)} cells; the header names {len(header)} columns")
            )
        else:
            row.raw = {
                column: _csv_value(column, cell)
                for column, cell in zip(header, cells, strict=True)
                if cell.strip() != ""
            }
        yield row


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


# --- references --------------------------------------------------------------------------------

_SHARED_KINDS = ("practitioner", "carer")
"""Records no local authority owns; a scoped import may create them but not change them."""

_LABELS = {
    "child": "child",
    "carer": "carer",
    "practitioner": "practitioner",
    "agency": "agency",
    "local_authority": "local authority",
}


def _references(record: Record) -> list[tuple[str, str, str]]:
    """(field, label, id) of every record this one refers to."""
    kind = record["record"]
    refs: list[tuple[str, str, str | None]] = []
    if kind == "agency":
        refs = [("la", "local_authority", record["la"])]
    elif kind == "works_for":
        refs = [
            ("practitioner_id", "practitioner", record["practitioner_id"]),
            ("agency_id", "agency", record["agency_id"]),
        ]
    elif kind == "child":
        refs = [("responsible_la", "local_authority", record["responsible_la"])]
    elif kind == "cares_for":
        refs = [
            ("carer_id", "carer", record["carer_id"]),
            ("child_id", "child", record["child_id"]),
        ]
    elif kind == "residence":
        refs = [("child_id", "child", record["child_id"]), ("la", "local_authority", record["la"])]
    elif kind == "involvement":
        refs = [
            ("child_id", "child", record["child_id"]),
            ("agency_id", "agency", record["agency_id"]),
            ("practitioner_id", "practitioner", record["practitioner_id"]),
        ]
        refs += [
            (f"info_acknowledged_by.{i}", "practitioner", pid)
            for i, pid in enumerate(record["info_acknowledged_by"] or [])
        ]
    elif kind == "same_as":
        refs = [
            ("child_id", "child", record["child_id"]),
            ("other_id", "child", record["other_id"]),
        ]
    return [(f, label, ident) for f, label, ident in refs if ident is not None]


def _key(record: Record) -> tuple[str, str] | None:
    """(label, id) a record defines, if it is a node."""
    kind = record["record"]
    if kind == "local_authority":
        return "local_authority", record["code"]
    if kind in ("agency", "practitioner", "child", "carer"):
        return kind, record["id"]
    return None


class _Index:
    """What the graph already holds, for the ids a file refers to but does not define."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.found: dict[str, dict[str, Any]] = {}
        self.involvements: dict[str, tuple[str, str]] = {}
        """Involvement ids in use: (child id, holder id)."""

    def look_up(self, ids: set[str]) -> None:
        self.found.update(self._batches("bulk/find_ids", ids - self.found.keys()))

    def look_up_involvements(self, ids: set[str]) -> None:
        for ident, row in self._batches("bulk/find_involvement_ids", ids).items():
            self.involvements[ident] = (row["child_id"], row["holder_id"])

    def _batches(self, query: str, ids: set[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        wanted = sorted(ids)
        for start in range(0, len(wanted), LOOKUP_BATCH):
            for row in self._store.query(query, ids=wanted[start : start + LOOKUP_BATCH]):
                found[row["id"]] = row
        return found

    def may_change_shared(self, rec: Record, la: str) -> bool:
        """A carer or practitioner in the index: the importer's alone (every child cared for,
        or agency worked for, is in `la`), or the row is the same as the stored record."""
        kind = rec["record"]
        row = self.found.get(rec["id"]) or {}
        las = row.get(f"{kind}_las") or []
        if las and all(owner == la for owner in las):
            return True
        stored = row.get(f"{kind}_props") or {}
        return all((stored.get(name) or "") == (rec[name] or "") for name in stored)

    def holds(self, label: str, ident: str) -> bool:
        row = self.found.get(ident)
        return bool(row and row.get(label))

    def la_of(self, label: str, ident: str) -> str | None:
        row = self.found.get(ident)
        if not row:
            return None
        value = row.get("responsible_la" if label == "child" else "agency_la")
        return str(value) if value is not None else None


def _check_references(rows: list[_Row], index: _Index, restrict_la: str | None) -> None:
    """Reject rows naming records neither in the file (among good rows) nor in the index, and,
    with `restrict_la`, rows for another authority. Repeats until stable: a rejected child
    takes its involvements with it."""
    referenced = {ident for row in rows for rec in row.records for _, _, ident in _references(rec)}
    if restrict_la is not None:  # defined here, and maybe another authority's in the index
        referenced |= {ident for row in rows for rec in row.records if (ident := _own_id(rec))}
    index.look_up(referenced)
    index.look_up_involvements(
        {rec["id"] for row in rows for rec in row.records if rec["record"] == "involvement"}
    )
    while True:
        defined: set[tuple[str, str]] = set()
        la_of: dict[tuple[str, str], str] = {}
        for row in rows:
            if row.errors:
                continue
            for rec in row.records:
                key = _key(rec)
                if key is not None:
                    defined.add(key)
                    if rec["record"] == "child":
                        la_of[key] = rec["responsible_la"]
                    elif rec["record"] == "agency":
                        la_of[key] = rec["la"]
        changed = False
        holders: dict[str, tuple[str, str]] = {}
        for row in rows:
            if row.errors:
                continue
            for rec in row.records:
                if rec["record"] == "involvement":
                    problem = _involvement_id_clash(rec, index, holders)
                    if problem is not None:
                        row.errors.append(problem)
                        break
                for field, label, ident in _references(rec):
                    if (label, ident) not in defined and not index.holds(label, ident):
                        message = (
                            f"unknown {_LABELS[label]} {ident!r}: not in this file (among its"
                            " good rows) nor in the index"
                        )
                        row.errors.append((field, message))
                if restrict_la is not None and not row.errors:
                    problem = _outside(rec, restrict_la, la_of, index)
                    if problem is not None:
                        row.errors.append(problem)
                if row.errors:
                    break  # a child's own first residence would only repeat its problem
            if row.errors:
                changed = True
        if not changed:
            return


def _own_id(rec: Record) -> str | None:
    """The id of the node a record defines (a local authority's code included)."""
    key = _key(rec)
    return key[1] if key is not None else None


def _involvement_id_clash(
    rec: Record, index: _Index, holders: dict[str, tuple[str, str]]
) -> tuple[str, str] | None:
    """An involvement id names one involvement: not another child's or holder's, in the index
    or earlier in this file (`holders`, filled as rows are read)."""
    ends = (rec["child_id"], rec["practitioner_id"] or rec["agency_id"])
    taken = index.involvements.get(rec["id"]) or holders.setdefault(rec["id"], ends)
    if taken != ends:
        return "id", (
            f"involvement id {rec['id']!r} is already in use for another child or holder"
            f" ({taken[0]}, {taken[1]}): give this involvement an id of its own"
        )
    return None


def _outside(
    rec: Record, la: str, la_of: dict[tuple[str, str], str], index: _Index
) -> tuple[str, str] | None:
    """Why a row of a scoped import may not be loaded (field, reason), if it may not: what it
    touches is judged by the record in the index, and only then by the row."""
    kind = rec["record"]
    own = f"this import may only change local authority {la}'s records"
    if kind == "local_authority" and rec["code"] != la:
        return "code", f"local authority {rec['code']}: {own}"
    if kind in ("child", "agency"):
        theirs = index.la_of(kind, rec["id"])
        if theirs is not None and theirs != la:
            return "id", f"{_LABELS[kind]} {rec['id']!r} belongs to local authority {theirs}: {own}"
        claimed = rec["responsible_la" if kind == "child" else "la"]
        if claimed != la:
            field = "responsible_la" if kind == "child" else "la"
            return field, f"{_LABELS[kind]} of local authority {claimed}: {own}"
        return None
    if kind in _SHARED_KINDS and index.holds(kind, rec["id"]):
        if not index.may_change_shared(rec, la):
            return "id", (
                f"{_LABELS[kind]} {rec['id']!r} is already in the index and also serves another"
                f" local authority: {own} (a row the same as the stored record is accepted)"
            )
        return None
    subjects: list[tuple[str, str, str]] = []
    if kind in ("cares_for", "residence", "involvement", "same_as"):
        subjects.append(("child_id", "child", rec["child_id"]))
    if kind == "same_as":
        subjects.append(("other_id", "child", rec["other_id"]))
    elif kind == "works_for":
        subjects.append(("agency_id", "agency", rec["agency_id"]))
    for field, label, ident in subjects:
        theirs = index.la_of(label, ident) or la_of.get((label, ident))
        if theirs != la:
            return field, f"{_LABELS[label]} {ident!r} belongs to local authority {theirs}: {own}"
    return None


@dataclass
class ImportAudit:
    """Who imports, and why: each batch is written with its own audit event, naming the
    children its rows concern, so that a child's access list shows every import that touched
    it and a load cut short leaves each loaded batch recorded."""

    log: AuditLog
    user: str
    roles: Sequence[str]
    reason: str | None = None

    def write(
        self, lane: str, rows: int, child_ids: Sequence[str], run: Callable[[AuditStamp], Any]
    ) -> Any:
        entry = AuditEntry(
            user=self.user,
            roles=self.roles,
            action="import",
            outcome="ok",
            status=200,
            child_ids=child_ids,
            reason=self.reason,
            detail=f"a batch of {rows} {lane.replace('_', ' ')} rows",
        )
        return self.log.write(entry, run)


# --- the import --------------------------------------------------------------------------------


def import_lines(
    store: GraphStore,
    lines: Iterable[str],
    *,
    fmt: Literal["jsonl", "csv"],
    batch_size: int = 5000,
    restrict_la: str | None = None,
    rejects: TextIO | None = None,
    progress: Callable[[int], None] | None = None,
    audit: ImportAudit | None = None,
) -> ImportReport:
    """Validate every row, load the good ones, report (and copy to `rejects`) the bad ones."""
    started = time.perf_counter()
    header: str | None = None
    if fmt == "csv":
        lines = list(lines)
        header = lines[0].rstrip("\r\n") if lines else None
        rows = list(_csv_rows(lines))
    else:
        rows = list(_jsonl_rows(lines))
    for row in rows:
        if row.raw is not None and not row.errors:
            row.records, row.errors = validate_record(row.raw)
            for rec in row.records:
                rec[LINE] = row.line
    _check_references(rows, _Index(store), restrict_la)
    good = [rec for row in rows if not row.errors for rec in row.records]
    order = {kind: i for i, kind in enumerate(KINDS)}
    good.sort(key=lambda rec: order[rec["record"]])  # stable: file order within a kind
    stats = None
    if good:
        with BulkLoader(
            store,
            mode=Mode.IMPORT,
            batch_size=batch_size,
            progress=progress,
            la=restrict_la,
            auditor=audit,
        ) as bulk:
            bulk.add_all(good)
        stats = bulk.stats
        by_line = {row.line: row for row in rows}
        for line in sorted(set(stats.refused_lines)):
            by_line[line].errors.append(
                (
                    "(row)",
                    "not applied: it would have changed another local authority's record, or"
                    " given an id in use to another record (the index changed while the import"
                    " ran), or a record it refers to was removed",
                )
            )
    report = ImportReport(rows_read=len(rows))
    bad = [row for row in rows if row.errors]
    report.rows_rejected = len(bad)
    report.rows_loaded = len(rows) - len(bad)
    report.errors = [
        RowError(line=row.line, field=field, message=message)
        for row in bad
        for field, message in row.errors
    ]
    if rejects is not None and bad:
        if header is not None:
            rejects.write(header + "\n")
        for row in bad:
            rejects.write(row.text + "\n")
    report.seconds = round(time.perf_counter() - started, 3)
    return report
