"""Text that looks like Cypher, or is awkward to quote, is stored and read back byte for byte and
never runs: values travel as parameters only. What the models refuse (control and invisible
characters, over-long text) is refused before any query, with a message naming the problem."""

from collections.abc import Callable
from datetime import date

import pytest
from pydantic import ValidationError

from graph_model.enums import CarerRelationship, Sex
from graph_model.nodes import Practitioner
from graph_model.schemas import (
    CarerCreate,
    CarerLink,
    ChildCreate,
    ChildSearch,
    InvolvementCreate,
)
from graph_model.types import MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from service.errors import NotFound
from service.store.graph_store import GraphStore
from tests.integration.conftest import LA_EALING

HOSTILE = [
    "O'Brien",
    'say "hello"',
    "`backticked`",
    "x'}) DETACH DELETE (n",
    '"}) DETACH DELETE (n) //',
    'x"}) MATCH (m) DETACH DELETE m RETURN 1 //',
    "$child_id",
    "{child_id}",
    "// comment",
    "/* block */",
    "back\\slash and \\' and \\\" and a trailing \\",
    "\\u0027 \\n literally",
    'CYPHER child_id="x" MATCH (n) DETACH DELETE n',
    "😀 🎉 🇬🇧",
    "שלום עליכם",
    "مرحبا بالعالم",
    "Zoë Ångström-Ødegård",
    "Nguyễn Thị Minh Khai",
]
"""Quotes, backticks, Cypher fragments, a parameter name, comments, backslashes, emoji (astral
plane, flag pairs), right-to-left scripts and combining accents."""

REFUSED = {
    "nul": ("nul\x00byte", "U+0000"),
    "newline": ("line one\nline two", "U+000A"),
    "carriage-return": ("one\r\ntwo", "U+000D"),
    "tab": ("tab\there", "U+0009"),
    "escape": ("\x1b[2Jcleared", "U+001B"),
    "bidi-override": ("\u202eevil", "U+202E"),
    "zero-width-joiner": ("👨\u200d👩\u200d👧", "U+200D"),
    "zero-width-space": ("Anna\u200bKouao", "U+200B"),
    "line-separator": ("one\u2028two", "U+2028"),
}
"""Control and invisible characters: a NUL would cut the query text FalkorDB's client sends
(parameters travel inside it); the others make a name differ from what a person sees."""

IDS = [f"h{n}" for n in range(len(HOSTILE))]


def _child(store: GraphStore, child_id: str, given: str, family: str, alias: str) -> None:
    store.create_child(
        ChildCreate(
            id=child_id,
            given_name=given,
            family_name=family,
            other_names=[alias],
            sex=Sex.UNSPECIFIED,
            date_of_birth=date(2017, 5, 6),
            responsible_la=LA_EALING,
            address_line=alias,
            resident_since=date(2020, 1, 1),
        )
    )


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_hostile_text_round_trips_and_runs_nothing(area: GraphStore, text: str) -> None:
    before = area.counts()

    _child(area, "ch-1", given=text, family=f"{text} family", alias=f"alias {text}")
    carer_id = area.link_carer(
        "ch-1",
        CarerLink(
            carer=CarerCreate(id="cr-1", given_name=text, family_name=text),
            relationship=CarerRelationship.MOTHER,
            parental_responsibility=True,
            lives_with=True,
        ),
    )
    area.upsert_practitioner(
        Practitioner(id="pr-1", given_name=text, family_name=text, job_title=text),
        agency_id="csc-ealing",
    )
    inv_id = area.record_involvement(
        "ch-1",
        InvolvementCreate(
            id="inv-1",
            practitioner_id="pr-1",
            agency_id="csc-ealing",
            service=text,
            since=date(2024, 1, 1),
        ),
        recorded_by=text,
    )

    record = area.get_child("ch-1")
    assert record.child.given_name == text
    assert record.child.family_name == f"{text} family"
    assert record.child.other_names == [f"alias {text}"]
    assert record.child.address_line == f"alias {text}"
    assert [c.carer.given_name for c in record.carers] == [text]
    [entry] = area.who_else("ch-1")
    assert entry.id == inv_id
    assert entry.service == text
    assert entry.recorded_by == text
    assert entry.practitioner is not None
    assert (entry.practitioner.given_name, entry.practitioner.job_title) == (text, text)
    assert carer_id == "cr-1"

    after = area.counts()
    added = {"Child": 1, "Carer": 1, "Practitioner": 1, "CARES_FOR": 1, "WORKS_FOR": 1}
    added |= {"RESIDENT_IN": 1, "INVOLVED_WITH": 1}
    assert after == {k: before.get(k, 0) + added.get(k, 0) for k in before.keys() | added.keys()}


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_hostile_ids_and_search_terms_find_nothing_and_change_nothing(
    area: GraphStore, text: str
) -> None:
    _child(area, "ch-1", given="Anna", family="Kouao", alias="Victoria Climbie")
    area.record_involvement(
        "ch-1",
        InvolvementCreate(
            id="inv-1", agency_id="gp-acton", service="registered patient", since=date(2020, 1, 1)
        ),
    )
    before = area.dump()

    with pytest.raises(NotFound):
        area.get_child(text)
    with pytest.raises(NotFound):
        area.who_else(text)
    with pytest.raises(NotFound):
        area.network(text, 3)
    with pytest.raises(NotFound):
        area.caseload(text)
    assert area.search(ChildSearch(name=text, date_of_birth=date(2017, 5, 6))) == []

    assert area.dump() == before


def test_search_matches_a_name_typed_with_quotes(area: GraphStore) -> None:
    _child(area, "ch-1", given="Siobhan", family="O'Brien", alias="Siobhan O Brien")
    [hit] = area.search(ChildSearch(name="Siobhan O'Brien", date_of_birth=date(2017, 5, 6)))
    assert hit.child.family_name == "O'Brien"


# --- length limits: at the limit it round-trips, beyond it the model says why ----------------


def _exactly(length: int) -> str:
    """`length` characters mixing quotes, Cypher and multi-byte text (limits count characters);
    it ends in a letter so the models' whitespace stripping leaves it whole."""
    pattern = 'x\'}) DETACH DELETE (n "😀" שלום `$p` // '
    return (pattern * (length // len(pattern) + 1))[: length - 1] + "z"


def test_text_at_the_length_limit_round_trips(area: GraphStore) -> None:
    name = _exactly(MAX_NAME_LENGTH)
    service = _exactly(MAX_TEXT_LENGTH)
    assert (len(name), len(service)) == (MAX_NAME_LENGTH, MAX_TEXT_LENGTH)

    _child(area, "ch-1", given=name, family=name, alias=name)
    area.record_involvement(
        "ch-1",
        InvolvementCreate(
            id="inv-1", agency_id="gp-acton", service=service, since=date(2020, 1, 1)
        ),
    )

    record = area.get_child("ch-1")
    assert record.child.given_name == name
    assert record.child.other_names == [name]
    assert record.involvements[0].service == service


def _too_long_service(length: int) -> InvolvementCreate:
    return InvolvementCreate(agency_id="gp-acton", service=_exactly(length), since=date(2020, 1, 1))


def _too_long_name(length: int) -> ChildCreate:
    return ChildCreate(
        given_name=_exactly(length),
        family_name="Kouao",
        sex=Sex.FEMALE,
        date_of_birth=date(2017, 5, 6),
        responsible_la=LA_EALING,
    )


OVER_LIMIT = [
    ("service", MAX_TEXT_LENGTH + 1, MAX_TEXT_LENGTH, _too_long_service),
    ("service", 10_000, MAX_TEXT_LENGTH, _too_long_service),
    ("given_name", MAX_NAME_LENGTH + 1, MAX_NAME_LENGTH, _too_long_name),
    ("given_name", 10_000, MAX_NAME_LENGTH, _too_long_name),
]
OVER_LIMIT_IDS = [f"{field}-{length}" for field, length, _, _ in OVER_LIMIT]


@pytest.mark.parametrize(("field", "length", "limit", "build"), OVER_LIMIT, ids=OVER_LIMIT_IDS)
def test_over_long_text_is_refused_naming_the_field_and_the_limit(
    field: str, length: int, limit: int, build: Callable[[int], object]
) -> None:
    with pytest.raises(ValidationError) as caught:
        build(length)
    [error] = caught.value.errors()
    assert error["loc"] == (field,)
    assert f"at most {limit} " in error["msg"]


@pytest.mark.parametrize(("field", "length", "limit", "build"), OVER_LIMIT, ids=OVER_LIMIT_IDS)
def test_over_long_text_is_refused_in_characters(
    field: str, length: int, limit: int, build: Callable[[int], object]
) -> None:
    with pytest.raises(ValidationError) as caught:
        build(length)
    assert f"at most {limit} characters" in caught.value.errors()[0]["msg"]


@pytest.mark.parametrize(("text", "code"), REFUSED.values(), ids=REFUSED.keys())
def test_control_and_invisible_characters_are_refused_before_any_query(
    area: GraphStore, text: str, code: str
) -> None:
    before = area.dump()
    with pytest.raises(ValidationError) as caught:
        _child(area, "ch-1", given=text, family="Kouao", alias="Anna Kouao")
    [error] = caught.value.errors()
    assert error["loc"] == ("given_name",)
    assert code in error["msg"]
    with pytest.raises(ValidationError) as caught:
        InvolvementCreate(agency_id="gp-acton", service=text, since=date(2020, 1, 1))
    assert code in caught.value.errors()[0]["msg"]
    assert area.dump() == before
