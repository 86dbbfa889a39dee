"""Benchmark: the gap rules over a whole area, over every area, and per child over HTTP.

    .venv/bin/python -m bench.gaps                                  # one LA of 50k children
    .venv/bin/python -m bench.gaps --children 1000000 --las 143     # England-scale, every LA
    .venv/bin/python -m bench.gaps --children 50000 --las 1 --http 2000
    .venv/bin/python -m bench.gaps --children 50000 --las 1 --unscreened   # against every child

Seeds a fresh embedded engine (or reuses `--data-dir`), then:
1. runs every rule over each local authority (`GapService.for_area`, the code behind
   `childindex gaps` and `GET /api/v1/gaps`), reporting seconds, children per second, how many
   children the screens left to evaluate and the seconds spent screening; next to the raw
   engine time of the named fact queries for every child of the area (what reading them all
   would cost at least) and, with `--unscreened`, the run that evaluates every child, with the
   speed-up and whether both found the same gaps;
2. with `--http N`, asks `GET /api/v1/children/{id}/gaps` N times over HTTP (bearer token,
   reason header, audit append; one uvicorn process on loopback) and reports p50/p99, next to
   the in-process `GapService.for_child` on the same children.
Targets: one LA of 50k <= 5 s; all of 1M <= 120 s; per-child p99 <= 30 ms.
Results go to bench/results/gaps.json.
"""

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.api import GRAPH, PASSWORD, SAMPLE_CHILDREN, childindex, free_port, serve, stop
from bench.report import print_table, summarise, write_json
from graph_model import clock
from service.auth.accounts import Accounts, NewAccount
from service.auth.principal import Role
from service.gaps import AreaRun, GapService
from service.settings import EngineKind, Settings
from service.store.catalog import get_query
from service.store.engines import EngineHandle, open_engine
from service.store.gap_facts import FS
from service.store.graph_store import GraphStore

TARGETS = {"one_la_50k_s": 5.0, "all_1m_s": 120.0, "per_child_p99_ms": 30.0}
FACT_QUERIES = (
    "gaps/get_children",
    "gaps/get_involvements",
    "gaps/get_carer_links",
    "gaps/get_residences",
    "gaps/get_same_as",
)
REASON = "benchmark: coordination gaps of this child"


def raw_fact_seconds(handle: EngineHandle, store: GraphStore, la: str, batch: int) -> float:
    """The engine time of the per-child fact queries alone, for every child of `la`."""
    ids = sorted({str(r["id"]) for r in store.query("gaps/list_area_children", la=la)})
    queries = [get_query(name, handle.engine.dialect) for name in FACT_QUERIES]
    began = time.perf_counter()
    for start in range(0, len(ids), batch):
        for query in queries:
            params: dict[str, Any] = {"child_ids": ids[start : start + batch]}
            if "fs" in query.params:
                params["fs"] = FS
            handle.engine.run(query.text, params, write=False)
    return time.perf_counter() - began


def listed(run: AreaRun) -> list[tuple[str, str, date | None, tuple[str, ...], str]]:
    return [(i.child.id, i.gap.code, i.gap.since, i.gap.evidence, i.gap.reason) for i in run.found]


def area_runs(
    handle: EngineHandle,
    store: GraphStore,
    las: list[str],
    as_of: date,
    batch: int,
    raw: bool,
    unscreened: bool,
) -> list[dict[str, Any]]:
    service = GapService(store, batch_size=batch)
    rows = []
    for la in las:
        run = service.for_area(la, as_of=as_of)
        row: dict[str, Any] = {
            "la": la,
            "children": run.children,
            "gaps": len(run.found),
            "evaluated": run.evaluated,
            "screen_s": round(run.screen_seconds, 2),
            "seconds": round(run.seconds, 2),
            "children_per_s": round(run.children / run.seconds) if run.seconds else None,
        }
        if unscreened:
            every = service.for_area(la, as_of=as_of, screened=False)
            row["unscreened_s"] = round(every.seconds, 2)
            row["speedup"] = round(every.seconds / run.seconds, 1) if run.seconds else None
            row["same_gaps"] = listed(every) == listed(run) and every.children == run.children
        if raw:
            floor = raw_fact_seconds(handle, store, la, batch)
            row["raw_fact_queries_s"] = round(floor, 2)
            row["ratio_to_raw"] = round(run.seconds / floor, 2) if floor else None
        rows.append(row)
    return rows


def per_child(
    data_dir: Path, store: GraphStore, ids: list[str], requests: int, as_of: date
) -> list[dict[str, Any]]:
    rng = random.Random(3)
    picks = [rng.choice(ids) for _ in range(requests)]
    service = GapService(store)
    in_process = []
    for child in picks:
        began = time.perf_counter()
        service.for_child(child, as_of=as_of)
        in_process.append(time.perf_counter() - began)
    accounts = Accounts(store)
    if accounts.get("bench-gaps") is None:
        accounts.add(NewAccount(username="bench-gaps", roles={Role.MASH}), PASSWORD)
    port = free_port()
    servers: list[subprocess.Popen[bytes]] = [serve(data_dir, port)]
    try:
        base = f"http://127.0.0.1:{port}"
        token = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": "bench-gaps", "password": PASSWORD}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "X-Access-Reason": REASON}
        over_http = []
        errors = 0
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            http.get(f"/api/v1/children/{picks[0]}/gaps")
            for child in picks:
                began = time.perf_counter()
                response = http.get(f"/api/v1/children/{child}/gaps")
                over_http.append(time.perf_counter() - began)
                errors += response.status_code != 200
    finally:
        stop(servers)
    store_stats, http_stats = summarise(in_process), summarise(over_http)
    return [
        {"path": "GapService.for_child (in process)", **store_stats},
        {
            "path": "GET /children/{id}/gaps (HTTP, audit)",
            **http_stats,
            "errors": errors,
            "ratio_p50": round(http_stats["p50_ms"] / store_stats["p50_ms"], 2),
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--las", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=None, help="reuse a seeded engine")
    parser.add_argument("--batch", type=int, default=2000, help="children per fact query")
    parser.add_argument("--http", type=int, default=0, help="per-child requests over HTTP")
    parser.add_argument(
        "--no-raw", action="store_true", help="skip timing the raw fact queries per area"
    )
    parser.add_argument(
        "--unscreened",
        action="store_true",
        help="also run every rule on every child (the path before screening) and compare",
    )
    args = parser.parse_args()

    own_dir = args.data_dir is None
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ci-gaps-"))  # short socket path
    settings = Settings(engine=EngineKind.EMBEDDED, data_dir=data_dir, graph_name=GRAPH)
    handle = open_engine(settings)
    as_of = clock.today()
    try:
        store = GraphStore(handle.engine)
        store.apply_schema()
        if not store.counts().get("Child"):
            print(f"seeding {args.children:,} children in {args.las} local authorities ...")
            began = time.perf_counter()
            childindex(data_dir, "seed", "--children", str(args.children), "--las",
                       str(args.las), "--seed", str(args.seed))  # fmt: skip
            print(f"seeded in {time.perf_counter() - began:.0f} s")
        las = [str(r["id"]) for r in store.query("gaps/list_local_authorities")]
        began = time.perf_counter()
        areas = area_runs(
            handle, store, las, as_of, args.batch, raw=not args.no_raw, unscreened=args.unscreened
        )
        everything = sum(row["seconds"] for row in areas)
        children = sum(row["children"] for row in areas)
        http_rows: list[dict[str, Any]] = []
        if args.http:
            rows = handle.engine.run(SAMPLE_CHILDREN, {"limit": 5000}, write=False)
            ids = [row["id"] for row in rows]
            http_rows = per_child(data_dir, store, ids, args.http, as_of)
    finally:
        handle.close(stop_server=True)
        if own_dir:
            shutil.rmtree(data_dir, ignore_errors=True)

    shown = areas if len(areas) <= 12 else sorted(areas, key=lambda r: -r["children"])[:12]
    print_table(f"whole-area gap runs ({len(areas)} LAs, {children:,} children)", shown)
    print(f"all areas: {everything:.1f} s for {children:,} children")
    if http_rows:
        print_table("per-child gaps", http_rows)
    biggest = max(areas, key=lambda r: r["children"])
    verdicts = {
        "largest_la_s": (biggest["seconds"], biggest["children"]),
        "all_areas_s": (round(everything, 1), children),
    }
    print(
        f"targets: one LA of 50k <= {TARGETS['one_la_50k_s']} s (largest here: "
        f"{biggest['children']:,} in {biggest['seconds']} s); all of 1M <= "
        f"{TARGETS['all_1m_s']} s (here: {children:,} in {everything:.1f} s); per-child p99 <="
        f" {TARGETS['per_child_p99_ms']} ms"
        + (f" (here: {http_rows[1]['p99_ms']} ms)" if http_rows else "")
    )
    path = write_json(
        "gaps",
        {
            "children": children,
            "as_of": as_of.isoformat(),
            "areas": areas,
            "all_areas_seconds": round(everything, 2),
            "per_child": http_rows,
            "targets": TARGETS,
            "summary": verdicts,
        },
    )
    print(f"results: {path}")


if __name__ == "__main__":
    main()
