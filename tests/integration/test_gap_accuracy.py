"""Accuracy of the gap rules on generated data (issue: precision and recall 1.0 for every rule
on 50,000 children). The generator plants a known set of children for each rule and keeps every
other child free of it by construction; the manifest says exactly which children each rule must
flag as of its date. The whole path runs: the named queries on the embedded engine, then the
rules. The confusion counts are printed for every rule."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from analysis.gaps import RULES
from service.data.generator import SeedOptions
from service.data.seed import seed_store
from service.data.truth import Manifest
from service.gaps import GapService
from service.settings import Settings
from service.store.engines import FalkorEngine, open_engine
from service.store.graph_store import GraphStore

CHILDREN = 50_000
OPTIONS = SeedOptions(children=CHILDREN, las=3, seed=2026, as_of=date(2026, 10, 30))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeded(engine_dir: Path) -> Iterator[tuple[GraphStore, Manifest]]:
    """50,000 children in a graph of their own, with the identity-resolution output the
    duplicate rules read: a SAME_AS candidate for each planted pair (identity resolution's own
    accuracy is tested with it; here the rules are tested on a known input)."""
    handle = open_engine(Settings(data_dir=engine_dir, graph_name="gap_accuracy"))
    store = GraphStore(handle.engine)
    store.apply_schema()
    manifest = seed_store(store, OPTIONS, batch_size=5000).manifest
    rows = [
        [*sorted((pair.original, pair.duplicate)), 0.9, [f"planted {pair.kind}"]]
        for pair in manifest.duplicates
    ]
    store.write_batch("identity/merge_candidates", rows, now="2026-10-29T12:00:00.000+00:00")
    yield store, manifest
    if isinstance(handle.engine, FalkorEngine):
        handle.engine.delete_graph()
    handle.close()


def test_every_rule_finds_exactly_the_planted_children(
    seeded: tuple[GraphStore, Manifest], capsys: pytest.CaptureFixture[str]
) -> None:
    store, manifest = seeded
    assert manifest.children >= CHILDREN
    service = GapService(store)
    found: dict[str, set[str]] = {code: set() for code in RULES}
    for la in manifest.local_authorities:
        run = service.for_area(la, as_of=manifest.as_of)
        for item in run.found:
            found[item.gap.code].add(item.child.id)

    lines = [f"{'rule':30} {'expected':>8} {'tp':>6} {'fp':>6} {'fn':>6} precision recall"]
    wrong = []
    for code in RULES:
        expected = set(manifest.expected[code])
        got = found[code]
        tp, fp, fn = len(expected & got), len(got - expected), len(expected - got)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        lines.append(
            f"{code:30} {len(expected):8} {tp:6} {fp:6} {fn:6} {precision:9.3f} {recall:6.3f}"
        )
        assert expected, f"nothing planted for {code}: the test would prove nothing"
        if fp or fn:
            wrong.append(
                f"{code}: extra {sorted(got - expected)[:5]}, missed {sorted(expected - got)[:5]}"
            )
    with capsys.disabled():
        print(f"\ngap rules on {manifest.children:,} generated children as of {manifest.as_of}")
        print("\n".join(lines))
    assert not wrong, "\n".join(wrong)
