"""Name matching for search: what counts as the same name, and what does not."""

import pytest

from analysis.names import child_names, name_score, normalise

MATCH = 0.8
"""Scores at or above this are treated as the same name by search."""


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Climbié", "climbie"),
        ("  ANNA   Kouao ", "anna kouao"),
        ("Zoë Ñúñez-Çelik", "zoe nunez celik"),
        ("O'Brien", "o brien"),
        ("ß", "ss"),
        ("", ""),
        ("  -- ", ""),
    ],
)
def test_normalise_drops_case_accents_and_punctuation(written: str, normalised: str) -> None:
    assert normalise(written) == normalised


def test_accents_and_case_are_ignored() -> None:
    assert name_score("Victoria CLIMBIE", ["Victoria Climbié"]) == 1.0
    assert name_score("victoria climbié", ["VICTORIA CLIMBIE"]) == 1.0


def test_word_order_is_ignored() -> None:
    assert name_score("Kouao Anna", ["Anna Kouao"]) == 1.0


def test_an_alias_in_other_names_matches() -> None:
    names = child_names("Victoria", "Climbié", ["Anna Kouao"])

    assert name_score("Anna Kouao", names) == 1.0
    assert name_score("Anna Kouao", names[:1]) < MATCH


def test_best_name_counts_whatever_its_position() -> None:
    names = ["Peter Connelly", "Baby P", "Victoria Climbie"]

    assert name_score("Victoria Climbie", names) == name_score("Victoria Climbie", names[::-1])
    assert name_score("Victoria Climbie", names) == 1.0


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Kuao", "Kouao"),
        ("Anna Kuao", "Anna Kouao"),
        ("Victoria Climbe", "Victoria Climbié"),
        ("Viktoria Climbie", "Victoria Climbie"),
    ],
)
def test_a_small_misspelling_still_matches(query: str, name: str) -> None:
    assert name_score(query, [name]) >= MATCH


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Lisa Arthurworrey", "Victoria Climbie"),
        ("Peter Connelly", "Victoria Climbie"),
        ("Daniel Pelka", "Anna Kouao"),
        ("Khyra Ishaq", "Hamzah Khan"),
        ("Smith", "Anna Kouao"),
    ],
)
def test_an_unrelated_name_does_not_match(query: str, name: str) -> None:
    assert name_score(query, [name]) < MATCH


def test_a_single_word_matches_one_of_the_names_words() -> None:
    assert name_score("Kouao", ["Anna Kouao"]) >= MATCH


@pytest.mark.parametrize("query", ["", "   ", "-'-"])
def test_an_empty_query_scores_zero(query: str) -> None:
    assert name_score(query, ["Anna Kouao", ""]) == 0.0


def test_no_names_or_only_blank_names_score_zero() -> None:
    assert name_score("Anna Kouao", []) == 0.0
    assert name_score("Anna Kouao", ["", "  "]) == 0.0


@pytest.mark.parametrize("query", ["Anna Kouao", "Kuao", "Zzyzx Qwerty", "A"])
def test_scores_lie_between_zero_and_one(query: str) -> None:
    assert 0.0 <= name_score(query, ["Anna Kouao", "Victoria Climbie"]) <= 1.0


def test_child_names_lists_the_recorded_name_and_each_alias() -> None:
    assert child_names("Victoria", "Climbié", ["Anna Kouao", "Anna Climbie"]) == [
        "Victoria Climbié",
        "Anna Kouao",
        "Anna Climbie",
    ]
