"""Export one local authority's records in the import formats (service.data.importer).

An export holds the authority's children and everything needed to import it into an empty
index: their carers and links, residence history and involvements; the agencies located in the
authority or involved with its children; the practitioners working for those agencies or
involved with the children, and that employment; the local authorities all of these name.
Records come sorted, so the same graph always gives the same file, and `export → import into
an empty index → export` gives it back unchanged.
"""

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Literal

from service.data.records import (
    BOOL_FIELDS,
    CSV_COLUMNS,
    CSV_LIST_SEPARATOR,
    LIST_FIELDS,
    Record,
    compact,
    complete,
)
from service.errors import RuleViolation
from service.store.graph_store import GraphStore

LINK_BATCH = 2000


def export_records(store: GraphStore, la: str) -> Iterator[Record]:
    """Every record of local authority `la`'s export, in dependency order."""
    children = sorted(store.query("bulk/export_children", la=la), key=lambda r: r["id"])
    child_ids = [row["id"] for row in children]
    in_area = set(child_ids)
    cares_for: list[Record] = []
    residences: list[Record] = []
    involvements: list[Record] = []
    same_as: list[Record] = []
    for start in range(0, len(child_ids), LINK_BATCH):
        batch = child_ids[start : start + LINK_BATCH]
        for row in store.query("bulk/export_child_links", child_ids=batch):
            child_id = row["child_id"]
            cares_for += [
                complete("cares_for", {**x, "child_id": child_id}) for x in row["cares_for"]
            ]
            residences += [
                complete("residence", {**x, "child_id": child_id}) for x in row["residences"]
            ]
            involvements += [
                complete("involvement", {**x, "child_id": child_id}) for x in row["involvements"]
            ]
            same_as += [
                complete("same_as", {**x, "child_id": child_id})
                for x in row["same_as"]
                if x["other_id"] in in_area
            ]
    agency_ids = {row["id"] for row in store.query("bulk/list_agencies_in_la", la=la)}
    agency_ids |= {inv["agency_id"] for inv in involvements}
    agencies = store.query("bulk/export_agencies", ids=sorted(agency_ids))
    works_for = store.query("bulk/export_works_for", agency_ids=sorted(agency_ids))
    practitioner_ids = {row["practitioner_id"] for row in works_for}
    practitioner_ids |= {inv["practitioner_id"] for inv in involvements if inv["practitioner_id"]}
    practitioner_ids |= {p for inv in involvements for p in inv["info_acknowledged_by"] or []}
    practitioners = store.query("bulk/export_practitioners", ids=sorted(practitioner_ids))
    carer_ids = sorted({link["carer_id"] for link in cares_for})
    carers = store.query("bulk/export_carers", ids=carer_ids)
    codes = {la} | {row["la"] for row in agencies} | {r["la"] for r in residences}
    authorities = store.query("bulk/export_local_authorities", ids=sorted(codes))

    yield from _sorted("local_authority", authorities, ("code",))
    yield from _sorted("agency", agencies, ("id",))
    yield from _sorted("practitioner", practitioners, ("id",))
    yield from _sorted("works_for", works_for, ("practitioner_id", "agency_id"))
    yield from (complete("child", row) for row in children)
    yield from _sorted("carer", carers, ("id",))
    yield from _sorted("cares_for", cares_for, ("child_id", "carer_id"))
    yield from _sorted("residence", residences, ("child_id", "since", "id"))
    yield from _sorted("involvement", involvements, ("child_id", "since", "id"))
    yield from _sorted("same_as", same_as, ("child_id", "other_id"))


def _sorted(kind: str, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> Iterator[Record]:
    records = [row if row.get("record") == kind else complete(kind, row) for row in rows]
    records.sort(key=lambda r: tuple(str(r[k] or "") for k in keys))
    return iter(records)


def _csv_cell(field: str, value: Any) -> str:
    if value is None:
        return ""
    if field in LIST_FIELDS:
        for item in value:
            if CSV_LIST_SEPARATOR in str(item):
                raise RuleViolation(
                    field, f"{item!r} holds {CSV_LIST_SEPARATOR!r}; export this area as jsonl"
                )
        return CSV_LIST_SEPARATOR.join(str(item) for item in value)
    if field in BOOL_FIELDS:
        return "true" if value else "false"
    return str(value)


def export_lines(store: GraphStore, la: str, fmt: Literal["jsonl", "csv"]) -> Iterator[str]:
    """The export as lines of text, each ending in a newline (CSV starts with its header)."""
    if fmt == "jsonl":
        for record in export_records(store, la):
            yield json.dumps(compact(record), ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for record in export_records(store, la):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([record["record"]] + [_csv_cell(c, record.get(c)) for c in CSV_COLUMNS[1:]])
        yield buffer.getvalue()
