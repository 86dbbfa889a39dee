"""Name pools for the synthetic generator: names from the traditions England's children are
named in, common names commoner.

Faker's `en_GB` lists alone hold 182 given names per sex and 500 family names: at a million
children every full name would be shared by a dozen unrelated children, which no council's index
looks like and which makes identity resolution compare millions of accidental namesakes. So the
pools are drawn from several Faker locales (weighted towards British names), and each distinct
name is kept as often as the square root of how often it was drawn: "Smith" stays commoner than
"Kouao" (term frequencies mean something) without a few names taking the whole index.
"""

import math
from collections import Counter
from dataclasses import dataclass

from faker import Faker

LOCALES: dict[str, float] = {
    "en_GB": 8.0,
    "en_IE": 1.0,
    "en_US": 1.0,
    "en_IN": 2.0,
    "tw_GH": 0.7,
    "yo_NG": 0.7,
    "ro_RO": 0.7,
    "tr_TR": 0.7,
    "it_IT": 0.5,
    "sk_SK": 0.5,
    "es_ES": 0.4,
    "fr_FR": 0.4,
    "de_DE": 0.3,
    "nl_NL": 0.2,
    "zu_ZA": 0.2,
}
"""Faker locale -> weight of its names in the draw."""
GIVEN_DRAWS = 5000
FAMILY_DRAWS = 12000


@dataclass(frozen=True)
class NamePools:
    female: list[str]
    male: list[str]
    families: list[str]
    """Sorted, a name repeated as often as it should be picked."""


def _pool(draws: list[str]) -> list[str]:
    counts = Counter(draws)
    return sorted(name for name, n in counts.items() for _ in range(math.isqrt(n - 1) + 1))


def draw_pools(seed: int) -> NamePools:
    """The pools for a seed (deterministic)."""
    fake = Faker(LOCALES)
    fake.seed_instance(seed)
    return NamePools(
        female=_pool([fake.first_name_female() for _ in range(GIVEN_DRAWS)]),
        male=_pool([fake.first_name_male() for _ in range(GIVEN_DRAWS)]),
        families=_pool([fake.last_name() for _ in range(FAMILY_DRAWS)]),
    )
