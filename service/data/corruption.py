"""How a planted duplicate's record differs from the original: the errors real indexes hold,
FEBRL-like.

A duplicate is the same child registered again elsewhere. Its record differs as its kind says
(truth.DUPLICATE_KINDS):

- `alias`                 a short form of the given name (Beth for Elizabeth);
- `misspelling`           a typing slip in the family name (a letter dropped, doubled, swapped);
- `swapped_dob`           day and month of birth exchanged;
- `former_name`           another family name, which the original keeps in other_names;
- `transposed_names`      given and family names exchanged on entry;
- `placeholder_name`      registered before the child was named ("Baby", "Baby of <mother>");
- `replaced_family_name`  another family name (a step-parent's, after adoption) that the
                          original does not record;
- `phonetic_typo`         a name written as heard (Stephen/Steven, Catherine/Kathryn,
                          Thompson/Tomson), or a typing slip where no sound-alike rule applies;
- `date_off_by_one`       day, month or year of birth one off.

On top of its kind, a quarter of duplicates carry a second, independent typing slip in a name
the kind left alone, as FEBRL's corrupted records do.
"""

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

SECOND_SLIP = 0.25
"""Share of duplicates with a typing slip on top of their kind."""

_SOUNDS: tuple[tuple[str, str], ...] = (
    ("ph", "f"), ("ck", "k"), ("c", "k"), ("th", "t"), ("ie", "y"), ("ey", "y"), ("y", "i"),
    ("ou", "ow"), ("ee", "ea"), ("ai", "ay"), ("mp", "m"), ("son", "sen"), ("er", "a"),
    ("tt", "t"), ("ll", "l"), ("nn", "n"), ("ss", "s"), ("wh", "w"), ("kh", "k"), ("sh", "ch"),
)  # fmt: skip
"""Spellings heard alike, either way round."""


@dataclass
class Identity:
    """The parts of a child's record a duplicate varies."""

    given: str
    family: str
    dob: int
    """Ordinal day."""
    other_names: list[str] = field(default_factory=list)
    """Names the *original* record gains (an alias or a former name it keeps)."""


def misspell(name: str, rng: random.Random) -> str:
    """A typing slip: two letters swapped, one dropped or doubled, a vowel changed."""
    letters = list(name)
    for _ in range(10):
        i = rng.randrange(1, max(len(letters) - 1, 2))
        how = rng.randrange(4)
        attempt = list(letters)
        if how == 0 and i + 1 < len(attempt):
            attempt[i], attempt[i + 1] = attempt[i + 1], attempt[i]
        elif how == 1 and len(attempt) > 3:
            del attempt[i]
        elif how == 2:
            attempt.insert(i, attempt[i])
        else:
            vowels = "aeiou"
            if attempt[i] in vowels:
                attempt[i] = vowels[(vowels.index(attempt[i]) + 1) % 5]
        candidate = "".join(attempt)
        if candidate != name and candidate[:1].isupper():
            return candidate
    return name + "e"


def sound_alike(name: str, rng: random.Random) -> str:
    """The name as someone might write it down from hearing it; a typing slip where none of
    the sound-alike spellings applies."""
    lower = name.lower()
    options = [
        (written, heard)
        for a, b in _SOUNDS
        for written, heard in ((a, b), (b, a))
        if written in lower[1:]  # the first letter stays: it is what people check
    ]
    if not options:
        return misspell(name, rng)
    written, heard = rng.choice(options)
    at = lower.index(written, 1)
    changed = name[:at] + heard + name[at + len(written) :]
    return changed if changed != name else misspell(name, rng)


def _off_by_one(dob: int, as_of: int, rng: random.Random) -> int:
    born = date.fromordinal(dob)
    options: list[date] = []
    for part in rng.sample(("day", "month", "year"), 3):
        for step in rng.sample((1, -1), 2):
            try:
                if part == "day":
                    moved = date.fromordinal(dob + step)
                    if moved.month != born.month:
                        continue  # one part only
                elif part == "month":
                    moved = born.replace(month=born.month + step)
                else:
                    moved = born.replace(year=born.year + step)
            except ValueError:
                continue
            if moved.toordinal() <= as_of:
                options.append(moved)
    return options[0].toordinal() if options else dob + (1 if dob < as_of else -1)


def corrupt(
    kind: str,
    original: Identity,
    rng: random.Random,
    *,
    as_of: int,
    pick_family: Callable[[], str],
    nicknames: Mapping[str, Sequence[str]],
    mother: str | None,
) -> Identity:
    """The duplicate's identity, made from the original's as `kind` says (see the module's
    docstring); `original.other_names` gains what the original record keeps of it."""
    given, family, dob = original.given, original.family, original.dob
    touched = {"given"} if kind in ("alias", "placeholder_name") else set()
    if kind == "alias":
        given = rng.choice(list(nicknames[original.given]))
        if rng.random() < 0.5:
            original.other_names.append(f"{given} {original.family}")
    elif kind == "misspelling":
        family = misspell(family, rng)
        touched.add("family")
    elif kind == "swapped_dob":
        born = date.fromordinal(dob)
        dob = born.replace(month=born.day, day=born.month).toordinal()
    elif kind in ("former_name", "replaced_family_name"):
        while family == original.family:
            family = pick_family()
        if kind == "former_name":
            original.other_names.append(f"{original.given} {family}")
        touched.add("family")
    elif kind == "transposed_names":
        given, family = family, given
        touched.update(("given", "family"))
    elif kind == "placeholder_name":
        given = rng.choice(("Baby", "Baby", "Unborn", f"Baby of {mother}" if mother else "Infant"))
    elif kind == "phonetic_typo":
        if rng.random() < 0.5:
            given = sound_alike(given, rng)
            touched.add("given")
        else:
            family = sound_alike(family, rng)
            touched.add("family")
    elif kind == "date_off_by_one":
        dob = _off_by_one(dob, as_of, rng)
    else:
        raise ValueError(f"no duplicate kind {kind!r}")
    if rng.random() < SECOND_SLIP:
        untouched = [part for part in ("given", "family") if part not in touched]
        if untouched:
            if rng.choice(untouched) == "given":
                given = misspell(given, rng)
            else:
                family = misspell(family, rng)
    return Identity(given=given, family=family, dob=dob)
