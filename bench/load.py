"""Benchmark: seed synthetic areas into the embedded engine and report the load.

    .venv/bin/python -m bench.load --children 100000 --children 1000000

For each size: generation alone (rows/s of the pure generator), then a seed into a fresh
embedded engine (seconds, rows/s, engine memory from INFO memory and GRAPH.MEMORY USAGE), the
AOF compaction (BGREWRITEAOF) and the time a restart takes to load the compacted file.
Targets on a 2-core machine: >= 50,000 rows/s, 1M children in <= 180 s, <= 1.5 GB at 1M.
Results go to bench/results/load.json.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import print_table, write_json
from graph_model import clock
from service.data.generator import SeedOptions, SyntheticArea
from service.data.seed import engine_memory, seed_store
from service.settings import EngineKind, Settings
from service.store.engines import EmbeddedServer, open_engine
from service.store.graph_store import GraphStore

CHILDREN_PER_LA = 7000
"""England: ~12 million children over ~150 local authorities is ~80k each; benchmarks use
fewer, smaller authorities so one run covers more of them."""


def generation_only(options: SeedOptions) -> dict[str, Any]:
    started = time.perf_counter()
    rows = sum(1 for _ in SyntheticArea(options).records())
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}


def seed_fresh_engine(options: SeedOptions, batch_size: int) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="ci-bench-"))  # short: the engine's unix socket
    # A restart at 1M children loads a snapshot of a few GB: allow it minutes, not seconds.
    settings = Settings(
        engine=EngineKind.EMBEDDED,
        data_dir=data_dir,
        graph_name="bench",
        engine_start_timeout=900,
    )
    figures: dict[str, Any] = {}
    try:
        handle = open_engine(settings)
        try:
            store = GraphStore(handle.engine)
            store.apply_schema()
            engine_pid = handle.server.status().pid if handle.server is not None else None
            cpu_before = _cpu_seconds(engine_pid)
            result = seed_store(store, options, batch_size=batch_size)
            stats = result.stats
            cpu = [
                after - before
                for after, before in zip(_cpu_seconds(engine_pid), cpu_before, strict=True)
            ]
            figures.update(
                method=stats.method,
                rows=stats.rows,
                seconds=round(stats.seconds, 1),
                rows_per_s=round(stats.rows_per_second),
                children_loaded=store.counts().get("Child", 0),
                # the machine is shared: a busy one explains a slow figure, and CPU seconds
                # (of the loader with its generator process, and of the engine) say what the
                # load itself needed whatever else ran
                load_average=round(os.getloadavg()[0], 2),
                loader_cpu_seconds=round(cpu[0], 1),
                engine_cpu_seconds=round(cpu[1], 1) if engine_pid is not None else None,
            )
            memory = engine_memory(handle, settings)
            figures.update(
                used_memory_mb=_mb(memory.get("used_memory")),
                graph_memory_mb=_mb(memory.get("graph_memory")),
            )
            print(f"loaded: {figures}", flush=True)
            figures["compact_seconds"] = round(store.compact() or 0.0, 1)
            figures["rows_by_kind"] = stats.written
        finally:
            handle.close(stop_server=True)
        disk = sum(f.stat().st_size for f in (data_dir / "engine").rglob("*") if f.is_file())
        figures["files_on_disk_mb"] = _mb(disk)
        started = time.perf_counter()
        try:
            handle = open_engine(settings)
        finally:
            figures["restart_seconds"] = round(time.perf_counter() - started, 1)
        try:
            figures["children_after_restart"] = GraphStore(handle.engine).counts().get("Child", 0)
        finally:
            handle.close(stop_server=True)
    except Exception as e:  # report what was measured before the failure
        figures["error"] = f"{type(e).__name__}: {e}".splitlines()[0]
        EmbeddedServer(data_dir).stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return figures


def _cpu_seconds(engine_pid: int | None) -> tuple[float, float]:
    """CPU seconds used so far by this process and its finished children (the seed's generator
    process), and by the engine's process (0 where /proc cannot tell)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    loader = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    engine = 0.0
    if engine_pid is not None:
        try:
            fields = Path(f"/proc/{engine_pid}/stat").read_text().rsplit(")", 1)[1].split()
            engine = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
    return loader, engine


def _mb(value: int | None) -> float | None:
    return round(value / 1024 / 1024, 1) if value else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--children", type=int, action="append", help="repeat for several sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--skip-generation", action="store_true", help="only the engine load")
    args = parser.parse_args(argv)
    sizes = args.children or [100_000]
    runs: list[dict[str, Any]] = []
    for children in sizes:
        las = max(1, min(150, children // CHILDREN_PER_LA))
        options = SeedOptions(children=children, las=las, seed=args.seed, as_of=clock.today())
        run: dict[str, Any] = {"children": children, "las": las, "batch_size": args.batch_size}
        if not args.skip_generation:
            run["generation"] = generation_only(options)
        run["load"] = seed_fresh_engine(options, args.batch_size)
        runs.append(run)
        phases = {k: v for k, v in run.items() if isinstance(v, dict)}
        metrics = dict.fromkeys(m for figures in phases.values() for m in figures)
        print_table(
            f"load: {children:,} children over {las} local authorities",
            [
                {"metric": m, **{phase: figures.get(m) for phase, figures in phases.items()}}
                for m in metrics
                if m != "rows_by_kind"
            ],
        )
    path = write_json(
        "load",
        {
            "targets": {"rows_per_s": 50_000, "seconds_at_1m": 180, "memory_mb_at_1m": 1536},
            "runs": runs,
        },
    )
    print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
