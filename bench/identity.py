"""Benchmark: identity resolution on the embedded engine — a full scan, and the incremental check
that runs when a child is created.

    .venv/bin/python -m bench.identity                       # 1M children (the target size)
    .venv/bin/python -m bench.identity --children 100000 --checks 1000
    .venv/bin/python -m bench.identity --data-dir DIR --truth FILE --no-scan   # an index seeded
        # and scanned already (`childindex seed --truth FILE`, `childindex duplicates scan`):
        # only the incremental check, with the model that scan learnt

Seeds a fresh embedded engine from the synthetic generator (which plants duplicates and hard
negatives and keeps the truth), runs `IdentityStore.scan()` (fetch every child's identity row,
block, score, MERGE the SAME_AS candidates) and scores it against the truth. Then creates
`--checks` new children, half of them re-registrations of existing children under a varied name
(a duplicate to find), half new, and times `IdentityStore.check_child` after each. Targets:
full scan of 1M <= 5 minutes; incremental p99 <= 50 ms. Prints tables and writes
bench/results/identity.json.
"""

import argparse
import gc
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import print_table, summarise, write_json
from graph_model import clock
from graph_model.enums import Sex
from graph_model.schemas import ChildCreate
from service.data.generator import SeedOptions
from service.data.seed import seed_store
from service.data.truth import Manifest
from service.settings import EngineKind, Settings
from service.store.engines import open_engine
from service.store.graph_store import GraphStore
from service.store.identity import IdentityStore, PairStatus

CHILDREN_PER_LA = 7000
WARM_UP = 20
MADE_HERE = "bench-"
"""Id prefix of the children this benchmark creates: on a kept index (`--data-dir`) they stay,
and a later run leaves them (and the pairs the incremental check wrote for them) out of the
accuracy against the seed's truth and out of its sample."""
SHORT = {"Elizabeth": "Beth", "Thomas": "Tom", "William": "Will", "Jessica": "Jess"}


def _variant(row: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    """A re-registration's name: a short form, or a letter dropped from the family name."""
    given, family = str(row["given_name"]), str(row["family_name"])
    if given in SHORT:
        return SHORT[given], family
    if len(family) > 4 and rng.random() < 0.5:
        i = rng.randrange(1, len(family) - 1)
        return given, family[:i] + family[i + 1 :]
    return given, family


def run(
    children: int,
    checks: int,
    seed: int,
    batch_size: int,
    *,
    existing: Path | None = None,
    truth_file: Path | None = None,
    scan_first: bool = True,
) -> dict[str, Any]:
    """Seed a fresh engine (or open the index in `existing`, whose truth is `truth_file`),
    scan it (unless not `scan_first`), then time the incremental check."""
    data_dir = existing or Path(tempfile.mkdtemp(prefix="ci-bench-"))  # short: unix socket
    settings = (
        Settings(engine=EngineKind.EMBEDDED, data_dir=data_dir)
        if existing is not None
        else Settings(engine=EngineKind.EMBEDDED, data_dir=data_dir, graph_name="bench")
    )
    handle = open_engine(settings)
    try:
        store = GraphStore(handle.engine)
        load_seconds = 0.0
        las = max(1, min(150, children // CHILDREN_PER_LA))
        if existing is None:
            store.apply_schema()
            options = SeedOptions(children=children, las=las, seed=seed, as_of=clock.today())
            started = time.perf_counter()
            manifest = seed_store(store, options, batch_size=batch_size).manifest
            load_seconds = time.perf_counter() - started
        else:
            if truth_file is None:
                raise SystemExit("--data-dir needs --truth: the manifest its seed wrote")
            manifest = Manifest.model_validate_json(truth_file.read_text(encoding="utf-8"))
            las = len(manifest.local_authorities)

        identity = IdentityStore(store)
        truth = {frozenset((p.original, p.duplicate)) for p in manifest.duplicates}
        twins = {frozenset(p) for p in manifest.twins + manifest.siblings}
        if scan_first:
            scan = identity.scan()
            found = {frozenset((c.a, c.b)) for c in scan.candidates}
            scanned: dict[str, Any] = {
                **scan.seconds,
                "pairs_compared": scan.stats.pairs_compared,
                "candidates": scan.stats.candidates,
                "twins_held_back": scan.stats.twins_held_back,
                "siblings_held_back": scan.stats.siblings_held_back,
                "blocks_skipped": scan.stats.blocks_skipped,
            }
        else:
            found = {
                frozenset((row["a"]["id"], row["b"]["id"]))
                for la in manifest.local_authorities
                for row in identity.pairs_in_la(la, PairStatus.CANDIDATE)
                if not any(str(row[end]["id"]).startswith(MADE_HERE) for end in ("a", "b"))
            }
            scanned = {}
        true_positives = len(found & truth)
        proposed = len(found)
        hard_negatives = len(found & twins)

        rng = random.Random(seed)
        ids = [i for i in identity.child_ids() if not i.startswith(MADE_HERE)]
        sample = list(identity.identity_rows(rng.sample(ids, k=min(len(ids), checks + WARM_UP))))
        # the API process holds no list of a million ids: drop it, and keep the collector from
        # walking what the benchmark loaded in the middle of a timed check
        del ids, found
        gc.collect()
        gc.freeze()
        timings: list[float] = []
        found_again = 0
        for n, row in enumerate(sample):
            duplicate = n % 2 == 0
            given, family = _variant(row, rng) if duplicate else ("Zebedee", f"Newcomer{n}")
            born = date.fromisoformat(row["date_of_birth"])
            created = store.create_new_child(
                ChildCreate(
                    id=f"{MADE_HERE}{uuid.uuid4().hex}",
                    given_name=given,
                    family_name=family,
                    sex=Sex(row["sex"]),
                    date_of_birth=born,
                    responsible_la=row["responsible_la"],
                    postcode=row["postcode"],
                )
            )
            began = time.perf_counter()
            candidates = identity.check_child(created.id)
            elapsed = time.perf_counter() - began
            if n >= WARM_UP:
                timings.append(elapsed)
                found_again += duplicate and any(row["id"] in (c.a, c.b) for c in candidates)
        return {
            "children": manifest.children,
            "local_authorities": las,
            "load_seconds": round(load_seconds, 1),
            "scan": scanned,
            "accuracy": {
                "planted_pairs": len(truth),
                "true_positives": true_positives,
                "false_positives": proposed - true_positives,
                "false_negatives": len(truth) - true_positives,
                "twin_or_sibling_pairs_proposed": hard_negatives,
                "precision": round(true_positives / proposed, 4) if proposed else None,
                "recall": round(true_positives / len(truth), 4) if truth else None,
            },
            "incremental": {
                **summarise(timings),
                "re_registrations_found": found_again,
                "re_registrations": len([t for t in range(WARM_UP, len(sample)) if t % 2 == 0]),
            },
        }
    finally:
        handle.close(stop_server=True)
        if existing is None:
            shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--data-dir", type=Path, help="an index seeded already (kept)")
    parser.add_argument("--truth", type=Path, help="the manifest its seed wrote (--truth)")
    parser.add_argument("--no-scan", action="store_true", help="time only the incremental check")
    args = parser.parse_args(argv)
    figures = run(
        args.children,
        args.checks,
        args.seed,
        args.batch_size,
        existing=args.data_dir,
        truth_file=args.truth,
        scan_first=not args.no_scan,
    )
    scan = figures["scan"]
    if scan:
        print_table(
            f"full scan: {figures['children']:,} children in {figures['local_authorities']} LAs"
            f" (loaded in {figures['load_seconds']} s)",
            [
                {
                    "fetch_s": scan["fetch"],
                    "resolve_s": scan["resolve"],
                    "write_s": scan["write"],
                    "total_s": scan["total"],
                    "pairs": scan["pairs_compared"],
                    "candidates": scan["candidates"],
                    "twins held back": scan["twins_held_back"],
                    "siblings held back": scan["siblings_held_back"],
                }
            ],
        )
    print_table("accuracy against the planted truth", [figures["accuracy"]])
    print_table(
        "incremental check after a child is created",
        [{"path": "check_child", **figures["incremental"]}],
    )
    path = write_json("identity", {"args": vars(args), "result": figures})
    print(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
