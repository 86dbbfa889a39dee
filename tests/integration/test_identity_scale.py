"""A full identity scan through the engine on a generated area: seed 10,000 children with planted
duplicates (FEBRL-like corruption) and hard negatives, scan, and hold the SAME_AS candidates
written to the truth (precision >= 0.98, recall >= 0.95, no twins or siblings); the model the
scan learnt is kept for the incremental check. The 50,000-child run of the same code path, and
FEBRL, are tests/unit/test_identity_accuracy.py."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from service.data.generator import SeedOptions
from service.data.seed import seed_store
from service.settings import Settings
from service.store.engines import FalkorEngine, Neo4jEngine, open_engine
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore

CHILDREN = 10_000


@pytest.fixture
def store(engine: FalkorEngine | Neo4jEngine, engine_dir: Path) -> Iterator[GraphStore]:
    """An empty graph; on FalkorDB one of its own, deleted afterwards. (Seeding 10,000 children
    into the suite's shared graph and deleting them left it answering label scans of nodes
    created afterwards with "Attempted to access undefined attribute", FalkorDB 4.16.3.)"""
    if not isinstance(engine, FalkorEngine):
        shared = GraphStore(engine)
        shared.clear()
        yield shared
        return
    handle = open_engine(Settings(data_dir=engine_dir, graph_name="identity_scale"))
    own = GraphStore(handle.engine)
    own.apply_schema()
    try:
        yield own
    finally:
        assert isinstance(handle.engine, FalkorEngine)
        handle.engine.delete_graph()
        handle.close()


@pytest.mark.slow
def test_a_scan_through_the_engine_finds_the_planted_duplicates(
    store: GraphStore, capsys: pytest.CaptureFixture[str], record_property: Any
) -> None:
    options = SeedOptions(children=CHILDREN, las=3, seed=5, as_of=date(2026, 10, 30))
    manifest = seed_store(store, options).manifest
    identity = IdentityStore(store)
    result = identity.scan()
    written = [
        (row["a"]["id"], row["b"]["id"])
        for la in manifest.local_authorities
        for row in store.query("identity/list_pairs_in_la", la=la, status="candidate")
    ]
    proposed = {frozenset(pair) for pair in written}
    truth = {frozenset((p.original, p.duplicate)) for p in manifest.duplicates}
    hits = len(proposed & truth)
    counts = {
        "planted": len(truth),
        "proposed": len(proposed),
        "true_positives": hits,
        "twins_proposed": len(proposed & {frozenset(p) for p in manifest.twins}),
        "siblings_proposed": len(proposed & {frozenset(p) for p in manifest.siblings}),
    }
    for key, value in counts.items():
        record_property(key, value)
    with capsys.disabled():
        print(f"\nidentity scan through the engine, {CHILDREN:,} children: {counts}")
    assert result.created == len(set(written)) == counts["proposed"]
    assert all(a < b for a, b in written)
    assert counts["planted"] >= 40
    assert counts["twins_proposed"] == counts["siblings_proposed"] == 0
    assert hits / counts["proposed"] >= 0.98
    assert hits / counts["planted"] >= 0.95
    # the model learnt is kept, and is what the incremental check weighs evidence with
    assert result.model is not None
    assert result.model.learnt
    assert identity.model() == result.model
