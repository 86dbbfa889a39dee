"""Small helpers the benchmark scripts share: summarise timings, print a table, keep JSON.

from bench.report import print_table, summarise, write_json

stats = summarise(seconds)          # {"n", "min", "p50", "p99", "max", "mean"} in ms
print_table("who-else", [{"graph": "100k", **stats}])
write_json("who_else", {"runs": [...]})   # bench/results/who_else.json
"""

import json
import math
import platform
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).resolve().parent / "results"


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(samples: Sequence[float]) -> dict[str, float]:
    """Count, min, median, p99, max and mean of timings given in seconds, in milliseconds."""
    ms = [s * 1000 for s in samples]
    return {
        "n": len(ms),
        "min_ms": round(min(ms), 3),
        "p50_ms": round(statistics.median(ms), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "max_ms": round(max(ms), 3),
        "mean_ms": round(statistics.fmean(ms), 3),
    }


def print_table(title: str, rows: list[dict[str, Any]], console: Console | None = None) -> None:
    """Rows of the same keys as a table (columns in first-seen order)."""
    table = Table(title=title)
    columns = list(dict.fromkeys(key for row in rows for key in row))
    for column in columns:
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    (console or Console()).print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def write_json(name: str, payload: dict[str, Any]) -> Path:
    """Write `bench/results/<name>.json` with the machine it ran on; return the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    document = {
        "benchmark": name,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": _cpus(),
        },
        **payload,
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def _cpus() -> int | None:
    import os

    return os.cpu_count()
