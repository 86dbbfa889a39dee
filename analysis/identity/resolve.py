"""From identity rows to SAME_AS candidates: prepare, block, score, keep what passes."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.identity.blocking import BlockingStats, candidate_pairs
from analysis.identity.features import Features, prepare
from analysis.identity.scoring import DEFAULT_SETTINGS, MatchSettings, could_match, score_pair

PROGRESS_EVERY = 10_000
"""Pairs scored between progress reports."""


@dataclass(frozen=True)
class Candidate:
    """A proposed pair: `a` < `b` (the SAME_AS edge convention), score and reasons."""

    a: str
    b: str
    score: float
    reasons: tuple[str, ...]


@dataclass
class ResolveStats:
    records: int = 0
    pairs_compared: int = 0
    candidates: int = 0
    twins_held_back: int = 0
    blocks_skipped: dict[str, int] = field(default_factory=dict)


@dataclass
class Resolution:
    candidates: list[Candidate]
    stats: ResolveStats


def find_candidates(
    rows: Iterable[Mapping[str, Any]],
    settings: MatchSettings = DEFAULT_SETTINGS,
    *,
    focus: Iterable[str] | None = None,
    on_pairs: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Resolution:
    """Candidate duplicate pairs among `rows` (identity rows, see analysis.identity.features).

    With `focus` (child ids), only pairs involving one of them: the incremental check after a
    child is created or renamed, or one area's scan over its children and their look-alikes.
    `on_pairs` is told how many pairs blocking found, before they are scored; `progress` how
    many more have been scored, now and then.
    """
    records: list[Features] = []
    seen: set[str] = set()
    for row in rows:
        features = prepare(row)
        if features.id not in seen:  # a row fetched twice (by two keys) is one record
            seen.add(features.id)
            records.append(features)
    wanted = set(focus) if focus is not None else None
    focus_index = (
        {i for i, r in enumerate(records) if r.id in wanted} if wanted is not None else None
    )
    blocking = BlockingStats()
    pairs = candidate_pairs(
        records, max_block=settings.max_block, focus=focus_index, stats=blocking
    )
    stats = ResolveStats(records=len(records), blocks_skipped=blocking.blocks_skipped)
    if on_pairs is not None:
        on_pairs(len(pairs))
    found: list[Candidate] = []
    done = 0
    for i, j in sorted(pairs):
        a, b = records[i], records[j]
        done += 1
        if progress is not None and done == PROGRESS_EVERY:
            progress(done)
            done = 0
        if not could_match(a, b, settings):
            continue
        match = score_pair(a, b, settings)
        if match.twins:
            stats.twins_held_back += 1
        if not match.proposed:
            continue
        first, second = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        found.append(Candidate(a=first, b=second, score=match.score, reasons=match.reasons))
    if progress is not None and done:
        progress(done)
    stats.pairs_compared = len(pairs)
    stats.candidates = len(found)
    found.sort(key=lambda c: (-c.score, c.a, c.b))
    return Resolution(candidates=found, stats=stats)
