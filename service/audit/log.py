"""The audit log, kept in the graph engine as a hash chain of `AuditEvent` nodes.

Each event's hash is SHA-256 over a canonical JSON of its stored properties (the previous
event's hash among them), computed here. An append is one statement that re-checks the head it
was computed on (compare-and-set on the sequence number and hash), so appends from many threads
or processes line up into one chain and never fork; a lost race is retried on the fresh head.
Within a process, events arriving together are written together (group commit). The log works
the same on both engines and across API processes.

A write of data carries its own event (`write`): the store runs the write inside the audit
frame (cypher/audit/audited_write.cypher), so the change and its event are one statement and
one cannot exist without the other. Those writes take the same lock as the group commit, so a
process computes each event on the head it last wrote.
"""

import hashlib
import json
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, UTC, datetime
from typing import Any, TypeVar

from service.errors import AuditHeadMoved, ChildIndexError, EngineError, EngineUnavailable
from service.progress import ScanProgress
from service.store.graph_store import AuditStamp, GraphStore, utc_now

T = TypeVar("T")

GENESIS_HASH = "0" * 64
MAX_APPEND_ATTEMPTS = 50
VERIFY_PAGE = 1000


class AuditUnavailable(EngineUnavailable):
    """The audit trail could not be written, so the request it records must fail (fail closed)."""

    code = "audit_unavailable"


@dataclass(frozen=True)
class AuditEntry:
    """What a request did, as the audit trail records it."""

    user: str
    roles: Sequence[str]
    action: str
    outcome: str
    """ok, denied, not_found, invalid or error."""
    status: int | None = None
    child_ids: Sequence[str] = ()
    reason: str | None = None
    search: Mapping[str, Any] | None = None
    """The search terms, as given."""
    returned_ids: Sequence[str] = ()
    detail: str | None = None


def canonical(value: Any) -> str:
    """One text for one value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _stored_form(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The event as the engines store it: no nulls (a null property does not exist) and no
    empty lists (not every engine stores them)."""
    return {k: v for k, v in fields.items() if v is not None and v != []}


def event_hash(stored: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an event's stored properties, except its own hash."""
    body = {k: v for k, v in _stored_form(stored).items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    head_seq: int | None
    first_bad_seq: int | None = None
    problem: str | None = None


@dataclass
class _Head:
    seq: int
    hash: str


@dataclass
class _Ticket:
    """One event waiting to be written, and what became of it."""

    props: dict[str, Any]
    id: str
    seq: int | None = None
    error: AuditUnavailable | None = None
    finished: bool = False


@dataclass(frozen=True)
class EventQuery:
    child_id: str | None = None
    user: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: int | None = None
    """Page cursor: only events with a smaller sequence number."""
    limit: int = 50


def iso(moment: datetime) -> str:
    """Timestamps as stored: UTC, milliseconds, so that string order is time order. A moment
    that leaves the calendar once moved to UTC (year 1 east of UTC, year 9999 west) is its
    first or last instant: as a bound of a period it means the same."""
    try:
        return moment.astimezone(UTC).isoformat(timespec="milliseconds")
    except OverflowError:
        edge = datetime.min if moment.year < MAXYEAR // 2 else datetime.max
        return edge.replace(tzinfo=UTC).isoformat(timespec="milliseconds")


class AuditLog:
    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock
        self._write_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Ticket] = []
        self._head: _Head | None = None

    # --- writing -----------------------------------------------------------------------------

    def _read_head(self) -> _Head:
        rows = self._store.query("audit/get_head")
        if not rows:
            rows = self._store.write("audit/init_head", genesis=GENESIS_HASH)
        return _Head(seq=int(rows[0]["seq"]), hash=str(rows[0]["hash"]))

    def append(self, entry: AuditEntry) -> int:
        """Append one event; return its sequence number. Raises AuditUnavailable if it cannot
        be written: the caller must then fail the request it was recording.

        Group commit: events that arrive while a write is in flight go together in the next
        one, so concurrent requests share a statement (and the engine's sync to disk) instead
        of queueing one write each."""
        ticket = _Ticket(props=self._stored(entry), id=uuid.uuid4().hex)
        with self._queue_lock:
            self._queue.append(ticket)
        with self._write_lock:
            if not ticket.finished:  # nobody took it into their batch: write what is waiting
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                self._write(batch)
        if ticket.error is not None:
            raise ticket.error
        assert ticket.seq is not None
        return ticket.seq

    def _stored(self, entry: AuditEntry) -> dict[str, Any]:
        return _stored_form(
            {
                "at": iso(self._clock()),
                "user": entry.user,
                "roles": sorted(entry.roles),
                "action": entry.action,
                "outcome": entry.outcome,
                "status": entry.status,
                "child_ids": list(dict.fromkeys(entry.child_ids)),
                "reason": entry.reason,
                "search": canonical(dict(entry.search)) if entry.search is not None else None,
                "returned_ids": list(dict.fromkeys(entry.returned_ids)),
                "detail": entry.detail,
            }
        )

    def _write(self, batch: list["_Ticket"]) -> None:
        """Write a batch as the next events of the chain; every ticket ends finished, with its
        sequence number or with the error that kept it out."""
        error: AuditUnavailable | None = None
        try:
            for _ in range(MAX_APPEND_ATTEMPTS):
                head = self._head or self._read_head()
                seq, prev_hash, events = head.seq, head.hash, []
                for ticket in batch:
                    seq += 1
                    stored = {**ticket.props, "id": ticket.id, "seq": seq, "prev_hash": prev_hash}
                    prev_hash = event_hash(stored)
                    ticket.seq = seq
                    events.append(
                        {
                            "id": ticket.id,
                            "props": {**stored, "hash": prev_hash},
                            "child_ids": ticket.props.get("child_ids", []),
                        }
                    )
                rows = self._store.write(
                    "audit/append_events",
                    lock=batch[0].id,
                    expected_seq=head.seq,
                    prev_hash=head.hash,
                    events=events,
                    last_seq=seq,
                    last_hash=prev_hash,
                )
                if rows and rows[0]["appended"] == len(batch):
                    self._head = _Head(seq=seq, hash=prev_hash)
                    break
                self._head = None  # another process appended first: start from its head
            else:
                error = AuditUnavailable(
                    f"the audit trail could not be appended to after {MAX_APPEND_ATTEMPTS} attempts"
                )
        except ChildIndexError as e:
            self._head = None
            error = AuditUnavailable(f"the audit trail cannot be written: {e}")
            error.__cause__ = e
        for ticket in batch:
            ticket.error = error
            if error is not None:
                ticket.seq = None
            ticket.finished = True

    def write(
        self,
        entry: AuditEntry,
        run: Callable[[AuditStamp], T],
        *,
        request_key: str | None = None,
        request_hash: str | None = None,
    ) -> T:
        """Make a write together with its event: `run` passes the stamp to the store method,
        whose statement writes both or neither. If the chain's head moved since the event was
        computed, nothing was written and it is computed afresh and run again. A request key
        (a user's Idempotency-Key) already used makes the store raise RequestKeyUsed."""
        props = self._stored(entry)
        if request_key is not None:
            props.update(request_key=request_key, request_hash=request_hash)
        event_id = uuid.uuid4().hex
        with self._write_lock:
            for _ in range(MAX_APPEND_ATTEMPTS):
                head = self._head or self._read_head()
                stored = {**props, "id": event_id, "seq": head.seq + 1, "prev_hash": head.hash}
                digest = event_hash(stored)
                stamp = AuditStamp(
                    params={
                        "audit_lock": event_id,
                        "audit_key": request_key,
                        "audit_expected_seq": head.seq,
                        "audit_prev_hash": head.hash,
                        "audit_seq": head.seq + 1,
                        "audit_hash": digest,
                        "audit_event": {**stored, "hash": digest},
                        "audit_child_ids": props.get("child_ids", []),
                    }
                )
                try:
                    return run(stamp)
                except AuditHeadMoved:
                    self._head = None  # another process appended first: start from its head
                except EngineError:
                    self._head = None  # whether it was written is not known
                    raise
                finally:
                    if stamp.state == "written":
                        self._head = _Head(seq=head.seq + 1, hash=digest)
        raise AuditUnavailable(
            f"the audit trail could not be appended to after {MAX_APPEND_ATTEMPTS} attempts"
        )

    def earlier_request(self, request_key: str) -> dict[str, Any] | None:
        """The event of the request made earlier with this request key, if any."""
        rows = self._store.query("audit/get_event_by_request_key", request_key=request_key)
        return dict(rows[0]["event"]) if rows else None

    # --- reading -----------------------------------------------------------------------------

    def events(self, query: EventQuery) -> list[dict[str, Any]]:
        """Stored events, newest first, as dicts of their properties (`search` decoded).

        Each kind of filter has its own query, started at an index: the child's AuditSubject,
        the user, the start of a period, or (no filter) the sequence numbers just below the
        head, so that no listing sorts the whole trail. A period with an end is the exception: it
        reads the trail once (see cypher/audit/list_events_in_period.cypher)."""
        since = iso(query.since) if query.since else None
        until = iso(query.until) if query.until else None
        page = {"before": query.before, "limit": query.limit}
        if query.child_id is not None:
            rows = self._store.query(
                "audit/list_events_for_child",
                child_id=query.child_id,
                user=query.user,
                since=since,
                until=until,
                **page,
            )
        elif query.user is not None:
            rows = self._store.query(
                "audit/list_events_by_user", user=query.user, since=since, until=until, **page
            )
        elif until is None and since is not None:
            rows = self._store.query("audit/list_events_since", since=since, **page)
        elif until is not None:
            rows = self._store.query(
                "audit/list_events_in_period", since=since, until=until, **page
            )
        else:
            rows = self._recent(query.before, query.limit)
        events = []
        for row in rows:
            event = dict(row["event"])
            if isinstance(event.get("search"), str):
                event["search"] = json.loads(event["search"])
            events.append(event)
        return events

    def _recent(self, before: int | None, limit: int) -> list[dict[str, Any]]:
        """The newest `limit` events below sequence number `before` (default: all of them).

        Sequence numbers run 1, 2, 3, ... so one window of `limit` numbers is normally one
        page. Where events are missing (a trail someone has tampered with, which `verify`
        reports), the window widens, doubling, until the page is full or the chain's start is
        reached: an auditor still sees every event that is there."""
        if before is None:
            head = self._store.query("audit/get_head")
            if not head:
                return []
            before = int(head[0]["seq"]) + 1
        rows: list[dict[str, Any]] = []
        width = limit
        while len(rows) < limit and before > 1:
            start = max(1, before - width)
            rows += self._store.query(
                "audit/list_recent_events", first=start, before=before, limit=limit - len(rows)
            )
            before, width = start, width * 2
        return rows

    def _chain(self, last: int, progress: ScanProgress | None) -> Iterator[dict[str, Any]]:
        """Every event with a sequence number up to `last`, in order, a window at a time."""
        if progress is not None:
            progress.phase("verifying the audit trail", last)
        for after in range(0, last, VERIFY_PAGE):
            rows = self._store.query("audit/list_events_after", after=after, size=VERIFY_PAGE)
            for row in rows:
                yield dict(row["event"])
            if progress is not None:
                progress.advance(min(VERIFY_PAGE, last - after))

    def verify(self, progress: ScanProgress | None = None) -> VerifyReport:
        """Recompute the chain from the first event; name the first altered or missing one."""
        head_rows = self._store.query("audit/get_head")
        head = head_rows[0] if head_rows else None
        last = self._store.query("audit/get_last_seq")[0]["last"]
        extent = max(int(head["seq"]) if head else 0, last if isinstance(last, int) else 0)
        expected, prev_hash, checked = 1, GENESIS_HASH, 0

        def broken(seq: int, problem: str) -> VerifyReport:
            return VerifyReport(
                ok=False,
                checked=checked,
                head_seq=head["seq"] if head else None,
                first_bad_seq=seq,
                problem=problem,
            )

        for event in self._chain(extent, progress):
            seq = event.get("seq")
            if not isinstance(seq, int):
                return broken(
                    expected, f"an event without a sequence number follows {expected - 1}"
                )
            if seq < expected:
                return broken(seq, f"event {seq} appears twice")
            if seq > expected:
                return broken(expected, f"event {expected} is missing")
            if event_hash(event) != event.get("hash"):
                return broken(seq, f"event {seq} was altered: its hash does not recompute")
            if event.get("prev_hash") != prev_hash:
                return broken(
                    seq - 1,
                    f"event {seq - 1} was altered or replaced: event {seq} recorded another hash",
                )
            checked += 1
            expected, prev_hash = seq + 1, str(event["hash"])
        if head is None:
            if checked:
                return broken(checked, "the chain's head is missing")
            return VerifyReport(ok=True, checked=0, head_seq=None)
        if int(head["seq"]) > checked:
            return broken(
                checked + 1, f"event {checked + 1} is missing (the head is at {head['seq']})"
            )
        if int(head["seq"]) < checked or head["hash"] != prev_hash:
            return broken(checked, f"the chain's head does not match event {checked}")
        return VerifyReport(ok=True, checked=checked, head_seq=int(head["seq"]))
