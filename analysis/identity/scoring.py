"""How alike two child records are, as a match weight with the reasons for it.

The match weight is Fellegi-Sunter's: the prior log-odds that two records are one child, plus
the weight (log2 m/u, analysis.identity.model) of each comparison's level; an exact name match
is weighed by how common the name is. Missing data adds nothing. A pair is proposed when its
weight reaches `MatchSettings.min_score`; README "Identity resolution" says how it was chosen.

Every weight comes with a reason a steward can read, saying what was seen and what the data
taught about it ("same date of birth (+11.4: so are 96% of one child's record pairs, 1 pair in
2,900 of two children)").

Two rules sit beside the weights:
- two different valid NHS numbers: two children (a number is one child's for life);
- one household: two records with a carer in common (the same carer record or a carer of the
  same name) whose given names are both known and clearly different (not equal, not forms of one
  name, not a typing slip apart) are two children of one family — twins when born the same day,
  siblings otherwise — unless their NHS numbers are the same.
Pairs either rule holds back are never proposed, whatever the rest adds up to
(analysis.identity.comparisons.held_back).
"""

import math
from dataclasses import dataclass

from analysis.identity.comparisons import (
    C_NONE_SHARED,
    C_SHARED,
    D_DIFFERS,
    D_EXACT,
    D_NEAR,
    D_ONE_PART,
    D_SWAPPED,
    F_CLOSE,
    F_EXACT,
    F_SIMILAR,
    G_CLOSE,
    G_DIFFERS,
    G_EXACT,
    G_NICKNAME,
    G_SIMILAR,
    MISSING,
    SAME,
    C,
    D,
    F,
    G,
    N,
    Names,
    P,
    S,
    carers_level,
    compare,
    dob_level,
    held_back,
    postcode_level,
)
from analysis.identity.features import Features, Variant
from analysis.identity.model import MatchModel, default_model
from analysis.identity.nicknames import is_full_form


@dataclass(frozen=True)
class MatchSettings:
    """The threshold, the blocking limit and how the model is learnt."""

    min_score: float = 0.0
    """Pairs whose match weight (bits; 0 is even odds) reaches this are proposed."""
    max_block: int = 500
    """Blocks (records sharing one blocking key) larger than this are skipped: a key that
    common says too little, and comparing within it would grow with N²."""
    max_name_block: int = 50
    """The same for the key of names alone (no date of birth, no postcode): a name shared by
    more children than this says too little without either."""
    learn: bool = True
    """Learn m and u from the records scanned (when there are `min_records_to_learn`)."""
    min_records_to_learn: int = 500
    u_pairs: int = 100_000
    """Random pairs that estimate u."""
    em_pairs: int = 100_000
    """Pairs sampled for each expectation-maximisation session."""


DEFAULT_SETTINGS = MatchSettings()


@dataclass(frozen=True)
class Match:
    """The comparison of two records: match weight, reasons, and whether it is proposed."""

    score: float
    """The match weight in bits: log2 of the odds that the two records are one child."""
    reasons: tuple[str, ...]
    held_back: str | None = None
    """Why the pair is never proposed ("twins", "siblings", "two NHS numbers"), if it is not."""
    proposed: bool = False

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.pow(2.0, -self.score))

    @property
    def twins(self) -> bool:
        return self.held_back == "twins"


# --- words -------------------------------------------------------------------------------------


def _one_in(p: float) -> str:
    if p >= 0.1:
        return f"{p:.0%}"
    return f"1 in {_round(1 / p):,}"


def _round(x: float) -> int:
    """Two significant figures: a steward reads "1 in 2,900", not "1 in 2,873"."""
    if x < 100:
        return round(x)
    digits = 10 ** (int(math.log10(x)) - 1)
    return int(round(x / digits) * digits)


def _bits(weight: float) -> str:
    return f"{weight:+.1f}".replace("-", "\u2212")


def _learnt(model: MatchModel, c: int, level: int, weight: float) -> str:
    """The weight and what it comes from, in words."""
    m, u = model.m[c][level], model.u[c][level]
    return (
        f"({_bits(weight)}: so are {_one_in(m)} of one child's record pairs,"
        f" {_one_in(u)} pairs of two children)"
    )


def _first(v: Variant) -> str:
    words = v.display.split()
    return words[0] if words else v.given


def _last(v: Variant) -> str:
    words = v.display.split()
    return words[-1] if len(words) > 1 else v.family


def _frequency(model: MatchModel, c: int, value: str, shown: str, weight: float) -> str:
    count = model.count(c, value)
    if not model.records:
        return f"({_bits(weight)})"
    if count <= 1:
        return f"({_bits(weight)}: no other record of {model.records:,} has it)"
    noun = "given name" if c == G else "family name"
    return (
        f"({_bits(weight)}: {shown} is the {noun} of {count:,} records in"
        f" {model.records:,}, 1 in {_round(model.records / count):,})"
    )


class _Evidence:
    def __init__(self, model: MatchModel) -> None:
        self.model = model
        self.score = model.prior_weight
        self.reasons: list[str] = []

    def add(self, weight: float, reason: str) -> None:
        self.score += weight
        self.reasons.append(reason)


def name_weights(given: int, family: int, names: Names, model: MatchModel) -> tuple[float, float]:
    """The weights of a pair's given and family name levels: an exact match weighed by how
    common the name is (not when the names were crossed: a name's frequency as a given name
    says little of it as a family name)."""
    va = names.a
    if given == G_EXACT and not names.transposed and va.given:
        g = model.tf_weight(G, given, va.given)
    else:
        g = model.weights[G][given]
    if family == F_EXACT and not names.transposed:
        f = model.tf_weight(F, family, va.family_squeezed)
    else:
        f = model.weights[F][family]
    return g, f


def weigh(a: Features, b: Features, model: MatchModel) -> tuple[float, tuple[int, ...], Names]:
    """The match weight of a pair, its comparison vector and the pairing of names, without the
    words (a scan weighs millions of pairs and explains the few it proposes)."""
    vector, names = compare(a, b)
    given, family = name_weights(vector[G], vector[F], names, model)
    w = model.weights
    score = (
        model.prior_weight
        + given
        + family
        + w[D][vector[D]]
        + w[P][vector[P]]
        + w[S][vector[S]]
        + w[N][vector[N]]
        + w[C][vector[C]]
    )
    return round(score, 2), vector, names


def _name_reasons(
    a: Features, b: Features, given: int, family: int, names: Names, evidence: _Evidence
) -> None:
    model = evidence.model
    va, vb = names.a, names.b
    if names.transposed:
        evidence.reasons.append(
            f"given and family names transposed: '{va.display}' and '{vb.display}'"
        )
    elif va.other or vb.other:
        which, other_side = (va, vb) if va.other else (vb, va)
        owner = _recorded_name(a if va.other else b)
        target = "other name" if other_side.other else "name"
        evidence.reasons.append(
            f"{owner}'s other name '{which.display}' matches the {target} '{other_side.display}'"
        )
    # transposed: a's given name was compared with b's family name, and the reverse
    ga, fa = _first(va), _last(va)
    gb, fb = (_last(vb), _first(vb)) if names.transposed else (_first(vb), _last(vb))
    if given == MISSING:
        missing = [v.display for v in (va, vb) if not v.given_squeezed]
        if len(missing) == 1 and not names.transposed:
            evidence.reasons.append(
                f"no given name on the record of '{missing[0]}': not counted for or against"
            )
    elif given == G_EXACT and not names.transposed and va.given:
        weight = name_weights(given, family, names, model)[0]
        evidence.add(weight, f"same given name '{ga}' {_frequency(model, G, va.given, ga, weight)}")
    else:
        weight = name_weights(given, family, names, model)[0]
        words = {
            G_EXACT: f"same given name '{ga}'",
            G_NICKNAME: _nickname(va, vb),
            G_CLOSE: f"given names '{ga}' and '{gb}' are spelled alike",
            G_SIMILAR: _similar(va, vb, ga, gb),
            G_DIFFERS: f"given names '{ga}' and '{gb}' differ",
        }[given]
        evidence.add(weight, f"{words} {_learnt(model, G, given, weight)}")
    if family == MISSING:
        missing = [v.display for v in (va, vb) if not v.family_squeezed]
        if len(missing) == 1 and not names.transposed:
            evidence.reasons.append(
                f"no family name on the record of '{missing[0]}': not counted for or against"
            )
    elif family == F_EXACT and not names.transposed:
        weight = name_weights(given, family, names, model)[1]
        evidence.add(
            weight,
            f"same family name '{fa}' {_frequency(model, F, va.family_squeezed, fa, weight)}",
        )
    else:
        weight = name_weights(given, family, names, model)[1]
        words = {
            F_EXACT: f"same family name '{fa}'",
            F_CLOSE: f"family names '{fa}' and '{fb}' are spelled alike",
            F_SIMILAR: f"family names '{fa}' and '{fb}' look or sound alike",
        }.get(family, f"family names '{fa}' and '{fb}' differ")
        evidence.add(weight, f"{words} {_learnt(model, F, family, weight)}")


def _recorded_name(f: Features) -> str:
    """The name a record is kept under, as a steward reads it (never its id)."""
    return next((v.display for v in f.variants if not v.other), "the other record")


def _nickname(a: Variant, b: Variant) -> str:
    short, full = (b, a) if is_full_form(a.given) else (a, b)
    return f"given name '{_first(short)}' is a short form of '{_first(full)}'"


def _similar(a: Variant, b: Variant, ga: str, gb: str) -> str:
    if a.groups & b.groups:
        return f"given names '{ga}' and '{gb}' are short forms of one name"
    return f"given names '{ga}' and '{gb}' look or sound alike"


def _iso(dob: tuple[int, int, int]) -> str:
    return f"{dob[0]:04d}-{dob[1]:02d}-{dob[2]:02d}"


def _dob_reason(a: Features, b: Features, level: int, evidence: _Evidence) -> None:
    model = evidence.model
    if level == MISSING:
        missing = [_recorded_name(r) for r in (a, b) if r.dob is None]
        if len(missing) == 1:
            evidence.reasons.append(f"no date of birth on the record of {missing[0]}: not counted")
        return
    weight = model.weight(D, level)
    assert a.dob is not None
    assert b.dob is not None
    shown = f"{_iso(a.dob)} and {_iso(b.dob)}"
    words = {
        D_EXACT: "same date of birth",
        D_SWAPPED: f"dates of birth {shown}: day and month swapped",
        D_ONE_PART: f"dates of birth {shown} differ in one part",
        D_NEAR: f"dates of birth {shown} differ, less than a year apart",
        D_DIFFERS: f"different dates of birth ({shown})",
    }[level]
    evidence.add(weight, f"{words} {_learnt(model, D, level, weight)}")


def _other_reasons(a: Features, b: Features, vector: tuple[int, ...], evidence: _Evidence) -> None:
    model = evidence.model
    level = vector[P]
    if level != MISSING:
        weight = model.weight(P, level)
        words = (
            "same postcode",
            f"postcodes {a.postcode} and {b.postcode} differ by one character",
            f"postcodes {a.postcode} and {b.postcode} are in one district",
            "different postcodes",
        )[level - 1]
        evidence.add(weight, f"{words} {_learnt(model, P, level, weight)}")
    level = vector[S]
    if level != MISSING:
        weight = model.weight(S, level)
        words = "same sex" if level == SAME else f"recorded sex differs ({a.sex}, {b.sex})"
        evidence.add(weight, f"{words} ({_bits(weight)})")
    level = vector[N]
    if level != MISSING:
        weight = model.weight(N, level)
        words = (
            "same NHS number"
            if level == SAME
            else "different NHS numbers: two valid numbers, two children"
        )
        evidence.add(weight, f"{words} ({_bits(weight)})")
    level = vector[C]
    if level == C_SHARED:
        weight = model.weight(C, level)
        evidence.add(weight, f"{_carer(a, b)} {_learnt(model, C, level, weight)}")
    elif level == C_NONE_SHARED:
        weight = model.weight(C, level)
        evidence.add(weight, f"no carer in common {_learnt(model, C, level, weight)}")


def _carer(a: Features, b: Features) -> str:
    shared = a.carer_ids & b.carer_ids
    if shared:
        label = next(
            (shown for key, shown in sorted(a.carer_names.items()) if key in b.carer_names),
            min(shared),
        )
        return f"carer {label} on both"
    common = sorted(set(a.carer_names) & set(b.carer_names))
    return f"a carer named {a.carer_names[common[0]]} on both"


def score_pair(
    a: Features,
    b: Features,
    model: MatchModel | None = None,
    settings: MatchSettings = DEFAULT_SETTINGS,
) -> Match:
    """Compare two records: the evidence for and against their being one child.

    >>> from analysis.identity.features import prepare
    >>> anna = prepare({"id": "b", "given_name": "Anna", "family_name": "Kouao",
    ...                 "sex": "female", "date_of_birth": "2000-11-02",
    ...                 "carers": [{"id": "k2", "given_name": "Marie-Therese",
    ...                             "family_name": "Kouao"}]})
    >>> victoria = prepare({"id": "a", "given_name": "Victoria", "family_name": "Climbie",
    ...                     "other_names": ["Anna Kouao"], "sex": "female",
    ...                     "date_of_birth": "2000-11-02",
    ...                     "carers": [{"id": "k1", "given_name": "Marie-Therese",
    ...                                 "family_name": "Kouao"}]})
    >>> match = score_pair(victoria, anna)
    >>> match.proposed, match.reasons[0]
    (True, "Victoria Climbie's other name 'Anna Kouao' matches the name 'Anna Kouao'")
    """
    model = model if model is not None else default_model()
    vector, names = compare(a, b)
    evidence = _Evidence(model)
    _name_reasons(a, b, vector[G], vector[F], names, evidence)
    _dob_reason(a, b, vector[D], evidence)
    _other_reasons(a, b, vector, evidence)
    evidence.reasons.append(
        f"before this evidence, two records are one child 1 time in"
        f" {_round(1 / model.prior):,} ({_bits(model.prior_weight)})"
    )
    score = round(evidence.score, 2)
    held = held_back(vector, names, slip=model.slip(names))
    if held in ("twins", "siblings"):
        evidence.reasons.append(
            f"a carer in common and different given names: {held}, not one child"
        )
    return Match(
        score=score,
        reasons=tuple(evidence.reasons),
        held_back=held,
        proposed=held is None and score >= settings.min_score,
    )


def could_match(
    a: Features,
    b: Features,
    model: MatchModel,
    settings: MatchSettings = DEFAULT_SETTINGS,
    names_bound: float | None = None,
) -> bool:
    """A cheap upper bound: could this pair reach `min_score` if its names agreed as well as
    they could? Most blocked pairs (siblings through a carer, namesakes born years apart)
    cannot, and need no name comparison. `names_bound` is `name_bound(a, model)`, when the
    caller keeps it for a record met in many pairs."""
    w = model.weights
    bound = model.prior_weight + w[D][dob_level(a, b)] + w[P][postcode_level(a, b)]
    bound += w[C][carers_level(a, b)]
    if a.sex is not None and b.sex is not None:
        bound += w[S][SAME if a.sex == b.sex else 2]
    if a.nhs_number is not None and b.nhs_number is not None:
        bound += w[N][SAME if a.nhs_number == b.nhs_number else 2]
    if names_bound is None:
        names_bound = name_bound(a, model)
    return bound + names_bound >= settings.min_score


def name_bound(a: Features, model: MatchModel) -> float:
    """The most a's names could add to any pair: the best level short of exact, or an exact
    match on one of a's own names (weighed by its frequency; crossed names weigh as an
    average name)."""
    w = model.weights
    best_g, best_f = max(w[G][1:]), max(w[F][1:])
    for v in a.variants:
        if v.given:
            best_g = max(best_g, model.tf_weight(G, G_EXACT, v.given))
        if v.family_squeezed:
            best_f = max(best_f, model.tf_weight(F, F_EXACT, v.family_squeezed))
    return best_g + best_f
