"""Benchmark: what a write's own audit event costs (issue 13, finding 6).

    .venv/bin/python -m bench.write_audit                      # 1,000 writes, a 20k-child import
    .venv/bin/python -m bench.write_audit --writes 5000 --children 100000

On a fresh embedded engine:
- single writes (an involvement recorded for a child), three ways, interleaved so machine noise
  falls on all: the raw write statement alone (the floor, no event at all); the write and then
  its event appended by a second statement (how the API wrote before: two statements, an event
  that a crash between them loses); and the write inside the audit frame (one statement, the
  write with its event);
- a whole-area import of an export (every record of one local authority) into an empty graph,
  four ways: unscoped and unaudited (an operator's load), with an audit event per batch, scoped
  to the authority (each statement checks the records it touches are the authority's), and
  both (a steward's import). A scoped import of a whole export rejects what is another
  authority's (agencies elsewhere that serve its children, their staff's employment).
Prints tables and writes bench/results/write_audit.json.
"""

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import print_table, summarise, write_json
from graph_model import clock
from graph_model.nodes import Agency
from graph_model.schemas import InvolvementCreate
from service.audit.log import AuditEntry, AuditLog
from service.data.exporter import export_lines
from service.data.generator import SeedOptions
from service.data.importer import ImportAudit, import_lines
from service.data.seed import seed_store
from service.settings import EngineKind, Settings
from service.store.engines import open_engine
from service.store.graph_store import GraphStore, new_id

CHILDREN_PER_LA = 7000


def _entry(child_id: str, involvement_id: str) -> AuditEntry:
    return AuditEntry(
        user="bench",
        roles=["practitioner"],
        action="record_involvement",
        outcome="ok",
        status=201,
        child_ids=[child_id],
        reason="benchmark: recording involvements",
        returned_ids=[involvement_id],
    )


def single_writes(store: GraphStore, writes: int) -> list[dict[str, Any]]:
    """Involvements recorded for seeded children, by an agency each already serves."""
    rows = store.query("sample_child_ids", limit=writes * 3)
    children = [row["id"] for row in rows][: writes * 3]
    la = store.query("gaps/list_local_authorities")[0]["id"]
    agency_id = "bench-agency"  # new: no child has an involvement of it yet
    store.upsert_agency(Agency(id=agency_id, name="Benchmark service", kind="voluntary", la=la))
    log = AuditLog(store)
    log.append(_entry(children[0], "warm-up"))
    timings: dict[str, list[float]] = {"raw write": [], "write + append": [], "audited write": []}
    since = date(2024, 1, 1)
    for n in range(writes):
        for way, child_id in zip(timings, children[3 * n : 3 * n + 3], strict=True):
            involvement_id = new_id("inv")
            data = InvolvementCreate(
                id=involvement_id, agency_id=agency_id, service="benchmark", since=since
            )
            started = time.perf_counter()
            if way == "raw write":
                store.record_involvement(child_id, data)
            elif way == "write + append":
                store.record_involvement(child_id, data)
                log.append(_entry(child_id, involvement_id))
            else:
                log.write(
                    _entry(child_id, involvement_id),
                    lambda stamp, c=child_id, d=data: store.record_involvement(c, d, audit=stamp),
                )
            timings[way].append(time.perf_counter() - started)
    floor = summarise(timings["raw write"])["p50_ms"]
    return [
        {"way": way, **stats, "x raw p50": round(stats["p50_ms"] / floor, 2)}
        for way, samples in timings.items()
        for stats in [summarise(samples)]
    ]


IMPORT_WAYS = {
    "operator load (no scope, no events)": (False, False),
    "events per batch, no scope": (False, True),
    "scoped, no events": (True, False),
    "steward import (scoped, event per batch)": (True, True),
}


def area_import(store: GraphStore, lines: list[str], la: str, batch_size: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for way, (scoped, audited) in IMPORT_WAYS.items():
        store.clear()
        audit = ImportAudit(log=AuditLog(store), user="bench", roles=["data_steward"])
        # a steward imports into an index that holds its own authority already
        import_lines(store, [lines[0]], fmt="jsonl")
        started = time.perf_counter()
        report = import_lines(
            store,
            lines,
            fmt="jsonl",
            batch_size=batch_size,
            restrict_la=la if scoped else None,
            audit=audit if audited else None,
        )
        seconds = time.perf_counter() - started
        results[way] = {
            "rows": report.rows_read,
            "rejected": report.rows_rejected,
            "seconds": round(seconds, 2),
            "rows/s": round(report.rows_read / seconds),
            "events": store.counts().get("AuditEvent", 0),
        }
    return results


def run(writes: int, children: int, seed: int, batch_size: int) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="ci-bench-"))  # short: the engine's unix socket
    settings = Settings(engine=EngineKind.EMBEDDED, data_dir=data_dir, graph_name="bench")
    handle = open_engine(settings)
    try:
        store = GraphStore(handle.engine)
        store.apply_schema()
        las = max(1, children // CHILDREN_PER_LA)
        options = SeedOptions(children=children, las=las, seed=seed, as_of=clock.today())
        manifest = seed_store(store, options, batch_size=batch_size).manifest
        la = manifest.local_authorities[0]
        lines = list(export_lines(store, la, "jsonl"))
        writes_table = single_writes(store, writes)
        imports = area_import(store, lines, la, batch_size)
    finally:
        handle.close(stop_server=True)
        shutil.rmtree(data_dir, ignore_errors=True)
    return {"children": children, "writes": writes, "single": writes_table, "import": imports}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--children", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()
    result = run(args.writes, args.children, args.seed, args.batch_size)
    print_table(f"an involvement recorded ({args.writes} each, interleaved)", result["single"])
    print_table(
        f"one area's export imported ({args.children:,} children seeded)",
        [{"way": way, **row} for way, row in result["import"].items()],
    )
    write_json("write_audit", result)


if __name__ == "__main__":
    main()
