"""The index's "today" is England's calendar day, whatever the server's time zone.

Each case puts the process on UTC (as a container usually is) at 23:30 UTC: in summer that is
already tomorrow in England, in winter it is not.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pydantic import ValidationError

from graph_model import clock
from graph_model.schemas import InvolvementCreate, MoveCreate

SERVER_ZONE = ZoneInfo("UTC")  # a ZoneInfo destination also sets the process's local zone
SUMMER_NIGHT = datetime(2026, 7, 1, 23, 30, tzinfo=SERVER_ZONE)  # 00:30 BST on 2 July
WINTER_NIGHT = datetime(2026, 12, 1, 23, 30, tzinfo=SERVER_ZONE)  # 23:30 GMT on 1 December


@pytest.fixture
def summer_night() -> Iterator[None]:
    with time_machine.travel(SUMMER_NIGHT, tick=False):
        assert date.today() == date(2026, 7, 1), "the process should be on UTC here"
        yield


@pytest.fixture
def winter_night() -> Iterator[None]:
    with time_machine.travel(WINTER_NIGHT, tick=False):
        yield


def involvement(since: date) -> dict[str, object]:
    return {"practitioner_id": "hv-1", "agency_id": "hv-ealing", "service": "x", "since": since}


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 7, 1, 22, 59, tzinfo=UTC), date(2026, 7, 1)),  # 23:59 BST
        (datetime(2026, 7, 1, 23, 0, tzinfo=UTC), date(2026, 7, 2)),  # 00:00 BST
        (datetime(2026, 12, 1, 23, 59, tzinfo=UTC), date(2026, 12, 1)),  # 23:59 GMT
        (datetime(2026, 12, 2, 0, 0, tzinfo=UTC), date(2026, 12, 2)),  # 00:00 GMT
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2026, 3, 29)),  # clocks go forward
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # clocks go back
    ],
)
def test_day_of_is_the_date_in_england(moment: datetime, day: date) -> None:
    assert clock.day_of(moment) == day


@pytest.mark.usefixtures("summer_night")
def test_after_midnight_in_summer_england_is_a_day_ahead_of_the_server() -> None:
    assert clock.today() == date(2026, 7, 2)


@pytest.mark.usefixtures("summer_night")
def test_a_practitioner_may_record_englands_today_before_the_server_reaches_it() -> None:
    assert InvolvementCreate.model_validate(involvement(date(2026, 7, 2))).since == date(2026, 7, 2)


@pytest.mark.usefixtures("summer_night")
def test_englands_tomorrow_is_still_the_future() -> None:
    with pytest.raises(ValidationError, match="in the future"):
        InvolvementCreate.model_validate(involvement(date(2026, 7, 3)))


@pytest.mark.usefixtures("winter_night")
def test_in_winter_england_and_the_server_agree() -> None:
    assert clock.today() == date(2026, 12, 1)
    with pytest.raises(ValidationError, match="in the future"):
        InvolvementCreate.model_validate(involvement(date(2026, 12, 2)))


@pytest.mark.usefixtures("summer_night")
def test_a_planned_move_counts_its_year_from_englands_today() -> None:
    assert MoveCreate(to_la="E09000033", date=date(2027, 7, 3)).date == date(2027, 7, 3)
    with pytest.raises(ValidationError, match="more than 366 days ahead"):
        MoveCreate(to_la="E09000033", date=date(2027, 7, 4))
