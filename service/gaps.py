"""Gap analysis as the API and the CLI use it: a child's gaps, an area's gaps, coverage.

The rules are pure (analysis.gaps); this module feeds them facts from the store
(service.store.gap_facts) and shapes what they find. Area results are kept for a short while
(`gap_area_cache_seconds`): a whole-area run is seconds of work, a dashboard asks for pages.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from analysis.gaps import RULES, ChildFacts, Gap, Rule, Thresholds, evaluate, gap_order, select
from analysis.gaps.context import EDUCATION, UNIVERSAL
from analysis.gaps.model import Agency, Involvement
from service.store.gap_facts import GapFacts
from service.store.gap_screens import screen_area
from service.store.graph_store import GraphStore

Progress = Callable[[int, int], None]
"""Called with (children evaluated, children to evaluate) as an area run goes: every child of
the area unscreened, the candidates screened."""

HiddenFor = Callable[[ChildFacts, Mapping[str, Agency]], frozenset[str]]
"""The involvement ids of a child the reader may not see named."""


@dataclass(frozen=True)
class ChildGaps:
    child: ChildFacts
    gaps: list[Gap]


@dataclass(frozen=True)
class AreaGap:
    child: ChildFacts
    gap: Gap


@dataclass
class AreaRun:
    la: str
    as_of: date
    children: int
    found: list[AreaGap] = field(default_factory=list)
    seconds: float = 0.0
    evaluated: int = 0
    """How many children the rules were run on (the screened candidates, or every child)."""
    screen_seconds: float = 0.0
    """Of `seconds`, the time spent screening."""

    def counts(self) -> dict[str, int]:
        counted = Counter(item.gap.code for item in self.found)
        return {code: counted.get(code, 0) for code in RULES}

    def filtered(self, *, rule: str | None = None, severity: str | None = None) -> list[AreaGap]:
        return [
            item
            for item in self.found
            if (rule is None or item.gap.code == rule)
            and (severity is None or item.gap.severity == severity)
        ]


def area_order(item: AreaGap) -> tuple[int, date, str, str]:
    severity, since, code = gap_order(item.gap)
    return (severity, since, code, item.child.id)


class GapService:
    def __init__(
        self,
        store: GraphStore,
        *,
        thresholds: Thresholds | None = None,
        batch_size: int = 2000,
        cache_seconds: float = 0.0,
    ) -> None:
        self.store = store
        self.thresholds = thresholds or Thresholds()
        self.batch_size = batch_size
        self.cache_seconds = cache_seconds
        self._cache: dict[tuple[str, date, str | None], tuple[float, AreaRun]] = {}
        self._lock = threading.Lock()

    def facts(self, as_of: date) -> GapFacts:
        return GapFacts(self.store, as_of=as_of, batch_size=self.batch_size)

    # --- one child ----------------------------------------------------------------------------

    def for_child(
        self,
        child_id: str,
        *,
        as_of: date,
        hidden_for: HiddenFor | None = None,
        reader: str | None = None,
    ) -> ChildGaps | None:
        """The child's gaps (None: no such child). A record confirmed to be the same child as
        others answers for all of them together. `reader`: the reading practitioner's id, whom
        no suggested action asks to contact themself."""
        facts = self.facts(as_of)
        child = facts.children([child_id]).get(child_id)
        if child is None:
            return None
        hidden = hidden_for(child, facts.agencies) if hidden_for else frozenset()
        gaps = evaluate(
            child,
            as_of=as_of,
            agencies=facts.agencies,
            practitioners=facts.practitioners,
            thresholds=self.thresholds,
            hidden=hidden,
            places=facts.places,
            reader=reader,
        )
        return ChildGaps(child=child, gaps=gaps)

    # --- an area ------------------------------------------------------------------------------

    def for_area(
        self,
        la: str,
        *,
        as_of: date,
        rules: Iterable[str] | None = None,
        progress: Progress | None = None,
        hidden_for: HiddenFor | None = None,
        screened: bool = True,
    ) -> AreaRun:
        """Every gap of every active child of `la` (responsible for, or living there), most
        severe and oldest first. A pair confirmed to be one child is listed once.

        Screened (the default), only the children that the chosen rules' screens list
        (service.store.gap_screens) have their facts read and the rules run on them: the same
        gaps, found without reading the facts of the many children who have none.
        `screened=False` runs the rules on every child of the area, as `for_child` would one
        by one."""
        chosen: list[Rule] = select(rules)
        started = time.perf_counter()
        facts = self.facts(as_of)
        if screened:
            screening = screen_area(
                self.store, la, as_of=as_of, thresholds=self.thresholds, rules=chosen
            )
            ids, children, in_area = screening.candidates, screening.children, screening.linked
        else:
            ids = facts.area_children(la)
            children, in_area = len(ids), set(ids)
        run = AreaRun(la=la, as_of=as_of, children=children, evaluated=len(ids))
        run.screen_seconds = time.perf_counter() - started if screened else 0.0
        done = 0
        batches = [
            ids[start : start + self.batch_size] for start in range(0, len(ids), self.batch_size)
        ]
        # Fetch the next batch while this one is evaluated: the engine works in its own process,
        # so its time and the rules' overlap. Only the fetching thread writes GapFacts' caches.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gap-facts") as fetcher:
            pending = fetcher.submit(facts.children, batches[0]) if batches else None
            places = facts.places
            for n, batch in enumerate(batches):
                assert pending is not None
                fetched = pending.result()
                if n + 1 < len(batches):
                    pending = fetcher.submit(facts.children, batches[n + 1])
                self._evaluate_batch(run, fetched, in_area, facts, places, chosen, hidden_for)
                done += len(batch)
                if progress is not None:
                    progress(done, len(ids))
        run.found.sort(key=area_order)
        run.seconds = time.perf_counter() - started
        return run

    def _evaluate_batch(
        self,
        run: AreaRun,
        fetched: Mapping[str, ChildFacts],
        in_area: set[str],
        facts: GapFacts,
        places: Mapping[str, str],
        chosen: list[Rule],
        hidden_for: HiddenFor | None,
    ) -> None:
        """`in_area` holds every child of the area that a confirmed duplicate may be."""
        as_of = run.as_of
        for child in fetched.values():
            if any(other < child.id and other in in_area for other in child.also_known_as):
                continue  # listed under the other id of the pair
            hidden = hidden_for(child, facts.agencies) if hidden_for else frozenset()
            for gap in evaluate(
                child,
                as_of=as_of,
                agencies=facts.agencies,
                practitioners=facts.practitioners,
                thresholds=self.thresholds,
                rules=chosen,
                hidden=hidden,
                places=places,
            ):
                run.found.append(AreaGap(child=child, gap=gap))

    def cached_area(
        self, la: str, *, as_of: date, reader: str | None, hidden_for: HiddenFor
    ) -> AreaRun:
        """`for_area` over every rule, kept for `cache_seconds` per area, date and `reader`
        (the reader's agency: the one thing `hidden_for` depends on)."""
        key = (la, as_of, reader)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and now - hit[0] <= self.cache_seconds:
                return hit[1]
        run = self.for_area(la, as_of=as_of, hidden_for=hidden_for)
        with self._lock:
            now = time.monotonic()
            expired = [k for k, (at, _) in self._cache.items() if now - at > self.cache_seconds]
            for old in expired:
                del self._cache[old]
            self._cache[key] = (now, run)
        return run

    # --- coverage -----------------------------------------------------------------------------

    def coverage(self, la: str, *, as_of: date) -> Coverage:
        return coverage(self.store, la, as_of=as_of, thresholds=self.thresholds)


# --- coverage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    numerator: int
    denominator: int
    query: str
    params: dict[str, object]

    @property
    def share(self) -> float | None:
        return round(self.numerator / self.denominator, 4) if self.denominator else None


@dataclass(frozen=True)
class KindCount:
    kind: str
    involvements: int
    children: int


@dataclass(frozen=True)
class Caseload:
    practitioner_id: str
    name: str
    agency_id: str | None
    children: int


@dataclass(frozen=True)
class Coverage:
    la: str
    as_of: date
    children: int
    measures: list[Measure]
    by_agency_kind: list[KindCount]
    caseloads: list[Caseload]
    queries: dict[str, str]
    """What backs each part: measure key (or 'by_agency_kind', 'caseloads') -> query name."""

    def caseload_stats(self) -> dict[str, float | int]:
        sizes = sorted(c.children for c in self.caseloads)
        if not sizes:
            return {"practitioners": 0, "median": 0, "p90": 0, "max": 0}
        p90 = (
            statistics.quantiles(sizes, n=10, method="inclusive")[-1]
            if len(sizes) > 1
            else sizes[0]
        )
        return {
            "practitioners": len(sizes),
            "median": float(statistics.median(sizes)),
            "p90": round(float(p90), 1),
            "max": sizes[-1],
        }

    def outliers(self, top: int = 5) -> list[Caseload]:
        """The largest caseloads above the 90th percentile (at most `top`)."""
        stats = self.caseload_stats()
        return [c for c in self.caseloads if c.children > stats["p90"]][:top]


def _born(as_of: date, years: int) -> str:
    """The latest date of birth of a child aged at least `years` on `as_of`."""
    try:
        return as_of.replace(year=as_of.year - years).isoformat()
    except ValueError:  # 29 February
        return (as_of.replace(year=as_of.year - years, day=28)).isoformat()


COVERAGE_QUERY = "coverage/count_children_covered"


def coverage(store: GraphStore, la: str, *, as_of: date, thresholds: Thresholds) -> Coverage:
    """Coverage of the active children `la` is responsible for, as of `as_of`: each number
    with the query (and parameters) that gives it."""
    today = as_of.isoformat()
    far_past = "0000-01-01"
    school_lo = _born(as_of, thresholds.school_age_to + 1)
    school_hi = _born(as_of, thresholds.school_age_from)
    under_five = _born(as_of, thresholds.under_five)
    bands: list[tuple[str, str, str, str, frozenset[str]]] = [
        ("gp", "Children with a current GP", far_past, today, frozenset({"gp_practice"})),
        (
            "education",
            f"Aged {thresholds.school_age_from}–{thresholds.school_age_to} in education",
            school_lo,
            school_hi,
            EDUCATION,
        ),
        (
            "health_visiting",
            f"Under {thresholds.under_five}s with health visiting",
            under_five,
            today,
            frozenset({"health_visiting"}),
        ),
        (
            "early_years",
            f"Under {thresholds.under_five}s with an early years setting",
            under_five,
            today,
            frozenset({"early_years"}),
        ),
        ("universal", "Children with any universal service", far_past, today, UNIVERSAL),
    ]
    measures = []
    children = 0
    for key, label, born_after, born_by, kinds in bands:
        params: dict[str, object] = {
            "la": la,
            "born_after": born_after,
            "born_by": born_by,
            "today": today,
            "kinds": sorted(kinds),
        }
        row = store.query(COVERAGE_QUERY, **params)[0]
        if key == "gp":
            children = int(row["children"])
        measures.append(
            Measure(
                key=key,
                label=label,
                numerator=int(row["covered"] or 0),
                denominator=int(row["children"]),
                query=COVERAGE_QUERY,
                params=params,
            )
        )
    kinds_rows = store.query("coverage/count_involvements_by_kind", la=la, today=today)
    by_kind = [
        KindCount(kind=r["kind"], involvements=int(r["involvements"]), children=int(r["children"]))
        for r in kinds_rows
    ]
    per_practitioner: dict[str, Caseload] = {}
    for r in store.query("coverage/get_caseloads", la=la, today=today):
        pid = str(r["practitioner_id"])
        name = f"{r['given_name'] or ''} {r['family_name'] or ''}".strip() or pid
        known = per_practitioner.get(pid)
        count = int(r["children"]) + (known.children if known else 0)
        agency = known.agency_id if known else (r["agency_name"] or r["agency_id"])
        per_practitioner[pid] = Caseload(pid, name, agency, count)
    caseloads = sorted(per_practitioner.values(), key=lambda c: (-c.children, c.practitioner_id))
    queries = {m.key: m.query for m in measures}
    queries["by_agency_kind"] = "coverage/count_involvements_by_kind"
    queries["caseloads"] = "coverage/get_caseloads"
    return Coverage(
        la=la,
        as_of=as_of,
        children=children,
        measures=measures,
        by_agency_kind=by_kind,
        caseloads=caseloads,
        queries=queries,
    )


def sensitive_hidden(
    visible: Callable[[Involvement, Agency | None], bool],
) -> HiddenFor:
    """A `HiddenFor` from a per-involvement visibility test."""

    def hidden_for(child: ChildFacts, agencies: Mapping[str, Agency]) -> frozenset[str]:
        return frozenset(
            inv.id
            for inv in child.involvements
            if not visible(inv, agencies.get(inv.agency_id or inv.source_id))
        )

    return hidden_for
