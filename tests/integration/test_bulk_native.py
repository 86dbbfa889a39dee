"""FalkorDB's bulk insert for a seed into a graph without children or carers (service.data.bulk):
it must store exactly what the checking queries store, join every edge to the right nodes, and
leave any other graph to the queries."""

import itertools
import os
import shutil
import signal
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from service.data.bulk import BulkLoader, Mode, _binary, _payload, load_records
from service.data.generator import SeedOptions, SyntheticArea
from service.data.records import Record
from service.data.seed import seed_store
from service.store.engines import EmbeddedServer, FalkorEngine
from service.store.graph_store import GraphStore

OPTIONS = SeedOptions(children=300, las=2, seed=33, as_of=date(2026, 10, 30))


@pytest.fixture
def falkordb_store(store: GraphStore) -> GraphStore:
    if not isinstance(store.engine, FalkorEngine):
        pytest.skip("bulk insert is FalkorDB's")
    return store


def _load(store: GraphStore, records: list[Record], *, native: bool, batch_size: int) -> None:
    with BulkLoader(store, mode=Mode.SEED, batch_size=batch_size, native=native) as loader:
        loader.add_all(records)
    assert loader.native is native
    assert loader.stats.skipped == 0


def test_bulk_insert_stores_what_the_seed_queries_store(falkordb_store: GraphStore) -> None:
    store = falkordb_store
    records = list(SyntheticArea(OPTIONS).records())
    _load(store, records, native=False, batch_size=400)
    by_queries = store.dump()
    store.clear()

    # Small batches: many flushes, and links whose child was created flushes earlier.
    _load(store, records, native=True, batch_size=40)

    assert store.dump() == by_queries
    counts = store.counts()
    assert counts["Child"] == OPTIONS.children
    assert counts["INVOLVED_WITH"] == sum(r["record"] == "involvement" for r in records)


def test_edges_find_their_nodes_where_deleted_nodes_left_gaps(falkordb_store: GraphStore) -> None:
    """A bulk insert refills the slots of deleted nodes first, so new nodes' ids are not
    consecutive: the loader must ask for them rather than count."""
    store = falkordb_store
    records = list(SyntheticArea(OPTIONS).records())
    _load(store, records, native=False, batch_size=500)
    expected = store.dump()
    store.clear()
    _load(store, records[:1500], native=False, batch_size=500)  # nodes to delete, spread out
    store.clear()

    _load(store, records, native=True, batch_size=500)

    assert store.dump() == expected


def test_a_seed_into_an_empty_graph_is_bulk_inserted_and_a_rerun_is_not(
    falkordb_store: GraphStore,
) -> None:
    store = falkordb_store
    first = seed_store(store, OPTIONS, batch_size=500)
    assert first.stats.method == "bulk insert"
    before = store.dump()

    again = seed_store(store, OPTIONS, batch_size=500)

    assert again.stats.method == "queries"
    assert store.dump() == before


def test_an_interrupted_bulk_insert_completes_with_the_queries(falkordb_store: GraphStore) -> None:
    store = falkordb_store
    seed_store(store, OPTIONS, batch_size=500)
    complete = store.dump()
    store.clear()
    records = SyntheticArea(OPTIONS).records()
    load_records(store, itertools.islice(records, 1800), mode=Mode.SEED, batch_size=300)
    assert 0 < store.counts().get("Child", 0) < OPTIONS.children

    resumed = seed_store(store, OPTIONS, batch_size=500)

    assert resumed.stats.method == "queries"
    assert store.dump() == complete


def test_a_seed_generated_in_another_process_gives_the_same_graph(
    falkordb_store: GraphStore,
) -> None:
    store = falkordb_store
    here = seed_store(store, OPTIONS, batch_size=500, separate_process=False)
    expected = store.dump()
    store.clear()

    elsewhere = seed_store(store, OPTIONS, batch_size=500, separate_process=True)

    assert store.dump() == expected
    assert elsewhere.manifest == here.manifest
    assert elsewhere.stats.written == here.stats.written


def test_rows_naming_unknown_records_are_skipped(falkordb_store: GraphStore) -> None:
    records = list(SyntheticArea(OPTIONS).records())
    child = next(r for r in records if r["record"] == "child")
    link = next(r for r in records if r["record"] == "cares_for")
    stray = {**link, "child_id": "no-such-child"}

    with BulkLoader(falkordb_store, mode=Mode.SEED, batch_size=10, native=True) as loader:
        loader.add(child)
        loader.add(stray)

    assert loader.stats.written == {"child": 1, "cares_for": 1}
    assert loader.stats.skipped == 1
    assert falkordb_store.counts().get("CARES_FOR", 0) == 0


@pytest.mark.parametrize(
    "values",
    [
        ("ch1-0000001", None, True, False, "Zoë", [], ["Beth Hope", "Liz Hope"]),
        ("2024-01-28", 1, 2.5, -7, "x" * 300),
        (["a"] * 200, [1, "b"], (), None),
    ],
)
def test_rows_are_encoded_as_value_by_value(values: tuple[object, ...]) -> None:
    """_payload's fast path (one string per row) writes what _binary writes value by value."""
    assert _payload(values) == b"".join(map(_binary, values))


def test_text_that_bulk_insert_cannot_carry_is_refused(falkordb_store: GraphStore) -> None:
    child = next(r for r in SyntheticArea(OPTIONS).records() if r["record"] == "child")

    with (
        pytest.raises(ValueError, match="NUL"),
        BulkLoader(falkordb_store, mode=Mode.SEED, native=True) as loader,
    ):
        loader.add({**child, "given_name": "A\x00B"})

    assert falkordb_store.counts().get("Child", 0) == 0


def test_a_bulk_inserted_seed_survives_kill_9() -> None:
    """Each bulk insert is logged like any write (appendfsync always): a replay of the log
    rebuilds the same graph, edges on the same nodes."""
    data_dir = Path(tempfile.mkdtemp(prefix="ci-bulk-"))  # short: the engine's unix socket
    server = EmbeddedServer(data_dir, start_timeout=30)
    try:
        server.ensure_running()
        store = GraphStore(FalkorEngine(graph_name="bulk", unix_socket_path=str(server.socket)))
        store.apply_schema()
        assert seed_store(store, OPTIONS, batch_size=400).stats.method == "bulk insert"
        before = store.dump()
        store.engine.close()
        pid = server.status().pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while _state(pid) not in ("Z", "X"):
            assert time.monotonic() < deadline, f"process {pid} outlived SIGKILL"
            time.sleep(0.05)

        server.ensure_running()
        store = GraphStore(FalkorEngine(graph_name="bulk", unix_socket_path=str(server.socket)))

        assert store.dump() == before
        store.engine.close()
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "X"
