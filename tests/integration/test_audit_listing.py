"""The auditors' listings answer exactly: newest first, every filter and every combination of
filters, page after page, to the millisecond at the period's ends.

Each kind of listing has its own query, started at an index (cypher/audit/). FalkorDB's range
index drops a `<` on a text parameter (FalkorDB issue #2239), so the period's end is where a
wrong query shows first: the boundaries below fall on, between and around the events' times.
"""

from datetime import UTC, datetime, timedelta
from typing import LiteralString

import pytest

from service.audit import log as audit_log
from service.audit.log import AuditEntry, AuditLog, EventQuery
from service.store.graph_store import GraphStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STEP = timedelta(milliseconds=250)
USERS = ("lisa", "mash", "ravi")
CHILDREN = ("ch-1", "ch-2")
EVENTS = 12
"""Event i (seq i + 1) is at T0 + i * 250 ms, by USERS[i % 3], about CHILDREN[i % 2]."""

BOUNDS = [None, *(T0 + k * STEP / 2 - timedelta(milliseconds=1) for k in range(0, 2 * EVENTS, 5))]
BOUNDS += [T0 + 3 * STEP, T0 + 8 * STEP]  # exactly on an event's time
"""Period ends: open, just before an event, halfway between two, and exactly on one."""


class Ticking:
    """A clock that moves on one step each time it is read: one event, one step."""

    def __init__(self) -> None:
        self.next = T0

    def __call__(self) -> datetime:
        now, self.next = self.next, self.next + STEP
        return now


@pytest.fixture
def trail(store: GraphStore) -> AuditLog:
    log = AuditLog(store, clock=Ticking())
    for i in range(EVENTS):
        log.append(
            AuditEntry(
                user=USERS[i % 3],
                roles=["mash"],
                action="read_child",
                outcome="ok",
                child_ids=[CHILDREN[i % 2]],
                reason="strategy meeting",
            )
        )
    return log


def expected(query: EventQuery) -> list[int]:
    """The sequence numbers `query` must list, newest first, worked out from how the trail was
    written rather than read back from the engine."""
    matching = []
    for i in range(EVENTS):
        at, seq = T0 + i * STEP, i + 1
        if (
            (query.user is None or USERS[i % 3] == query.user)
            and (query.child_id is None or CHILDREN[i % 2] == query.child_id)
            and (query.since is None or at >= query.since)
            and (query.until is None or at < query.until)
            and (query.before is None or seq < query.before)
        ):
            matching.append(seq)
    return matching[::-1][: query.limit]


def listed(trail: AuditLog, query: EventQuery) -> list[int]:
    return [int(event["seq"]) for event in trail.events(query)]


def test_the_trail_is_written_as_the_tests_assume(trail: AuditLog) -> None:
    events = sorted(trail.events(EventQuery(limit=100)), key=lambda e: e["seq"])
    assert [(e["user"], e["child_ids"], e["at"]) for e in events] == [
        (USERS[i % 3], [CHILDREN[i % 2]], (T0 + i * STEP).isoformat(timespec="milliseconds"))
        for i in range(EVENTS)
    ]


def test_unfiltered_is_newest_first(trail: AuditLog) -> None:
    assert listed(trail, EventQuery(limit=100)) == list(range(EVENTS, 0, -1))


@pytest.mark.parametrize("limit", [1, 5, 12, 13])
def test_unfiltered_pages_cover_the_trail_once(trail: AuditLog, limit: int) -> None:
    seen: list[int] = []
    before = None
    while True:
        page = listed(trail, EventQuery(before=before, limit=limit))
        assert len(page) <= limit
        seen += page
        if len(page) < limit:
            break
        before = page[-1]
    assert seen == list(range(EVENTS, 0, -1))


@pytest.mark.parametrize("since", BOUNDS, ids=str)
@pytest.mark.parametrize("until", BOUNDS, ids=str)
def test_a_period_gives_exactly_its_events(
    trail: AuditLog, since: datetime | None, until: datetime | None
) -> None:
    query = EventQuery(since=since, until=until, limit=100)
    assert listed(trail, query) == expected(query)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize(
    ("since", "until"),
    [(None, None), (T0 + 2 * STEP, None), (None, T0 + 7 * STEP), (T0 + STEP, T0 + 9 * STEP)],
    ids=str,
)
def test_a_user_within_a_period(
    trail: AuditLog, user: str, since: datetime | None, until: datetime | None
) -> None:
    query = EventQuery(user=user, since=since, until=until, limit=100)
    assert listed(trail, query) == expected(query)


@pytest.mark.parametrize("child_id", CHILDREN)
@pytest.mark.parametrize("user", [None, "mash"])
@pytest.mark.parametrize(("since", "until"), [(None, None), (T0 + STEP, T0 + 9 * STEP)], ids=str)
def test_a_child_by_user_within_a_period(
    trail: AuditLog,
    child_id: str,
    user: str | None,
    since: datetime | None,
    until: datetime | None,
) -> None:
    query = EventQuery(child_id=child_id, user=user, since=since, until=until, limit=100)
    assert listed(trail, query) == expected(query)


@pytest.mark.parametrize(
    "query",
    [
        EventQuery(before=7, limit=3),
        EventQuery(user="lisa", before=7, limit=100),
        EventQuery(since=T0, until=T0 + 10 * STEP, before=7, limit=2),
        EventQuery(since=T0 + 2 * STEP, before=7, limit=2),
        EventQuery(child_id="ch-2", before=7, limit=100),
    ],
    ids=["unfiltered", "user", "period", "since", "child"],
)
def test_every_listing_continues_below_its_cursor(trail: AuditLog, query: EventQuery) -> None:
    assert expected(query), "a case that lists nothing would pass on any listing"
    assert listed(trail, query) == expected(query)


def test_events_missing_from_the_middle_do_not_hide_older_ones(
    store: GraphStore, trail: AuditLog
) -> None:
    """A tampered trail (which `verify` reports) still lists every event that is left."""
    store.engine.run(
        "MATCH (e:AuditEvent) WHERE e.seq >= 3 AND e.seq <= 10 DETACH DELETE e", {}, write=True
    )
    assert listed(trail, EventQuery(limit=2)) == [12, 11]
    assert listed(trail, EventQuery(before=11, limit=2)) == [2, 1]
    assert listed(trail, EventQuery(limit=100)) == [12, 11, 2, 1]


def test_an_empty_trail_lists_nothing(store: GraphStore) -> None:
    log = AuditLog(store)
    assert log.events(EventQuery()) == []
    assert log.events(EventQuery(since=T0)) == []


# --- verification, a window of sequence numbers at a time ----------------------------------------


class Recorded:
    """A progress listener that keeps what it was told."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, int | None]] = []
        self.advanced = 0

    def phase(self, name: str, total: int | None) -> None:
        self.phases.append((name, total))

    def advance(self, n: int) -> None:
        self.advanced += n


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows of 5, so that 12 events span three and every edge case meets a window's edge."""
    monkeypatch.setattr(audit_log, "VERIFY_PAGE", 5)


@pytest.mark.usefixtures("small_windows")
def test_an_untouched_trail_verifies_across_windows_and_reports_progress(trail: AuditLog) -> None:
    progress = Recorded()
    report = trail.verify(progress)
    assert (report.ok, report.checked, report.head_seq) == (True, EVENTS, EVENTS)
    assert progress.phases == [("verifying the audit trail", EVENTS)]
    assert progress.advanced == EVENTS


@pytest.mark.usefixtures("small_windows")
@pytest.mark.parametrize(
    ("edit", "bad_seq", "problem"),
    [
        ("MATCH (e:AuditEvent {seq: 5}) DETACH DELETE e", 5, "event 5 is missing"),
        ("MATCH (e:AuditEvent {seq: 6}) DETACH DELETE e", 6, "event 6 is missing"),
        (
            "MATCH (e:AuditEvent) WHERE e.seq >= 6 AND e.seq <= 10 DETACH DELETE e",
            6,
            "event 6 is missing",
        ),
        (
            "MATCH (e:AuditEvent {seq: 5})"
            " CREATE (copy:AuditEvent) SET copy = properties(e), copy.id = 'copy'",
            5,
            "event 5 appears twice",
        ),
        (
            "MATCH (e:AuditEvent {seq: 12}) CREATE (late:AuditEvent) SET late = properties(e),"
            " late.id = 'late', late.seq = 40",
            13,
            "event 13 is missing",
        ),
        ("MATCH (e:AuditEvent {seq: 12}) SET e.reason = 'curiosity'", 12, "was altered"),
    ],
    ids=[
        "deleted-at-a-window-end",
        "deleted-at-a-window-start",
        "a-whole-window-deleted",
        "copied-at-a-window-end",
        "written-past-the-head",
        "last-altered",
    ],
)
def test_tampering_is_found_at_a_windows_edge(
    store: GraphStore, trail: AuditLog, edit: LiteralString, bad_seq: int, problem: str
) -> None:
    store.engine.run(edit, {}, write=True)
    report = trail.verify()
    assert (report.ok, report.first_bad_seq) == (False, bad_seq)
    assert problem in (report.problem or "")
