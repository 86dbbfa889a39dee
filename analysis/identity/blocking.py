"""Candidate pairs by blocking: only records sharing a key are ever compared.

Keys (each computed over every name a child is known by):

- `nhs`     the NHS number;
- `dob+family`  date of birth (a date and its day/month swap give one key) and the phonetic
            family name;
- `dob+given`   date of birth (swap-proof) and the given name's phonetic code or nickname group
            (a misspelt or changed family name);
- `year+names`  birth year, phonetic family and given name (a mistyped date of birth);
- `carer`   a carer record in common;
- `postcode+given`  postcode and given name (the same household, other details changed).

So the work grows with the number of records sharing a key, not with N². A key shared by more
than `max_block` records is skipped (counted in the stats): it would add many comparisons and
little evidence.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from analysis.identity.features import Features

KeyFunction = Callable[[Features], set[str]]


def _nhs(f: Features) -> set[str]:
    return {f.nhs_number} if f.nhs_number else set()


def _dob_family(f: Features) -> set[str]:
    dob = f.dob_key
    return {f"{dob}|{v.family_code}" for v in f.variants} if dob else set()


def _dob_given(f: Features) -> set[str]:
    dob = f.dob_key
    return {f"{dob}|{key}" for v in f.variants for key in v.given_keys} if dob else set()


def _year_names(f: Features) -> set[str]:
    if f.dob is None:
        return set()
    year = f.dob[0]
    return {f"{year}|{v.family_code}|{key}" for v in f.variants for key in v.given_keys}


def _carer(f: Features) -> set[str]:
    return set(f.carer_ids)


def _postcode_given(f: Features) -> set[str]:
    if f.postcode is None:
        return set()
    return {f"{f.postcode}|{key}" for v in f.variants for key in v.given_keys}


BLOCKING_KEYS: dict[str, KeyFunction] = {
    "nhs": _nhs,
    "dob+family": _dob_family,
    "dob+given": _dob_given,
    "year+names": _year_names,
    "carer": _carer,
    "postcode+given": _postcode_given,
}


@dataclass
class BlockingStats:
    records: int = 0
    pairs: int = 0
    """Distinct pairs to compare."""
    blocks_skipped: dict[str, int] = field(default_factory=dict)
    """Per kind of key, blocks left out for being larger than `max_block`."""


def candidate_pairs(
    records: Sequence[Features],
    *,
    max_block: int,
    focus: set[int] | None = None,
    stats: BlockingStats | None = None,
) -> set[tuple[int, int]]:
    """Index pairs (i < j) of records sharing at least one blocking key. With `focus`, only
    pairs with at least one record in it (an incremental check, or one area's scan)."""
    stats = stats if stats is not None else BlockingStats()
    stats.records = len(records)
    pairs: set[tuple[int, int]] = set()
    for kind, keys_of in BLOCKING_KEYS.items():
        # one kind at a time: the index of one kind is dropped before the next is built
        blocks: dict[str, list[int]] = {}
        for i, record in enumerate(records):
            for key in keys_of(record):
                blocks.setdefault(key, []).append(i)
        for members in blocks.values():
            if len(members) < 2:
                continue
            if len(members) > max_block:
                stats.blocks_skipped[kind] = stats.blocks_skipped.get(kind, 0) + 1
                continue
            pairs.update(_pairs(members, focus))
    stats.pairs = len(pairs)
    return pairs


def _pairs(members: list[int], focus: set[int] | None) -> Iterator[tuple[int, int]]:
    for n, i in enumerate(members):
        for j in members[n + 1 :]:
            if i == j or (focus is not None and i not in focus and j not in focus):
                continue
            yield (i, j) if i < j else (j, i)
