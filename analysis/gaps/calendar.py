"""Working days in England: weekends and bank holidays (England and Wales) excluded, from the
maintained `holidays` library rather than a hand-kept list."""

from datetime import date, timedelta
from functools import cache, lru_cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """
    >>> is_working_day(date(2026, 12, 25)), is_working_day(date(2026, 12, 29))
    (False, True)
    """
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


@lru_cache(maxsize=1 << 16)
def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    >>> working_days_between(date(2026, 12, 23), date(2026, 12, 29))  # 24th, 29th
    2
    """
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def working_days_before(end: date, count: int) -> date:
    """The day from which `end` is exactly `count` working days later."""
    day = end
    while count > 0:
        if is_working_day(day):
            count -= 1
        day -= timedelta(days=1)
    return day
