"""Hard negatives for identity resolution: children who look like one child and are not.

The generator plants them so that its accuracy figures mean something (truth.Manifest lists
them): twins (same family, date of birth, carers and address; different given names), siblings
close in age (now and then born the same day of the month eleven months to a year apart, so their
dates of birth differ in one or two parts), and namesakes (the same given and family name in
another family; some of them at the same postcode).
"""

import random
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from analysis.identity import given_names_alike

CLOSE_IN_AGE_DAYS = 730
"""Siblings born less than this apart are listed as hard negatives."""
CLOSE_BIRTH = 0.1
"""Share of next births eleven to twelve months after the last, on the same day of the month."""
SAME_ADDRESS = 0.3
"""Share of namesakes whose family lives at the postcode of the child they are named like."""
REMEMBERED = 1000
"""Recent families whose postcode is kept for a namesake to move next to."""


def alike(name: str, taken: set[str]) -> bool:
    """Is `name` one of `taken`, or alike to one (a form of it, a typing slip, sounding alike)?
    Parents do not name one child Valeria and the next Valérie, nor Liam and Billy."""
    return name in taken or any(given_names_alike(name, other) for other in taken)


class Child(Protocol):
    id: str
    dob: int


def next_birth(rng: random.Random, dob: int) -> int:
    """The next sibling's date of birth (ordinal day): eleven months to four years later; now
    and then on the same day of the month eleven or twelve months on."""
    if rng.random() < CLOSE_BIRTH:
        born = date.fromordinal(dob)
        months = born.month + rng.choice((11, 12))
        try:
            later = born.replace(year=born.year + (months - 1) // 12, month=(months - 1) % 12 + 1)
            return later.toordinal()
        except ValueError:  # the 29th to 31st of a shorter month
            pass
    return dob + rng.randrange(330, 1500)


def close_siblings(kids: Sequence[Child]) -> list[tuple[str, str]]:
    """Pairs of one family's children born on different days less than two years apart."""
    return [
        (a.id, b.id)
        for n, a in enumerate(kids)
        for b in kids[n + 1 :]
        if 0 < abs(a.dob - b.dob) < CLOSE_IN_AGE_DAYS
    ]


class Addresses:
    """The postcodes of recent families' eldest children, for namesakes to move next to."""

    def __init__(self) -> None:
        self._postcodes: OrderedDict[str, str] = OrderedDict()

    def remember(self, child_id: str, postcode: str) -> None:
        self._postcodes[child_id] = postcode
        if len(self._postcodes) > REMEMBERED:
            self._postcodes.popitem(last=False)

    def for_namesake(self, rng: random.Random, named_after: str, postcode: str) -> str:
        """The postcode of a family whose eldest is named after `named_after`: now and then the
        same as that child's."""
        if rng.random() < SAME_ADDRESS:
            return self._postcodes.get(named_after, postcode)
        return postcode
