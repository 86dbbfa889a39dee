"""What is compared between two records, and in how many levels of agreement.

Each comparison sorts a pair into one of its levels: level 0 is always "missing" (one record
lacks the field: no evidence either way), the last is disagreement. The model
(analysis.identity.model) learns, per level, how often one child's two records land there (m)
and how often two different children's do (u); the weight of a level is log2(m / u).

Names are compared over every name a child is known by and, for the recorded names, crossed
(given against family: names transposed on entry); the pairing that agrees best is the one
scored and explained.
"""

from dataclasses import dataclass
from functools import cache

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from analysis.identity.features import Features, Variant, normalised
from analysis.identity.nicknames import is_full_form, same_name_group

MISSING = 0


@dataclass(frozen=True)
class Comparison:
    name: str
    levels: tuple[str, ...]
    """Level labels; index 0 is "missing"."""
    prior_m: tuple[float, ...]
    """Share of one child's record pairs at each level (index 0 unused): the starting point of
    the expectation-maximisation and what a model learnt from too little data keeps."""
    prior_u: tuple[float, ...]
    """Share of two different children's record pairs at each level."""


GIVEN = Comparison(
    "given name",
    ("missing", "exact", "nickname", "close", "similar", "differs"),
    (0.0, 0.84, 0.04, 0.06, 0.02, 0.04),
    (0.0, 0.004, 0.0005, 0.002, 0.03, 0.9635),
)
FAMILY = Comparison(
    "family name",
    ("missing", "exact", "close", "similar", "differs"),
    (0.0, 0.85, 0.07, 0.02, 0.06),
    (0.0, 0.001, 0.001, 0.02, 0.978),
)
DOB = Comparison(
    "date of birth",
    ("missing", "exact", "swapped", "one part", "within a year", "differs"),
    (0.0, 0.88, 0.03, 0.06, 0.02, 0.01),
    (0.0, 0.0003, 0.0001, 0.01, 0.05, 0.9396),
)
POSTCODE = Comparison(
    "postcode",
    ("missing", "exact", "one character", "district", "differs"),
    (0.0, 0.6, 0.05, 0.1, 0.25),
    (0.0, 0.0005, 0.0005, 0.01, 0.989),
)
SEX = Comparison("sex", ("missing", "same", "differs"), (0.0, 0.97, 0.03), (0.0, 0.5, 0.5))
NHS = Comparison(
    "NHS number", ("missing", "same", "differs"), (0.0, 0.999, 0.001), (0.0, 0.000001, 0.999999)
)
"""Not learnt: an NHS number is one child's for life, so two valid numbers settle a pair, and
pairs they settle train the other comparisons as known matches and non-matches."""
CARERS = Comparison(
    "carers",
    ("missing", "a carer in common", "none in common"),
    (0.0, 0.8, 0.2),
    (0.0, 0.0005, 0.9995),
)

COMPARISONS: tuple[Comparison, ...] = (GIVEN, FAMILY, DOB, POSTCODE, SEX, NHS, CARERS)
G, F, D, P, S, N, C = range(len(COMPARISONS))
"""Positions of the comparisons in a comparison vector."""

# level numbers, named where the rules below need them
G_EXACT, G_NICKNAME, G_CLOSE, G_SIMILAR, G_DIFFERS = 1, 2, 3, 4, 5
F_EXACT, F_CLOSE, F_SIMILAR, F_DIFFERS = 1, 2, 3, 4
D_EXACT, D_SWAPPED, D_ONE_PART, D_NEAR, D_DIFFERS = 1, 2, 3, 4, 5
SAME = 1
N_DIFFERS = 2
C_SHARED, C_NONE_SHARED = 1, 2

CLOSE_JARO_WINKLER = 0.92
"""Names at least this alike (Jaro-Winkler) are spelled alike."""
SIMILAR_JARO_WINKLER = 0.8

_PICK_GIVEN = (0.0, 4.0, 3.0, 2.5, 0.0, -4.0)
_PICK_FAMILY = (0.0, 3.0, 2.0, 0.5, -3.0)
"""How the best-agreeing pairing of names is picked (fixed, so a pair's levels never depend
on what the model learns)."""


@dataclass(frozen=True, slots=True)
class Names:
    """The pairing of names a comparison chose: a's and b's variant, crossed or not."""

    a: Variant
    b: Variant
    transposed: bool
    """b's given and family names were compared with a's family and given names."""


@cache
def _sound(name: str) -> str:
    return jellyfish.metaphone(name)


def _close(x: str, y: str) -> int:
    """1 spelled alike (a typing slip), 2 similar (sounds alike, or half the letters), 0 not."""
    similarity = JaroWinkler.similarity(x, y)
    if similarity >= CLOSE_JARO_WINKLER:
        return 1
    if len(x) >= 3 and len(y) >= 3 and OSA.distance(x, y, score_cutoff=1) <= 1:
        return 1
    if similarity >= SIMILAR_JARO_WINKLER or _sound(x) == _sound(y):
        return 2
    return 0


def _given(x_first: str, x_all: str, y_first: str, y_all: str) -> int:
    if not x_all or not y_all:
        return MISSING
    if x_first == y_first or x_all == y_all:
        return G_EXACT
    if same_name_group(x_first, y_first):
        # a short form of the full name (Beth, Elizabeth) is one name; two short forms of one
        # (Ella, Ellie; Liam, Billy) may as well be two children's names
        return G_NICKNAME if is_full_form(x_first) or is_full_form(y_first) else G_SIMILAR
    return (G_DIFFERS, G_CLOSE, G_SIMILAR)[_close(x_all, y_all)]


def _family(x: str, x_all: str, y: str, y_all: str) -> int:
    if not x_all or not y_all:
        return MISSING
    if x_all == y_all:
        return F_EXACT
    closeness = _close(x_all, y_all)
    if closeness == 1 or (" " in x + y and set(x.split()) & set(y.split())):
        return F_CLOSE  # a typing slip, or one of two family names ("Smith-Jones", "Jones")
    return F_SIMILAR if closeness == 2 else F_DIFFERS


def given_level(a: Variant, b: Variant) -> int:
    if (not a.given_squeezed or not b.given_squeezed) and a.ordinal and b.ordinal:
        return G_EXACT if a.ordinal == b.ordinal else G_DIFFERS  # "Twin 1", "Twin 2"
    return _given(a.given, a.given_squeezed, b.given, b.given_squeezed)


def _straight(a: Variant, b: Variant) -> tuple[int, int]:
    return given_level(a, b), _family(a.family, a.family_squeezed, b.family, b.family_squeezed)


def _crossed(a: Variant, b: Variant) -> tuple[int, int]:
    """a's given name against b's family name, and a's family name against b's given name."""
    return (
        _given(a.given_squeezed, a.given_squeezed, b.family_squeezed, b.family_squeezed),
        _family(a.family, a.family_squeezed, b.given, b.given_squeezed),
    )


def _may_cross(a: Variant, b: Variant) -> bool:
    """Could a's names match b's crossed? (A first letter in common: most pairs have none, and
    a transposed name that also lost its first letter would not be crossed anyway.)"""
    return bool(
        (a.given_squeezed and a.given_squeezed[0] == b.family_squeezed[:1])
        or (a.family_squeezed and a.family_squeezed[0] == b.given_squeezed[:1])
    )


def _pick(levels: tuple[int, int]) -> float:
    return _PICK_GIVEN[levels[0]] + _PICK_FAMILY[levels[1]]


def compare_names(a: Features, b: Features) -> tuple[int, int, Names]:
    """(given level, family level, the pairing) of the best-agreeing names of a and b: each
    of a's names against each of b's, and the recorded names crossed."""
    best: tuple[float, int, int, int, Names] | None = None
    for va in a.variants:
        for vb in b.variants:
            levels = _straight(va, vb)
            rank = (_pick(levels), -(va.other + vb.other))
            if best is None or rank > (best[0], best[1]):
                best = (rank[0], rank[1], *levels, Names(va, vb, transposed=False))
            if levels == (G_EXACT, F_EXACT):
                break
    assert best is not None  # every Features has its recorded variant
    ra, rb = a.variants[0], b.variants[0]
    if best[2:4] != (G_EXACT, F_EXACT) and _may_cross(ra, rb):
        crossed = _crossed(ra, rb)
        # crossed only when the names agree better that way and neither crossed part disagrees:
        # one name matching the other's family name is common, not evidence on its own
        agree = [crossed[0] in (G_EXACT, G_CLOSE), crossed[1] in (F_EXACT, F_CLOSE)]
        allowed = all(ok or level == MISSING for ok, level in zip(agree, crossed, strict=True))
        if allowed and any(agree) and _pick(crossed) > best[0]:
            best = (_pick(crossed), 0, *crossed, Names(ra, rb, transposed=True))
    return best[2], best[3], best[4]


def dob_level(a: Features, b: Features) -> int:
    if a.dob is None or b.dob is None:
        return MISSING
    if a.dob == b.dob:
        return D_EXACT
    (ya, ma, da), (yb, mb, db) = a.dob, b.dob
    if ya == yb and ma == db and da == mb:
        return D_SWAPPED
    if (ya != yb) + (ma != mb) + (da != db) == 1:
        return D_ONE_PART
    if abs((ya - yb) * 372 + (ma - mb) * 31 + (da - db)) <= 366:
        return D_NEAR  # within a year, roughly: siblings are never closer than ten months
    return D_DIFFERS


def _district(postcode: str) -> str:
    # a UK postcode's inward code is its last three characters; shorter codes keep two
    return postcode[:-3] if len(postcode) >= 5 else postcode[:2]


def postcode_level(a: Features, b: Features) -> int:
    x, y = a.postcode, b.postcode
    if x is None or y is None:
        return MISSING
    if x == y:
        return 1
    if OSA.distance(x, y) <= 1:
        return 2
    return 3 if _district(x) == _district(y) else 4


def _same(x: str | None, y: str | None) -> int:
    if x is None or y is None:
        return MISSING
    return 1 if x == y else 2


def carers_level(a: Features, b: Features) -> int:
    if not (a.carer_ids or a.carer_names) or not (b.carer_ids or b.carer_names):
        return MISSING
    if a.carer_ids & b.carer_ids or a.carer_names.keys() & b.carer_names.keys():
        return C_SHARED
    return C_NONE_SHARED


def compare(a: Features, b: Features) -> tuple[tuple[int, ...], Names]:
    """The comparison vector of a pair (a level per comparison, in COMPARISONS order) and the
    pairing of names it used."""
    given, family, names = compare_names(a, b)
    vector = (
        given,
        family,
        dob_level(a, b),
        postcode_level(a, b),
        _same(a.sex, b.sex),
        _same(a.nhs_number, b.nhs_number),
        carers_level(a, b),
    )
    return vector, names


def held_back(vector: tuple[int, ...], names: Names, *, slip: bool = False) -> str | None:
    """Why a pair is never proposed, whatever its weight (None: it may be):

    - "two NHS numbers": both records hold a valid NHS number and they differ; a number is one
      child's for life;
    - "twins" or "siblings": two children of one family — a carer in common and two known given
      names that are two names, not two spellings of one — born the same day or not, unless
      their NHS numbers are the same.

    Two spellings of one name (Alan and Allan, Sharon and Sheron, Jayden and Jaydne: alike and
    with the same first letter) are one child's; names alike but starting differently (Ella and
    Bella) or two short forms of one name (Ella and Ellie, Liam and Billy) are how parents name
    twins and siblings — unless `slip`: the caller knows one of them is on no other record, as
    a mistyped name would be.

    Records of one family agree on much besides being one child, so such pairs are not used to
    learn the model either."""
    if vector[N] == N_DIFFERS:
        return "two NHS numbers"
    if vector[C] != C_SHARED or vector[N] == SAME:
        return None
    given = vector[G]
    if given in (G_CLOSE, G_SIMILAR) and not names.transposed:
        a, b = names.a, names.b
        if a.groups & b.groups:  # two short forms of one name
            two = True
        else:
            two = a.given_squeezed[:1] != b.given_squeezed[:1] and not slip
        if not two:
            return None
    elif given != G_DIFFERS:
        return None
    return "twins" if vector[D] == D_EXACT else "siblings"


def given_names_alike(x: str, y: str) -> bool:
    """Would two given names be taken for one (equal, forms of one name, spelled or sounding
    alike)?

    >>> given_names_alike("Valeria", "Valérie"), given_names_alike("Liam", "Billy")
    (True, True)
    >>> given_names_alike("Ella", "Kofi")
    False
    """
    a, b = normalised(x), normalised(y)
    first_a, first_b = a.split()[0] if a else "", b.split()[0] if b else ""
    level = _given(first_a, a.replace(" ", ""), first_b, b.replace(" ", ""))
    return level in (G_EXACT, G_NICKNAME, G_CLOSE, G_SIMILAR)
