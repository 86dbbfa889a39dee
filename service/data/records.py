"""The record vocabulary shared by the generator, the bulk loader, the importer and the exporter.

A record is a plain dict: `record` names its kind, the other keys are the DESIGN §3 field names
with engine-ready values (ISO dates and timestamps as strings, enum values, booleans, lists).
Records built by this package carry every field of their kind (None where absent), so the
loader can lay them out as rows with one C-level getter.
"""

from datetime import datetime
from typing import Any, Final

Record = dict[str, Any]

FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "local_authority": (
        "code", "name", "index_team_phone", "index_team_email", "created_at", "updated_at",
    ),
    "agency": (
        "id", "name", "kind", "la", "sensitive", "phone", "email", "ods_code", "urn",
        "created_at", "updated_at",
    ),
    "practitioner": (
        "id", "given_name", "family_name", "job_title", "phone", "email",
        "created_at", "updated_at",
    ),
    "works_for": ("practitioner_id", "agency_id", "since", "until"),
    "child": (
        "id", "given_name", "family_name", "other_names", "sex", "date_of_birth",
        "date_of_death", "nhs_number", "upn", "address_line", "postcode", "address_status",
        "responsible_la", "shielded", "status", "created_at", "updated_at",
    ),
    "carer": (
        "id", "given_name", "family_name", "phone", "email", "address_line", "postcode",
        "created_at", "updated_at",
    ),
    "cares_for": (
        "carer_id", "child_id", "relationship", "parental_responsibility", "lives_with",
        "since", "until",
    ),
    "residence": (
        "id", "child_id", "la", "since", "until", "address_line", "postcode", "from_la",
        "recorded_at", "accepted_at", "accepted_by",
    ),
    "involvement": (
        "id", "child_id", "agency_id", "practitioner_id", "service", "since", "until",
        "lead_professional", "assessment_kind", "assessment_date", "info_to_share",
        "info_to_share_since", "info_acknowledged_by", "consent", "recorded_by", "updated_at",
    ),
    "same_as": ("child_id", "other_id", "status", "score", "reasons", "decided_by"),
}  # fmt: skip
"""Every record kind and its fields, in the order files show them."""

KINDS: Final[tuple[str, ...]] = tuple(FIELDS)
"""Record kinds in dependency order: a kind only refers to kinds before it."""

LIST_FIELDS: Final[frozenset[str]] = frozenset({"other_names", "info_acknowledged_by", "reasons"})
BOOL_FIELDS: Final[frozenset[str]] = frozenset(
    {"sensitive", "shielded", "parental_responsibility", "lives_with", "lead_professional",
     "info_to_share", "consent"}
)  # fmt: skip
FLOAT_FIELDS: Final[frozenset[str]] = frozenset({"score"})

CSV_COLUMNS: Final[tuple[str, ...]] = (
    "record",
    *dict.fromkeys(field for fields in FIELDS.values() for field in fields),
)
"""The CSV header: `record`, then the union of every kind's fields (first-seen order)."""

CSV_LIST_SEPARATOR: Final = "|"


def timestamp(value: datetime) -> str:
    """A timestamp as the store writes it (`GraphStore._now`): ISO, milliseconds, offset."""
    return value.isoformat(timespec="milliseconds")


def complete(kind: str, values: dict[str, Any]) -> Record:
    """A record of `kind` carrying every field (None where `values` has none)."""
    record: Record = {"record": kind}
    for field in FIELDS[kind]:
        record[field] = values.get(field)
    return record


def compact(record: Record) -> Record:
    """The record as a file shows it: `record` first, absent (None or empty-list) fields left
    out, so a file stays readable and `export → import → export` is exact."""
    kind = record["record"]
    shown: Record = {"record": kind}
    for field in FIELDS[kind]:
        value = record.get(field)
        if value is None or (field in LIST_FIELDS and not value):
            continue
        shown[field] = value
    return shown
