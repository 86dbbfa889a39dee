"""The screens of service.store.gap_screens, without an engine: every rule has one, each asks
its named queries with exactly the parameters they declare (in both dialects), and thresholds
that leave nothing to screen on make the area run evaluate every child. Whether the screens
list the right children is tested on a real engine (tests/integration/test_gaps_screened.py)."""

from datetime import date
from typing import Any

import pytest

from analysis.gaps import RULES, Thresholds, select
from service.store.catalog import get_query
from service.store.gap_screens import SCREENS, Screener, screen_area


class RecordingStore:
    """Stands in for GraphStore.query: checks the parameters against the query file and
    answers with no rows."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.params: list[dict[str, Any]] = []

    def query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        for dialect in ("neo4j", "falkordb"):
            get_query(name, dialect).check(params)
        self.asked.append(name)
        self.params.append(params)
        if name == "gaps/count_area_responsible":
            return [{"children": 0}]
        return []


def screener(thresholds: Thresholds | None = None) -> tuple[Screener, RecordingStore]:
    store = RecordingStore()
    s = Screener(store, "E09000009", as_of=date(2026, 3, 1), thresholds=thresholds or Thresholds())  # type: ignore[arg-type]
    return s, store


def test_every_rule_has_a_screen() -> None:
    assert set(SCREENS) == set(RULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_each_screen_asks_its_queries_with_the_declared_parameters(code: str) -> None:
    s, store = screener()
    assert SCREENS[code](s) == set()
    assert store.asked
    assert all(name.startswith("gaps/") for name in store.asked)


def test_screens_that_share_a_pass_run_it_once() -> None:
    s, store = screener()
    for code in ("MULTI_AGENCY_NO_LEAD", "SENSITIVE_WITHOUT_CONSENT", "SIBLING_NOT_CONSIDERED"):
        SCREENS[code](s)
    for code in ("ASSESSMENT_NO_LEAD", "STALE_INVOLVEMENT", "INFO_TO_SHARE_UNACKNOWLEDGED"):
        SCREENS[code](s)
    assert store.asked.count("gaps/list_candidates_additional") == 1
    assert store.asked.count("gaps/list_candidates_involvement_flags") == 1


def test_the_day_after_the_as_of_date_bounds_every_date() -> None:
    s, _ = screener()
    assert s.after == "2026-03-02"
    assert "2026-03-01T23:59:59" < s.after <= "2026-03-02T00:00:00"


@pytest.mark.parametrize(
    ("code", "thresholds"),
    [
        ("MULTI_AGENCY_NO_LEAD", Thresholds(multi_agency_min=0)),
        ("FREQUENT_MOVES", Thresholds(frequent_moves=0)),
        ("INFO_TO_SHARE_UNACKNOWLEDGED", Thresholds(info_to_share_working_days=-1)),
    ],
)
def test_thresholds_that_leave_nothing_to_screen_on_mean_every_child(
    code: str, thresholds: Thresholds
) -> None:
    s, _ = screener(thresholds)
    assert SCREENS[code](s) is None
    store = RecordingStore()
    screening = screen_area(
        store,  # type: ignore[arg-type]
        "E09000009",
        as_of=date(2026, 3, 1),
        thresholds=thresholds,
        rules=select([code]),
    )
    assert screening.everyone
    assert "gaps/list_area_children" in store.asked


def test_a_school_age_band_beyond_the_calendar_has_no_bound() -> None:
    s, store = screener(Thresholds(school_age_from=-8000, school_age_to=3000))
    SCREENS["MISSING_EDUCATION"](s)
    [params] = store.params
    assert params["born_from"] is None
    assert params["born_before"] is None
    s, store = screener()
    SCREENS["MISSING_EDUCATION"](s)
    [params] = store.params
    assert (params["born_from"], params["born_before"]) == ("2009", "2022")
