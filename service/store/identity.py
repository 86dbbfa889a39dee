"""Identity resolution over the graph: fetch identity rows, find candidates with
analysis.identity, keep them as SAME_AS edges, and record stewards' decisions.

Edge convention (the gap engine reads it): `(a:Child)-[:SAME_AS {status, score, reasons,
created_at, decided_by, decided_at}]->(b:Child)` with `a.id < b.id`; status is candidate,
confirmed or rejected. Re-scanning never reopens a decided pair.

A full scan learns the model (m and u of every comparison level, by expectation-maximisation on
the children scanned: analysis.identity.model) and keeps it as `(:IdentityModel {id:
'current'})`; the incremental check after a create or rename weighs evidence with it (with the
priors before the first scan).
"""

import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from weakref import WeakKeyDictionary

from analysis.identity import (
    DEFAULT_SETTINGS,
    Candidate,
    MatchModel,
    MatchSettings,
    ResolveStats,
    collector_paused,
    default_model,
    find_candidates,
    name_keys,
)
from analysis.identity.splink_model import find_candidates_with_splink
from service.errors import Conflict, EngineError, RuleViolation
from service.progress import ScanProgress
from service.store.engines.base import Row
from service.store.graph_store import AuditStamp, GraphStore, utc_now

FETCH_BATCH = 10_000
"""Children per identity-row fetch (one UNWIND of ids)."""
WRITE_BATCH = 2000
"""Candidate pairs per SAME_AS write."""
MODEL_ID = "current"
"""The id of the one stored identity model."""
FIELD, ITEM, PART = "\x1f", "\x1e", "\x1d"
"""Separators of get_identity_texts: control characters, which validated names never hold."""
_TEXT_FIELDS = (
    "id", "given_name", "family_name", "other_names", "sex", "date_of_birth", "nhs_number",
    "postcode", "responsible_la", "carers",
)  # fmt: skip


class ScanMethod(StrEnum):
    CHILDINDEX = "childindex"
    """Our scorer (analysis.identity)."""
    SPLINK = "splink"
    """Splink on DuckDB (analysis.identity.splink_model; the `[linkage]` extra)."""


class PairStatus(StrEnum):
    CANDIDATE = "candidate"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass
class ScanResult:
    children: int
    """Children whose pairs were looked for (the area's, or everyone's)."""
    stats: ResolveStats
    candidates: list[Candidate] = field(default_factory=list)
    written: int = 0
    """Candidate pairs written (new, or refreshed; decided pairs are left alone)."""
    created: int = 0
    """Of those, pairs not linked before."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Time per phase: fetch, resolve, write."""
    model: MatchModel | None = None
    """The model the scan learnt (and, when writing, kept for the incremental check)."""


def ordered(a: str, b: str) -> tuple[str, str]:
    """A pair in the SAME_AS edge's direction (smaller id first)."""
    if a == b:
        raise RuleViolation("pair", "a child record cannot be a duplicate of itself")
    return (a, b) if a < b else (b, a)


def swapped(value: date) -> date | None:
    """The date with day and month exchanged, when that is another valid date."""
    if value.day > 12 or value.day == value.month:
        return None
    return value.replace(month=value.day, day=value.month)


def unpack(text: str) -> Row:
    """One packed identity text (identity/get_identity_texts) as an identity row."""
    values = text.split(FIELD)
    if len(values) != len(_TEXT_FIELDS):
        raise EngineError(f"an identity row came back with {len(values)} fields, not 10")
    row: Row = dict(zip(_TEXT_FIELDS, values, strict=True))
    row["other_names"] = [name for name in row["other_names"].split(ITEM) if name]
    carers = []
    for entry in row["carers"].split(ITEM):
        if entry:
            carer_id, given, family = entry.split(PART)
            carers.append({"id": carer_id, "given_name": given, "family_name": family})
    row["carers"] = carers
    for key in ("nhs_number", "postcode", "responsible_la"):
        row[key] = row[key] or None
    return row


def _name_keys(packed: str) -> frozenset[str]:
    given, family, others = packed.split(FIELD)
    return name_keys(given, family, [name for name in others.split(ITEM) if name])


_MODELS: WeakKeyDictionary[GraphStore, tuple[str, MatchModel, float]] = WeakKeyDictionary()
"""The last stored model read, per GraphStore, with its version and when it was last
confirmed current: the incremental check does not parse a 200 kB model for every new child,
nor ask more often than every MODEL_RECHECK_SECONDS whether a scan has learnt a new one."""
MODEL_RECHECK_SECONDS = 30.0


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class IdentityStore:
    """Identity resolution's reads and writes, over one GraphStore."""

    def __init__(
        self,
        store: GraphStore,
        settings: MatchSettings = DEFAULT_SETTINGS,
        *,
        fetch_batch: int = FETCH_BATCH,
        clock: Callable[[], Any] = utc_now,
    ) -> None:
        self.store = store
        self.settings = settings
        self.fetch_batch = fetch_batch
        self._clock = clock

    def _now(self) -> str:
        return str(self._clock().isoformat(timespec="milliseconds"))

    # --- reads ---------------------------------------------------------------------------------

    def child_ids(self, la: str | None = None) -> list[str]:
        """Every child's id, or those of one local authority."""
        rows = (
            self.store.query("identity/list_child_ids_in_la", la=la)
            if la is not None
            else self.store.query("identity/list_child_ids")
        )
        return [str(row["id"]) for row in rows]

    def identity_rows(
        self, ids: Sequence[str], progress: ScanProgress | None = None
    ) -> Iterator[Row]:
        """Identity rows (analysis.identity.features) of the children in `ids`, fetched in
        batches."""
        for batch in _batches(ids, self.fetch_batch):
            texts = self.store.query(
                "identity/get_identity_texts", ids=list(batch), field=FIELD, item=ITEM, part=PART
            )
            for found in texts:
                yield unpack(found["row"])
            if progress is not None:
                progress.advance(len(batch))

    def model(self) -> MatchModel:
        """The model the last full scan learnt (one learnt by a scan in another process is
        used within MODEL_RECHECK_SECONDS); the priors before the first scan."""
        cached = _MODELS.get(self.store)
        now = time.monotonic()
        if cached is not None and now - cached[2] < MODEL_RECHECK_SECONDS:
            return cached[1]
        stamp = self.store.query("identity/get_model_stamp", id=MODEL_ID)
        if not stamp:
            return default_model()
        if cached is not None and cached[0] == stamp[0]["version"]:
            _MODELS[self.store] = (cached[0], cached[1], now)
            return cached[1]
        rows = self.store.query("identity/get_model", id=MODEL_ID)
        if not rows:  # removed between the two reads
            return default_model()
        try:
            model = MatchModel.from_json(str(rows[0]["model"]))
        except (ValueError, KeyError, TypeError) as e:
            raise EngineError(f"the stored identity model cannot be read: {e}") from e
        _MODELS[self.store] = (str(rows[0]["version"]), model, now)
        return model

    def keep_model(self, model: MatchModel) -> str:
        """Store the model a scan learnt, replacing the last; returns when."""
        now = self._now()
        version = uuid.uuid4().hex
        self.store.write(
            "identity/merge_model",
            id=MODEL_ID,
            model=model.to_json(),
            records=model.records,
            version=version,
            now=now,
        )
        _MODELS[self.store] = (version, model, time.monotonic())
        return now

    def confirmed_partners(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """For each child, the records confirmed to be the same child (none: not a key)."""
        return self.store.confirmed_partners(sorted(set(ids)))

    def pairs_in_la(self, la: str, status: PairStatus | None = None) -> list[Row]:
        """SAME_AS pairs touching local authority `la`, best score first (decided pairs have
        their score too; a pair a steward linked by hand has none and comes last)."""
        rows = self.store.query(
            "identity/list_pairs_in_la", la=la, status=status.value if status else None
        )
        unique = {(row["a"]["id"], row["b"]["id"]): row for row in rows}
        return sorted(
            unique.values(),
            key=lambda r: (r["score"] is None, -(r["score"] or 0.0), r["a"]["id"], r["b"]["id"]),
        )

    # --- writes --------------------------------------------------------------------------------

    def write_candidates(self, candidates: Sequence[Candidate]) -> tuple[int, int]:
        """MERGE each candidate as a SAME_AS edge; return (written, created)."""
        written = created = 0
        now = self._now()
        for batch in _batches(candidates, WRITE_BATCH):
            rows = [[c.a, c.b, c.score, list(c.reasons)] for c in batch]
            result = self.store.write_batch("identity/merge_candidates", rows, now=now)
            if result:
                written += int(result[0]["written"] or 0)
                created += int(result[0]["created"] or 0)
        return written, created

    def decide(
        self,
        a: str,
        b: str,
        status: PairStatus,
        *,
        decided_by: str,
        expected: PairStatus | None = None,
        audit: AuditStamp | None = None,
    ) -> Row:
        """Record a steward's decision on a proposed pair, if it is still `expected` (the state
        the steward decided on). Confirm or reject decide a candidate unless told otherwise;
        `CANDIDATE` reverses a decision (either one unless `expected` names it), so the pair is
        reviewed again. Conflict if the pair was never proposed, or has moved on."""
        decided = (PairStatus.CONFIRMED, PairStatus.REJECTED)
        if status is PairStatus.CANDIDATE:
            if expected is PairStatus.CANDIDATE:
                raise RuleViolation(
                    "expected_status",
                    "reopening reverses a decision: name it (confirmed or rejected)",
                )
            states = [expected] if expected is not None else list(decided)
        else:
            states = [expected or PairStatus.CANDIDATE]
        first, second = ordered(a, b)
        rows = self.store.write(
            "identity/decide_pair",
            audit,
            a=first,
            b=second,
            status=status.value,
            expected=[s.value for s in states],
            decided_by=decided_by,
            now=self._now(),
        )
        if rows:
            return rows[0]
        found = self.store.query("identity/get_pair", a=first, b=second)
        if not found:
            raise Conflict(
                "these records have not been proposed as the same child: a steward decides on"
                " a proposed pair (a duplicate scan, or a change of name or date of birth,"
                " proposes them)"
            )
        pair = found[0]
        if status is PairStatus.CANDIDATE and pair["status"] == PairStatus.CANDIDATE.value:
            raise Conflict("this pair has no decision to reverse: it is waiting for review")
        raise Conflict(
            f"this pair is {pair['status']} now, not {' or '.join(s.value for s in states)}"
            + (
                f" (decided by {pair['decided_by']} at {pair['decided_at']})"
                if pair["decided_by"]
                else ""
            )
            + ": reload it; to reverse a decision, name it as expected_status"
        )

    # --- finding candidates --------------------------------------------------------------------

    def scan(
        self,
        la: str | None = None,
        *,
        progress: ScanProgress | None = None,
        write: bool = True,
        method: ScanMethod = ScanMethod.CHILDINDEX,
    ) -> ScanResult:
        """Look for duplicates of every child (or of one area's children, against everyone)
        and write the candidates; our scorer learns the model from every child and keeps it
        for the incremental check (Splink, `method`, leaves it as it was). A pair already
        decided stays as decided."""
        started = time.perf_counter()
        everyone = self.child_ids()
        focus = set(self.child_ids(la)) if la is not None else None
        if progress is not None:
            progress.phase("fetching", len(everyone))
        with collector_paused():  # a million rows that all live until the scan ends
            rows = list(self.identity_rows(everyone, progress))
        fetched = time.perf_counter()

        children = len(focus) if focus is not None else len(everyone)
        if method is ScanMethod.SPLINK:
            if progress is not None:
                progress.phase("Splink: learning and predicting", None)
            found = find_candidates_with_splink(rows, focus=focus)
            result = ScanResult(
                children=children,
                stats=ResolveStats(
                    records=len(rows),
                    pairs_compared=len(found.compared),
                    candidates=len(found.candidates),
                ),
                candidates=found.candidates,
            )
        else:
            resolution = find_candidates(
                rows,
                self.settings,
                focus=focus,
                on_phase=progress.phase if progress is not None else None,
                progress=progress.advance if progress is not None else None,
            )
            result = ScanResult(
                children=children,
                stats=resolution.stats,
                candidates=resolution.candidates,
                model=resolution.model,
            )
        resolved = time.perf_counter()
        if write:
            if progress is not None:
                progress.phase("writing", len(result.candidates))
            result.written, result.created = self.write_candidates(result.candidates)
            if result.model is not None and result.model.learnt:
                self.keep_model(result.model)
        finished = time.perf_counter()
        result.seconds = {
            "fetch": round(fetched - started, 3),
            "resolve": round(resolved - fetched, 3),
            "write": round(finished - resolved, 3),
            "total": round(finished - started, 3),
        }
        return result

    def check_child(self, child_id: str, *, write: bool = True) -> list[Candidate]:
        """The incremental check after a child is created or its names or date of birth change:
        look for its duplicates among the children the indexes lead to (same or swapped date of
        birth, NHS number, postcode, a shared carer). A duplicate that shares none of these
        (a mistyped date of birth, elsewhere) is left to the next full scan."""
        own = self.store.query("identity/get_identity_rows", ids=[child_id])
        if not own:
            return []
        row = own[0]
        dates: list[str] = []
        if row["date_of_birth"]:
            born = date.fromisoformat(str(row["date_of_birth"])[:10])
            other = swapped(born)
            dates = [born.isoformat()] + ([other.isoformat()] if other else [])
        found_by = self.store.query(
            "identity/find_lookalike_ids",
            child_id=child_id,
            dates=dates,
            nhs_numbers=[row["nhs_number"]] if row["nhs_number"] else [],
            postcodes=[row["postcode"]] if row["postcode"] else [],
            field=FIELD,
            item=ITEM,
        )
        mine = name_keys(row["given_name"], row["family_name"], row["other_names"] or [])
        others = sorted(
            {
                str(r["id"])
                for r in found_by
                if r["via"] != "dob" or not mine.isdisjoint(_name_keys(r["names"]))
            }
            - {child_id}
        )
        if not others:
            return []
        rows = [row, *self.identity_rows(others)]
        found = find_candidates(
            rows, self.settings, model=self.model(), focus=[child_id]
        ).candidates
        if write and found:
            self.write_candidates(found)
        return found
