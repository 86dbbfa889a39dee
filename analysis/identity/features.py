"""A child's identity row, prepared once for blocking and scoring.

An identity row is a plain mapping, as the store's identity queries return it::

    {"id", "given_name", "family_name", "other_names": [...], "sex", "date_of_birth" (ISO),
     "nhs_number", "postcode", "carers": [{"id", "given_name", "family_name"}]}

Every name a child is known by (the recorded one and each of `other_names`) becomes a
`Variant`; an other name of one word is read as a given name with the recorded family name.

Missing is not a mismatch: an empty name, a placeholder ("Baby", "Unborn", "Infant of Anna
Kouao", "Unknown") or no date of birth is absent evidence, never a refusal. A placeholder with
an ordinal ("Twin 1", "Baby 2") keeps the ordinal, so two such records are still told apart.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import jellyfish

from analysis.identity.nicknames import name_groups
from analysis.names import normalise

PLACEHOLDER_WORDS = frozenset(
    {"baby", "babe", "infant", "unborn", "newborn", "unknown", "unnamed", "nk", "tbc", "tba"}
)
"""A given or family name starting with one of these words is no name: a record made before
the child was named ("Baby", "Baby of Anna Kouao", "Infant of …", "Unborn"), or "Unknown"."""
PLACEHOLDER_NAMES = frozenset(
    {"not known", "n k", "no name", "not given", "to be confirmed", "twin", "male", "female"}
)
"""Whole names that are no name either."""
_ORDINALS = frozenset({"1", "2", "3", "4", "i", "ii", "iii", "a", "b", "c", "one", "two", "three"})


class BadIdentityRow(ValueError):
    """A row identity resolution cannot read (no id, a date of birth that is not a date)."""


@dataclass(slots=True, eq=False)
class Variant:
    """One name a child is known by, normalised. Empty strings stand for a missing part."""

    given: str
    """First word of the given name(s), normalised ("Anna-Marie" -> "anna")."""
    given_squeezed: str
    """Every given name, spaces removed ("Ewa N" -> "ewan")."""
    family: str
    """The family name, normalised, words joined by one space."""
    family_squeezed: str
    given_code: str
    family_code: str
    """Metaphone codes (jellyfish) of the squeezed names, for blocking."""
    groups: frozenset[str]
    """Full forms the given name is a short form of (nicknames)."""
    given_keys: frozenset[str]
    """Blocking keys of the given name: its phonetic code and its nickname groups."""
    display: str
    """The name as recorded, for reasons."""
    other: bool
    """True when it comes from `other_names` (an alias, former name or spelling)."""
    ordinal: str = ""
    """The ordinal of a placeholder given name ("Twin 2" -> "2"); the given name is missing."""


@dataclass(slots=True, eq=False)
class Features:
    id: str
    variants: tuple[Variant, ...]
    """The recorded name first; at least one (with missing parts, if need be)."""
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
    dob_code: int | None = None
    """`dob_key` as a number (YYYYMMDD), for blocking."""


def _code(squeezed: str) -> str:
    return jellyfish.metaphone(squeezed) if squeezed else ""


@cache
def normalised(name: str) -> str:
    return normalise(name)


@cache
def _placeholder(norm: str) -> tuple[bool, str]:
    """(is this normalised name a placeholder, its ordinal if it has one)."""
    words = norm.split()
    if not words:
        return True, ""
    if norm in PLACEHOLDER_NAMES or words[0] in PLACEHOLDER_WORDS:
        ordinal = next((w for w in words[1:] if w in _ORDINALS), "")
        return True, ordinal
    if words[0] in ("twin", "triplet") and len(words) >= 2 and words[1] in _ORDINALS:
        return True, words[1]
    return False, ""


def is_placeholder(name: str) -> bool:
    """Is this name no name at all ("", "Baby", "Unborn", "Infant of Anna Kouao", "Unknown")?

    >>> [is_placeholder(n) for n in ("Baby", "Baby of Anna Kouao", "Twin 2", "Anna", "Babette")]
    [True, True, True, False, False]
    """
    return _placeholder(normalised(name))[0]


@cache
def given_parts(given: str) -> tuple[str, str, str, frozenset[str], str]:
    """(first word, squeezed, phonetic code, nickname groups, ordinal); names repeat, so the
    work is done once per distinct name. Empty parts for a missing or placeholder name."""
    norm = normalised(given)
    missing, ordinal = _placeholder(norm)
    if missing:
        return "", "", "", frozenset(), ordinal
    first = norm.split()[0]
    squeezed = norm.replace(" ", "")
    return first, squeezed, _code(squeezed), name_groups(first), ""


@cache
def family_parts(family: str) -> tuple[str, str, str]:
    norm = normalised(family)
    if _placeholder(norm)[0]:
        return "", "", ""
    squeezed = norm.replace(" ", "")
    return norm, squeezed, _code(squeezed)


def _dob_key(dob: tuple[int, int, int] | None) -> str | None:
    if dob is None:
        return None
    year, month, day = dob
    if day <= 12:
        month, day = min(month, day), max(month, day)
    return f"{year:04d}{month:02d}{day:02d}"


def _variant(given: str, family: str, display: str, *, other: bool) -> Variant:
    first, g_squeezed, given_code, groups, ordinal = given_parts(given)
    norm, f_squeezed, family_code = family_parts(family)
    return Variant(
        given=first,
        given_squeezed=g_squeezed,
        family=norm,
        family_squeezed=f_squeezed,
        given_code=given_code,
        family_code=family_code,
        groups=groups,
        given_keys=groups | {given_code} if given_code else groups,
        display=display.strip(),
        other=other,
        ordinal=ordinal,
    )


@cache
def _recorded(given: str, family: str) -> Variant:
    # names repeat: one Variant per distinct name (Variants are never changed)
    return _variant(given, family, f"{given} {family}", other=False)


def variants_of(given: str, family: str, other_names: Iterable[str]) -> tuple[Variant, ...]:
    """The recorded name first (even when wholly missing), then each other name that adds a
    name."""
    recorded = _recorded(given, family)
    if not other_names:
        return (recorded,)
    found = [recorded]
    seen = {(recorded.given, recorded.family)}
    for name in other_names:
        words = name.split()
        if not words:
            continue
        if len(words) == 1:
            variant = _variant(words[0], family, name, other=True)
        else:
            variant = _variant(" ".join(words[:-1]), words[-1], name, other=True)
        if (variant.given or variant.family) and (variant.given, variant.family) not in seen:
            seen.add((variant.given, variant.family))
            found.append(variant)
    return tuple(found)


@cache
def _dob_text(text: str) -> tuple[tuple[int, int, int], str, int]:
    """(year, month, day) and the blocking key of an ISO date, as text and as a number; dates
    repeat, so once each."""
    try:
        parsed = date.fromisoformat(text[:10])
    except ValueError as e:
        raise BadIdentityRow(f"date_of_birth {text!r} is not an ISO date") from e
    dob = (parsed.year, parsed.month, parsed.day)
    key = _dob_key(dob)
    assert key is not None
    return dob, key, int(key)


def _dob(value: Any) -> tuple[tuple[int, int, int] | None, str | None, int | None]:
    if value is None or value == "":
        return None, None, None
    if isinstance(value, date):
        value = value.isoformat()
    return _dob_text(str(value))


@cache
def _carer_name(given: str, family: str) -> tuple[str, str] | None:
    """(normalised full name, the name as recorded) of a carer; None for a placeholder."""
    if is_placeholder(given) or is_placeholder(family):
        return None  # "Unknown Smith" on two records is not a carer in common
    key = f"{normalised(given)} {normalised(family)}".strip()
    return (key, f"{given} {family}".strip()) if key else None


def prepare(row: Mapping[str, Any]) -> Features:
    """The features of one identity row."""
    try:
        child_id = str(row["id"])
    except KeyError as e:
        raise BadIdentityRow("identity row without 'id'") from e
    given, family = row.get("given_name") or "", row.get("family_name") or ""
    variants = variants_of(given, family, row.get("other_names") or [])
    carer_ids: list[str] = []
    names: dict[str, str] = {}
    for carer in row.get("carers") or ():
        if not carer or not carer.get("id"):
            continue
        carer_ids.append(str(carer["id"]))
        found = _carer_name(carer.get("given_name") or "", carer.get("family_name") or "")
        if found is not None:
            names[found[0]] = found[1]
    postcode = row.get("postcode")
    dob, dob_key, dob_code = _dob(row.get("date_of_birth"))
    sex = row.get("sex")
    return Features(
        id=child_id,
        variants=variants,
        dob=dob,
        sex=sex if sex not in (None, "", "unspecified") else None,
        nhs_number=row.get("nhs_number") or None,
        postcode=str(postcode).replace(" ", "").upper() if postcode else None,
        carer_ids=frozenset(carer_ids),
        carer_names=names,
        dob_key=dob_key,
        dob_code=dob_code,
    )
