"""A full identity scan through the engine on a generated area: seed 5,000 children with planted
duplicates and hard negatives, scan, and hold the SAME_AS candidates written to the truth
(precision >= 0.98, recall >= 0.95, no twins). The 50,000-child run of the same code path is
tests/unit/test_identity_accuracy.py."""

from datetime import date
from typing import Any

import pytest

from service.data.generator import SeedOptions
from service.data.seed import seed_store
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore
from tests.unit.test_identity_accuracy import confusion

CHILDREN = 5000


@pytest.mark.slow
def test_a_scan_through_the_engine_finds_the_planted_duplicates(
    store: GraphStore, capsys: pytest.CaptureFixture[str], record_property: Any
) -> None:
    options = SeedOptions(children=CHILDREN, las=3, seed=5, as_of=date(2026, 10, 30))
    manifest = seed_store(store, options).manifest
    result = IdentityStore(store).scan()
    written = [
        (row["a"]["id"], row["b"]["id"])
        for la in manifest.local_authorities
        for row in store.query("identity/list_pairs_in_la", la=la, status="candidate")
    ]
    counts = confusion(written, manifest)
    for key, value in counts.items():
        record_property(key, value)
    with capsys.disabled():
        print(f"\nidentity scan through the engine, {CHILDREN:,} children: {counts}")
    assert result.created == len(set(written)) == counts["proposed"]
    assert all(a < b for a, b in written)
    assert counts["planted"] >= 20
    assert counts["twin_pairs_proposed"] == 0
    assert counts["true_positives"] / counts["proposed"] >= 0.98
    assert counts["true_positives"] / counts["planted"] >= 0.95
