"""A child's identity row, prepared once for blocking and scoring.

An identity row is a plain mapping, as the store's identity queries return it::

    {"id", "given_name", "family_name", "other_names": [...], "sex", "date_of_birth" (ISO),
     "nhs_number", "postcode", "carers": [{"id", "given_name", "family_name"}]}

Every name a child is known by (the recorded one and each of `other_names`) becomes a
`Variant`; an other name of one word is read as a given name with the recorded family name.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import jellyfish

from analysis.identity.nicknames import name_groups
from analysis.names import normalise


class BadIdentityRow(ValueError):
    """A row without the fields identity resolution needs (an id, names, a date of birth)."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One name a child is known by, normalised."""

    given: str
    """First word of the given name(s), normalised ("Anna-Marie" -> "anna")."""
    family: str
    """The family name, normalised, words joined by one space."""
    given_code: str
    family_code: str
    """Metaphone codes (jellyfish), for blocking."""
    groups: frozenset[str]
    """Full forms the given name is a short form of (nicknames)."""
    given_keys: frozenset[str]
    """Blocking keys of the given name: its phonetic code and its nickname groups."""
    display: str
    """The name as recorded, for reasons."""
    other: bool
    """True when it comes from `other_names` (an alias, former name or spelling)."""


@dataclass(frozen=True, slots=True)
class Features:
    id: str
    variants: tuple[Variant, ...]
    dob: tuple[int, int, int] | None
    """(year, month, day)."""
    sex: str | None
    nhs_number: str | None
    postcode: str | None
    """Upper case, no spaces."""
    carer_ids: frozenset[str]
    carer_names: Mapping[str, str]
    """Normalised full name -> the name as recorded, per carer."""
    dob_key: str | None
    """The date of birth with day and month in a fixed order when both could be a month, so a
    date and its day/month swap block together."""


def _code(text: str) -> str:
    squeezed = text.replace(" ", "")
    return jellyfish.metaphone(squeezed) if squeezed else ""


@cache
def _given_parts(given: str) -> tuple[str, str, frozenset[str]] | None:
    """(first word normalised, its phonetic code, its nickname groups); names repeat, so the
    work is done once per distinct name."""
    words = _normalised(given).split()
    if not words:
        return None
    return words[0], _code(words[0]), name_groups(words[0])


@cache
def _normalised(name: str) -> str:
    return normalise(name)


def _dob_key(dob: tuple[int, int, int] | None) -> str | None:
    if dob is None:
        return None
    year, month, day = dob
    if day <= 12:
        month, day = min(month, day), max(month, day)
    return f"{year:04d}{month:02d}{day:02d}"


@cache
def _family_parts(family: str) -> tuple[str, str] | None:
    norm = _normalised(family)
    return (norm, _code(norm)) if norm else None


def _variant(given: str, family: str, display: str, *, other: bool) -> Variant | None:
    given_parts, family_parts = _given_parts(given), _family_parts(family)
    if given_parts is None or family_parts is None:
        return None
    first, given_code, groups = given_parts
    return Variant(
        given=first,
        family=family_parts[0],
        given_code=given_code,
        family_code=family_parts[1],
        groups=groups,
        given_keys=groups | {given_code},
        display=display,
        other=other,
    )


def _variants(given: str, family: str, other_names: Iterable[str]) -> tuple[Variant, ...]:
    found: list[Variant] = []
    seen: set[tuple[str, str]] = set()
    recorded = _variant(given, family, f"{given} {family}", other=False)
    candidates = [recorded]
    for name in other_names:
        words = name.split()
        if len(words) == 1:
            candidates.append(_variant(words[0], family, name, other=True))
        elif words:
            candidates.append(_variant(" ".join(words[:-1]), words[-1], name, other=True))
    for variant in candidates:
        if variant is not None and (variant.given, variant.family) not in seen:
            seen.add((variant.given, variant.family))
            found.append(variant)
    return tuple(found)


def _dob(value: Any) -> tuple[int, int, int] | None:
    if value is None or value == "":
        return None
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError as e:
        raise BadIdentityRow(f"date_of_birth {value!r} is not an ISO date") from e
    return parsed.year, parsed.month, parsed.day


def prepare(row: Mapping[str, Any]) -> Features:
    """The features of one identity row."""
    try:
        child_id = str(row["id"])
        given, family = row["given_name"] or "", row["family_name"] or ""
    except KeyError as e:
        raise BadIdentityRow(f"identity row without {e.args[0]!r}") from e
    variants = _variants(given, family, row.get("other_names") or [])
    if not variants:
        raise BadIdentityRow(f"child {child_id!r} has no usable name")
    carers = [c for c in row.get("carers") or [] if c and c.get("id")]
    names: dict[str, str] = {}
    for carer in carers:
        given, family = carer.get("given_name") or "", carer.get("family_name") or ""
        key = f"{_normalised(given)} {_normalised(family)}".strip()
        if key:
            names[key] = f"{given} {family}".strip()
    postcode = row.get("postcode")
    dob = _dob(row.get("date_of_birth"))
    return Features(
        id=child_id,
        variants=variants,
        dob=dob,
        sex=row.get("sex") if row.get("sex") not in (None, "unspecified") else None,
        nhs_number=row.get("nhs_number") or None,
        postcode=str(postcode).replace(" ", "").upper() if postcode else None,
        carer_ids=frozenset(str(c["id"]) for c in carers),
        carer_names=names,
        dob_key=_dob_key(dob),
    )


def name_keys(given: str, family: str, other_names: Iterable[str]) -> frozenset[str]:
    """The name parts of the date-of-birth blocking keys, over every name: phonetic family
    names and given-name keys. Two children born on the same (or swapped) day share a blocking
    key exactly when these sets meet.

    >>> sorted(name_keys("Beth", "Adjo", []) & name_keys("Elizabeth", "Smith", []))
    ['g:elizabeth']
    """
    keys: set[str] = set()
    for variant in _variants(given, family, other_names):
        keys.add(f"f:{variant.family_code}")
        keys.update(f"g:{key}" for key in variant.given_keys)
    return frozenset(keys)
