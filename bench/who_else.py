"""Benchmark: "who else is working with this child?" through the store, against the raw query.

    .venv/bin/python -m bench.who_else                   # 100k children, 5,000 lookups
    .venv/bin/python -m bench.who_else --children 1000000 --lookups 20000

Seeds a fresh embedded engine (children with carers and their involvements, from the synthetic
generator), then looks up random children: once as the raw engine call of the same named query
(the floor), once through `GraphStore.who_else` (parameter check, query, pydantic models).
The two are interleaved so machine noise falls on both. Prints a table and writes
bench/results/who_else.json.
"""

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import print_table, summarise, write_json
from graph_model import clock
from service.data.generator import SeedOptions
from service.data.seed import seed_store
from service.settings import EngineKind, Settings
from service.store.catalog import get_query
from service.store.engines import open_engine
from service.store.graph_store import GraphStore

CHILDREN_PER_LA = 7000
WARM_UP = 200


def run(children: int, lookups: int, seed: int, batch_size: int) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="ci-bench-"))  # short: the engine's unix socket
    settings = Settings(engine=EngineKind.EMBEDDED, data_dir=data_dir, graph_name="bench")
    handle = open_engine(settings)
    try:
        store = GraphStore(handle.engine)
        store.apply_schema()
        las = max(1, min(150, children // CHILDREN_PER_LA))
        options = SeedOptions(children=children, las=las, seed=seed, as_of=clock.today())
        result = seed_store(store, options, batch_size=batch_size)
        counts = store.counts()

        ids = [row["id"] for row in store.query("sample_child_ids", limit=children)]
        picks = random.Random(seed).choices(ids, k=lookups + WARM_UP)
        query = get_query("get_who_else", handle.engine.dialect)
        today = clock.today().isoformat()

        raw: list[float] = []
        through_store: list[float] = []
        involvements = 0
        for n, child_id in enumerate(picks):
            params = {"child_id": child_id, "include_ended": False, "today": today}
            started = time.perf_counter()
            handle.engine.run(query.text, params, write=False)
            middle = time.perf_counter()
            entries = store.who_else(child_id)
            finished = time.perf_counter()
            if n >= WARM_UP:
                raw.append(middle - started)
                through_store.append(finished - middle)
                involvements += len(entries)
        raw_stats, store_stats = summarise(raw), summarise(through_store)
        return {
            "children": counts.get("Child", 0),
            "carers": counts.get("Carer", 0),
            "involvements": counts.get("INVOLVED_WITH", 0),
            "load_rows": result.stats.rows,
            "load_seconds": round(result.stats.seconds, 1),
            "load_rows_per_s": round(result.stats.rows_per_second),
            "lookups": lookups,
            "mean_involvements_per_lookup": round(involvements / lookups, 2),
            "raw_query": raw_stats,
            "store": store_stats,
            "ratio_p50": round(store_stats["p50_ms"] / raw_stats["p50_ms"], 2),
            "ratio_p99": round(store_stats["p99_ms"] / raw_stats["p99_ms"], 2),
        }
    finally:
        handle.close(stop_server=True)
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args(argv)
    figures = run(args.children, args.lookups, args.seed, args.batch_size)
    print_table(
        f"load: {figures['children']:,} children, {figures['involvements']:,} involvements",
        [
            {
                "rows": figures["load_rows"],
                "seconds": figures["load_seconds"],
                "rows/s": figures["load_rows_per_s"],
            }
        ],
    )
    print_table(
        f"who-else: {args.lookups:,} random children"
        f" ({figures['mean_involvements_per_lookup']} current involvements each on average)",
        [
            {"path": "raw engine query", **figures["raw_query"]},
            {"path": "GraphStore.who_else", **figures["store"]},
            {
                "path": "ratio store/raw",
                "p50_ms": figures["ratio_p50"],
                "p99_ms": figures["ratio_p99"],
            },
        ],
    )
    path = write_json("who_else", {"args": vars(args), "result": figures})
    print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
