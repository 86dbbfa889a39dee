"""Benchmark: who-else over HTTP, with sign-in, the access reason and the audit append.

    .venv/bin/python -m bench.api --children 1000000
    .venv/bin/python -m bench.api --children 20000 --requests 300      # a quick look

Seeds a fresh embedded engine with `childindex seed` (or reuses `--data-dir` if it holds one),
serves the API with uvicorn on loopback, signs in through `POST /api/v1/auth/token`, then asks
`GET /api/v1/children/{id}/practitioners` (bearer token, X-Access-Reason, one audit event per
request) from 1 and from 16 concurrent clients. Reports p50/p99 latency, requests per second,
and the ratio to the raw store call (`GraphStore.who_else` in process) on the same children.
Target at 1M children, 16 clients: p50 <= 5 ms, p99 <= 25 ms, >= 800 req/s, audit included.
Results go to bench/results/api.json.
"""

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, LiteralString

import httpx

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import print_table, summarise, write_json
from service.audit.log import AuditLog
from service.auth.accounts import Accounts, NewAccount
from service.auth.principal import Role
from service.settings import EngineKind, Settings
from service.store.engines import open_engine
from service.store.graph_store import GraphStore

GRAPH = "bench"
SECRET = "benchmark-signing-secret-0123456789abcdefghij"  # noqa: S105 - a throwaway engine
PASSWORD = "benchmark password 1"  # noqa: S105 - a throwaway account
REASON = "benchmark: who else is working with this child"
TARGET = {"p50_ms": 5.0, "p99_ms": 25.0, "req_per_s": 800.0}

SAMPLE_CHILDREN: LiteralString = """
MATCH (c:Child)<-[:INVOLVED_WITH]-()
WITH DISTINCT c LIMIT $limit
RETURN c.id AS id, c.responsible_la AS la
"""


def childindex(data_dir: Path, *args: str) -> None:
    env = {**os.environ, "CHILDINDEX_DATA_DIR": str(data_dir), "CHILDINDEX_GRAPH_NAME": GRAPH}
    command = [str(Path(sys.executable).parent / "childindex"), *args]
    subprocess.run(command, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """One single-process API server. Several run side by side on their own ports rather than
    as `uvicorn --workers N`: a worker given the listening socket by the parent accepts
    connections without TCP_NODELAY (asyncio only sets it when the socket says it is TCP), and
    every response then waits ~40 ms for the client's delayed ACK."""
    env = {
        **os.environ,
        "CHILDINDEX_DATA_DIR": str(data_dir),
        "CHILDINDEX_GRAPH_NAME": GRAPH,
        "CHILDINDEX_JWT_SECRET": SECRET,
        "CHILDINDEX_TOKEN_MINUTES": "60",
    }
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "service.api.app:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("the API did not come up within 60 s")


def stop(servers: list[subprocess.Popen[bytes]]) -> None:
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=30)


def sign_in(base: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": "bench", "password": PASSWORD}
    )
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


async def _client(
    n: int,
    base: str,
    headers: dict[str, str],
    ids: list[str],
    per_client: int,
    start: asyncio.Barrier,
) -> tuple[list[float], list[int]]:
    """One client: its own keep-alive HTTP/1.1 connection, requests one after another. Raw
    asyncio rather than an HTTP library: on a 2-core machine the load generator shares the CPU
    with the server, and httpx in threads cost about as much CPU per request as the server."""
    rng = random.Random(n)
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())

    async def get(child: str) -> int:
        writer.write(
            f"GET /api/v1/children/{child}/practitioners HTTP/1.1\r\nHost: {host}\r\n"
            f"{head}\r\n".encode()
        )
        status_line = await reader.readline()
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        return int(status_line.split()[1])

    await get(ids[0])  # connect and warm up before the clock
    await start.wait()
    mine: list[float] = []
    bad: list[int] = []
    for _ in range(per_client):
        child = rng.choice(ids)
        began = time.perf_counter()
        status = await get(child)
        mine.append(time.perf_counter() - began)
        if status != 200:
            bad.append(status)
    writer.close()
    return mine, bad


def load(
    bases: list[str], token: str, ids: list[str], clients: int, per_client: int
) -> dict[str, Any]:
    """`clients` concurrent clients, each with its own keep-alive connection to one of the
    servers in turn (as a load balancer would spread them), `per_client` requests each."""
    headers = {"Authorization": f"Bearer {token}", "X-Access-Reason": REASON}

    async def run() -> tuple[list[float], list[int], float]:
        start = asyncio.Barrier(clients + 1)
        tasks = [
            asyncio.create_task(_client(n, bases[n % len(bases)], headers, ids, per_client, start))
            for n in range(clients)
        ]
        await start.wait()  # every client connected and warmed up
        began = time.perf_counter()
        results = await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - began
        latencies = [t for mine, _ in results for t in mine]
        failures = [s for _, bad in results for s in bad]
        return latencies, failures, elapsed

    latencies, failures, elapsed = asyncio.run(run())
    return {
        "clients": clients,
        **summarise(latencies),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "errors": len(failures),
    }


def raw_store(store: GraphStore, ids: list[str], n: int) -> dict[str, Any]:
    rng = random.Random(0)
    timings = []
    for _ in range(n):
        child = rng.choice(ids)
        began = time.perf_counter()
        store.who_else(child)
        timings.append(time.perf_counter() - began)
    return summarise(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--las", type=int, default=None, help="default: one per 7,000 children")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=None, help="reuse a seeded engine")
    parser.add_argument("--requests", type=int, default=2000, help="per concurrency level")
    parser.add_argument(
        "--workers",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 2],
        help="API server processes; a comma-separated list runs each in turn",
    )
    parser.add_argument("--sample", type=int, default=5000, help="children to ask about")
    args = parser.parse_args()

    own_dir = args.data_dir is None
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ci-api-"))  # short socket path
    settings = Settings(engine=EngineKind.EMBEDDED, data_dir=data_dir, graph_name=GRAPH)
    servers: list[subprocess.Popen[bytes]] = []
    handle = open_engine(settings)
    try:
        store = GraphStore(handle.engine)
        store.apply_schema()
        if not store.counts().get("Child"):
            las = args.las or max(1, args.children // 7000)
            print(f"seeding {args.children:,} children in {las} local authorities ...")
            began = time.perf_counter()
            childindex(data_dir, "seed", "--children", str(args.children), "--las", str(las),
                       "--seed", str(args.seed))  # fmt: skip
            print(f"seeded in {time.perf_counter() - began:.0f} s")
        rows = handle.engine.run(SAMPLE_CHILDREN, {"limit": args.sample}, write=False)
        ids = [row["id"] for row in rows]
        accounts = Accounts(store)
        if accounts.get("bench") is None:
            accounts.add(NewAccount(username="bench", roles={Role.MASH}), PASSWORD)
        children = store.counts().get("Child", 0)
        raw = raw_store(store, ids, args.requests)
        before = AuditLog(store).verify().checked

        runs = []
        for workers in args.workers:
            ports = [free_port() for _ in range(workers)]
            servers = [serve(data_dir, port) for port in ports]
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            token = sign_in(bases[0])
            for clients in (1, 16):
                per_client = max(1, args.requests // clients)
                run = {"workers": workers, **load(bases, token, ids, clients, per_client)}
                run["ratio_p50_to_store"] = round(run["p50_ms"] / raw["p50_ms"], 1)
                runs.append(run)
            stop(servers)
            servers = []
        report = AuditLog(store).verify()
        audited = report.checked - before
    finally:
        stop(servers)
        handle.close(stop_server=True)
        if own_dir:
            shutil.rmtree(data_dir, ignore_errors=True)

    print_table(f"who-else over HTTP at {children:,} children (auth, reason, audit)", runs)
    print_table("raw store call (GraphStore.who_else, in process)", [raw])
    made = sum(run["n"] + run["clients"] for run in runs)  # each client warms up once
    print(f"audit events appended: {audited} for {made} requests; chain intact: {report.ok}")
    at_16 = max((run for run in runs if run["clients"] == 16), key=lambda run: run["req_per_s"])
    met = {key: (at_16[key] <= goal if key != "req_per_s" else at_16[key] >= goal)
           for key, goal in TARGET.items()}  # fmt: skip
    verdicts = ", ".join(f"{key} {'met' if ok else 'MISSED'}" for key, ok in met.items())
    print(f"targets at 16 clients ({at_16['workers']} worker(s), the best run): {verdicts}")
    path = write_json(
        "api",
        {
            "children": children,
            "runs": runs,
            "raw_store": raw,
            "audit_events": audited,
            "audit_chain_ok": report.ok,
            "targets": TARGET,
            "targets_met": met,
        },
    )
    print(f"results: {path}")


if __name__ == "__main__":
    main()
