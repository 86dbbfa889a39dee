"""Field names in words: what a form, a message or a column heading calls each field.

One table, used for the titles in /openapi.json (service/api/openapi.py) and for every message
that names a field (graph_model/problems.py). A name not in the table reads as itself, with
spaces.
"""

LABELS: dict[str, str] = {
    "a": "first child's id",
    "address_line": "address",
    "agency_id": "agency's id",
    "as_of": "as-of date",
    "assessment_date": "assessment date",
    "assessment_kind": "kind of assessment",
    "b": "second child's id",
    "carer_id": "carer's id",
    "child_id": "child's id",
    "cursor": "page cursor",
    "date": "date of the move",
    "date_of_birth": "date of birth",
    "date_of_death": "date of death",
    "from_la": "local authority moved from",
    "If-Match": "version (If-Match)",
    "include_archived": "include archived records",
    "include_ended": "include ended involvements",
    "index_team_email": "index team's email",
    "index_team_phone": "index team's phone",
    "info_to_share": "information to share",
    "involvement_id": "involvement's id",
    "la": "local authority",
    "limit": "page size",
    "lives_with": "lives with the child",
    "move_id": "move's id",
    "nhs_number": "NHS number",
    "ods_code": "ODS code",
    "other_id": "other child's id",
    "practitioner_id": "practitioner's id",
    "relationship": "relationship to the child",
    "responsible_la": "responsible local authority",
    "since": "start date",
    "to_la": "local authority moved to",
    "until": "end date",
    "upn": "unique pupil number",
    "urn": "URN",
    "user": "user name",
    "username": "user name",
    "X-Access-Reason": "reason for access (X-Access-Reason)",
}


def label(name: str) -> str:
    """The field `name` in words, in lower case where the words allow it.

    >>> label("nhs_number"), label("family_name")
    ('NHS number', 'family name')
    """
    return LABELS.get(name, name.replace("_", " "))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def title(name: str) -> str:
    """The field `name` as a form's heading: "NHS number", "Date of birth"."""
    return capitalised(label(name))
