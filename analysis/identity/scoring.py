"""How alike two child records are, as a score with the reasons for it.

The score is a sum of evidence weights, Fellegi-Sunter style: roughly, log2 of how much more
often each observation is seen on two records of one child than on two records of different
children in the same block. Agreement adds, disagreement subtracts, missing data adds nothing.
Every weight and the threshold are fields of `MatchSettings`; README "Identity resolution" says
how the defaults were chosen.

Two hard rules sit beside the weights:
- two *different* NHS numbers (both validated, mod 11) count heavily against a match;
- twins: the same date of birth and a carer in common (the same carer record or a carer of the
  same name), but given names that are neither equal nor forms of one name (Beth/Elizabeth), are
  never proposed, whatever the rest adds up to (unless the NHS numbers are equal).
"""

from dataclasses import dataclass, field

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from analysis.identity.features import Features, Variant
from analysis.identity.nicknames import is_full_form, same_name_group


@dataclass(frozen=True)
class MatchSettings:
    """Weights (in bits of evidence) and thresholds for proposing SAME_AS candidates."""

    min_score: float = 8.5
    """Pairs scoring at least this are proposed to a data steward."""
    max_block: int = 500
    """Blocks (records sharing one blocking key) larger than this are skipped: a key that
    common says too little, and comparing within it would grow with N²."""
    close_jaro_winkler: float = 0.92
    """Names at least this similar (Jaro-Winkler) count as spelled alike."""
    given_exact: float = 4.0
    given_nickname: float = 3.5
    """A short form and its full form (Beth, Elizabeth)."""
    given_short_forms: float = 2.5
    """Two short forms of one full name (Beth, Lizzie): weaker, as two siblings may have them."""
    given_close: float = 2.5
    given_differs: float = -4.0
    family_exact: float = 3.0
    family_close: float = 2.0
    family_differs: float = -3.0
    dob_exact: float = 4.0
    dob_swapped: float = 3.0
    dob_one_part_differs: float = -2.0
    dob_differs: float = -6.0
    sex_differs: float = -3.0
    nhs_same: float = 10.0
    nhs_differs: float = -10.0
    carer_shared: float = 3.0
    """A carer record in common, or carers of the same full name."""
    carers_differ: float = -2.5
    """Both records name carers, and none in common: one child's records usually share one."""
    postcode_same: float = 1.0


DEFAULT_SETTINGS = MatchSettings()


@dataclass(frozen=True)
class Match:
    """The comparison of two records: score, reasons, and whether it is proposed."""

    score: float
    reasons: tuple[str, ...]
    twins: bool = False
    """Held back by the twins rule, whatever the score."""
    proposed: bool = False


@dataclass
class _Evidence:
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def add(self, weight: float, reason: str) -> None:
        self.score += weight
        self.reasons.append(reason)


def _close(a: str, b: str, settings: MatchSettings) -> bool:
    """Spelled or sounding alike: a typing or hearing mistake away."""
    similarity = JaroWinkler.similarity(a, b)
    if similarity >= settings.close_jaro_winkler:
        return True
    if min(len(a), len(b)) >= 3 and a[0] == b[0] and OSA.distance(a, b) <= 1:
        return True
    return similarity >= 0.8 and jellyfish.metaphone(a) == jellyfish.metaphone(b)


def _given(a: Variant, b: Variant, settings: MatchSettings) -> tuple[float, str, str | None]:
    """(weight, kind, reason) for two given names; kind is exact, nickname, close or differs."""
    if a.given == b.given:
        return settings.given_exact, "exact", None
    if same_name_group(a.given, b.given):
        if is_full_form(a.given) or is_full_form(b.given):
            short, full = (b, a) if is_full_form(a.given) else (a, b)
            return (
                settings.given_nickname,
                "nickname",
                f"given name '{_first(short)}' is a short form of '{_first(full)}'",
            )
        return (
            settings.given_short_forms,
            "short forms",
            f"given names '{_first(a)}' and '{_first(b)}' are short forms of one name",
        )
    if _close(a.given, b.given, settings):
        return (
            settings.given_close,
            "close",
            f"given names '{_first(a)}' and '{_first(b)}' are spelled alike",
        )
    return settings.given_differs, "differs", f"given names '{_first(a)}' and '{_first(b)}' differ"


def _family(a: Variant, b: Variant, settings: MatchSettings) -> tuple[float, str | None]:
    if a.family == b.family:
        return settings.family_exact, None
    if _close(a.family, b.family, settings):
        return (
            settings.family_close,
            f"family names '{_last(a)}' and '{_last(b)}' are spelled alike",
        )
    return settings.family_differs, f"family names '{_last(a)}' and '{_last(b)}' differ"


def _first(v: Variant) -> str:
    words = v.display.split()
    return words[0] if words else v.given


def _last(v: Variant) -> str:
    words = v.display.split()
    return words[-1] if len(words) > 1 else v.family


def _recorded_name(f: Features) -> str:
    """The name a record is kept under, as a steward reads it (never its id)."""
    return next((v.display for v in f.variants if not v.other), "the other record")


def _names(a: Features, b: Features, settings: MatchSettings) -> tuple[float, list[str], str]:
    """The best-agreeing pair of names (recorded or other), its weight, reasons and the kind of
    given-name agreement."""
    best: tuple[float, int, list[str], str] | None = None
    for va in a.variants:
        for vb in b.variants:
            g_weight, g_kind, g_reason = _given(va, vb, settings)
            f_weight, f_reason = _family(va, vb, settings)
            weight = g_weight + f_weight
            others = int(va.other) + int(vb.other)
            if best is not None and (weight, -others) <= (best[0], -best[1]):
                continue
            reasons: list[str] = []
            if va.other or vb.other:
                which = va if va.other else vb
                other_side = vb if va.other else va
                owner = _recorded_name(a if va.other else b)
                target = "other name" if other_side.other else "name"
                reasons.append(
                    f"{owner}'s other name '{which.display}' matches the {target}"
                    f" '{other_side.display}'"
                )
            elif g_kind == "exact" and f_reason is None:
                reasons.append("same given and family name")
            elif g_kind == "exact":
                reasons.append("same given name")
            elif f_reason is None:
                reasons.append("same family name")
            reasons += [r for r in (g_reason, f_reason) if r]
            best = (weight, others, reasons, g_kind)
    assert best is not None  # every Features has at least one variant
    return best[0], best[2], best[3]


def _dob(a: Features, b: Features, settings: MatchSettings, evidence: _Evidence) -> str | None:
    """Add the date-of-birth evidence; return 'exact', 'swapped', 'near', 'differs' or None."""
    if a.dob is None or b.dob is None:
        return None
    if a.dob == b.dob:
        evidence.add(settings.dob_exact, "same date of birth")
        return "exact"
    (ya, ma, da), (yb, mb, db) = a.dob, b.dob
    shown = f"{ya:04d}-{ma:02d}-{da:02d} and {yb:04d}-{mb:02d}-{db:02d}"
    if ya == yb and ma == db and da == mb:
        evidence.add(settings.dob_swapped, f"dates of birth {shown}: day and month swapped")
        return "swapped"
    if sum((ya != yb, ma != mb, da != db)) == 1:
        evidence.add(settings.dob_one_part_differs, f"dates of birth {shown} differ in one part")
        return "near"
    evidence.add(settings.dob_differs, f"different dates of birth ({shown})")
    return "differs"


def _carer(a: Features, b: Features) -> str | None:
    shared = a.carer_ids & b.carer_ids
    if shared:
        name = next(iter(sorted(shared)))
        label = next(
            (shown for key, shown in sorted(a.carer_names.items()) if key in b.carer_names), name
        )
        return f"carer {label} on both"
    common = sorted(set(a.carer_names) & set(b.carer_names))
    if common:
        return f"a carer named {a.carer_names[common[0]]} on both"
    return None


def could_match(a: Features, b: Features, settings: MatchSettings = DEFAULT_SETTINGS) -> bool:
    """A cheap upper bound: could this pair reach `min_score` if every name agreed? Most
    blocked pairs (siblings through a carer, namesakes) cannot, and need no name comparison."""
    bound = max(settings.given_exact, settings.given_nickname) + settings.family_exact
    if a.dob is not None and b.dob is not None and a.dob != b.dob:
        (ya, ma, da), (yb, mb, db) = a.dob, b.dob
        if ya == yb and ma == db and da == mb:
            bound += settings.dob_swapped
        elif sum((ya != yb, ma != mb, da != db)) == 1:
            bound += settings.dob_one_part_differs
        else:
            bound += settings.dob_differs
    elif a.dob is not None and b.dob is not None:
        bound += settings.dob_exact
    if a.nhs_number is not None and b.nhs_number is not None:
        bound += settings.nhs_same if a.nhs_number == b.nhs_number else settings.nhs_differs
    if a.sex is not None and b.sex is not None and a.sex != b.sex:
        bound += settings.sex_differs
    if a.carer_ids & b.carer_ids or a.carer_names.keys() & b.carer_names.keys():
        bound += settings.carer_shared
    elif a.carer_ids and b.carer_ids:
        bound += settings.carers_differ
    if a.postcode is not None and a.postcode == b.postcode:
        bound += settings.postcode_same
    return bound >= settings.min_score


def score_pair(a: Features, b: Features, settings: MatchSettings = DEFAULT_SETTINGS) -> Match:
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
    >>> match.proposed, match.reasons
    (True, ("Victoria Climbie's other name 'Anna Kouao' matches the name 'Anna Kouao'", 'same date of birth', 'a carer named Marie-Therese Kouao on both'))
    """  # noqa: E501 - a doctest line is as long as its output
    evidence = _Evidence()
    name_weight, name_reasons, given_kind = _names(a, b, settings)
    evidence.score += name_weight
    evidence.reasons += name_reasons
    dob = _dob(a, b, settings, evidence)
    if a.sex is not None and b.sex is not None and a.sex != b.sex:
        evidence.add(settings.sex_differs, f"recorded sex differs ({a.sex}, {b.sex})")
    same_nhs = False
    if a.nhs_number is not None and b.nhs_number is not None:
        if a.nhs_number == b.nhs_number:
            same_nhs = True
            evidence.add(settings.nhs_same, "same NHS number")
        else:
            evidence.add(
                settings.nhs_differs, "different NHS numbers: two valid numbers, two children"
            )
    carer = _carer(a, b)
    if carer is not None:
        evidence.add(settings.carer_shared, carer)
    elif a.carer_ids and b.carer_ids:
        evidence.add(settings.carers_differ, "no carer in common")
    if a.postcode is not None and a.postcode == b.postcode:
        evidence.add(settings.postcode_same, "same postcode")
    score = round(evidence.score, 2)
    twins = (
        dob == "exact"
        and carer is not None
        and given_kind not in ("exact", "nickname")
        and not same_nhs
    )
    if twins:
        evidence.reasons.append(
            "same date of birth and carer but different given names: twins, not one child"
        )
    return Match(
        score=score,
        reasons=tuple(evidence.reasons),
        twins=twins,
        proposed=not twins and score >= settings.min_score,
    )
