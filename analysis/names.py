"""Name matching for search: how well a typed name fits a child's names and aliases.

Plain data in, plain data out. Scores are in [0, 1]; the best of the child's names counts.

>>> round(name_score("Anna Kouao", ["Victoria Climbie", "Anna Kouao"]), 2)
1.0
>>> name_score("Ana Kuao", ["Anna Kouao"]) > 0.85
True
"""

import unicodedata
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler


def normalise(name: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in letters.casefold())
    return " ".join(cleaned.split())


def name_score(query: str, names: Iterable[str]) -> float:
    """Best match of `query` over `names`: word order ignored, small misspellings tolerated."""
    wanted = normalise(query)
    if not wanted:
        return 0.0
    best = 0.0
    for name in names:
        candidate = normalise(name)
        if not candidate:
            continue
        score = max(
            fuzz.token_sort_ratio(wanted, candidate) / 100.0,
            JaroWinkler.similarity(wanted, candidate),
            # a single typed word ("Anna") matching one of the candidate's words
            max((JaroWinkler.similarity(wanted, word) for word in candidate.split()), default=0)
            if " " not in wanted
            else 0.0,
        )
        best = max(best, score)
    return best


def child_names(given_name: str, family_name: str, other_names: Sequence[str]) -> list[str]:
    """Every full name a child is known by: the recorded one and each alias or former name."""
    return [f"{given_name} {family_name}", *other_names]
