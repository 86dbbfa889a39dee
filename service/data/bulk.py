"""Batched loading of records into the graph: UNWIND queries over lists of rows.

Records are grouped per kind into rows laid out as their query's `// row:` header says. Once
FLUSH_BATCHES batches' worth of rows wait, every group is written, in batches, in dependency
order (local authorities before their agencies, children before their involvements...), so a
batch never refers to a record still waiting in a later one; waiting for several batches' worth
keeps the smaller groups' batches large, and an engine call has a fixed cost. Writes run on a
background thread: while the engine works on one batch, the caller builds the next (the engine
client waits on its socket without holding the GIL).

Import queries MERGE on an indexed id (or on an edge's two ends). An import scoped to one local
authority passes it as `$la`, and each query checks, in the same statement as its write, that a
row touches only that authority's records as the index holds them (see cypher/bulk/merge_*);
each returns the `line`s it applied, so the importer reports the others. With an auditor, every
batch statement also appends its own audit event naming the children in it (the audit frame,
service.store.catalog.get_audited_query): a load cut short leaves each loaded batch with its
event. Seed queries for nodes MERGE
too, setting properties only ON CREATE; seed queries for edges look among the edges between the
two ends and CREATE the edge only if it is missing (about twice as fast on FalkorDB as MERGE and
SET). Either way a re-run changes nothing and an interrupted run, run again, completes without
duplicates.

On FalkorDB a batch of rows is sent as JSON text (see _JsonRows): the client's own conversion of
parameters runs in Python, a value at a time: ~8 µs a row against ~2 µs for JSON (measured).

A seed into a FalkorDB graph that holds no child and no carer yet skips queries for its children,
carers and their links: they go in through FalkorDB's bulk insert (GRAPH.BULK), binary rows the
engine adds without planning, matching or checking anything (a third of the engine time the
queries take: 5 s of engine CPU instead of 17 s for 100k children, measured). There is nothing
to check: the seed's ids are new and unique. Edges name their ends by the engine's node ids,
learnt as nodes are created (see _NativeIds).
A re-run, or a run resumed after an interruption, finds children or carers and so takes the
checking queries, as before. Local authorities, agencies, practitioners and employment always
go through their queries (few rows, and a run interrupted before its first child leaves them).
"""

import json
import queue
import struct
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from operator import itemgetter
from typing import Any, Protocol

from service.data.records import FIELDS, Record, timestamp
from service.errors import CatalogError, EngineError
from service.store.catalog import get_query
from service.store.engines.base import Row
from service.store.engines.falkor import FalkorEngine
from service.store.graph_store import AuditStamp, GraphStore, utc_now

LINE = "line"
"""A row column that is no field of the record: the line of the file it came from (imports),
which a query returns for each row it applied."""
_CHILD_COLUMNS = ("child_id", "other_id")
"""Columns naming a child a row concerns (besides a child record's own `id`)."""


class BatchAuditor(Protocol):
    """Writes a batch together with its audit event (service.data.importer.ImportAudit)."""

    def write(
        self, lane: str, rows: int, child_ids: Sequence[str], run: Callable[[AuditStamp], Any]
    ) -> Any: ...


class Mode(StrEnum):
    SEED = "seed"
    """Trusted generated rows: create what is missing, leave what exists (fastest)."""
    IMPORT = "import"
    """Validated rows from a file: create or update, bumping versions and timestamps on change."""


# One lane per query, in dependency order. Involvements split by who holds them.
_LANES: tuple[tuple[str, str, str], ...] = (
    # (lane, seed query, import query)
    ("local_authority", "bulk/merge_local_authorities", "bulk/merge_local_authorities"),
    ("agency", "bulk/merge_agencies", "bulk/merge_agencies"),
    ("practitioner", "bulk/merge_practitioners", "bulk/merge_practitioners"),
    ("works_for", "bulk/merge_works_for", "bulk/merge_works_for"),
    ("child", "bulk/create_children", "bulk/merge_children"),
    ("carer", "bulk/create_carers", "bulk/merge_carers"),
    ("cares_for", "bulk/create_cares_for", "bulk/merge_cares_for"),
    ("residence", "bulk/create_residences", "bulk/merge_residences"),
    (
        "practitioner_involvement",
        "bulk/create_practitioner_involvements",
        "bulk/merge_practitioner_involvements",
    ),
    ("agency_involvement", "bulk/create_agency_involvements", "bulk/merge_agency_involvements"),
    ("same_as", "bulk/merge_same_as", "bulk/merge_same_as"),
)
LANE_ORDER: tuple[str, ...] = tuple(lane for lane, _, _ in _LANES)


FLUSH_BATCHES = 8
"""Rows waiting, in batches, before every group is written (measured: larger batches load
faster; a child brings about eight rows, so children fill their batches at about this)."""


def lane_of(record: Record) -> str:
    kind: str = record["record"]
    if kind == "involvement":
        return "practitioner_involvement" if record["practitioner_id"] else "agency_involvement"
    return kind


def _kind_of_lane(lane: str) -> str:
    return "involvement" if lane.endswith("_involvement") else lane


@dataclass(frozen=True)
class BulkQuery:
    name: str
    columns: tuple[str, ...]
    takes_now: bool
    row: Callable[[Record], tuple[Any, ...]]
    takes_la: bool = False

    @property
    def has_line(self) -> bool:
        return bool(self.columns) and self.columns[-1] == LINE

    def child_columns(self, lane: str) -> tuple[int, ...]:
        """Where a row of this query names a child."""
        names = ("id", *_CHILD_COLUMNS) if lane == "child" else _CHILD_COLUMNS
        return tuple(i for i, column in enumerate(self.columns) if column in names)


def _columns(name: str, text: str) -> tuple[str, ...]:
    for line in text.splitlines():
        if line.startswith("// row:"):
            return tuple(col.strip() for col in line.removeprefix("// row:").split(","))
    raise CatalogError(f"bulk query {name!r} does not declare its row layout (// row: ...)")


@cache
def bulk_query(lane: str, mode: Mode, dialect: str) -> BulkQuery:
    """The query a lane is written with, and how a record becomes one of its rows."""
    seed_name, import_name = next((s, i) for name, s, i in _LANES if name == lane)
    name = seed_name if mode is Mode.SEED else import_name
    query = get_query(name, dialect)
    columns = _columns(name, query.text)
    fields = columns[:-1] if columns and columns[-1] == LINE else columns
    unknown = set(fields) - set(FIELDS[_kind_of_lane(lane)])
    if unknown:
        raise CatalogError(f"bulk query {name!r} reads fields no record has: {sorted(unknown)}")
    if query.params - {"rows", "now", "la"}:
        raise CatalogError(f"bulk query {name!r} takes parameters other than $rows, $now, $la")
    getter = itemgetter(*fields)
    row: Callable[[Record], tuple[Any, ...]] = getter
    if fields != columns:

        def row(record: Record) -> tuple[Any, ...]:
            return (*getter(record), record.get(LINE))

    return BulkQuery(
        name=name,
        columns=columns,
        takes_now="now" in query.params,
        row=row,
        takes_la="la" in query.params,
    )


@dataclass
class LoadStats:
    written: dict[str, int] = field(default_factory=dict)
    """Rows sent, per record kind."""
    loaded: dict[str, int] = field(default_factory=dict)
    """Rows the engine applied, per record kind (fewer when a referenced record was missing)."""
    seconds: float = 0.0
    method: str = "queries"
    """How children, carers and their links were written: "queries" or "bulk insert"."""
    refused_lines: list[int] = field(default_factory=list)
    """Lines of rows sent but not applied (a scoped import's check refused them, or a record
    they refer to had gone)."""

    @property
    def rows(self) -> int:
        return sum(self.written.values())

    @property
    def skipped(self) -> int:
        return self.rows - sum(self.loaded.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False, allow_nan=False)


class _JsonRows(Sequence[Any]):
    """A batch of rows that the FalkorDB client writes into the query as ready-made text.

    The client turns a parameter into Cypher literal text itself (falkordb.helpers.
    stringify_param_value), in Python, a value at a time; any value that is not a string, list,
    dict or None it writes as `str(value)`. JSON text of rows of strings, numbers, booleans, None
    and lists is the same Cypher literal, made in C. Still a sequence of the rows, for anything
    else that reads it."""

    __slots__ = ("_rows", "_text")

    def __init__(self, rows: list[Any], text: str) -> None:
        self._rows = rows
        self._text = text

    @classmethod
    def of(cls, rows: list[Any]) -> "Sequence[Any]":
        """The rows as JSON text, or the plain rows when JSON would not read back the same in
        Cypher (FalkorDB does not read \\u escapes, which JSON uses for control characters;
        NaN has no JSON form)."""
        try:
            text = _JSON.encode(rows)
        except ValueError:
            return rows
        return rows if "\\u" in text else cls(rows, text)

    def __str__(self) -> str:
        return self._text

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index: Any) -> Any:
        return self._rows[index]


# --- FalkorDB's bulk insert ---------------------------------------------------------------------

_PACK_LONG = struct.Struct("<q").pack
_PACK_DOUBLE = struct.Struct("<d").pack
_PACK_ENDS = struct.Struct("<QQ").pack


def _binary(value: Any) -> bytes:
    """One property value as GRAPH.BULK reads it: a type byte, then the value (strings end with
    NUL; a null is not stored, as CREATE stores none)."""
    kind = type(value)
    if kind is str:
        text: str = value
        if "\x00" in text:
            raise ValueError("a text holding a NUL character cannot be bulk inserted")
        return b"\x03" + text.encode() + b"\x00"
    if value is None:
        return b"\x00"
    if kind is bool:
        return b"\x01\x01" if value else b"\x01\x00"
    if kind is int:
        return b"\x04" + _PACK_LONG(value)
    if kind is float:
        return b"\x02" + _PACK_DOUBLE(value)
    if kind is list or kind is tuple:
        items: bytes = b"".join(map(_binary, value))
        return b"\x05" + _PACK_LONG(len(value)) + items
    raise TypeError(f"no bulk-insert form for a {kind.__name__}")


class _NotText(Exception):
    pass


def _list_text(value: Any) -> str:
    """A short list of texts as _payload writes it; anything else _payload cannot write."""
    if type(value) is list:
        if not value:
            return _EMPTY_LIST
        if len(value) < 128 and all(type(t) is str and "\x00" not in t for t in value):
            # its length fits one ASCII character
            return (
                "\x05"
                + chr(len(value))
                + "\x00" * 7
                + "".join(["\x03" + t + "\x00" for t in value])
            )
    elif type(value) is str:
        raise ValueError("a text holding a NUL character cannot be bulk inserted")
    raise _NotText


_EMPTY_LIST = "\x05" + "\x00" * 8


def _payload(values: tuple[Any, ...]) -> bytes:
    """Property values as _binary writes them, one after another. Type bytes and booleans are
    ASCII, so a row of texts, nulls, booleans and short lists of texts is built as one string and
    encoded once (~1.5x faster than value by value, measured); other rows go value by value."""
    try:
        return "".join(
            [
                "\x03" + v + "\x00"
                if type(v) is str and "\x00" not in v
                else "\x00"
                if v is None
                else ("\x01\x01" if v else "\x01\x00")
                if type(v) is bool
                else _list_text(v)
                for v in values
            ]
        ).encode()
    except _NotText:
        return b"".join(map(_binary, values))


@dataclass(frozen=True)
class NativeLane:
    """How a seed lane is bulk inserted: what the lane's create_* query would store."""

    name: str
    """Node label or edge type."""
    properties: tuple[str, ...]
    """Stored properties, each from the record field of the same name."""
    ends: tuple[tuple[str, str], tuple[str, str]] | None = None
    """An edge's ends: (label, record field holding its id) at the source, then the target."""
    constants: tuple[tuple[str, Any], ...] = ()
    """Properties every node of the lane gets (a new child's version)."""

    @property
    def header(self) -> bytes:
        names = (*self.properties, *(name for name, _ in self.constants))
        return (
            self.name.encode()
            + b"\x00"
            + struct.pack("<I", len(names))
            + b"".join(name.encode() + b"\x00" for name in names)
        )

    def extractor(self) -> Callable[[Record], tuple[Any, ...]]:
        """Record -> (node id, values) for a node, (source id, target id, values) for an edge:
        the lane's rows until encode() makes them binary."""
        values = itemgetter(*self.properties)
        if self.ends is None:

            def node(record: Record) -> tuple[Any, ...]:
                return record["id"], values(record)

            return node
        ends = itemgetter(self.ends[0][1], self.ends[1][1])

        def edge(record: Record) -> tuple[Any, ...]:
            return *ends(record), values(record)

        return edge

    def encode(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Rows from extractor() with their values as GRAPH.BULK reads them."""
        if self.ends is None:
            tail = b"".join(_binary(value) for _, value in self.constants)
            return [(key, _payload(values) + tail) for key, values in rows]
        return [(src, dst, _payload(values)) for src, dst, values in rows]


_RESIDENCE = (
    "id", "since", "until", "address_line", "postcode", "from_la", "recorded_at", "accepted_at",
    "accepted_by",
)  # fmt: skip
_INVOLVEMENT = (
    "id", "agency_id", "service", "since", "until", "lead_professional", "assessment_kind",
    "assessment_date", "info_to_share", "info_to_share_since", "info_acknowledged_by", "consent",
    "recorded_by", "updated_at",
)  # fmt: skip
_CHILD_END = ("Child", "child_id")
NATIVE_LANES: dict[str, NativeLane] = {
    "child": NativeLane("Child", FIELDS["child"], constants=(("version", 1),)),
    "carer": NativeLane("Carer", FIELDS["carer"]),
    "cares_for": NativeLane(
        "CARES_FOR",
        ("relationship", "parental_responsibility", "lives_with", "since", "until"),
        ends=(("Carer", "carer_id"), _CHILD_END),
    ),
    "residence": NativeLane("RESIDENT_IN", _RESIDENCE, ends=(_CHILD_END, ("LocalAuthority", "la"))),
    "practitioner_involvement": NativeLane(
        "INVOLVED_WITH", _INVOLVEMENT, ends=(("Practitioner", "practitioner_id"), _CHILD_END)
    ),
    "agency_involvement": NativeLane(
        "INVOLVED_WITH", _INVOLVEMENT, ends=(("Agency", "agency_id"), _CHILD_END)
    ),
}
"""The seed lanes bulk inserted into a graph without children or carers; each stores what its
create_* query does (tests/integration/test_bulk_native.py compares the two)."""

_NODE_IDS = {
    "Child": "bulk/node_ids_children",
    "Carer": "bulk/node_ids_carers",
    "Practitioner": "bulk/node_ids_practitioners",
    "Agency": "bulk/node_ids_agencies",
    "LocalAuthority": "bulk/node_ids_local_authorities",
}
_LOOKUP_BATCH = 5000


class _NativeIds:
    """The engine's node ids of records, by label and record id, for joining new edges.

    Children and carers are learnt as they are created, and kept for two flushes: the generator
    writes a child's links right after it, and its carers just before. Anything else (agencies,
    practitioners, local authorities, or a child from longer ago) is asked of the engine once,
    and kept while the load runs (agencies and practitioners are few)."""

    ROTATED = ("Child", "Carer")

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._known: dict[str, dict[str, int]] = {label: {} for label in _NODE_IDS}
        self._previous: dict[str, dict[str, int]] = {label: {} for label in self.ROTATED}

    def next_flush(self) -> None:
        for label in self.ROTATED:
            self._previous[label] = self._known[label]
            self._known[label] = {}

    def get(self, label: str, key: Any) -> int | None:
        found = self._known[label].get(key)
        if found is None and label in self._previous:
            found = self._previous[label].get(key)
        return found

    def created(self, label: str, keys: list[str]) -> None:
        """Learn the ids of nodes just created, in order. One bulk insert gives its nodes
        consecutive ids unless it refilled slots of deleted nodes: the engine checks that the
        ids from the first one's hold exactly these nodes, else every id is asked for."""
        if not keys:
            return
        first = self._lookup(label, keys[:1]).get(keys[0])
        if first is not None:
            rows = self._store.query("bulk/node_ids_match", first=first, ids=_JsonRows.of(keys))
            if rows and rows[0]["matching"] == len(keys):
                self._known[label].update(zip(keys, range(first, first + len(keys)), strict=True))
                return
        self._known[label].update(self._lookup(label, keys))

    def resolve(self, label: str, keys: Iterable[Any]) -> None:
        """Ask the engine for whichever of `keys` are not known yet."""
        missing = {key for key in keys if key is not None and self.get(label, key) is None}
        if missing:
            self._known[label].update(self._lookup(label, sorted(missing)))

    def _lookup(self, label: str, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(keys), _LOOKUP_BATCH):
            batch = _JsonRows.of(keys[start : start + _LOOKUP_BATCH])
            rows = self._store.query(_NODE_IDS[label], ids=batch)
            found.update((row["key"], int(row["node"])) for row in rows)
        return found


def holds_people(store: GraphStore) -> bool:
    """Whether the graph holds any child or carer (a seed into one that does checks each row)."""
    rows = store.query("bulk/holds_people")
    return bool(rows) and (rows[0]["children"] is not None or rows[0]["carers"] is not None)


Job = list[tuple[str, list[tuple[Any, ...]]]]
"""Batches of rows, per lane, in dependency order: what one flush hands the writer."""


def row_makers(mode: Mode, dialect: str, *, native: bool) -> dict[str, Callable[[Record], Any]]:
    """How a record becomes a row of its lane: its query's columns, or a native lane's
    extractor (BulkLoader.write encodes those)."""
    rows: dict[str, Callable[[Record], Any]] = {
        lane: bulk_query(lane, mode, dialect).row for lane in LANE_ORDER
    }
    if native:
        rows.update((lane, spec.extractor()) for lane, spec in NATIVE_LANES.items())
    return rows


class Batcher:
    """The caller's side of a load: records grouped per lane into rows, handed out in batches
    once FLUSH_BATCHES batches' worth wait. Needs no engine, so it can run in another process
    (service.data.seed)."""

    def __init__(self, rows: dict[str, Callable[[Record], Any]], batch_size: int) -> None:
        self._rows = rows
        self._size = batch_size
        self._limit = batch_size * FLUSH_BATCHES
        self._buffers: dict[str, list[Any]] = {lane: [] for lane in LANE_ORDER}
        self._waiting = 0

    def add(self, record: Record) -> Job | None:
        """Take a record; return a job when it is time to write one."""
        lane = record["record"]
        if lane == "involvement":  # lane_of, inline: this runs for every record
            lane = "practitioner_involvement" if record["practitioner_id"] else "agency_involvement"
        self._buffers[lane].append(self._rows[lane](record))
        self._waiting += 1
        if self._waiting >= self._limit:
            return self.take()
        return None

    def take(self) -> Job | None:
        """Every waiting row, in batches, in dependency order (None: nothing waits)."""
        size = self._size
        job = [
            (lane, rows[start : start + size])
            for lane, rows in self._buffers.items()
            for start in range(0, len(rows), size)
        ]
        if not job:
            return None
        self._buffers = {lane: [] for lane in LANE_ORDER}
        self._waiting = 0
        return job


class BulkLoader:
    """Collects records and writes them in batches; use as a context manager, or call close()."""

    def __init__(
        self,
        store: GraphStore,
        *,
        mode: Mode,
        batch_size: int = 5000,
        progress: Callable[[int], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
        native: bool | None = None,
        la: str | None = None,
        auditor: BatchAuditor | None = None,
    ) -> None:
        """`native`: bulk insert the seed's children, carers and links (FalkorDB, seed mode
        only); None decides by whether the graph holds any child or carer yet. `la`: write
        only that local authority's records (imports). `auditor`: each batch with its audit
        event."""
        self._store = store
        self._mode = mode
        self._la = la
        self._auditor = auditor
        self._progress = progress
        self._clock = clock
        dialect = self.dialect = store.engine.dialect
        self._as_json = dialect == "falkordb"
        self._queries = {lane: bulk_query(lane, mode, dialect) for lane in LANE_ORDER}
        can_native = mode is Mode.SEED and isinstance(store.engine, FalkorEngine)
        if native is None:
            native = can_native and not holds_people(store)
        elif native and not can_native:
            raise ValueError("only a seed into FalkorDB can be bulk inserted")
        if mode is Mode.SEED and (la is not None or auditor is not None):
            raise ValueError("a seed is neither scoped nor audited: import instead")
        self.native = native
        self._native_ids = _NativeIds(store) if native else None
        self._batcher = Batcher(row_makers(mode, dialect, native=native), batch_size)
        self.stats = LoadStats(method="bulk insert" if native else "queries")
        self._started = time.perf_counter()
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=2)
        self._failure: BaseException | None = None
        self._writer = threading.Thread(target=self._write_jobs, name="bulk-writer", daemon=True)
        self._writer.start()
        self._closed = False

    def __enter__(self) -> "BulkLoader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(abandon=exc[0] is not None)

    # --- the caller's side ---------------------------------------------------------------------

    def add(self, record: Record) -> None:
        job = self._batcher.add(record)
        if job is not None:
            self.write(job)

    def add_all(self, records: Iterable[Record]) -> None:
        for record in records:
            self.add(record)

    def flush(self) -> None:
        """Hand every non-empty group to the writer, in dependency order."""
        job = self._batcher.take()
        if job is not None:
            self.write(job)

    def write(self, job: Job) -> None:
        """Hand the writer a job made by a Batcher with this loader's row_makers (waits while
        two are queued). Bulk-inserted rows are encoded here, on the caller's thread: with the
        generator in another process (service.data.seed), this thread is otherwise idle, and
        encoding here overlaps the engine's work on the previous job."""
        self._raise_failure()
        if self.native:
            job = [
                (lane, NATIVE_LANES[lane].encode(rows) if lane in NATIVE_LANES else rows)
                for lane, rows in job
            ]
        self._put(job)

    def close(self, *, abandon: bool = False) -> LoadStats:
        """Write what is left (unless abandoning after an error), wait for the writer, and
        return the figures. Raises the writer's error if a batch failed."""
        if self._closed:
            return self.stats
        self._closed = True
        try:
            if not abandon:
                self.flush()
        finally:
            self._put(None)
            self._writer.join()
        self.stats.seconds = time.perf_counter() - self._started
        if not abandon:
            self._raise_failure()
        return self.stats

    def _put(self, job: Job | None) -> None:
        while True:
            try:
                self._jobs.put(job, timeout=0.5)
                return
            except queue.Full:
                if not self._writer.is_alive():
                    self._raise_failure()
                    return

    def _raise_failure(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            self._closed = True
            raise failure

    # --- the writer thread ---------------------------------------------------------------------

    def _write_jobs(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if self._failure is not None:
                continue  # drain: the caller will see the first failure
            try:
                if self._native_ids is not None:
                    self._native_ids.next_flush()
                for lane, rows in job:
                    self._write(lane, rows)
            except BaseException as e:  # handed to the caller's thread, which raises it
                self._failure = e

    def _write(self, lane: str, rows: list[tuple[Any, ...]]) -> None:
        if self._native_ids is not None and lane in NATIVE_LANES:
            loaded = self._insert(NATIVE_LANES[lane], rows, self._native_ids)
        else:
            query = self._queries[lane]
            params: dict[str, Any] = {"now": timestamp(self._clock())} if query.takes_now else {}
            if query.takes_la:
                params["la"] = self._la
            batch = _JsonRows.of(rows) if self._as_json else rows
            result = self._written(lane, query, rows, batch, params)
            loaded = int(result[0]["loaded"]) if result else 0
            if query.has_line:
                applied = set(result[0]["applied"]) if result else set()
                self.stats.refused_lines += [
                    row[-1] for row in rows if row[-1] is not None and row[-1] not in applied
                ]
        kind = _kind_of_lane(lane)
        self.stats.written[kind] = self.stats.written.get(kind, 0) + len(rows)
        self.stats.loaded[kind] = self.stats.loaded.get(kind, 0) + loaded
        if self._progress is not None:
            self._progress(len(rows))

    def _written(
        self,
        lane: str,
        query: BulkQuery,
        rows: list[tuple[Any, ...]],
        batch: Sequence[Any],
        params: dict[str, Any],
    ) -> list[Row]:
        if self._auditor is None:
            return self._store.write_batch(query.name, batch, **params)
        columns = query.child_columns(lane)
        child_ids = list(dict.fromkeys(row[i] for row in rows for i in columns if row[i]))
        result: list[Row] = self._auditor.write(
            lane,
            len(rows),
            child_ids,
            lambda stamp: self._store.write_batch(query.name, batch, audit=stamp, **params),
        )
        return result

    def _insert(self, spec: NativeLane, rows: list[tuple[Any, ...]], ids: _NativeIds) -> int:
        """Bulk insert one batch of a native lane; return how many rows it created."""
        engine = self._store.engine
        assert isinstance(engine, FalkorEngine)
        if spec.ends is None:
            keys = [row[0] for row in rows]
            if not all(type(key) is str for key in keys) or len(set(keys)) != len(keys):
                raise EngineError(f"{spec.name} rows need distinct ids to be created")
            blob = spec.header + b"".join(row[1] for row in rows)
            engine.bulk_insert(nodes=len(rows), edges=0, node_blobs=[blob], edge_blobs=[])
            ids.created(spec.name, keys)
            return len(rows)
        (source, _), (target, _) = spec.ends
        ids.resolve(source, (row[0] for row in rows))
        ids.resolve(target, (row[1] for row in rows))
        get = ids.get
        edges = []
        for src, dst, payload in rows:
            a, b = get(source, src), get(target, dst)
            if a is not None and b is not None:  # rows naming an unknown record are skipped
                edges.append(_PACK_ENDS(a, b) + payload)
        if edges:
            blob = spec.header + b"".join(edges)
            engine.bulk_insert(nodes=0, edges=len(edges), node_blobs=[], edge_blobs=[blob])
        return len(edges)


def load_records(
    store: GraphStore,
    records: Iterable[Record],
    *,
    mode: Mode,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> LoadStats:
    """Load every record; return what was written and applied per kind."""
    with BulkLoader(store, mode=mode, batch_size=batch_size, progress=progress) as loader:
        loader.add_all(records)
    return loader.stats
