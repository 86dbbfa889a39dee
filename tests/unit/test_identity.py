"""Identity resolution without a database: comparisons, weights and reasons, missing data,
placeholders, twins, siblings, NHS numbers, blocking, and the model learnt by EM."""

import random
from typing import Any

import pytest

from analysis.identity import (
    BLOCKING_KEYS,
    MatchModel,
    MatchSettings,
    blocking,
    candidate_pairs,
    default_model,
    find_candidates,
    is_placeholder,
    learn,
    prepare,
    prepare_all,
    score_pair,
)
from analysis.identity.blocking import (
    SMALL,
    BlockingStats,
    _small_codes,
    candidate_codes,
    record_keys,
)
from analysis.identity.comparisons import (
    COMPARISONS,
    D_EXACT,
    F_EXACT,
    G_CLOSE,
    G_DIFFERS,
    G_EXACT,
    G_SIMILAR,
    MISSING,
    D,
    F,
    G,
    compare,
)
from analysis.identity.nicknames import name_groups, same_name_group

MOTHER = {"id": "cr-1", "given_name": "Efua", "family_name": "Adjo"}
OTHER_MOTHER = {"id": "cr-9", "given_name": "Jane", "family_name": "Smith"}


def child(
    child_id: str, given: str, family: str, dob: str | None = "2016-03-04", **extra: Any
) -> dict:
    row: dict[str, Any] = {
        "id": child_id,
        "given_name": given,
        "family_name": family,
        "other_names": [],
        "sex": "female",
        "date_of_birth": dob,
        "nhs_number": None,
        "postcode": None,
        "carers": [],
    }
    row.update(extra)
    return row


def match(
    a: dict, b: dict, settings: MatchSettings | None = None, model: MatchModel | None = None
) -> Any:
    return score_pair(prepare(a), prepare(b), model, settings or MatchSettings())


def _with_counts(**given_counts: int) -> MatchModel:
    priors = default_model()
    return MatchModel(
        m=priors.m, u=priors.u, prior=priors.prior, records=10_000, given_counts=given_counts
    )


def mother_copy(carer: dict, carer_id: str = "cr-2") -> dict:
    """The same mother recorded again with the duplicate (a carer of the same name)."""
    return {**carer, "id": carer_id}


# --- what is proposed --------------------------------------------------------------------------


def test_the_victoria_climbie_case_is_proposed_with_readable_reasons() -> None:
    victoria = child(
        "ch-a",
        "Victoria",
        "Climbié",
        "2000-11-02",
        other_names=["Anna Kouao"],
        carers=[{"id": "cr-k1", "given_name": "Marie-Thérèse", "family_name": "Kouao"}],
    )
    anna = child(
        "ch-b",
        "Anna",
        "Kouao",
        "2000-11-02",
        carers=[{"id": "cr-k2", "given_name": "Marie-Thérèse", "family_name": "Kouao"}],
    )
    result = match(victoria, anna)
    assert result.proposed
    assert result.reasons[0] == (
        "Victoria Climbié's other name 'Anna Kouao' matches the name 'Anna Kouao'"
    )
    assert any(r.startswith("same date of birth (+") for r in result.reasons)
    assert any(r.startswith("a carer named Marie-Thérèse Kouao on both (+") for r in result.reasons)
    # the last reason is the prior the evidence had to overcome
    assert result.reasons[-1].startswith(
        "before this evidence, two records are one child 1 time in"
    )


@pytest.mark.parametrize(
    ("given", "family", "dob", "expected"),
    [
        ("Beth", "Adjo", "2016-03-04", "given name 'Beth' is a short form of 'Elizabeth'"),
        ("Elizabeth", "Adjoh", "2016-03-04", "family names 'Adjo' and 'Adjoh' are spelled alike"),
        ("Elizabeth", "Adjo", "2016-04-03", "day and month swapped"),
        ("Adjo", "Elizabeth", "2016-03-04", "given and family names transposed"),
        ("Baby", "Adjo", "2016-03-04", "no given name on the record of 'Baby Adjo'"),
        (
            "Elisabeth",
            "Adjo",
            "2016-03-04",
            "given names 'Elizabeth' and 'Elisabeth' are spelled alike",
        ),
        ("Elizabeth", "Adjo", "2016-03-05", "differ in one part"),
        ("Elizabeth", "Mensah", "2016-03-04", "family names 'Adjo' and 'Mensah' differ"),
    ],
    ids=[
        "alias",
        "misspelling",
        "swapped_dob",
        "transposed",
        "placeholder",
        "phonetic",
        "date_off_by_one",
        "replaced_family_name",
    ],
)
def test_each_kind_of_duplicate_is_proposed_and_says_why(
    given: str, family: str, dob: str, expected: str
) -> None:
    original = child("ch-1", "Elizabeth", "Adjo", carers=[MOTHER], postcode="W3 6RS")
    duplicate = child("ch-2", given, family, dob, carers=[mother_copy(MOTHER)], postcode="N1 9GU")
    result = match(original, duplicate, model=_with_counts(elizabeth=50))
    assert result.proposed, result
    assert any(expected in reason for reason in result.reasons), result.reasons


def test_a_former_family_name_in_other_names_matches_the_new_record() -> None:
    original = child("ch-1", "Maya", "Osei", other_names=["Maya Brown"])
    duplicate = child("ch-2", "Maya", "Brown")
    result = match(original, duplicate)
    assert result.proposed
    assert result.reasons[0] == "Maya Osei's other name 'Maya Brown' matches the name 'Maya Brown'"
    assert "ch-1" not in " ".join(result.reasons)  # a steward reads names, not record ids


def test_reasons_say_what_was_learnt_in_words() -> None:
    a = child("ch-1", "Maya", "Osei", carers=[MOTHER])
    b = child("ch-2", "Maya", "Osei", carers=[mother_copy(MOTHER)])
    reasons = match(a, b).reasons
    dob = next(r for r in reasons if r.startswith("same date of birth"))
    # the weight, and the m and u it comes from: 88% of duplicates, 1 in 3,300 other pairs
    assert dob == (
        "same date of birth (+11.5: so are 88% of one child's record pairs,"
        " 1 in 3,300 pairs of two children)"
    )


def test_the_same_nhs_number_outweighs_a_changed_name() -> None:
    a = child("ch-1", "Maya", "Osei", nhs_number="9434765919")
    b = child("ch-2", "Maya", "Brown", "2016-03-05", nhs_number="9434765919")
    without = match({**a, "nhs_number": None}, {**b, "nhs_number": None})
    result = match(a, b)
    assert not without.proposed
    assert result.proposed
    assert any(r.startswith("same NHS number") for r in result.reasons)


# --- missing is not a mismatch -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Baby", "baby", "Baby of Anna Kouao", "Infant of Kouao", "Unborn", "Unknown", "", "  "]
)
def test_placeholder_names_are_recognised(name: str) -> None:
    assert is_placeholder(name)


@pytest.mark.parametrize("name", ["Babette", "Anna", "Infanta", "Bab"])
def test_real_names_are_not_placeholders(name: str) -> None:
    assert not is_placeholder(name)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", ""),
        ("given_name", "Baby"),
        ("family_name", "Unknown"),
        ("date_of_birth", None),
    ],
)
def test_a_missing_field_is_no_evidence_either_way(field: str, value: Any) -> None:
    """A pair missing a field on one side scores exactly as if neither record had it."""
    a = child("ch-1", "Maya", "Osei", carers=[MOTHER], postcode="W3 6RS")
    b = child("ch-2", "Maya", "Osei", carers=[mother_copy(MOTHER)], postcode="W3 6RS")
    one_side = match(a, {**b, field: value})
    both = match({**a, field: value}, {**b, field: value})
    assert one_side.score == both.score
    assert one_side.score < match(a, b).score
    vector, _ = compare(prepare(a), prepare({**b, field: value}))
    assert MISSING in vector[:3]


def test_a_record_with_no_name_and_no_date_of_birth_is_held_not_refused() -> None:
    unborn = prepare(child("ch-1", "Unborn", "", None, carers=[MOTHER]))
    assert unborn.variants[0].given == ""
    assert unborn.variants[0].family == ""
    assert unborn.dob is None
    found = find_candidates([child("ch-1", "Unborn", "", None), child("ch-2", "Maya", "Osei")])
    assert found.stats.records == 2


def test_a_baby_of_record_matches_the_named_child_with_the_same_mother() -> None:
    baby = child("ch-1", "Baby of Efua", "Adjo", carers=[MOTHER], postcode="W3 6RS")
    named = child("ch-2", "Ama", "Adjo", carers=[MOTHER], postcode="W3 6RS")
    result = match(baby, named)
    assert result.held_back is None  # a missing given name is not a different one
    assert result.proposed


# --- what is not proposed -------------------------------------------------------------------------


def test_two_different_valid_nhs_numbers_keep_identical_looking_records_apart() -> None:
    a = child("ch-1", "Maya", "Osei", nhs_number="9434765919", carers=[MOTHER])
    b = child("ch-2", "Maya", "Osei", nhs_number="9434765870", carers=[mother_copy(MOTHER)])
    assert match({**a, "nhs_number": None}, b).proposed  # the numbers alone make the difference
    result = match(a, b, MatchSettings(min_score=-100))
    assert result.held_back == "two NHS numbers"
    assert not result.proposed
    assert any(
        r.startswith("different NHS numbers: two valid numbers, two children")
        for r in result.reasons
    )


@pytest.mark.parametrize("twin", ["Kofi", "Ellie", "Bella"])
def test_twins_are_never_proposed(twin: str) -> None:
    """Same date of birth, same carer, given names neither equal, nor forms of one name, nor a
    typing slip apart — whatever the threshold."""
    a = child("ch-1", "Ella", "Adjo", carers=[MOTHER], postcode="W3 6RS")
    b = child("ch-2", twin, "Adjo", carers=[MOTHER], postcode="W3 6RS")
    result = match(a, b, MatchSettings(min_score=-100))
    assert result.twins
    assert not result.proposed
    assert result.reasons[-1] == "a carer in common and different given names: twins, not one child"


def test_twins_recorded_as_twin_1_and_twin_2_are_two_children() -> None:
    a = child("ch-1", "Twin 1", "Adjo", carers=[MOTHER])
    b = child("ch-2", "Twin 2", "Adjo", carers=[MOTHER])
    assert match(a, b, MatchSettings(min_score=-100)).twins
    same = match(a, {**b, "given_name": "Twin 1"})
    assert same.held_back is None


def test_siblings_close_in_age_are_never_proposed() -> None:
    """Born the same day of the month eleven months apart: the dates differ in one part."""
    a = child("ch-1", "Maya", "Adjo", "2016-01-04", carers=[MOTHER], postcode="W3 6RS")
    b = child("ch-2", "Esi", "Adjo", "2016-12-04", carers=[MOTHER], postcode="W3 6RS")
    result = match(a, b, MatchSettings(min_score=-100))
    assert result.held_back == "siblings"
    assert not result.proposed


def test_two_spellings_of_one_name_are_not_taken_for_twins() -> None:
    """Jaydne and Allan are spellings of Jayden and Alan (alike, same first letter); Ella and
    Bella, alike but starting differently, are twins' names — unless one of them is on no
    other record, as a mistyped name would be."""
    for given, spelled in (("Jayden", "Jaydne"), ("Alan", "Allan"), ("Sharon", "Sheron")):
        a = child("ch-1", given, "Adjo", carers=[MOTHER])
        b = child("ch-2", spelled, "Adjo", carers=[mother_copy(MOTHER)])
        vector, _ = compare(prepare(a), prepare(b))
        assert vector[G] in (G_CLOSE, G_SIMILAR)
        result = match(a, b)
        assert result.held_back is None, spelled
        assert result.proposed, spelled
    ella = child("ch-3", "Ella", "Adjo", carers=[MOTHER])
    bella = child("ch-4", "Bella", "Adjo", carers=[MOTHER])
    assert match(ella, bella).twins
    assert match(ella, bella, model=_with_counts(ella=30, bella=25)).twins
    assert not match(ella, bella, model=_with_counts(ella=30)).twins  # Bella: on no other record


def test_the_same_child_entered_twice_under_one_carer_is_still_proposed() -> None:
    a = child("ch-1", "Elizabeth", "Adjo", carers=[MOTHER])
    b = child("ch-2", "Beth", "Adjo", carers=[MOTHER])
    result = match(a, b)
    assert result.held_back is None
    assert result.proposed


def test_namesakes_in_different_families_born_years_apart_are_not_proposed() -> None:
    a = child("ch-1", "Oliver", "Smith", "2015-06-20", carers=[MOTHER], postcode="W3 6RS")
    b = child("ch-2", "Oliver", "Smith", "2012-09-02", carers=[OTHER_MOTHER], postcode="W3 6RS")
    result = match(a, b)
    assert not result.proposed
    assert any(r.startswith("different dates of birth") for r in result.reasons)
    assert any(r.startswith("no carer in common") for r in result.reasons)


def test_a_different_sex_counts_against() -> None:
    a = child("ch-1", "Sam", "Adjo")
    b = child("ch-2", "Sam", "Adjo", sex="male")
    model = default_model()
    same = match(a, {**b, "sex": "female"})
    differs = match(a, b)
    assert differs.score == pytest.approx(
        same.score - model.weight(4, 1) + model.weight(4, 2), abs=0.02
    )
    assert differs.score < same.score - 5


def test_the_threshold_is_a_setting() -> None:
    a = child("ch-1", "Elizabeth", "Adjo")
    b = child("ch-2", "Beth", "Adjo")
    score = match(a, b).score
    assert match(a, b, MatchSettings(min_score=score)).proposed
    assert not match(a, b, MatchSettings(min_score=score + 0.1)).proposed


# --- term frequencies -----------------------------------------------------------------------------


def test_a_shared_common_name_counts_for_less_than_a_shared_rare_one() -> None:
    learnt = default_model()
    model = MatchModel(
        m=learnt.m,
        u=learnt.u,
        prior=learnt.prior,
        records=10_000,
        family_counts={"smith": 120},
    )
    smiths = match(child("ch-1", "Maya", "Smith"), child("ch-2", "Maya", "Smith"), model=model)
    kouaos = match(child("ch-1", "Maya", "Kouao"), child("ch-2", "Maya", "Kouao"), model=model)
    assert kouaos.score - smiths.score == pytest.approx(6.91, abs=0.01)  # log2(120)
    assert any("Smith is the family name of 120 records in 10,000" in r for r in smiths.reasons)
    assert any("no other record of 10,000 has it" in r for r in kouaos.reasons)


# --- nicknames ------------------------------------------------------------------------------------


def test_nickname_groups() -> None:
    assert same_name_group("liz", "elizabeth")
    assert same_name_group("beth", "lizzie")  # two short forms of one name
    assert not same_name_group("beth", "beth")  # equal is not a nickname
    assert not same_name_group("ella", "bella")
    assert name_groups("kofi") == frozenset()


# --- blocking -------------------------------------------------------------------------------------


def _word(rng: random.Random) -> str:
    syllables = [rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou") for _ in range(4)]
    return "".join(syllables).capitalize()


def _population(n: int) -> list[dict]:
    """n children no two of whom share a date of birth, a carer or a postcode, with made-up
    names (their phonetic codes may still collide now and then, as real names do)."""
    rng = random.Random(7)
    rows = []
    for i in range(n):
        year, day = 2000 + i // 300, i % 300
        month, dom = 1 + day // 28, 1 + day % 28
        rows.append(
            child(
                f"ch-{i:05d}",
                _word(rng),
                _word(rng),
                f"{year}-{month:02d}-{dom:02d}",
                carers=[{"id": f"cr-{i}", "given_name": "C", "family_name": _word(rng)}],
                postcode=f"W{i} 1AA",
            )
        )
    return rows


def test_records_sharing_no_key_are_never_compared() -> None:
    rows = _population(3000)
    result = find_candidates(rows)
    assert result.stats.records == 3000
    assert result.stats.pairs_compared < 300  # N² would be ~4.5 million
    assert result.candidates == []


def test_a_planted_duplicate_in_a_crowd_is_found_and_only_it() -> None:
    rows = _population(3000)
    rows[1234]["given_name"] = "Elizabeth"
    duplicate = dict(rows[1234], id="ch-dup", given_name="Beth", postcode=None)
    duplicate["carers"] = [{**rows[1234]["carers"][0], "id": "cr-other"}]
    found = find_candidates([*rows, duplicate]).candidates
    assert [(c.a, c.b) for c in found] == [("ch-01234", "ch-dup")]


@pytest.mark.parametrize(
    ("a", "b", "key"),
    [
        (("Maya", "Osei", "2016-03-04"), ("Maya", "Osei", "2016-04-03"), "dob+name"),
        (("Ryan", "Clarke", "2016-03-04"), ("Clarke", "Ryan", "2016-03-04"), "dob+name"),
        # a typing slip in both names: no phonetic code in common, the family name a slip off
        (("Caitlin", "Smith", "2016-03-04"), ("Caittin", "Smiht", "2016-03-04"), "dob+name"),
        (("Kylb", "Careless", None), ("Kyle", "Careless", None), "postcode+initials"),
        (
            ("Jasmine", "Silvestro", "2016-03-04"),
            ("Angus", "Sylvester", "2016-03-04"),
            "dob+postcode",
        ),
        (("Amber", "Durnin", "1952-10-10"), ("Amber", "Durnin", "1925-10-10"), "names"),
        (("Rocio", "McCay", "2018-12-18"), ("Roio", "McCay", "2018-12-19"), "dob parts+names"),
        # a short form, and another family name
        (("Beth", "Slorach", "2016-03-04"), ("Elizabeth", "Miles", "2016-03-04"), "dob+name"),
    ],
)
def test_each_blocking_key_brings_its_kind_of_pair_together(
    a: tuple[str, str, str | None], b: tuple[str, str, str | None], key: str
) -> None:
    first = prepare(child("ch-1", a[0], a[1], a[2], postcode="W3 6RS"))
    second = prepare(child("ch-2", b[0], b[1], b[2], postcode="W3 6RS"))
    assert record_keys(key, first) & record_keys(key, second)
    assert candidate_pairs([first, second], max_block=10) == {(0, 1)}


def test_blocks_larger_than_max_block_are_skipped_and_counted() -> None:
    crowd = [child(f"ch-{i}", "Maya", f"Osei{i}", "2016-03-04") for i in range(30)]
    small = find_candidates(crowd, MatchSettings(max_block=10))
    large = find_candidates(crowd, MatchSettings(max_block=100))
    assert small.stats.blocks_skipped.get("dob+name", 0) >= 1
    assert small.stats.pairs_compared < large.stats.pairs_compared


@pytest.mark.parametrize("in_arrays", [False, True])
def test_a_block_of_max_block_records_is_compared_and_one_more_is_skipped(
    in_arrays: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if in_arrays:  # a few records, grouped as a scan groups a million
        monkeypatch.setattr(blocking, "SMALL", 0)
    crowd = prepare_all(child(f"ch-{i}", "Maya", f"Osei{i}", "2016-03-04") for i in range(12))
    at_limit, over = BlockingStats(), BlockingStats()
    compared = candidate_codes(crowd, max_block=12, stats=at_limit)
    candidate_codes(crowd, max_block=11, stats=over)
    assert len(compared) == 12 * 11 // 2
    assert at_limit.keys["dob+name"].skipped == 0
    assert at_limit.keys["dob+name"].largest == 12
    assert over.keys["dob+name"].skipped >= 1
    assert over.keys["dob+name"].largest < 12


def test_every_key_reports_its_cost() -> None:
    rows = [
        child("ch-1", "Maya", "Osei"),
        child("ch-2", "Maya", "Osei"),
        child("ch-3", "Kofi", "Adjo"),
    ]
    stats = find_candidates(rows).stats
    assert set(stats.keys) == set(BLOCKING_KEYS)
    # in seven blocks: Maya's and Osei's codes, Osei as spelled and with each letter dropped
    assert stats.keys["dob+name"].pairs == 7
    assert stats.keys["dob+name"].blocks == 7
    assert stats.keys["dob+name"].new_pairs == 1  # the first key to find it
    assert stats.keys["names"].pairs == 1
    assert stats.keys["names"].new_pairs == 0  # found before
    assert stats.pairs_compared == 1
    assert stats.pairs_per_record == round(2 / 3, 2)


def test_a_few_records_are_blocked_as_many_are() -> None:
    """Up to SMALL records are grouped in dicts, more in arrays: the same pairs, the same cost."""
    rows, _ = _planted(2500, 150)
    rows += [child(f"tw-{k}", "Maya", "Osei", other_names=["Maya Adjo"]) for k in range(3)]
    records = prepare_all(rows)
    assert len(records) > SMALL
    arrays, dicts = BlockingStats(), BlockingStats()
    codes = candidate_codes(records, max_block=40, max_name_block=5, stats=arrays)
    same = _small_codes(records, 40, 5, None, dicts)
    assert len(codes) > 200
    assert codes.tolist() == same.tolist()
    assert arrays == dicts
    focus = set(range(0, len(records), 7))
    assert (
        candidate_codes(records, max_block=40, focus=focus).tolist()
        == _small_codes(records, 40, None, focus, BlockingStats()).tolist()
    )


def test_focus_limits_pairs_to_the_children_checked() -> None:
    rows = [
        child("ch-1", "Maya", "Osei"),
        child("ch-2", "Maya", "Osei"),
        child("ch-3", "Kofi", "Adjo", "2012-01-30"),
        child("ch-4", "Kofi", "Adjo", "2012-01-30"),
    ]
    everything = find_candidates(rows).candidates
    focused = find_candidates(rows, focus=["ch-3"]).candidates
    assert {(c.a, c.b) for c in everything} == {("ch-1", "ch-2"), ("ch-3", "ch-4")}
    assert [(c.a, c.b) for c in focused] == [("ch-3", "ch-4")]


def test_candidate_pairs_are_ordered_smaller_id_first() -> None:
    found = find_candidates(
        [child("ch-z", "Maya", "Osei"), child("ch-a", "Maya", "Osei")]
    ).candidates
    assert [(c.a, c.b) for c in found] == [("ch-a", "ch-z")]


# --- learning the model ---------------------------------------------------------------------------


def _planted(n: int, duplicates: int, seed: int = 4) -> tuple[list[dict], set[frozenset[str]]]:
    """n children with random names, dates, sex and a mother, and `duplicates` second records
    of some of them (the mother recorded again): the date of birth kept in 90% of them (else a
    day off), the family name in 80%."""
    rng = random.Random(seed)
    givens = [_word(rng) for _ in range(300)]
    families = [_word(rng) for _ in range(800)]
    rows = []
    for i in range(n):
        rows.append(
            child(
                f"ch-{i:05d}",
                rng.choice(givens),
                rng.choice(families),
                f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                postcode=f"W{rng.randint(1, 400)} 1AA",
                sex=rng.choice(("female", "male")),
                carers=[{"id": f"m-{i}", "given_name": _word(rng), "family_name": _word(rng)}],
            )
        )
    truth = set()
    for k, original in enumerate(rng.sample(rows, duplicates)):
        dob = original["date_of_birth"]
        if rng.random() >= 0.9:
            dob = dob[:8] + f"{int(dob[8:]) % 28 + 1:02d}"
        family = original["family_name"] if rng.random() < 0.8 else rng.choice(families)
        copy = child(
            f"dup-{k:04d}",
            original["given_name"],
            family,
            dob,
            postcode=None,
            sex=original["sex"],
            carers=[{**original["carers"][0], "id": f"m-dup-{k}"}],
        )
        rows.append(copy)
        truth.add(frozenset((original["id"], copy["id"])))
    return rows, truth


def test_em_learns_m_and_u_close_to_the_truth() -> None:
    rows, truth = _planted(4000, 300)
    model = learn(prepare_all(rows))
    assert model.learnt
    # m: of one child's pairs, 90% share the date of birth and 80% the family name
    assert model.m[D][D_EXACT] == pytest.approx(0.9, abs=0.05)
    assert model.m[F][F_EXACT] == pytest.approx(0.8, abs=0.07)
    assert model.m[G][G_EXACT] == pytest.approx(1.0, abs=0.05)
    # u: two random children share a given name 1 time in ~300 (300 names drawn evenly)
    assert model.u[G][G_EXACT] == pytest.approx(1 / 300, rel=0.35)
    assert model.u[G][G_DIFFERS] > 0.9
    # the prior: ~300 duplicate pairs among 4,300 records
    pairs = 4300 * 4299 / 2
    assert model.prior == pytest.approx(300 / pairs, rel=0.3)
    found = {frozenset((c.a, c.b)) for c in find_candidates(rows, model=model).candidates}
    assert len(found & truth) / len(truth) >= 0.95
    assert len(found & truth) / len(found) >= 0.98


def test_learning_is_deterministic_and_the_model_round_trips_through_json() -> None:
    rows, _ = _planted(1500, 60)
    records = prepare_all(rows)
    first, second = learn(records), learn(records)
    assert first == second
    assert MatchModel.from_json(first.to_json()) == first
    with pytest.raises(ValueError, match="version"):
        MatchModel.from_json('{"version": 0}')


def test_too_few_records_use_the_priors() -> None:
    rows, _ = _planted(300, 40)
    model = find_candidates(rows).model
    assert not model.learnt
    assert model == default_model()
    assert find_candidates(rows, MatchSettings(min_records_to_learn=300)).model.learnt


def test_household_pairs_are_left_out_of_learning() -> None:
    rows, _ = _planted(2000, 100)
    twins = [
        child(
            f"tw-{k}-{side}", name, "Twinfamily", "2019-05-05", carers=[{**MOTHER, "id": f"m{k}"}]
        )
        for k in range(40)
        for side, name in (("a", "Kwame"), ("b", "Kojo"))
    ]
    model = learn(prepare_all(rows + twins))
    session = next(s for s in model.sessions if s.key.startswith("same date of birth, family"))
    assert session.household_pairs_left_out >= 40
    # had the twins been taken for duplicates, a different given name would look common in them
    assert model.m[G][G_DIFFERS] < 0.05


def test_the_model_weighs_missing_levels_as_nothing() -> None:
    model = default_model()
    for c, comparison in enumerate(COMPARISONS):
        assert model.weight(c, MISSING) == 0.0
        agree, disagree = model.weight(c, 1), model.weight(c, len(comparison.levels) - 1)
        assert agree > 0 > disagree, comparison.name
    assert model.weight(G, G_EXACT) > model.weight(G, G_CLOSE) > 0
    assert model.weight(F, F_EXACT) > 0
