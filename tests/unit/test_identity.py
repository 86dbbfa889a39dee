"""Identity resolution without a database: scoring, reasons, blocking, twins, namesakes, NHS."""

import random
from typing import Any

import pytest

from analysis.identity import (
    MatchSettings,
    candidate_pairs,
    find_candidates,
    prepare,
    score_pair,
)
from analysis.identity.nicknames import name_groups, same_name_group

MOTHER = {"id": "cr-1", "given_name": "Efua", "family_name": "Adjo"}


def child(child_id: str, given: str, family: str, dob: str = "2016-03-04", **extra: Any) -> dict:
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


def match(a: dict, b: dict, settings: MatchSettings | None = None) -> Any:
    return score_pair(prepare(a), prepare(b), settings or MatchSettings())


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
    assert result.reasons == (
        "Victoria Climbié's other name 'Anna Kouao' matches the name 'Anna Kouao'",
        "same date of birth",
        "a carer named Marie-Thérèse Kouao on both",
    )


@pytest.mark.parametrize(
    ("given", "family", "dob", "expected"),
    [
        ("Beth", "Adjo", "2016-03-04", "given name 'Beth' is a short form of 'Elizabeth'"),
        ("Elizabeth", "Adjoh", "2016-03-04", "family names 'Adjo' and 'Adjoh' are spelled alike"),
        ("Elizabeth", "Adjo", "2016-04-03", "day and month swapped"),
    ],
    ids=["alias", "misspelling", "swapped_dob"],
)
def test_each_kind_of_duplicate_is_proposed_and_says_why(
    given: str, family: str, dob: str, expected: str
) -> None:
    original = child("ch-1", "Elizabeth", "Adjo", carers=[MOTHER])
    duplicate = child("ch-2", given, family, dob, carers=[{**MOTHER, "id": "cr-2"}])
    result = match(original, duplicate)
    assert result.proposed, result
    assert any(expected in reason for reason in result.reasons), result.reasons


def test_a_former_family_name_in_other_names_matches_the_new_record() -> None:
    original = child("ch-1", "Maya", "Osei", other_names=["Maya Brown"])
    duplicate = child("ch-2", "Maya", "Brown")
    result = match(original, duplicate)
    assert result.proposed
    assert result.reasons[0] == "Maya Osei's other name 'Maya Brown' matches the name 'Maya Brown'"
    assert "ch-1" not in " ".join(result.reasons)  # a steward reads names, not record ids


def test_the_same_nhs_number_outweighs_a_changed_name() -> None:
    a = child("ch-1", "Maya", "Osei", nhs_number="9434765919")
    b = child("ch-2", "Maya", "Brown", "2016-03-05", nhs_number="9434765919")
    result = match(a, b)
    assert result.proposed
    assert "same NHS number" in result.reasons


# --- what is not ---------------------------------------------------------------------------------


def test_two_different_valid_nhs_numbers_keep_identical_looking_records_apart() -> None:
    a = child("ch-1", "Maya", "Osei", nhs_number="9434765919", carers=[MOTHER])
    b = child("ch-2", "Maya", "Osei", nhs_number="9434765870", carers=[{**MOTHER, "id": "x"}])
    without_numbers = match({**a, "nhs_number": None}, b)
    result = match(a, b)
    assert without_numbers.proposed  # the numbers alone make the difference
    assert not result.proposed
    assert "different NHS numbers: two valid numbers, two children" in result.reasons


@pytest.mark.parametrize("twin", ["Kofi", "Ella", "Ellie"])
def test_twins_are_never_proposed(twin: str) -> None:
    """Same date of birth, same carer, different given names — even names spelled alike."""
    a = child("ch-1", "Ella" if twin != "Ella" else "Bella", "Adjo", carers=[MOTHER])
    b = child("ch-2", twin, "Adjo", carers=[MOTHER])
    result = match(a, b)
    assert result.twins
    assert not result.proposed
    assert result.reasons[-1].endswith("twins, not one child")


def test_a_twin_held_back_even_when_the_threshold_is_zero() -> None:
    a = child("ch-1", "Ella", "Adjo", carers=[MOTHER], postcode="W3 6RS")
    b = child("ch-2", "Ellie", "Adjo", carers=[MOTHER], postcode="W3 6RS")
    assert not match(a, b, MatchSettings(min_score=0)).proposed


def test_the_same_child_entered_twice_under_one_carer_is_still_proposed() -> None:
    a = child("ch-1", "Elizabeth", "Adjo", carers=[MOTHER])
    b = child("ch-2", "Beth", "Adjo", carers=[MOTHER])
    result = match(a, b)
    assert not result.twins
    assert result.proposed


def test_namesakes_in_different_families_are_not_proposed() -> None:
    a = child("ch-1", "Oliver", "Smith", "2015-06-20", carers=[MOTHER], postcode="W3 6RS")
    b = child(
        "ch-2",
        "Oliver",
        "Smith",
        "2015-09-20",
        carers=[{"id": "cr-9", "given_name": "Jane", "family_name": "Smith"}],
        postcode="W3 6RS",
    )
    result = match(a, b)
    assert not result.proposed
    assert any("dates of birth" in reason for reason in result.reasons)


def test_a_different_sex_counts_against() -> None:
    a = child("ch-1", "Sam", "Adjo")
    b = child("ch-2", "Sam", "Adjo", sex="male")
    assert match(a, b).score == match(a, {**b, "sex": "female"}).score - 3.0


def test_the_threshold_is_a_setting() -> None:
    a = child("ch-1", "Elizabeth", "Adjo")
    b = child("ch-2", "Beth", "Adjo")
    score = match(a, b).score
    assert match(a, b, MatchSettings(min_score=score)).proposed
    assert not match(a, b, MatchSettings(min_score=score + 0.1)).proposed


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
    twin_of = dict(rows[1234], id="ch-dup", given_name="Beth", postcode=None)
    twin_of["carers"] = [{**rows[1234]["carers"][0], "id": "cr-other"}]
    found = find_candidates([*rows, twin_of]).candidates
    assert [(c.a, c.b) for c in found] == [("ch-01234", "ch-dup")]


def test_a_swapped_date_of_birth_shares_a_block() -> None:
    a = prepare(child("ch-1", "Maya", "Osei", "2016-03-04"))
    b = prepare(child("ch-2", "Maya", "Osei", "2016-04-03"))
    assert candidate_pairs([a, b], max_block=10) == {(0, 1)}


def test_blocks_larger_than_max_block_are_skipped_and_counted() -> None:
    crowd = [child(f"ch-{i}", "Maya", f"Osei{i}", "2016-03-04") for i in range(30)]
    small = find_candidates(crowd, MatchSettings(max_block=10))
    large = find_candidates(crowd, MatchSettings(max_block=100))
    assert small.stats.blocks_skipped.get("dob+given", 0) >= 1
    assert small.stats.pairs_compared < large.stats.pairs_compared


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
