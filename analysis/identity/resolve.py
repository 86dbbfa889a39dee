"""From identity rows to SAME_AS candidates: prepare, learn, block, score, keep what passes."""

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from analysis.identity.blocking import BlockingStats, KeyCost, candidate_codes
from analysis.identity.comparisons import held_back
from analysis.identity.features import Features, prepare
from analysis.identity.model import MatchModel, default_model, learn
from analysis.identity.scoring import (
    DEFAULT_SETTINGS,
    MatchSettings,
    could_match,
    name_bound,
    score_pair,
    weigh,
)

PROGRESS_EVERY = 10_000
"""Pairs scored between progress reports."""


@dataclass(frozen=True)
class Candidate:
    """A proposed pair: `a` < `b` (the SAME_AS edge convention), score and reasons."""

    a: str
    b: str
    score: float
    """Match weight in bits (log2 of the odds of one child)."""
    reasons: tuple[str, ...]


@dataclass
class ResolveStats:
    records: int = 0
    pairs_compared: int = 0
    candidates: int = 0
    twins_held_back: int = 0
    siblings_held_back: int = 0
    keys: dict[str, KeyCost] = field(default_factory=dict)
    """What each kind of blocking key cost (blocks, pairs, pairs no earlier key found)."""

    @property
    def blocks_skipped(self) -> dict[str, int]:
        return {kind: cost.skipped for kind, cost in self.keys.items() if cost.skipped}

    @property
    def pairs_per_record(self) -> float:
        return round(2 * self.pairs_compared / self.records, 2) if self.records else 0.0


@dataclass
class Resolution:
    candidates: list[Candidate]
    stats: ResolveStats
    model: MatchModel


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a scan: it makes millions of small objects
    that all live until it ends, and the collector would walk them again and again (measured:
    preparing 100,000 rows took 2.8x as long with it running). Nothing a scan makes is a cycle
    needing it; reference counting frees the rest as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def prepare_all(rows: Iterable[Mapping[str, Any]]) -> list[Features]:
    """Each row's features, once per child (a row fetched twice, by two keys, is one record)."""
    records: list[Features] = []
    seen: set[str] = set()
    for row in rows:
        features = prepare(row)
        if features.id not in seen:
            seen.add(features.id)
            records.append(features)
    return records


def model_for(records: list[Features], settings: MatchSettings) -> MatchModel:
    """The model learnt from `records`, or the priors when there are too few to learn from."""
    if settings.learn and len(records) >= settings.min_records_to_learn:
        return learn(records, u_pairs=settings.u_pairs, em_pairs=settings.em_pairs)
    return default_model()


def find_candidates(
    rows: Iterable[Mapping[str, Any]],
    settings: MatchSettings = DEFAULT_SETTINGS,
    *,
    model: MatchModel | None = None,
    focus: Iterable[str] | None = None,
    on_phase: Callable[[str, int | None], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Resolution:
    """Candidate duplicate pairs among `rows` (identity rows, see analysis.identity.features).

    Without a `model`, one is learnt from the rows (analysis.identity.model.learn), so the
    weights are those of the data being scanned. With `focus` (child ids), only pairs
    involving one of them: the incremental check after a child is created or renamed, or one
    area's scan over its children and their look-alikes. `on_phase` is told when learning
    starts and how many pairs blocking found, before they are scored; `progress` how many more
    have been scored, now and then.
    """
    with collector_paused():
        return _find(rows, settings, model, focus, on_phase, progress)


def _find(
    rows: Iterable[Mapping[str, Any]],
    settings: MatchSettings,
    model: MatchModel | None,
    focus: Iterable[str] | None,
    on_phase: Callable[[str, int | None], None] | None,
    progress: Callable[[int], None] | None,
) -> Resolution:
    records = prepare_all(rows)
    if model is None:
        if on_phase is not None:
            on_phase("learning the model", None)
        model = model_for(records, settings)
    wanted = set(focus) if focus is not None else None
    focus_index = (
        {i for i, r in enumerate(records) if r.id in wanted} if wanted is not None else None
    )
    blocking = BlockingStats()
    pairs = candidate_codes(
        records,
        max_block=settings.max_block,
        max_name_block=settings.max_name_block,
        focus=focus_index,
        stats=blocking,
    )
    stats = ResolveStats(records=len(records), keys=blocking.keys)
    if on_phase is not None:
        on_phase("comparing", len(pairs))
    found: list[Candidate] = []
    done = 0
    n = len(records)
    bounds: dict[int, float] = {}  # name_bound of each record, once (it is in many pairs)
    for code in pairs.tolist():
        i, j = divmod(code, n)
        a, b = records[i], records[j]
        done += 1
        if progress is not None and done == PROGRESS_EVERY:
            progress(done)
            done = 0
        bound = bounds.get(i)
        if bound is None:
            bound = bounds[i] = name_bound(a, model)
        if not could_match(a, b, model, settings, bound):
            continue
        score, vector, names = weigh(a, b, model)
        held = held_back(vector, names, slip=model.slip(names))
        if held == "twins":
            stats.twins_held_back += 1
        elif held == "siblings":
            stats.siblings_held_back += 1
        if held is not None or score < settings.min_score:
            continue
        match = score_pair(a, b, model, settings)  # the words, for the few proposed
        first, second = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        found.append(Candidate(a=first, b=second, score=match.score, reasons=match.reasons))
    if progress is not None and done:
        progress(done)
    stats.pairs_compared = len(pairs)
    stats.candidates = len(found)
    found.sort(key=lambda c: (-c.score, c.a, c.b))
    return Resolution(candidates=found, stats=stats, model=model)
