"""Seeding a store with a synthetic area, and the engine chores around a bulk load.

A large seed that is bulk inserted (service.data.bulk) generates in a second process: once the
engine no longer dominates, making the records is the slowest part (~10 s of CPU for 100k
children, against ~10 s for encoding, writing and the engine together, measured), so the two
halves take a core each instead of taking turns under one interpreter's lock. The generator
process only hands over rows in batches; everything that talks to the engine stays here.
"""

import contextlib
import gc
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis

from service.data.bulk import Batcher, BulkLoader, LoadStats, Mode, row_makers
from service.data.generator import SeedOptions, SyntheticArea
from service.data.truth import Manifest
from service.settings import EngineKind, Settings
from service.store.engines import EngineHandle
from service.store.graph_store import GraphStore

PROGRESS_EVERY = 1000
"""Children between progress reports (a callback per child would cost more than it shows)."""

SEPARATE_PROCESS_FROM = 20_000
"""Children from which a bulk-inserted seed generates in a process of its own (starting one
takes ~1 s: not worth it for small areas)."""


@dataclass
class SeedResult:
    manifest: Manifest
    stats: LoadStats


def seed_store(
    store: GraphStore,
    options: SeedOptions,
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    separate_process: bool | None = None,
) -> SeedResult:
    """Generate the area and stream it into the store in batches; `progress` is told how many
    more children have been generated. Same options, same graph: a re-run changes nothing.
    `separate_process`: generate in a second process (None: when the seed is bulk inserted
    and large, see SEPARATE_PROCESS_FROM)."""
    with BulkLoader(store, mode=Mode.SEED, batch_size=batch_size) as loader:
        if separate_process is None:
            separate_process = loader.native and options.children >= SEPARATE_PROCESS_FROM
        if separate_process:
            manifest = _generate_elsewhere(loader, options, batch_size, progress)
        else:
            manifest = _generate_here(loader, options, progress)
    return SeedResult(manifest=manifest, stats=loader.stats)


def _generate_here(
    loader: BulkLoader, options: SeedOptions, progress: Callable[[int], None] | None
) -> Manifest:
    area = SyntheticArea(options)
    done = 0
    for record in area.records():
        loader.add(record)
        if progress is not None and record["record"] == "child":
            done += 1
            if done == PROGRESS_EVERY:
                progress(done)
                done = 0
    if progress is not None and done:
        progress(done)
    return area.manifest


def _generate_elsewhere(
    loader: BulkLoader,
    options: SeedOptions,
    batch_size: int,
    progress: Callable[[int], None] | None,
) -> Manifest:
    """Run the generator in a new interpreter (not multiprocessing: that would re-import the
    caller's main module, or fork this process's threads and engine connection) and write the
    jobs it sends, in order. A pipe's buffer keeps it at most a job or two ahead."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from service.data.seed import generator_process; generator_process()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert worker.stdin is not None
    assert worker.stdout is not None
    try:
        pickle.dump((options, loader.dialect, loader.native, batch_size), worker.stdin)
        worker.stdin.close()
        while True:
            try:
                kind, payload, children = pickle.load(worker.stdout)  # noqa: S301 - our own child
            except EOFError:
                raise RuntimeError(
                    "the seed's generator process ended without its results"
                ) from None
            if kind == "job":
                loader.write(payload)
                if progress is not None and children:
                    progress(children)
            elif kind == "done":
                manifest: Manifest = payload
                return manifest
            else:
                raise RuntimeError(f"the seed's generator process failed:\n{payload}")
    finally:
        worker.stdout.close()
        try:
            worker.wait(timeout=5)
        except subprocess.TimeoutExpired:  # we stopped reading early: it waits on the pipe
            worker.kill()
            worker.wait()


def generator_process() -> None:
    """The generator process: reads (options, dialect, native, batch size) from stdin; writes
    to stdout the jobs the loader would make of the records, each with how many children it
    brings, then the manifest (pickled messages; an error's traceback if it fails)."""
    # Millions of small objects live for the whole run (the generator's name register, the rows
    # of a job): collecting young objects every 700 allocations cost ~25% of this process's
    # time (measured). Reference counting frees nearly everything here anyway.
    gc.set_threshold(100_000, 50, 100)
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not break the stream
    try:
        options, dialect, native, batch_size = pickle.load(sys.stdin.buffer)  # noqa: S301
        area = SyntheticArea(options)
        batcher = Batcher(row_makers(Mode.SEED, dialect, native=native), batch_size)
        children = 0
        for record in area.records():
            if record["record"] == "child":
                children += 1
            job = batcher.add(record)
            if job is not None:
                _send(out, ("job", job, children))
                children = 0
        last: Any = batcher.take()
        if last is not None or children:
            _send(out, ("job", last or [], children))
        _send(out, ("done", area.manifest, 0))
    except BrokenPipeError:
        pass  # the loader stopped reading: it reports its own error
    except BaseException:
        with contextlib.suppress(OSError):
            _send(out, ("error", traceback.format_exc(), 0))


def _send(out: Any, message: tuple[str, Any, int]) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _redis(handle: EngineHandle, settings: Settings) -> "redis.Redis | None":
    if handle.server is not None:
        return redis.Redis(unix_socket_path=str(handle.server.socket), socket_timeout=600)
    if settings.engine is EngineKind.FALKORDB:
        return redis.Redis.from_url(settings.falkordb_url, socket_timeout=600)
    return None


def engine_memory(handle: EngineHandle, settings: Settings) -> dict[str, int | None]:
    """FalkorDB's own memory figures (INFO memory, GRAPH.MEMORY USAGE) in bytes."""
    client = _redis(handle, settings)
    if client is None:
        return {}
    try:
        used = client.info("memory").get("used_memory")
        graph: int | None = None
        try:
            reply = client.execute_command(  # type: ignore[no-untyped-call]
                "GRAPH.MEMORY", "USAGE", settings.graph_name
            )
            pairs = reply if isinstance(reply, dict) else dict(zip(*[iter(reply)] * 2, strict=True))
            total = pairs.get(b"total_graph_sz_mb", pairs.get("total_graph_sz_mb"))
            graph = int(float(total) * 1024 * 1024) if total is not None else None
        except redis.exceptions.ResponseError:
            graph = None
    finally:
        client.close()
    return {"used_memory": int(used) if used is not None else None, "graph_memory": graph}
