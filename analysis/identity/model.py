"""The Fellegi-Sunter model: how much each level of each comparison says, learnt from the data.

For each comparison level, m is the share of one child's record pairs found at that level and u
the share of two different children's; a pair's match weight is the prior log-odds of two
records being one child plus log2(m / u) of each level it lands on (missing data adds nothing).
An exact name match is weighed by how common the name is (term-frequency adjustment): u for
"Smith" is the share of records called Smith, so a shared "Smith" counts for less than a shared
"Kouao".

`learn` estimates the parameters on the records being scanned, as Splink does:
- u from random pairs of records (nearly all pairs of two different children);
- m by expectation-maximisation over pairs sharing a training key, leaving out the comparisons
  the key fixes (pairs born on the same day with family names that sound alike teach what
  given names do, and the other way round; pairs of the same full name teach what dates of
  birth do; each teaches postcode, sex and carers), with u held fixed and the prior m as a
  Dirichlet prior of `PRIOR_STRENGTH` pairs, so a level seen on few pairs stays near its
  prior;
- the prior from the number of matches the full-name session implies.
Pairs of one household (a carer in common, clearly different given names: twins and siblings)
are kept out of training: records of one family agree on much besides being one child. The NHS
number is not learnt: two records with valid NHS numbers are settled by them (the same child or
two children), and train the other comparisons as labelled pairs.
"""

import json
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from analysis.identity.comparisons import (
    COMPARISONS,
    F_EXACT,
    G_EXACT,
    MISSING,
    SAME,
    D,
    F,
    G,
    N,
    Names,
    compare,
    held_back,
)
from analysis.identity.features import Features

PRIOR_STRENGTH = 5.0
"""Pseudo-pairs behind each comparison's prior m in the expectation-maximisation."""
EM_ITERATIONS = 40
EM_TOLERANCE = 1e-5
MIN_TRAINING_MATCHES = 10.0
"""A session expecting fewer matches than this leaves the priors as they are."""
DEFAULT_DUPLICATE_SHARE = 0.005
"""Without learning: one record in 200 has a duplicate (the prior of the default model)..."""
DEFAULT_POPULATION = 100_000
"""...among this many children (a local authority's)."""
MODEL_VERSION = 1

Vector = tuple[int, ...]


@dataclass(frozen=True)
class TrainingSession:
    """One expectation-maximisation run, kept to show how the weights were learnt."""

    key: str
    pairs: int
    """Pairs sharing the key (all of them, before sampling)."""
    sampled: int
    household_pairs_left_out: int
    matches: float
    """Expected matches among the sampled pairs, as the last iteration saw them."""
    iterations: int
    learnt: tuple[str, ...]
    """The comparisons whose m this session estimated."""


@dataclass(frozen=True)
class MatchModel:
    """m and u per comparison level (index 0, missing, unused), the prior and name frequencies."""

    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    prior: float
    """Probability that two records picked at random are one child."""
    records: int
    given_counts: Mapping[str, int] = field(default_factory=dict)
    family_counts: Mapping[str, int] = field(default_factory=dict)
    """Records per given name (first word) and per family name (squeezed): the term
    frequencies. Names on one record only are left out (count 1 is assumed)."""
    learnt: bool = False
    sessions: tuple[TrainingSession, ...] = ()

    @cached_property
    def weights(self) -> tuple[tuple[float, ...], ...]:
        """log2(m / u) per comparison level (0 for missing): worked out once, read for every
        pair scanned."""
        return tuple(
            tuple(
                0.0 if level == MISSING else math.log2(m_c[level] / u_c[level])
                for level in range(len(m_c))
            )
            for m_c, u_c in zip(self.m, self.u, strict=True)
        )

    def weight(self, comparison: int, level: int) -> float:
        return self.weights[comparison][level]

    def frequency(self, comparison: int, value: str) -> float:
        """The share of records holding this name (given or family), at least one record's."""
        counts = self.given_counts if comparison == G else self.family_counts
        return max(counts.get(value, 1), 1) / max(self.records, 1)

    def tf_weight(self, comparison: int, level: int, value: str) -> float:
        """The weight of an exact name match on `value`: log2(m / the name's frequency); the
        level's weight when the model knows no frequencies."""
        if not self.records:
            return self.weights[comparison][level]
        counts = self.given_counts if comparison == G else self.family_counts
        return self._tf_base[comparison][level] - math.log2(counts.get(value, 1))

    @cached_property
    def _tf_base(self) -> tuple[tuple[float, ...], ...]:
        # log2(m / (count / records)) = log2(m * records) - log2(count)
        n = max(self.records, 1)
        return tuple(tuple(math.log2(p * n) if p > 0 else 0.0 for p in m_c) for m_c in self.m)

    def count(self, comparison: int, value: str) -> int:
        counts = self.given_counts if comparison == G else self.family_counts
        return counts.get(value, 1)

    def slip(self, names: Names) -> bool:
        """Are the two given names of a pair a typing slip of one name: is one of them on no
        other record? (Unknown without name frequencies.)"""
        if not self.records or names.transposed:
            return False
        return min(self.count(G, names.a.given), self.count(G, names.b.given)) <= 1

    @cached_property
    def prior_weight(self) -> float:
        """The prior log-odds of one child, in bits (negative: most pairs are two children)."""
        return math.log2(self.prior / (1 - self.prior))

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": MODEL_VERSION,
                "m": self.m,
                "u": self.u,
                "prior": self.prior,
                "records": self.records,
                "given_counts": self.given_counts,
                "family_counts": self.family_counts,
                "learnt": self.learnt,
                "sessions": [s.__dict__ for s in self.sessions],
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> "MatchModel":
        data = json.loads(text)
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"identity model version {data.get('version')!r} is not known")
        return cls(
            m=tuple(tuple(levels) for levels in data["m"]),
            u=tuple(tuple(levels) for levels in data["u"]),
            prior=float(data["prior"]),
            records=int(data["records"]),
            given_counts=dict(data["given_counts"]),
            family_counts=dict(data["family_counts"]),
            learnt=bool(data["learnt"]),
            sessions=tuple(
                TrainingSession(**{**s, "learnt": tuple(s["learnt"])}) for s in data["sessions"]
            ),
        )


def _normalised(levels: Sequence[float]) -> tuple[float, ...]:
    total = sum(levels[1:])
    return (0.0, *(p / total for p in levels[1:]))


def name_counts(records: Iterable[Features]) -> tuple[dict[str, int], dict[str, int]]:
    """Records per given name and per family name (recorded names), those on two or more."""
    given: Counter[str] = Counter()
    family: Counter[str] = Counter()
    for record in records:
        v = record.variants[0]
        if v.given:
            given[v.given] += 1
        if v.family_squeezed:
            family[v.family_squeezed] += 1
    return (
        {k: n for k, n in given.items() if n > 1},
        {k: n for k, n in family.items() if n > 1},
    )


def default_model(population: int = DEFAULT_POPULATION) -> MatchModel:
    """The priors: what weighs evidence when there is too little to learn from, and before the
    first scan has learnt anything. No name frequencies: an exact name match counts as an
    average one. The prior assumes `population` children, one in 200 of them recorded twice."""
    n = max(population, 2)
    return MatchModel(
        m=tuple(_normalised(c.prior_m) for c in COMPARISONS),
        u=tuple(_normalised(c.prior_u) for c in COMPARISONS),
        prior=min(DEFAULT_DUPLICATE_SHARE * n / (n * (n - 1) / 2), 0.5),
        records=0,
    )


def with_frequencies(model: MatchModel, records: Sequence[Features]) -> MatchModel:
    """`model` with the name frequencies of `records`."""
    given, family = name_counts(records)
    return replace(model, records=len(records), given_counts=given, family_counts=family)


# --- learning ----------------------------------------------------------------------------------


def _random_pairs(n: int, count: int, rng: random.Random) -> Iterator[tuple[int, int]]:
    for _ in range(count):
        i = rng.randrange(n)
        j = rng.randrange(n - 1)
        yield (i, j + 1) if j >= i else (i, j)


def estimate_u(
    records: Sequence[Features], pairs: int, rng: random.Random, prior_u: Sequence[Sequence[float]]
) -> tuple[tuple[float, ...], ...]:
    """u per comparison level from random pairs of records, with the prior u as one pseudo-pair,
    so that a level never seen is rare, not impossible, and a comparison never made (no NHS
    numbers at all) keeps its prior."""
    counts = [[0] * len(c.levels) for c in COMPARISONS]
    n = len(records)
    total = min(pairs, n * (n - 1) // 2)
    for i, j in _random_pairs(n, total, rng):
        vector, _ = compare(records[i], records[j])
        for c, level in enumerate(vector):
            counts[c][level] += 1
    estimates = []
    for c, levels in enumerate(counts):
        made = sum(levels[1:])
        if not made:
            estimates.append(tuple(prior_u[c]))
            continue
        # a level never seen in `made` pairs is taken as seen once: no rarer than measured
        estimates.append(_normalised([0.0, *(max(k, 1) for k in levels[1:])]))
    return tuple(estimates)


def _blocks(records: Sequence[Features], key: Callable[[Features], str | None]) -> list[list[int]]:
    found: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        k = key(record)
        if k:
            found.setdefault(k, []).append(i)
    return [members for members in found.values() if len(members) > 1]


def _sample_block_pairs(
    blocks: list[list[int]], limit: int, rng: random.Random
) -> tuple[int, list[tuple[int, int]]]:
    """(pairs in the blocks, up to `limit` of them drawn evenly at random)."""
    total = sum(len(b) * (len(b) - 1) // 2 for b in blocks)
    rate = min(1.0, limit / total) if total else 0.0
    chosen: list[tuple[int, int]] = []
    for members in blocks:
        size = len(members) * (len(members) - 1) // 2
        if rate >= 1.0:
            chosen.extend(
                (members[x], members[y])
                for x in range(len(members))
                for y in range(x + 1, len(members))
            )
            continue
        want = size * rate
        k = int(want) + (rng.random() < want - int(want))
        for _ in range(k):
            x, y = rng.sample(range(len(members)), 2)
            chosen.append((members[x], members[y]))
    return total, chosen


def _expectation_maximisation(
    patterns: Counter[Vector],
    learn: Sequence[int],
    m: list[list[float]],
    u: Sequence[Sequence[float]],
    prior_m: Sequence[Sequence[float]],
) -> tuple[float, float, int]:
    """Fit m (of the comparisons in `learn`, in place) and the share of matches to the patterns;
    return (share of matches, expected matches, iterations)."""
    share = 0.1
    total = sum(patterns.values())
    matches = 0.0
    iterations = 0
    if not total:
        return 0.0, 0.0, 0
    for iterations in range(1, EM_ITERATIONS + 1):  # noqa: B007 - reported after the loop
        sums = [[0.0] * len(m[c]) for c in range(len(m))]
        matches = 0.0
        for pattern, count in patterns.items():
            if pattern[N] != MISSING:  # settled by the NHS numbers: a labelled pair
                posterior = 1.0 if pattern[N] == SAME else 0.0
            else:
                ratio = 1.0
                for c in learn:
                    level = pattern[c]
                    if level != MISSING:
                        ratio *= m[c][level] / u[c][level]
                posterior = share * ratio / (share * ratio + 1.0 - share)
            weight = count * posterior
            matches += weight
            for c in learn:
                sums[c][pattern[c]] += weight
        change = abs(matches / total - share)
        share = min(max(matches / total, 1e-9), 1 - 1e-9)
        for c in learn:
            seen = sum(sums[c][1:])
            new = [0.0] + [
                (sums[c][level] + PRIOR_STRENGTH * prior_m[c][level]) / (seen + PRIOR_STRENGTH)
                for level in range(1, len(m[c]))
            ]
            change = max(change, *(abs(a - b) for a, b in zip(new, m[c], strict=True)))
            m[c] = new
        if change < EM_TOLERANCE:
            break
    return share, matches, iterations


@dataclass
class _Session:
    key: str
    key_of: Callable[[Features], str | None]
    fixed: tuple[int, ...]
    """The comparisons the key fixes: not learnt in this session."""


def _dob_family(f: Features) -> str | None:
    code = f.variants[0].family_code
    return f"{f.dob_key}|{code}" if f.dob_key and code else None


def _dob_given(f: Features) -> str | None:
    code = f.variants[0].given_code
    return f"{f.dob_key}|{code}" if f.dob_key and code else None


def _full_name(f: Features) -> str | None:
    v = f.variants[0]
    return f"{v.given}|{v.family_squeezed}" if v.given and v.family_squeezed else None


FULL_NAME = "same given and family name"
SESSIONS = (
    # a date of birth alone would do, but at a million children its pairs (~100 million) hold
    # too few duplicates for a sample to find: one name's sound as well keeps them together
    _Session("same date of birth, family name sounding alike", _dob_family, (D, F)),
    _Session("same date of birth, given name sounding alike", _dob_given, (D, G)),
    _Session(FULL_NAME, _full_name, (G, F)),
)


def learn(
    records: Sequence[Features], *, u_pairs: int = 100_000, em_pairs: int = 100_000, seed: int = 20
) -> MatchModel:
    """Estimate the model on `records` (see the module's docstring). Deterministic for the
    records and the seed."""
    rng = random.Random(seed)  # noqa: S311 - sampling, not secrets
    n = len(records)
    base = default_model(n)
    given_counts, family_counts = name_counts(records)
    counted = with_frequencies(base, records)  # for the household rule's typing slips
    u = estimate_u(records, u_pairs, rng, base.u)
    prior_m = base.m
    learnt_m: list[list[list[float]]] = [[] for _ in COMPARISONS]
    sessions: list[TrainingSession] = []
    implied: dict[str, tuple[float, int]] = {}
    for session in SESSIONS:
        total, pairs = _sample_block_pairs(_blocks(records, session.key_of), em_pairs, rng)
        patterns: Counter[Vector] = Counter()
        left_out = 0
        for i, j in pairs:
            vector, names = compare(records[i], records[j])
            if held_back(vector, names, slip=counted.slip(names)) in ("twins", "siblings"):
                left_out += 1
                continue
            patterns[vector] += 1
        learn_here = [c for c in range(len(COMPARISONS)) if c not in (*session.fixed, N)]
        m = [list(levels) for levels in prior_m]
        share, matches, iterations = _expectation_maximisation(patterns, learn_here, m, u, prior_m)
        enough = matches >= MIN_TRAINING_MATCHES
        sessions.append(
            TrainingSession(
                key=session.key,
                pairs=total,
                sampled=len(pairs),
                household_pairs_left_out=left_out,
                matches=round(matches, 1),
                iterations=iterations,
                learnt=tuple(COMPARISONS[c].name for c in learn_here) if enough else (),
            )
        )
        if enough:
            for c in learn_here:
                learnt_m[c].append(m[c])
            implied[session.key] = (share * total, total)
    final_m = tuple(
        tuple(sum(col) / len(estimates) for col in zip(*estimates, strict=True))
        if estimates
        else prior_m[c]
        for c, estimates in enumerate(learnt_m)
    )
    prior = base.prior
    if FULL_NAME in implied:
        # the duplicates of one full name, over the share of all duplicates that keep both
        # names exactly (of records with both names)
        named = sum(1 for r in records if _full_name(r) is not None) / max(n, 1)
        kept = final_m[G][G_EXACT] * final_m[F][F_EXACT] * named * named
        matches_in_block = implied[FULL_NAME][0]
        prior = min(max(matches_in_block / kept / (n * (n - 1) / 2), 1e-12), 0.5)
    return MatchModel(
        m=final_m,
        u=u,
        prior=prior,
        records=n,
        given_counts=given_counts,
        family_counts=family_counts,
        learnt=bool(implied),
        sessions=tuple(sessions),
    )


def summary(model: MatchModel) -> dict[str, Any]:
    """The model as plain data: the weight of every level, the prior, how it was learnt."""
    return {
        "learnt": model.learnt,
        "records": model.records,
        "prior": model.prior,
        "prior_weight": round(model.prior_weight, 2),
        "weights": {
            c.name: {
                label: {
                    "m": round(model.m[i][level], 4),
                    "u": round(model.u[i][level], 6),
                    "weight": round(model.weight(i, level), 2),
                }
                for level, label in enumerate(c.levels)
                if level != MISSING
            }
            for i, c in enumerate(COMPARISONS)
        },
        "sessions": [s.__dict__ for s in model.sessions],
    }
