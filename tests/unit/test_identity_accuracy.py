"""Identity resolution against the generator's truth at 50,000 children: precision >= 0.98,
recall >= 0.95 over the planted duplicate pairs, and no twin pair proposed.

Runs the scan's own code path (analysis.identity.find_candidates) over the identity rows the
store's query would return, built here from the generated records: the same fields, every carer.
The engine end to end is covered at a smaller size in tests/integration/test_identity_scale.py.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest

from analysis.identity import find_candidates
from service.data.generator import SeedOptions, generate
from service.data.records import Record
from service.data.truth import Manifest

AS_OF = date(2026, 10, 30)
CHILDREN = 50_000
IDENTITY_FIELDS = (
    "id", "given_name", "family_name", "other_names", "sex", "date_of_birth", "nhs_number",
    "postcode", "responsible_la",
)  # fmt: skip


def identity_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    """What identity/get_identity_rows returns for each generated child."""
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


def confusion(found: Iterable[tuple[str, str]], manifest: Manifest) -> dict[str, int]:
    truth = {frozenset((p.original, p.duplicate)) for p in manifest.duplicates}
    proposed = {frozenset(pair) for pair in found}
    return {
        "planted": len(truth),
        "proposed": len(proposed),
        "true_positives": len(proposed & truth),
        "false_positives": len(proposed - truth),
        "false_negatives": len(truth - proposed),
        "twin_pairs_proposed": len(proposed & {frozenset(t) for t in manifest.twins}),
        "namesake_pairs_proposed": len(proposed & {frozenset(n) for n in manifest.namesakes}),
    }


@pytest.mark.slow
def test_precision_and_recall_on_50k_generated_children(
    capsys: pytest.CaptureFixture[str], record_property: Any
) -> None:
    records, manifest = generate(SeedOptions(children=CHILDREN, las=7, seed=3, as_of=AS_OF))
    result = find_candidates(identity_rows(records))
    counts = confusion(((c.a, c.b) for c in result.candidates), manifest)
    precision = counts["true_positives"] / counts["proposed"]
    recall = counts["true_positives"] / counts["planted"]
    for key, value in counts.items():
        record_property(key, value)
    with capsys.disabled():
        print(
            f"\nidentity resolution, {CHILDREN:,} children: {counts},"
            f" precision {precision:.4f}, recall {recall:.4f},"
            f" pairs compared {result.stats.pairs_compared:,}"
        )
    assert manifest.twins  # the hard negatives are there to resist
    assert manifest.namesakes
    assert counts["planted"] >= 100
    assert counts["twin_pairs_proposed"] == 0
    assert counts["namesake_pairs_proposed"] == 0
    assert precision >= 0.98
    assert recall >= 0.95
    by_kind = {p.kind for p in manifest.duplicates}
    assert by_kind == {"alias", "misspelling", "swapped_dob", "former_name"}
