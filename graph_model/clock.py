"""The index's "today": the calendar day in England, whatever the server's time zone.

A practitioner in Leeds at 00:30 on a summer night is on the 2nd of July; a server on UTC is
still on the 1st for another half hour. Every "today" in the index is England's: the latest date
a record may carry, the default as-of date of the gap rules, and the day an involvement or a
residence starts when none is given. Timestamps (audit events, versions) stay in UTC.

>>> from datetime import UTC
>>> day_of(datetime(2026, 7, 1, 23, 30, tzinfo=UTC))  # 00:30 British Summer Time
datetime.date(2026, 7, 2)
>>> day_of(datetime(2026, 12, 1, 23, 30, tzinfo=UTC))  # Greenwich Mean Time
datetime.date(2026, 12, 1)
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

ENGLAND = ZoneInfo("Europe/London")


def day_of(moment: datetime) -> date:
    """The date in England at an aware `moment`."""
    return moment.astimezone(ENGLAND).date()


def today() -> date:
    """Today's date in England."""
    return datetime.now(ENGLAND).date()
