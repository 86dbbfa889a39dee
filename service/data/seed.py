"""Seeding a store with a synthetic area, and the engine chores around a bulk load."""

from collections.abc import Callable
from dataclasses import dataclass

import redis

from service.data.bulk import BulkLoader, LoadStats, Mode
from service.data.generator import SeedOptions, SyntheticArea
from service.data.truth import Manifest
from service.settings import EngineKind, Settings
from service.store.engines import EngineHandle
from service.store.graph_store import GraphStore

PROGRESS_EVERY = 1000
"""Children between progress reports (a callback per child would cost more than it shows)."""


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
) -> SeedResult:
    """Generate the area and stream it into the store in batches; `progress` is told how many
    more children have been generated. Same options, same graph: a re-run changes nothing."""
    area = SyntheticArea(options)
    done = 0
    with BulkLoader(store, mode=Mode.SEED, batch_size=batch_size) as loader:
        for record in area.records():
            loader.add(record)
            if progress is not None and record["record"] == "child":
                done += 1
                if done == PROGRESS_EVERY:
                    progress(done)
                    done = 0
    if progress is not None and done:
        progress(done)
    return SeedResult(manifest=area.manifest, stats=loader.stats)


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
