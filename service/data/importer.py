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
name a record in the file or already in the index; if not, the row is rejected and says so.
With `restrict_la`, rows for another local authority's children, agencies or employment are
rejected, and practitioners and carers already in the index may not be changed (they serve
every authority). Loading MERGEs on ids (and on both ends for links), so importing the same
file again changes nothing, and a re-run of an interrupted import completes it without
duplicates.
"""

import csv
import io
import json
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal, Self, TextIO

from pydantic import BaseModel, Field, ValidationError, model_validator

from graph_model.edges import CaresFor, InvolvedWith, ResidentIn, SameAs, WorksFor
from graph_model.enums import SENSITIVE_KINDS, AgencyKind
from graph_model.nodes import Agency, Carer, Child, LocalAuthority, Practitioner
from graph_model.problems import problem
from graph_model.types import LaCode, NearDate, NodeId, ShortText
from service.data.bulk import BulkLoader, Mode
from service.data.records import (
    CSV_LIST_SEPARATOR,
    KINDS,
    LIST_FIELDS,
    Record,
    complete,
    timestamp,
)
from service.store.graph_store import GraphStore

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


def _csv_rows(lines: Iterable[str]) -> Iterator[_Row]:
    reader = csv.reader(lines)
    header: list[str] | None = None
    last = 0
    for cells in reader:
        start, last = last + 1, reader.line_num
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

    def look_up(self, ids: set[str]) -> None:
        wanted = sorted(ids - self.found.keys())
        for start in range(0, len(wanted), LOOKUP_BATCH):
            batch = wanted[start : start + LOOKUP_BATCH]
            for row in self._store.query("bulk/find_ids", ids=batch):
                self.found[row["id"]] = row

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
    if restrict_la is not None:  # shared records may be created but not changed (see _outside)
        referenced |= {
            str(rec["id"]) for row in rows for rec in row.records if rec["record"] in _SHARED_KINDS
        }
    index.look_up(referenced)
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
        for row in rows:
            if row.errors:
                continue
            for rec in row.records:
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


def _outside(
    rec: Record, la: str, la_of: dict[tuple[str, str], str], index: _Index
) -> tuple[str, str] | None:
    kind = rec["record"]
    own = f"this import may only change local authority {la}'s records"
    if kind == "local_authority" and rec["code"] != la:
        return "code", f"local authority {rec['code']}: {own}"
    if kind == "agency" and rec["la"] != la:
        return "la", f"agency of local authority {rec['la']}: {own}"
    if kind == "child" and rec["responsible_la"] != la:
        return "responsible_la", f"child of local authority {rec['responsible_la']}: {own}"
    if kind in _SHARED_KINDS and index.holds(kind, rec["id"]):
        # Practitioners and carers belong to no one authority: another authority's children
        # may rely on the contact details, so an authority-scoped import may add them, not edit.
        return "id", f"{_LABELS[kind]} {rec['id']!r} is already in the index: {own}"
    subject: tuple[str, str, str] | None = None
    if kind in ("cares_for", "residence", "involvement", "same_as"):
        subject = ("child_id", "child", rec["child_id"])
    elif kind == "works_for":
        subject = ("agency_id", "agency", rec["agency_id"])
    if subject is None:
        return None
    field, label, ident = subject
    theirs = la_of.get((label, ident)) or index.la_of(label, ident)
    if theirs != la:
        return field, f"{_LABELS[label]} {ident!r} belongs to local authority {theirs}: {own}"
    return None


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
    _check_references(rows, _Index(store), restrict_la)
    good = [rec for row in rows if not row.errors for rec in row.records]
    order = {kind: i for i, kind in enumerate(KINDS)}
    good.sort(key=lambda rec: order[rec["record"]])  # stable: file order within a kind
    stats = None
    if good:
        with BulkLoader(store, mode=Mode.IMPORT, batch_size=batch_size, progress=progress) as bulk:
            bulk.add_all(good)
        stats = bulk.stats
    report = ImportReport(rows_read=len(rows))
    bad = [row for row in rows if row.errors]
    report.rows_rejected = len(bad)
    report.rows_loaded = len(rows) - len(bad)
    report.errors = [
        RowError(line=row.line, field=field, message=message)
        for row in bad
        for field, message in row.errors
    ]
    if stats is not None and stats.skipped:
        report.errors.append(
            RowError(
                line=0,
                field="(import)",
                message=f"{stats.skipped} records were not applied: a record they refer to was"
                " removed from the index while the import ran",
            )
        )
    if rejects is not None and bad:
        if header is not None:
            rejects.write(header + "\n")
        for row in bad:
            rejects.write(row.text + "\n")
    report.seconds = round(time.perf_counter() - started, 3)
    return report
