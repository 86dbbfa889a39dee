"""Which children of an area could have a gap: cheap screening queries, one or more per rule.

Most children of an area have no gap, and reading every child's facts is what makes a
whole-area run slow. Each rule here has a screen: named queries under cypher/gaps/ that list,
for an area, the children the rule *might* find — a superset, worked out in the engine from a
few properties. Each query's header says why its list is a superset. Only those children, with
the rest of the area's children that no screen looks at (see `Screening.candidates`), have
their facts read and every chosen rule run on them, exactly as for one child. A screen never
decides that a rule fires: it may list too many children, never too few, so a loose screen
costs time and a wrong one costs correctness (tests/integration/test_gaps_screened.py compares
a screened run with evaluating every child).

Dates are stored as ISO strings (a date, or a timestamp whose first ten characters are one, as
the rules read them): "on or before day D" is "sorts before the ISO string of D + 1".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from analysis.gaps import Rule, Thresholds
from analysis.gaps.context import EDUCATION, SOCIAL_CARE_OR_EARLY_HELP, UNIVERSAL
from analysis.gaps.rules import GP, SENSITIVE, UNKNOWN_WHEREABOUTS
from service.store.graph_store import GraphStore


def _iso(day: date) -> str:
    return day.isoformat()


def _year(year: int) -> str | None:
    """A birth-year bound as the first four characters of an ISO date (None: no bound)."""
    return f"{year:04d}" if 1 <= year <= 9999 else None


class Screener:
    """The screening queries for one area and date; each runs at most once, so screens that
    share a query (or a pass over the area) pay for it once."""

    def __init__(self, store: GraphStore, la: str, *, as_of: date, thresholds: Thresholds):
        self.store = store
        self.la = la
        self.as_of = as_of
        self.t = thresholds
        self.after = _iso(as_of + timedelta(days=1))
        """The day after the as-of date: a stored date sorts before it iff it is on or
        before the as-of date."""
        self.seconds: dict[str, float] = {}
        self._rows: dict[tuple[str, str], list[dict[str, object]]] = {}

    def rows(self, name: str, **params: object) -> list[dict[str, object]]:
        key = (name, repr(sorted(params.items())))
        if key not in self._rows:
            began = time.perf_counter()
            self._rows[key] = self.store.query(name, la=self.la, **params)
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began
        return self._rows[key]

    def ids(self, name: str, **params: object) -> set[str]:
        return {str(row["id"]) for row in self.rows(name, **params)}

    def flagged(self, name: str, flag: str, **params: object) -> set[str]:
        """The children a query that serves several screens marks with `flag`."""
        return {str(row["id"]) for row in self.rows(name, **params) if row[flag]}

    def additional(self, flag: str) -> set[str]:
        """The children gaps/list_candidates_additional flags `multi`, `sensitive` or
        `concern`: one pass over the area's involvements for three screens."""
        return self.flagged(
            "gaps/list_candidates_additional",
            flag,
            after=self.after,
            universal_kinds=sorted(UNIVERSAL),
            min_agencies=max(self.t.multi_agency_min, 1),
            sensitive_kinds=sorted(SENSITIVE),
            concern_kinds=sorted(SOCIAL_CARE_OR_EARLY_HELP),
        )


Candidates = Callable[[Screener], set[str] | None]
"""The children of the area one rule might find. None when these thresholds leave nothing to
screen on: then every child of the area is evaluated."""


def _services(s: Screener, flag: str) -> set[str]:
    """gaps/list_candidates_without_service's `no_gp` or `no_education`: one pass for both.
    Aged school_age_from to school_age_to on the as-of date means born in a year from
    as_of.year - school_age_to - 1 to as_of.year - school_age_from: a whole year wider at each
    end than the exact band, so birthdays and 29 February need no care."""
    return s.flagged(
        "gaps/list_candidates_without_service",
        flag,
        after=s.after,
        gp_kinds=sorted(GP),
        education_kinds=sorted(EDUCATION),
        born_from=_year(s.as_of.year - s.t.school_age_to - 1),
        born_before=_year(s.as_of.year - s.t.school_age_from + 1),
    )


def _no_gp(s: Screener) -> set[str]:
    """Children with no sure current GP. INVISIBLE_CHILD uses it too: a child with no current
    universal service has no current GP (gp_practice is universal), so NO_GP fires for every
    child INVISIBLE_CHILD fires for."""
    return _services(s, "no_gp")


def _multi_agency(s: Screener) -> set[str] | None:
    """gaps/list_candidates_additional's `multi`. Below 1 the rule needs no agency at all."""
    return s.additional("multi") if s.t.multi_agency_min >= 1 else None


def _involvement_flags(s: Screener, flag: str) -> set[str] | None:
    """gaps/list_candidates_involvement_flags' `assessed`, `info` or `stale`: one pass for the
    three. More than N working days since an info_to_share flag means more than N calendar
    days: raised on a day before as_of - N; below 0 any flag fires, whenever it was raised,
    and the `info` screen cannot be used. Stale: updated on a day before as_of - stale_days,
    as the rule compares."""
    days = s.t.info_to_share_working_days
    if days < 0 and flag == "info":
        return None
    return s.flagged(
        "gaps/list_candidates_involvement_flags",
        flag,
        after=s.after,
        raised_before=_iso(s.as_of - timedelta(days=max(days, 0))),
        updated_before=_iso(s.as_of - timedelta(days=s.t.stale_days)),
    )


def _recent_move(s: Screener) -> set[str]:
    """Moved within the handover window (on or after as_of - window days) and more than N
    working days ago, hence more than N calendar days: before as_of - N."""
    t = s.t
    return s.ids(
        "gaps/list_candidates_recent_move",
        after=s.after,
        moved_from=_iso(s.as_of - timedelta(days=t.handover_window_days)),
        moved_before=_iso(s.as_of - timedelta(days=t.handover_working_days)),
        support_kinds=sorted(SOCIAL_CARE_OR_EARLY_HELP),
    )


def _unserved_move(s: Screener) -> set[str]:
    """Arrived at least `services_after_move_days` days ago: on or before as_of - days."""
    return s.ids(
        "gaps/list_candidates_unserved_move",
        after=s.after,
        arrived_before=_iso(s.as_of - timedelta(days=s.t.services_after_move_days - 1)),
        kinds=sorted(GP | EDUCATION),
    )


def _frequent_moves(s: Screener) -> set[str] | None:
    """Begun after as_of - window days and on or before as_of. Below 1 the rule needs no
    move at all."""
    t = s.t
    if t.frequent_moves < 1:
        return None
    return s.ids(
        "gaps/list_candidates_frequent_moves",
        after=s.after,
        window_from=_iso(s.as_of - timedelta(days=t.frequent_moves_window_days - 1)),
        moves=t.frequent_moves,
    )


def _sibling(s: Screener) -> set[str]:
    """Siblings of the children of concern the area is responsible for
    (gaps/list_candidates_additional's `concern`), and of those it is not responsible for."""
    return s.ids(
        "gaps/list_candidates_sibling",
        after=s.after,
        concern_ids=sorted(s.additional("concern")),
        concern_kinds=sorted(SOCIAL_CARE_OR_EARLY_HELP),
        universal_kinds=sorted(UNIVERSAL),
    )


def _linked(s: Screener) -> set[str]:
    """Children with any SAME_AS link: every possible duplicate, shielded or not."""
    return s.ids("gaps/list_candidates_linked")


SCREENS: Mapping[str, Candidates] = {
    "NO_GP": _no_gp,
    "MISSING_EDUCATION": lambda s: _services(s, "no_education"),
    "INVISIBLE_CHILD": _no_gp,
    "MULTI_AGENCY_NO_LEAD": _multi_agency,
    "ASSESSMENT_NO_LEAD": lambda s: _involvement_flags(s, "assessed"),
    "INFO_TO_SHARE_UNACKNOWLEDGED": lambda s: _involvement_flags(s, "info"),
    "STALE_INVOLVEMENT": lambda s: _involvement_flags(s, "stale"),
    "ORPHANED_INVOLVEMENT": lambda s: s.ids("gaps/list_candidates_orphaned", after=s.after),
    "SENSITIVE_WITHOUT_CONSENT": lambda s: s.additional("sensitive"),
    "MOVED_WITHOUT_HANDOVER": _recent_move,
    "NO_SERVICES_AFTER_MOVE": _unserved_move,
    "FREQUENT_MOVES": _frequent_moves,
    "WHEREABOUTS_UNKNOWN": lambda s: s.ids(
        "gaps/list_candidates_whereabouts", statuses=sorted(UNKNOWN_WHEREABOUTS)
    ),
    "SIBLING_NOT_CONSIDERED": _sibling,
    "NO_CARER_RECORDED": lambda s: s.flagged(
        "gaps/list_candidates_without_carer", "no_carer", after=s.after
    ),
    "CARER_WITHOUT_PR": lambda s: s.flagged(
        "gaps/list_candidates_without_carer", "without_pr", after=s.after
    ),
    "POSSIBLE_DUPLICATE": _linked,
    "SHIELDED_DUPLICATE": _linked,
}
"""Each rule's screen, by rule code. A rule without one is not screened: every child of the
area is evaluated (tests/unit/test_gap_screens.py checks that every rule has one)."""


@dataclass
class Screening:
    """The outcome of screening an area for some rules."""

    children: int
    """How many children the area has (those gaps/list_area_children lists)."""
    candidates: list[str]
    """The area's children to evaluate, sorted: every child a screen lists; every child
    living in the area that it is not responsible for (the screens start from the children it
    is responsible for); and every child with a SAME_AS link, whose facts may merge with a
    confirmed duplicate's (whatever the rules)."""
    linked: set[str] = field(default_factory=set)
    """The candidates with a SAME_AS link or not the area's responsibility: every child of the
    area that a confirmed duplicate of a candidate can be."""
    everyone: bool = False
    """True when some rule could not be screened: `candidates` is then every child."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Engine seconds per screening query (for the benchmark)."""


def screen_area(
    store: GraphStore,
    la: str,
    *,
    as_of: date,
    thresholds: Thresholds,
    rules: Iterable[Rule],
) -> Screening:
    """Run the screens of `rules` for area `la` and gather the candidates."""
    s = Screener(store, la, as_of=as_of, thresholds=thresholds)
    newcomers = s.ids("gaps/list_area_newcomers")
    linked = s.ids("gaps/list_candidates_linked") | newcomers
    children = int(str(s.rows("gaps/count_area_responsible")[0]["children"])) + len(newcomers)
    candidates = set(linked)
    for rule in rules:
        screen = SCREENS.get(rule.code)
        found = screen(s) if screen is not None else None
        if found is None:
            everyone = sorted(s.ids("gaps/list_area_children"))
            return Screening(children, everyone, linked, everyone=True, seconds=s.seconds)
        candidates |= found
    return Screening(children, sorted(candidates), linked, seconds=s.seconds)
