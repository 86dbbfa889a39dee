"""Validation of the domain model: what a caller may record, and what is refused with a reason.

Each rule has a case that passes, a case that is refused, and the boundary between them.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from pydantic import BaseModel, ValidationError
from stdnum.gb import upn

from graph_model.edges import CaresFor, InvolvedWith, ResidentIn, SameAs, WorksFor
from graph_model.enums import AgencyKind, AssessmentKind, CarerRelationship, Sex
from graph_model.nodes import Agency, Carer, Child, LocalAuthority, Practitioner
from graph_model.schemas import (
    AgencyCreate,
    CarerCreate,
    CarerLink,
    ChildCreate,
    ChildSearch,
    InvolvementCreate,
    LocalAuthorityCreate,
    MoveCreate,
    PractitionerCreate,
)

# The limits are spelled out here rather than imported, so that changing one is a visible decision.
EARLIEST_DATE = date(1990, 1, 1)
MAX_DAYS_AHEAD = 366
MAX_NAME_LENGTH = 100
MAX_OTHER_NAMES = 20
OLDEST_RECORD_YEARS = 25

# The date rules are relative to today. The tests run on a fixed day, so that a run crossing
# midnight (parameters are built at collection, minutes before the test runs) cannot shift a
# boundary by one day. A leap day, because "25 years ago" and "a year ahead" are boundaries too.
TODAY = date(2028, 2, 29)


@pytest.fixture(autouse=True)
def fixed_today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


# --- helpers ------------------------------------------------------------------------------------


def nhs_number(nine_digits: str) -> str:
    """Complete nine digits with the NHS mod-11 check digit (NHS Data Dictionary algorithm).

    python-stdnum's gb.nhs only validates, so the check digit is computed here, independently of
    the code under test.
    """
    total = sum(
        int(digit) * weight for digit, weight in zip(nine_digits, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 10:
        raise ValueError(f"{nine_digits} has no valid NHS check digit")
    return nine_digits + str(0 if check == 11 else check)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def child(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "child-1",
        "given_name": "Victoria",
        "family_name": "Adjo",
        "sex": "female",
        "date_of_birth": TODAY - timedelta(days=8 * 365),
        "responsible_la": "E09000009",
    }
    return data | changes


def refused(model: type[BaseModel], data: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value


def assert_refused_field(
    model: type[BaseModel], data: dict[str, Any], field: str, reason: str = ""
) -> None:
    """The model refuses `data`, the error points at `field`, and the message names both."""
    error = refused(model, data)
    locations = {entry["loc"][0] for entry in error.errors() if entry["loc"]}
    assert locations == {field}, error
    assert field in str(error)
    assert reason.lower() in str(error).lower()


def assert_refused_whole(model: type[BaseModel], data: dict[str, Any], reason: str) -> None:
    """The model refuses `data` for a rule across fields, saying `reason`."""
    error = refused(model, data)
    assert reason in str(error), error


# --- NHS number ---------------------------------------------------------------------------------

VALID_NHS = [nhs_number(nine) for nine in ("943476587", "900000001", "999999999", "950000000")]


@pytest.mark.parametrize("number", VALID_NHS)
def test_valid_nhs_number_is_accepted(number: str) -> None:
    assert Child.model_validate(child(nhs_number=number)).nhs_number == number


@pytest.mark.parametrize(
    "written", ["943 476 5870", " 943 476 5870 ", "943-476-5870", "9434765870"]
)
def test_nhs_number_separators_are_compacted(written: str) -> None:
    assert Child.model_validate(child(nhs_number=written)).nhs_number == "9434765870"


@pytest.mark.parametrize("number", VALID_NHS)
def test_nhs_number_with_wrong_check_digit_is_refused(number: str) -> None:
    wrong = number[:9] + str((int(number[9]) + 1) % 10)

    assert_refused_field(Child, child(nhs_number=wrong), "nhs_number", "not a valid NHS number")


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("943476587", id="nine-digits"),
        pytest.param("94347658700", id="eleven-digits"),
        pytest.param("943476587O", id="letter-O-for-zero"),
        pytest.param("٩٤٣٤٧٦٥٨٧٠", id="non-ascii-digits"),
        pytest.param("", id="empty"),
    ],
)
def test_nhs_number_of_wrong_shape_is_refused(number: str) -> None:
    assert_refused_field(Child, child(nhs_number=number), "nhs_number", "not a valid NHS number")


def test_nhs_number_is_checked_in_requests_too() -> None:
    assert_refused_field(ChildSearch, {"nhs_number": "9434765871"}, "nhs_number")


# --- unique pupil number ------------------------------------------------------------------------

# LA 801 (Bristol), school 2000, issued in 05, serial 001; check letter from python-stdnum.
UPN = upn.calc_check_digit("801200005001") + "801200005001"


def test_valid_upn_is_accepted() -> None:
    assert UPN == "B801200005001"  # the example in python-stdnum's documentation
    assert Child.model_validate(child(upn=UPN)).upn == UPN


@pytest.mark.parametrize("written", [UPN.lower(), f" {UPN[:5]} {UPN[5:]} "])
def test_upn_is_normalised(written: str) -> None:
    assert Child.model_validate(child(upn=written)).upn == UPN


def test_upn_with_wrong_check_letter_is_refused() -> None:
    wrong = ("A" if UPN[0] != "A" else "C") + UPN[1:]

    assert_refused_field(Child, child(upn=wrong), "upn", "not a valid unique pupil number")


@pytest.mark.parametrize(
    "number",
    [
        pytest.param(UPN[:-1], id="twelve-characters"),
        pytest.param(UPN + "1", id="fourteen-characters"),
        pytest.param("X80120000A001", id="letter-in-the-middle"),
    ],
)
def test_upn_of_wrong_shape_is_refused(number: str) -> None:
    assert_refused_field(Child, child(upn=number), "upn", "not a valid unique pupil number")


# --- postcode -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("SW1A1AA", "SW1A 1AA"),
        (" w5 5ab ", "W5 5AB"),
        ("M1 1AE", "M1 1AE"),
    ],
)
def test_postcode_is_normalised_to_upper_case_with_a_space(written: str, stored: str) -> None:
    assert Child.model_validate(child(postcode=written)).postcode == stored
    assert Carer.model_validate(carer(postcode=written)).postcode == stored


@pytest.mark.parametrize("written", ["x", "12345", "SW1A 1A", "SW1A 1AAA", ""])
def test_postcode_of_wrong_shape_is_refused(written: str) -> None:
    assert_refused_field(Child, child(postcode=written), "postcode", "not a UK postcode")


# --- local-authority code -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["E06000001", "E07000008", "E08000003", "E09000009", "E10000002"])
def test_ons_la_codes_of_english_local_authorities_are_accepted(code: str) -> None:
    assert LocalAuthority(code=code, name="An authority").code == code
    assert Child.model_validate(child(responsible_la=code)).responsible_la == code


def test_la_code_in_lower_case_is_normalised() -> None:
    assert Child.model_validate(child(responsible_la=" e09000009 ")).responsible_la == "E09000009"


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("W06000001", id="welsh"),
        pytest.param("S12000033", id="scottish"),
        pytest.param("E05000001", id="ward-not-la"),
        pytest.param("E11000001", id="combined-authority"),
        pytest.param("E0900000", id="seven-digits-short"),
        pytest.param("E090000090", id="seven-digits-long"),
        pytest.param("E09-000009", id="punctuation"),
        pytest.param("E09٠٠٠٠٠٩", id="non-ascii-digits"),
    ],
)
def test_other_codes_are_refused_as_la_codes(code: str) -> None:
    assert_refused_field(
        Child,
        child(responsible_la=code),
        "responsible_la",
        "is not an English local authority's ONS code",
    )
    assert_refused_field(
        LocalAuthority,
        {"code": code, "name": "x"},
        "code",
        "is not an English local authority's ONS code",
    )


# --- dates --------------------------------------------------------------------------------------


def test_date_of_birth_today_is_accepted() -> None:
    today = TODAY
    assert Child.model_validate(child(date_of_birth=today)).date_of_birth == today


def test_date_of_birth_tomorrow_is_refused() -> None:
    tomorrow = TODAY + timedelta(days=1)

    assert_refused_field(Child, child(date_of_birth=tomorrow), "date_of_birth", "in the future")


def test_date_of_birth_exactly_the_oldest_allowed_age_is_accepted() -> None:
    oldest = years_before(TODAY, OLDEST_RECORD_YEARS)

    assert Child.model_validate(child(date_of_birth=oldest)).date_of_birth == oldest


def test_date_of_birth_one_day_older_than_allowed_is_refused() -> None:
    too_old = years_before(TODAY, OLDEST_RECORD_YEARS) - timedelta(days=1)

    assert_refused_field(
        Child, child(date_of_birth=too_old), "date_of_birth", "more than 25 years ago"
    )


def test_date_of_birth_is_checked_in_requests_too() -> None:
    tomorrow = TODAY + timedelta(days=1)
    create = child(date_of_birth=tomorrow)
    del create["id"]

    assert_refused_field(ChildCreate, create, "date_of_birth", "in the future")


def involvement_request(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "practitioner_id": "sw-lisa",
        "agency_id": "csc-ealing",
        "service": "child in need plan",
        "since": date(2024, 3, 1),
    }
    return data | changes


@pytest.mark.parametrize("since", [EARLIEST_DATE, TODAY])
def test_past_date_accepts_from_earliest_date_to_today(since: date) -> None:
    assert InvolvementCreate.model_validate(involvement_request(since=since)).since == since


def test_past_date_before_1990_is_refused() -> None:
    assert_refused_field(
        InvolvementCreate, involvement_request(since=date(1989, 12, 31)), "since", "before 1990"
    )


def test_past_date_tomorrow_is_refused() -> None:
    tomorrow = TODAY + timedelta(days=1)

    assert_refused_field(
        InvolvementCreate, involvement_request(since=tomorrow), "since", "in the future"
    )


def test_date_of_death_is_a_past_date() -> None:
    tomorrow = TODAY + timedelta(days=1)

    assert_refused_field(Child, child(date_of_death=tomorrow), "date_of_death", "in the future")


@pytest.mark.parametrize("day", [TODAY, TODAY + timedelta(days=MAX_DAYS_AHEAD), EARLIEST_DATE])
def test_near_date_accepts_up_to_a_year_ahead(day: date) -> None:
    assert MoveCreate(to_la="E09000033", date=day).date == day


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(TODAY + timedelta(days=MAX_DAYS_AHEAD + 1), id="one-day-too-far"),
        pytest.param(date(2999, 1, 1), id="year-2999"),
    ],
)
def test_near_date_too_far_ahead_is_refused(day: date) -> None:
    assert_refused_field(
        MoveCreate, {"to_la": "E09000033", "date": day}, "date", "more than 366 days ahead"
    )


def test_near_date_before_1990_is_refused() -> None:
    assert_refused_field(
        MoveCreate, {"to_la": "E09000033", "date": date(1989, 12, 31)}, "date", "before 1990"
    )


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_names_are_trimmed(field: str) -> None:
    assert getattr(Child.model_validate(child(**{field: "  Anna \t"})), field) == "Anna"


@pytest.mark.parametrize("field", ["given_name", "family_name"])
@pytest.mark.parametrize("blank", ["", " ", "\t\n ", "\u00a0"])
def test_empty_or_blank_names_are_refused(field: str, blank: str) -> None:
    assert_refused_field(Child, child(**{field: blank}), field)


@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_name_of_the_maximum_length_is_accepted(field: str) -> None:
    name = "x" * MAX_NAME_LENGTH

    assert getattr(Child.model_validate(child(**{field: name})), field) == name


@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_name_one_longer_than_the_maximum_is_refused(field: str) -> None:
    assert_refused_field(Child, child(**{field: "x" * (MAX_NAME_LENGTH + 1)}), field, "100")


def test_name_length_counts_after_trimming() -> None:
    padded = "  " + "x" * MAX_NAME_LENGTH + "  "

    assert Child.model_validate(child(given_name=padded)).given_name == "x" * MAX_NAME_LENGTH


def test_up_to_twenty_other_names_are_accepted_and_trimmed() -> None:
    names = [f" Alias {n} " for n in range(MAX_OTHER_NAMES)]

    stored = Child.model_validate(child(other_names=names)).other_names

    assert stored == [name.strip() for name in names]


def test_twenty_one_other_names_are_refused() -> None:
    names = [f"Alias {n}" for n in range(MAX_OTHER_NAMES + 1)]

    assert_refused_field(Child, child(other_names=names), "other_names", "20")


def test_blank_other_name_is_refused() -> None:
    assert_refused_field(Child, child(other_names=["Anna Kouao", "  "]), "other_names")


HOSTILE_NAMES = [
    "O'Brien",
    '"Nicky" Smith',
    "`backtick`",
    "}) DETACH DELETE (n",
    "x'}) MATCH (n) DETACH DELETE n //",
    "Robert'); DROP TABLE children;--",
    "$child_id",
    "back\\slash",
    "Zoë 🌈 Ñúñez",
    "李小龍",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_strings_are_just_names_and_are_kept_exactly(name: str) -> None:
    record = Child.model_validate(
        child(given_name=name, family_name=name, other_names=[name], address_line=name)
    )

    assert (record.given_name, record.family_name) == (name, name)
    assert record.other_names == [name]
    assert record.address_line == name


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_strings_pass_through_requests_unchanged(name: str) -> None:
    create = child(given_name=name, family_name=name, other_names=[name])
    del create["id"]

    request = ChildCreate.model_validate(create)
    search = ChildSearch(name=name, date_of_birth=date(2015, 1, 1))

    assert (request.given_name, request.family_name, request.other_names) == (name, name, [name])
    assert search.name == name


# --- identifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize("node_id", ["a", "child-1", "E09000009", "x" * 64, "a_b.c:d-e"])
def test_node_ids_of_letters_digits_and_separators_are_accepted(node_id: str) -> None:
    assert Child.model_validate(child(id=node_id)).id == node_id


@pytest.mark.parametrize(
    "node_id", ["", "x" * 65, "-child", "../x", "a/b", "a b", "child'1", "ünïcode"]
)
def test_other_node_ids_are_refused(node_id: str) -> None:
    assert_refused_field(Child, child(id=node_id), "id")


# --- enums --------------------------------------------------------------------------------------


def carer(**changes: Any) -> dict[str, Any]:
    return {"id": "carer-1", "given_name": "Marie", "family_name": "Kouao"} | changes


def agency(**changes: Any) -> dict[str, Any]:
    data = {"id": "csc-ealing", "name": "Ealing CSC", "kind": "social_care", "la": "E09000009"}
    return data | changes


def cares_for(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "carer_id": "carer-1",
        "child_id": "child-1",
        "relationship": "mother",
        "parental_responsibility": True,
        "lives_with": True,
    }
    return data | changes


def involved_with(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "inv-1",
        "source_id": "sw-lisa",
        "child_id": "child-1",
        "agency_id": "csc-ealing",
        "service": "child in need plan",
        "since": date(2024, 3, 1),
    }
    return data | changes


def test_known_enum_values_are_accepted() -> None:
    assert Child.model_validate(child(sex="unspecified")).sex is Sex.UNSPECIFIED
    assert Agency.model_validate(agency(kind="camhs")).kind is AgencyKind.CAMHS
    link = CaresFor.model_validate(cares_for(relationship="special_guardian"))
    assert link.relationship is CarerRelationship.SPECIAL_GUARDIAN
    involvement = InvolvedWith.model_validate(involved_with(assessment_kind="child_protection"))
    assert involvement.assessment_kind is AssessmentKind.CHILD_PROTECTION


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        pytest.param(Child, child(sex="woman"), "sex", id="sex"),
        pytest.param(Child, child(sex="Female"), "sex", id="sex-wrong-case"),
        pytest.param(Child, child(address_status="homeless"), "address_status", id="address"),
        pytest.param(Child, child(status="deleted"), "status", id="child-status"),
        pytest.param(Agency, agency(kind="social_work"), "kind", id="agency-kind"),
        pytest.param(CaresFor, cares_for(relationship="friend"), "relationship", id="relation"),
        pytest.param(
            InvolvedWith, involved_with(assessment_kind="s47"), "assessment_kind", id="assessment"
        ),
        pytest.param(
            SameAs,
            {"child_id": "a", "other_id": "b", "status": "maybe", "score": 0.5},
            "status",
            id="same-as",
        ),
    ],
)
def test_unknown_enum_values_are_refused(
    model: type[BaseModel], data: dict[str, Any], field: str
) -> None:
    assert_refused_field(model, data, field, "input should be")


# --- unknown fields -----------------------------------------------------------------------------

STRICT_SHAPES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (Child, child()),
    (Carer, carer()),
    (
        Practitioner,
        {"id": "sw-lisa", "given_name": "Lisa", "family_name": "A", "job_title": "Social worker"},
    ),
    (Agency, agency()),
    (LocalAuthority, {"code": "E09000009", "name": "Ealing"}),
    (CaresFor, cares_for()),
    (WorksFor, {"practitioner_id": "sw-lisa", "agency_id": "csc-ealing"}),
    (InvolvedWith, involved_with()),
    (ResidentIn, {"id": "res-1", "child_id": "child-1", "la": "E09000009", "since": TODAY}),
    (SameAs, {"child_id": "a", "other_id": "b", "status": "candidate", "score": 0.9}),
    (ChildCreate, {k: v for k, v in child().items() if k != "id"}),
    (CarerCreate, carer()),
    (
        PractitionerCreate,
        {"given_name": "Lisa", "family_name": "A", "job_title": "SW", "agency_id": "csc-ealing"},
    ),
    (AgencyCreate, {k: v for k, v in agency().items() if k != "id"}),
    (LocalAuthorityCreate, {"code": "E09000009", "name": "Ealing"}),
    (InvolvementCreate, involvement_request()),
    (MoveCreate, {"to_la": "E09000033", "date": TODAY}),
]


@pytest.mark.parametrize(
    ("model", "data"), [pytest.param(m, d, id=m.__name__) for m, d in STRICT_SHAPES]
)
def test_unknown_fields_are_refused(model: type[BaseModel], data: dict[str, Any]) -> None:
    model.model_validate(data)  # the shape itself is valid

    error = refused(model, data | {"favourite_colour": "blue"})

    assert [(e["loc"], e["type"]) for e in error.errors()] == [
        (("favourite_colour",), "extra_forbidden")
    ]


# --- periods on edges ---------------------------------------------------------------------------

PERIOD_EDGES: list[Any] = [
    pytest.param(CaresFor, cares_for(), id="CaresFor"),
    pytest.param(WorksFor, {"practitioner_id": "p", "agency_id": "a"}, id="WorksFor"),
    pytest.param(InvolvedWith, involved_with(), id="InvolvedWith"),
    pytest.param(
        ResidentIn,
        {"id": "res-1", "child_id": "child-1", "la": "E09000009"},
        id="ResidentIn",
    ),
]


@pytest.mark.parametrize(("model", "data"), PERIOD_EDGES)
def test_edge_ending_before_it_starts_is_refused(
    model: type[BaseModel], data: dict[str, Any]
) -> None:
    period = {"since": date(2024, 3, 2), "until": date(2024, 3, 1)}

    assert_refused_whole(
        model, data | period, "the end date (until) is before the start date (since)"
    )


@pytest.mark.parametrize(("model", "data"), PERIOD_EDGES[:3])
@pytest.mark.parametrize("until", [date(2024, 3, 1), date(2024, 3, 2), None])
def test_edge_ending_on_or_after_its_start_is_accepted(
    model: type[BaseModel], data: dict[str, Any], until: date | None
) -> None:
    edge = model.model_validate(data | {"since": date(2024, 3, 1), "until": until})

    assert edge.model_dump()["until"] == until


# --- involvements -------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [InvolvedWith, InvolvementCreate])
def test_assessment_date_without_assessment_kind_is_refused(model: type[BaseModel]) -> None:
    data = involved_with() if model is InvolvedWith else involvement_request()

    assert_refused_whole(
        model,
        data | {"assessment_date": date(2024, 3, 5)},
        "an assessment date (assessment_date) needs the kind of assessment",
    )


@pytest.mark.parametrize("model", [InvolvedWith, InvolvementCreate])
def test_assessment_date_with_its_kind_is_accepted(model: type[BaseModel]) -> None:
    data = involved_with() if model is InvolvedWith else involvement_request()

    made = model.model_validate(
        data | {"assessment_date": date(2024, 3, 5), "assessment_kind": "early_help"}
    )

    assert made.model_dump()["assessment_kind"] is AssessmentKind.EARLY_HELP


def test_info_to_share_since_needs_info_to_share() -> None:
    since = {"info_to_share_since": date(2024, 3, 5)}

    assert_refused_whole(InvolvedWith, involved_with(**since), "info_to_share is false")
    assert InvolvedWith.model_validate(involved_with(**since, info_to_share=True)).info_to_share


# --- carers -------------------------------------------------------------------------------------

LINK = {"relationship": "mother", "parental_responsibility": True, "lives_with": True}


def test_carer_link_to_an_existing_carer_is_accepted() -> None:
    link = CarerLink.model_validate(LINK | {"carer_id": "carer-1"})

    assert (link.carer_id, link.carer) == ("carer-1", None)


def test_carer_link_with_a_new_carer_is_accepted() -> None:
    link = CarerLink.model_validate(LINK | {"carer": {"given_name": "Marie", "family_name": "K"}})

    assert link.carer_id is None
    assert link.carer is not None
    assert link.carer.given_name == "Marie"


@pytest.mark.parametrize(
    "who",
    [
        pytest.param({}, id="neither"),
        pytest.param(
            {"carer_id": "carer-1", "carer": {"given_name": "Marie", "family_name": "K"}},
            id="both",
        ),
    ],
)
def test_carer_link_needs_exactly_one_carer(who: dict[str, Any]) -> None:
    assert_refused_whole(
        CarerLink, LINK | who, "name an existing carer (carer_id) or describe a new one (carer)"
    )


def test_new_carer_in_a_link_is_validated() -> None:
    error = refused(
        CarerLink, LINK | {"carer": {"given_name": "Marie", "family_name": "K", "phone": "hello"}}
    )

    assert [e["loc"] for e in error.errors()] == [("carer", "phone")]


# --- search -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "terms",
    [
        pytest.param({"nhs_number": "943 476 5870"}, id="nhs-number"),
        pytest.param({"name": "Anna Kouao", "date_of_birth": date(2015, 1, 1)}, id="name-and-dob"),
        pytest.param(
            {"nhs_number": "9434765870", "name": "Anna", "postcode": "W5 5AB"}, id="nhs-and-more"
        ),
    ],
)
def test_search_with_enough_terms_is_accepted(terms: dict[str, Any]) -> None:
    search = ChildSearch.model_validate(terms)

    assert search.nhs_number == "9434765870" or (search.name, search.date_of_birth) == (
        terms["name"],
        terms["date_of_birth"],
    )


@pytest.mark.parametrize(
    "terms",
    [
        pytest.param({}, id="nothing"),
        pytest.param({"name": "Anna Kouao"}, id="name-only"),
        pytest.param({"date_of_birth": date(2015, 1, 1)}, id="dob-only"),
        pytest.param({"name": "Anna", "postcode": "W5 5AB"}, id="name-and-postcode"),
    ],
)
def test_search_without_nhs_number_or_name_and_dob_is_refused(terms: dict[str, Any]) -> None:
    assert_refused_whole(
        ChildSearch, terms, "search by NHS number (nhs_number), or by name and date of birth"
    )


# --- contact details ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("020 7946 0000", "+442079460000"),
        ("+44 20 7946 0000", "+442079460000"),
        ("(020) 7946-0000", "+442079460000"),
        ("07700 900123", "+447700900123"),
        ("+1 202 555 0100", "+12025550100"),
    ],
)
def test_phone_is_normalised_to_e164(written: str, stored: str) -> None:
    assert Carer.model_validate(carer(phone=written)).phone == stored
    assert (
        Practitioner.model_validate(
            {"id": "p", "given_name": "L", "family_name": "A", "job_title": "SW", "phone": written}
        ).phone
        == stored
    )


@pytest.mark.parametrize("written", ["hello", "123", "+44", "", "12345678901234567890", "0" * 41])
def test_nonsense_phone_is_refused(written: str) -> None:
    assert_refused_field(Carer, carer(phone=written), "phone")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("anna.kouao@example.org", "anna.kouao@example.org"),
        (" Anna.Kouao@EXAMPLE.org ", "Anna.Kouao@example.org"),
        ("index-team@ealing.gov.uk", "index-team@ealing.gov.uk"),
    ],
)
def test_email_is_normalised(written: str, stored: str) -> None:
    assert Carer.model_validate(carer(email=written)).email == stored


@pytest.mark.parametrize(
    "written", ["nope", "a@b", "x@@example.org", "a b@example.org", "@example.org", "anna@", ""]
)
def test_nonsense_email_is_refused(written: str) -> None:
    assert_refused_field(Carer, carer(email=written), "email")


def test_local_authority_contact_details_are_validated() -> None:
    authority = LocalAuthority(
        code="E09000009",
        name="Ealing",
        index_team_phone="020 8825 5000",
        index_team_email="Index@Ealing.gov.uk",
    )

    assert (authority.index_team_phone, authority.index_team_email) == (
        "+442088255000",
        "Index@ealing.gov.uk",
    )
    assert_refused_field(
        LocalAuthority,
        {"code": "E09000009", "name": "Ealing", "index_team_email": "ealing"},
        "index_team_email",
    )
