"""Benchmark: the auditors' listings over a large trail, through `AuditLog.events`, against the
raw engine query, and against the single sort-everything query they replaced.

    .venv/bin/python -m bench.audit                      # 1,000,000 events, 50 pages a listing
    .venv/bin/python -m bench.audit --verify             # and the time to verify the chain

Every read of child data appends an event, so the trail grows by millions a month. The events
here are written straight into the graph (one UNWIND per 20,000), not one append at a time (a
million appends would take a quarter of an hour), but hashed and linked as appends link them,
so `--verify` can time `audit verify` over the whole chain. Prints a table and writes
bench/results/audit.json.
"""

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, LiteralString

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import print_table, summarise, write_json
from service.audit.log import GENESIS_HASH, AuditLog, EventQuery, event_hash, iso
from service.settings import EngineKind, Settings
from service.store.catalog import get_query
from service.store.engines import Engine, open_engine
from service.store.engines.base import Row
from service.store.graph_store import GraphStore

USERS = 5000
CHILDREN = 200_000
BATCH = 20_000
START = datetime(2026, 1, 1, tzinfo=UTC)
STEP = timedelta(seconds=7)
LIMIT = 50

WRITE_EVENTS: LiteralString = """
UNWIND $rows AS row
CREATE (e:AuditEvent)
SET e = row
WITH e, row
MERGE (s:AuditSubject {id: row.child_ids[0]})
CREATE (e)-[:ABOUT]->(s)
"""
WRITE_HEAD: LiteralString = "CREATE (:AuditHead {id: 'head', seq: $seq, hash: $hash})"

BEFORE: LiteralString = """
MATCH (e:AuditEvent)
WHERE ($user IS NULL OR e.user = $user)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
  AND ($before IS NULL OR e.seq < $before)
RETURN properties(e) AS event
ORDER BY e.seq DESC
LIMIT $limit
"""
"""The one listing query before this benchmark's queries: every filter in one text."""


def write_trail(engine: Engine, events: int) -> None:
    """A trail of `events` events that verifies: each hashed over its stored properties and
    linked to the one before, the head on the last."""
    prev_hash = GENESIS_HASH
    for first in range(0, events, BATCH):
        rows = []
        for seq in range(first + 1, min(events, first + BATCH) + 1):
            row: dict[str, object] = {
                "seq": seq,
                "id": f"ev-{seq}",
                "at": iso(START + seq * STEP),
                "user": f"user-{seq % USERS}",
                "roles": ["practitioner"],
                "action": "read_child",
                "outcome": "ok",
                "status": 200,
                "child_ids": [f"ch-{seq % CHILDREN}"],
                "reason": "strategy meeting, section 47 enquiry",
                "returned_ids": ["inv-1", "inv-2"],
                "prev_hash": prev_hash,
            }
            row["hash"] = prev_hash = event_hash(row)
            rows.append(row)
        engine.run(WRITE_EVENTS, {"rows": rows}, write=True)
    engine.run(WRITE_HEAD, {"seq": events, "hash": prev_hash}, write=True)


def listings(events: int, rng: random.Random) -> dict[str, Callable[[], EventQuery]]:
    """Each kind of listing an auditor asks for, with a random cursor or subject each time."""
    end = START + events * STEP

    def one_day() -> EventQuery:
        since = START + rng.randrange(events) * STEP
        return EventQuery(since=since, until=since + timedelta(days=1), limit=LIMIT)

    return {
        "newest page": lambda: EventQuery(limit=LIMIT),
        "page at a cursor": lambda: EventQuery(before=rng.randrange(LIMIT, events), limit=LIMIT),
        "one user": lambda: EventQuery(user=f"user-{rng.randrange(USERS)}", limit=LIMIT),
        "one child": lambda: EventQuery(child_id=f"ch-{rng.randrange(CHILDREN)}", limit=LIMIT),
        "the last day": lambda: EventQuery(since=end - timedelta(days=1), limit=LIMIT),
        "one day": one_day,
    }


class RecordingStore(GraphStore):
    """The store, keeping each named query a listing runs, so the same calls can be timed raw."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def query(self, name: str, **params: Any) -> list[Row]:
        self.calls.append((name, params))
        return super().query(name, **params)


def raw_call(store: RecordingStore, log: AuditLog, query: EventQuery) -> Callable[[], object]:
    """The engine calls the listing comes down to, learnt by running it once."""
    store.calls.clear()
    log.events(query)
    calls = [(get_query(name, store.engine.dialect).text, params) for name, params in store.calls]
    return lambda: [store.engine.run(text, params, write=False) for text, params in calls]


def before_call(engine: Engine, query: EventQuery) -> Callable[[], object] | None:
    if query.child_id is not None:
        return None  # the subject-access listing was already anchored on its child
    params: dict[str, object] = {
        "user": query.user,
        "since": iso(query.since) if query.since else None,
        "until": iso(query.until) if query.until else None,
        "before": query.before,
        "limit": query.limit,
    }
    return lambda: engine.run(BEFORE, params, write=False)


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=50, help="listings timed of each kind")
    parser.add_argument("--before-pages", type=int, default=5, help="of the replaced query")
    parser.add_argument("--verify", action="store_true", help="also time `audit verify`")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="ci-audit-"))  # short: the engine's unix socket
    handle = open_engine(Settings(engine=EngineKind.EMBEDDED, data_dir=data_dir, graph_name="a"))
    try:
        store = RecordingStore(handle.engine)
        store.apply_schema()
        started = time.perf_counter()
        write_trail(handle.engine, args.events)
        print(f"{args.events:,} events written in {time.perf_counter() - started:.1f} s")
        log = AuditLog(store)
        rng = random.Random(7)
        rows: list[dict[str, Any]] = []
        for kind, make in listings(args.events, rng).items():
            listed: list[float] = []
            raw: list[float] = []
            before: list[float] = []
            for n in range(args.pages):
                query = make()
                raw.append(timed(raw_call(store, log, query)))
                listed.append(timed(partial(log.events, query)))
                old = before_call(handle.engine, query)
                if old is not None and n < args.before_pages:
                    before.append(timed(old))
            stats = summarise(listed)
            raw_p50 = summarise(raw)["p50_ms"]
            rows.append(
                {
                    "listing": kind,
                    **stats,
                    "raw_p50_ms": raw_p50,
                    "ratio": round(stats["p50_ms"] / raw_p50, 2) if raw_p50 else None,
                    "before_p50_ms": summarise(before)["p50_ms"] if before else None,
                }
            )
        print_table(f"audit listings over {args.events:,} events ({LIMIT} a page)", rows)
        verified: dict[str, object] = {}
        if args.verify:
            started = time.perf_counter()
            report = log.verify()
            seconds = time.perf_counter() - started
            verified = {
                "intact": "yes" if report.ok else "no",
                "checked": report.checked,
                "seconds": round(seconds, 1),
            }
            print_table("audit verify (the whole chain)", [verified])
        payload = {"events": args.events, "page": LIMIT, "listings": rows, "verify": verified}
        path = write_json("audit", payload)
        print(f"results: {path}")
    finally:
        handle.close(stop_server=True)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
