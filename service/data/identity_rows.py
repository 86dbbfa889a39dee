"""Identity rows (analysis.identity.features) built from generated records, without an engine:
what identity/get_identity_rows returns for each child. For measuring identity resolution
against the generator's truth (tests/unit/test_identity_accuracy.py, bench/identity_benchmark.py).
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from service.data.records import Record

IDENTITY_FIELDS = (
    "id", "given_name", "family_name", "other_names", "sex", "date_of_birth", "nhs_number",
    "postcode", "responsible_la",
)  # fmt: skip


def identity_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    """One identity row per child record, with every carer linked to it."""
    records = list(records)
    carers = {r["id"]: r for r in records if r["record"] == "carer"}
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if r["record"] == "cares_for":
            carer = carers[r["carer_id"]]
            links[r["child_id"]].append({k: carer[k] for k in ("id", "given_name", "family_name")})
    return [
        {**{k: r[k] for k in IDENTITY_FIELDS}, "carers": links[r["id"]]}
        for r in records
        if r["record"] == "child"
    ]
