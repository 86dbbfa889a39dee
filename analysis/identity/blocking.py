"""Candidate pairs by blocking: only records sharing a key are ever compared.

Keys (name keys are computed over every name a child is known by, spaces removed, so "Ewa N"
is "Ewan"):

- `nhs`               the NHS number;
- `dob+name`          date of birth (a date and its day/month swap give one key) and a name
                      key: either name's phonetic code, the given name's nickname group, or
                      the family name spelled with any one letter dropped — so transposed
                      names meet, names that sound alike meet, and a typing slip in both names
                      (which changes both phonetic codes) still leaves a key in common;
- `dob+postcode`      date of birth and postcode (both names changed or missing);
- `dob parts+names`   two of the three parts of the date of birth (year and month, year and
                      day, day and month) with one name's phonetic code and the other's
                      initial: one part of the date mistyped (and perhaps one name);
- `names`             both names as spelled, in either order, without a date (no date of
                      birth, or a mistyped one); its blocks are held to `max_name_block` records;
- `postcode+name`     postcode and either name's phonetic code or the given name's nickname
                      group (the same home, the date of birth mistyped or missing);
- `postcode+initials` postcode and the two initials, in either order;
- `carer`             a carer record in common.

So the work grows with the number of records sharing a key, not with N². A key shared by more
than `max_block` records is skipped (counted in the stats): it would add many comparisons and
little evidence; so no record is ever compared with more than `max_block - 1` others per key.
Each key's cost (blocks, pairs, pairs no earlier key found, largest block, blocks skipped) is
reported in `BlockingStats.keys`.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import combinations, repeat

import numpy as np
import numpy.typing as npt

from analysis.identity.features import Features, Variant, family_parts, given_parts, variants_of

KeyGroup = tuple[int, tuple[int, ...]]
"""A context (the date of birth, a postcode, a kind of key) and the hashes of the keys that go
with it: a record is in the block of each (context, key). Hashes of names are worked out once
per name, and combined with the context in arrays."""
KeyFunction = Callable[[Features], list[KeyGroup]]
Codes = npt.NDArray[np.int64]
"""Pairs (i < j) of record indexes, each as `i * len(records) + j`, sorted."""


@cache
def _slips(name: str) -> frozenset[str]:
    """The name and each spelling of it with one letter dropped: two names a typing slip apart
    (a letter changed, dropped, added, or two swapped) always share one."""
    if len(name) < 3:
        return frozenset((name,)) if name else frozenset()
    return frozenset((name, *(name[:i] + name[i + 1 :] for i in range(len(name)))))


@cache
def _one_name_keys(squeezed: str, code: str, groups: frozenset[str]) -> frozenset[str]:
    return frozenset({*groups, *((code,) if code else ()), *(f"~{s}" for s in _slips(squeezed))})


@cache
def _sound_keys(code: str, groups: frozenset[str]) -> frozenset[str]:
    return frozenset({*groups, *((code,) if code else ())})


def _name_parts(v: Variant) -> tuple[frozenset[str], frozenset[str]]:
    return (
        _sound_keys(v.given_code, v.groups),
        _one_name_keys(v.family_squeezed, v.family_code, _NO_GROUPS),
    )


_NO_GROUPS: frozenset[str] = frozenset()


def name_keys_of(v: Variant) -> frozenset[str]:
    """A name's keys for the date-of-birth blocks: either name's phonetic code and the given
    name's nickname groups (sound-alike spellings, short forms, transposed names), and the
    family name's spellings with one letter dropped (any one typing slip, even one that
    changes the sound; a slip in the given name too leaves this key in common)."""
    given, family = _name_parts(v)
    return given | family


def name_keys(given: str, family: str, other_names: Iterable[str]) -> frozenset[str]:
    """The name parts of the `dob+name` keys, over every name a child is known by. Two
    children born on the same (or swapped) day share a blocking key exactly when these sets
    meet (the incremental check asks this before fetching whole records).

    >>> sorted(name_keys("Beth", "Adjo", []) & name_keys("Elizabeth", "Smith", []))
    ['elizabeth']
    >>> sorted(name_keys("Clarke", "Ryan", []) & name_keys("Ryan", "Clarke", []))
    ['KLRK', 'RYN']
    >>> sorted(name_keys("Maya", "Smith", []) & name_keys("Kofi", "Smiht", []))
    ['~smih', '~smit']
    """
    if not other_names:
        return _given_name_keys(given) | _family_name_keys(family)
    found: set[str] = set()
    for v in variants_of(given, family, other_names):
        found.update(name_keys_of(v))
    return frozenset(found)


@lru_cache(maxsize=1 << 16)
def _given_name_keys(given: str) -> frozenset[str]:
    # as name_keys_of's given part, from the name alone (names repeat: the incremental check
    # asks this of every child born on a day)
    _, _, code, groups, _ = given_parts(given)
    return _sound_keys(code, groups)


@lru_cache(maxsize=1 << 16)
def _family_name_keys(family: str) -> frozenset[str]:
    _, squeezed, code = family_parts(family)
    return _one_name_keys(squeezed, code, _NO_GROUPS)


@cache
def _hashes(keys: frozenset[str]) -> tuple[int, ...]:
    return tuple(hash(key) for key in keys)


@cache
def _hash(key: str) -> int:
    return hash(key)


# Contexts of keys with no date: one number per kind, apart from any date (YYYYMMDD)
_NO_DATE, _YEAR_MONTH, _YEAR_DAY, _DAY_MONTH = 1 << 40, 2 << 40, 3 << 40, 4 << 40


def _nhs(f: Features) -> list[KeyGroup]:
    return [(_NO_DATE, (hash(f.nhs_number),))] if f.nhs_number else []


def _dob_name(f: Features) -> list[KeyGroup]:
    dob = f.dob_code
    if dob is None:
        return []
    found: list[KeyGroup] = []
    for v in f.variants:
        given, family = _name_parts(v)
        found += ((dob, _hashes(given)), (dob, _hashes(family)))
    return found  # a key twice (one record, two names) is harmless: a pair needs two records


def _initials(v: Variant) -> str:
    return "".join(sorted((v.given_squeezed[:1] or "?", v.family_squeezed[:1] or "?")))


def _dob_postcode(f: Features) -> list[KeyGroup]:
    if f.dob_code is None or f.postcode is None:
        return []
    return [(f.dob_code, (_hash(f.postcode),))]


def _dob_parts(f: Features) -> list[KeyGroup]:
    if f.dob is None:
        return []
    year, month, day = f.dob
    low, high = min(month, day), max(month, day)  # a swap is one key
    contexts = (
        _YEAR_MONTH + year * 100 + month,
        _YEAR_DAY + year * 100 + day,
        _DAY_MONTH + low * 100 + high,
    )
    found: list[KeyGroup] = []
    for v in f.variants:
        # the family name's sound with the given name's initial, and the other way round: one
        # name may be mistyped too
        names = tuple(
            _hash(f"{code}|{initial}")
            for code, initial in (
                (v.family_code, v.given_squeezed[:1]),
                (v.given_code, v.family_squeezed[:1]),
            )
            if code
        )
        if names:
            found += ((context, names) for context in contexts)
    return found


def _names(f: Features) -> list[KeyGroup]:
    found: list[KeyGroup] = []
    for v in f.variants:
        if v.given_squeezed and v.family_squeezed:
            first, second = sorted((v.given_squeezed, v.family_squeezed))
            found.append((_NO_DATE, (_hash(f"{first}|{second}"),)))
    return found


def _postcode_name(f: Features) -> list[KeyGroup]:
    if f.postcode is None:
        return []
    place = _hash(f.postcode)
    found: list[KeyGroup] = []
    for v in f.variants:
        found.append((place, _hashes(v.given_keys)))
        if v.family_code:
            found.append((place, (_hash(v.family_code),)))
    return found


def _postcode_initials(f: Features) -> list[KeyGroup]:
    if f.postcode is None:
        return []
    place = _hash(f.postcode)
    return [(place, (_hash(_initials(v)),)) for v in f.variants]


def _carer(f: Features) -> list[KeyGroup]:
    return [(_NO_DATE, tuple(hash(carer) for carer in f.carer_ids))] if f.carer_ids else []


def record_keys(kind: str, record: Features) -> set[tuple[int, int]]:
    """A record's keys of one kind, as (context, key) numbers: two records share a block of
    that kind exactly when these sets meet."""
    return {(context, key) for context, keys in BLOCKING_KEYS[kind](record) for key in keys}


BLOCKING_KEYS: dict[str, KeyFunction] = {
    "nhs": _nhs,
    "dob+name": _dob_name,
    "dob+postcode": _dob_postcode,
    "dob parts+names": _dob_parts,
    "names": _names,
    "postcode+name": _postcode_name,
    "postcode+initials": _postcode_initials,
    "carer": _carer,
}
NAME_ONLY_KEYS = frozenset({"names"})
"""Keys with neither a date of birth nor a place in them: their blocks are held to
`MatchSettings.max_name_block`."""


@dataclass
class KeyCost:
    """What one kind of key cost: its blocks, the pairs in them, the pairs no earlier key found."""

    blocks: int = 0
    """Blocks of two records or more compared."""
    pairs: int = 0
    """Pairs in them (a pair in two blocks of this key counts twice)."""
    new_pairs: int = 0
    largest: int = 0
    """Records in its largest block compared."""
    skipped: int = 0
    """Blocks left out for being larger than the limit."""


@dataclass
class BlockingStats:
    records: int = 0
    pairs: int = 0
    """Distinct pairs to compare."""
    keys: dict[str, KeyCost] = field(default_factory=dict)

    @property
    def blocks_skipped(self) -> dict[str, int]:
        """Per kind of key, blocks left out for being larger than their limit."""
        return {kind: cost.skipped for kind, cost in self.keys.items() if cost.skipped}


def _block_pairs(
    owners: npt.NDArray[np.int64], starts: npt.NDArray[np.int64], size: int, n: int
) -> Codes:
    """The pairs within blocks of `size` records (each block `owners[start:start + size]`,
    owners ascending)."""
    members = owners[starts[:, None] + np.arange(size)]
    first, second = np.triu_indices(size, k=1)
    a, b = members[:, first].ravel(), members[:, second].ravel()
    return np.asarray(a * n + b, dtype=np.int64)


def _kind_pairs(
    records: Sequence[Features], keys_of: KeyFunction, limit: int, cost: KeyCost
) -> Codes:
    """Every pair sharing a key of one kind (with repeats), and what the kind cost."""
    hashes: list[int] = []
    contexts: list[int] = []
    owners: list[int] = []
    for i, record in enumerate(records):
        for context, keys in keys_of(record):
            hashes += keys
            contexts += repeat(context, len(keys))
            owners += repeat(i, len(keys))
    if not hashes:
        return np.empty(0, dtype=np.int64)
    h = np.array(hashes, dtype=np.int64)
    # one number per (context, key): the key's hash spread over 64 bits, the context mixed in
    h *= np.int64(-7046029254386353131)  # 0x9E3779B97F4A7C15, as a signed 64-bit number
    h ^= np.array(contexts, dtype=np.int64)
    o = np.array(owners, dtype=np.int64)
    del hashes, contexts, owners
    order = np.lexsort((o, h))  # by key, then by record: a block's pairs come out i < j
    h, o = h[order], o[order]
    once = np.concatenate(([True], (h[1:] != h[:-1]) | (o[1:] != o[:-1])))
    h, o = h[once], o[once]  # a record in a block twice (one key from two of its names): once
    starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(h)])))
    cost.skipped = int(np.count_nonzero(sizes > limit))
    compared = (sizes >= 2) & (sizes <= limit)
    cost.blocks = int(np.count_nonzero(compared))
    cost.largest = int(sizes[compared].max()) if cost.blocks else 0
    n = len(records)
    found = [
        _block_pairs(o, starts[compared & (sizes == size)], int(size), n)
        for size in np.unique(sizes[compared])
    ]
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def candidate_codes(
    records: Sequence[Features],
    *,
    max_block: int,
    max_name_block: int | None = None,
    focus: set[int] | None = None,
    stats: BlockingStats | None = None,
) -> Codes:
    """Pairs (i < j) of records sharing at least one blocking key, each as `i * len(records) +
    j`, sorted (grouped and paired with numpy: at a million records, several times faster
    than dicts and sets of tuples). With `focus`, only pairs with at least one record in it."""
    stats = stats if stats is not None else BlockingStats()
    n = stats.records = len(records)
    if n <= SMALL:
        return _small_codes(records, max_block, max_name_block, focus, stats)
    wanted = np.fromiter(sorted(focus), dtype=np.int64) if focus is not None else None
    found: Codes = np.empty(0, dtype=np.int64)
    for kind, keys_of in BLOCKING_KEYS.items():
        cost = stats.keys[kind] = KeyCost()
        limit = max_block
        if kind in NAME_ONLY_KEYS and max_name_block is not None:
            limit = min(max_block, max_name_block)
        codes = _kind_pairs(records, keys_of, limit, cost)
        if wanted is not None:
            codes = codes[np.isin(codes // n, wanted) | np.isin(codes % n, wanted)]
        cost.pairs = len(codes)
        codes = np.unique(codes)
        cost.new_pairs = len(np.setdiff1d(codes, found, assume_unique=True))
        found = np.union1d(found, codes)
    stats.pairs = len(found)
    return found


SMALL = 200
"""Up to this many records (an incremental check: a child and its few look-alikes), blocks are
grouped in dicts: arrays cost more to set up than they save. Measured (CPU per call, generated
rows, one record in focus): 10 records 0.4 ms in dicts, 1.3 ms in arrays; 60 records 2 ms, 4 ms;
about even at 150-300; 1,000 records 75 ms, 44 ms."""


def _small_codes(
    records: Sequence[Features],
    max_block: int,
    max_name_block: int | None,
    focus: set[int] | None,
    stats: BlockingStats,
) -> Codes:
    """candidate_codes for a few records, the same pairs and costs, without arrays."""
    n = stats.records = len(records)
    found: set[int] = set()
    for kind, keys_of in BLOCKING_KEYS.items():
        cost = stats.keys[kind] = KeyCost()
        limit = max_block
        if kind in NAME_ONLY_KEYS and max_name_block is not None:
            limit = min(max_block, max_name_block)
        blocks: dict[tuple[int, int], list[int]] = {}
        for i, record in enumerate(records):
            for context, keys in keys_of(record):
                for key in keys:
                    members = blocks.setdefault((context, key), [])
                    if not members or members[-1] != i:  # a record twice in a block: once
                        members.append(i)
        codes: list[int] = []
        for members in blocks.values():
            size = len(members)
            if size < 2:
                continue
            if size > limit:
                cost.skipped += 1
                continue
            cost.blocks += 1
            cost.largest = max(cost.largest, size)
            codes += (
                a * n + b
                for a, b in combinations(members, 2)
                if focus is None or a in focus or b in focus
            )
        cost.pairs = len(codes)
        mine = set(codes)
        cost.new_pairs = len(mine - found)
        found |= mine
    stats.pairs = len(found)
    return np.array(sorted(found), dtype=np.int64)


def candidate_pairs(
    records: Sequence[Features],
    *,
    max_block: int,
    max_name_block: int | None = None,
    focus: set[int] | None = None,
    stats: BlockingStats | None = None,
) -> set[tuple[int, int]]:
    """Index pairs (i < j) of records sharing at least one blocking key. With `focus`, only
    pairs with at least one record in it (an incremental check, or one area's scan)."""
    n = len(records)
    codes = candidate_codes(
        records, max_block=max_block, max_name_block=max_name_block, focus=focus, stats=stats
    )
    return {(code // n, code % n) for code in codes.tolist()}
