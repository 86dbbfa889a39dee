"""The rules each constrained type publishes in the JSON Schema (and so in /openapi.json) agree
with its validator: what a pattern admits the validator takes (but for the check digits and
dialling plans the pattern cannot say, which the format and description name), and nothing the
validator takes is refused by the pattern, so a client generated from the document never
refuses a good value."""

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import phonenumbers
import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from stdnum.gb import upn

from graph_model import types
from graph_model.types import (
    EMAIL_PATTERN,
    LA_CODE_PATTERN,
    NHS_NUMBER_PATTERN,
    PHONE_PATTERN,
    POSTCODE_PATTERN,
    PRINTABLE_PATTERN,
    UPN_PATTERN,
    DateOfBirth,
    Email,
    LaCode,
    NearDate,
    NhsNumber,
    PastDate,
    PersonName,
    Phone,
    Postcode,
    ShortText,
    Upn,
    dates_pattern,
)

TODAY = date(2028, 2, 29)
"""A leap day: "25 years ago" is a boundary of its own."""


@pytest.fixture(autouse=True)
def fixed_today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def accepts(kind: Any, value: object) -> bool:
    try:
        TypeAdapter(kind).validate_python(value)
    except ValidationError:
        return False
    return True


def published(kind: Any) -> dict[str, Any]:
    schema: dict[str, Any] = TypeAdapter(kind).json_schema()
    return schema


def matches(pattern: str, value: str) -> bool:
    return re.search(pattern, value) is not None


ASTRAL_FORMAT = re.compile(r"[\U00010000-\U0010ffff]")


# --- text ---------------------------------------------------------------------------------------


def test_the_published_class_holds_every_invisible_character_of_the_basic_plane() -> None:
    invisible = [
        chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")
    ]
    assert len(invisible) > 100
    for ch in invisible:
        assert not matches(PRINTABLE_PATTERN, f"a{ch}b"), f"U+{ord(ch):04X}"
        assert not accepts(PersonName, f"a{ch}b")


@settings(max_examples=300, deadline=None)
@given(st.from_regex(PRINTABLE_PATTERN, fullmatch=True))
def test_text_the_pattern_admits_is_taken(text: str) -> None:
    # Format characters beyond the basic plane are refused by the validator alone: a class
    # naming them would need the `u` flag's \u{…}, which Python's re cannot read.
    if ASTRAL_FORMAT.search(text) and any(unicodedata.category(c) == "Cf" for c in text):
        return
    assert accepts(ShortText, text[:500])
    assert accepts(PersonName, text[:100])


@pytest.mark.parametrize(
    "text", [" Victoria", "Victoria ", " ", "Vic\u200btoria", "Vic\ntoria", "Vic\x00", ""]
)
def test_text_with_invisible_characters_or_blank_edges_is_outside_the_pattern(text: str) -> None:
    assert not matches(PRINTABLE_PATTERN, text)


def test_names_and_text_publish_their_lengths() -> None:
    assert published(PersonName) | {"minLength": 1, "maxLength": 100} == published(PersonName)
    assert published(ShortText)["maxLength"] == 500


# --- codes and numbers ------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.from_regex(POSTCODE_PATTERN, fullmatch=True))
def test_every_postcode_the_pattern_admits_is_taken(postcode: str) -> None:
    assert accepts(Postcode, postcode)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(LA_CODE_PATTERN, fullmatch=True))
def test_every_la_code_the_pattern_admits_is_taken(code: str) -> None:
    assert accepts(LaCode, code)


def nhs_number(nine: str) -> str | None:
    check = 11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return None if check == 10 else nine + str(check)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A[0-9]{9}\Z").map(nhs_number).filter(bool), st.sampled_from(" -"))
def test_every_valid_nhs_number_in_every_layout_fits_the_pattern(number: str, gap: str) -> None:
    for written in (number, f"{number[:3]}{gap}{number[3:6]}{gap}{number[6:]}"):
        assert matches(NHS_NUMBER_PATTERN, written), written
        assert accepts(NhsNumber, written)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(NHS_NUMBER_PATTERN, fullmatch=True))
def test_a_number_the_pattern_admits_is_refused_only_for_its_check_digit(number: str) -> None:
    digits = re.sub(r"[ -]", "", number)
    assert accepts(NhsNumber, number) == (nhs_number(digits[:9]) == digits)


def test_the_nhs_number_publishes_its_check_digit_in_words_and_a_valid_example() -> None:
    schema = published(NhsNumber)
    assert schema["format"] == "nhs-number"
    assert "modulus 11 check digit" in schema["description"]
    [example] = schema["examples"]
    assert accepts(NhsNumber, example)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["201", "303", "801", "938"]),
    st.from_regex(r"\A[0-9]{8}\Z"),
    st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUVWXYZ"),
)
def test_every_valid_upn_fits_the_pattern(la: str, digits: str, last: str) -> None:
    number = la + digits + last
    written = upn.calc_check_digit(number) + number
    assert accepts(Upn, written)
    assert matches(UPN_PATTERN, written)


@pytest.mark.parametrize("region", ["GB", "IE", "FR", "DE", "PL", "RO", "NG", "IN", "PK", "US"])
def test_telephone_numbers_as_people_write_them_fit_the_pattern(region: str) -> None:
    example = phonenumbers.example_number(region)
    assert example is not None
    for style in (
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        phonenumbers.PhoneNumberFormat.E164,
        *([phonenumbers.PhoneNumberFormat.NATIONAL] if region == "GB" else []),
    ):
        written = phonenumbers.format_number(example, style)
        assert accepts(Phone, written), written
        assert matches(PHONE_PATTERN, written), written


@pytest.mark.parametrize(
    "address",
    [
        "index.team@ealing.example.org",
        "a+b@x.co.uk",
        "o'brien@example.com",
        "zoë@exämple.org",
        "first.last@sub.domain.example.gov.uk",
    ],
)
def test_email_addresses_the_service_takes_fit_the_pattern(address: str) -> None:
    assert accepts(Email, address)
    assert matches(EMAIL_PATTERN, address)


@pytest.mark.parametrize("address", ["a@b", "a@b.test", "a@local", "a b@example.org", "@x.org"])
def test_email_addresses_the_pattern_refuses_are_refused(address: str) -> None:
    assert not matches(EMAIL_PATTERN, address)
    assert not accepts(Email, address)


# --- dates --------------------------------------------------------------------------------------

DATE_TYPES = [
    pytest.param(DateOfBirth, TODAY.replace(year=TODAY.year - 25, day=28), TODAY, id="birth"),
    pytest.param(PastDate, date(1990, 1, 1), TODAY, id="past"),
    pytest.param(NearDate, date(1990, 1, 1), TODAY + timedelta(days=366), id="near"),
]


@pytest.mark.parametrize(("kind", "first", "last"), DATE_TYPES)
def test_a_date_pattern_starts_on_the_rule_s_first_day(kind: Any, first: date, last: date) -> None:
    pattern = published(kind)["pattern"]
    assert published(kind)["format"] == "date"
    assert accepts(kind, first)
    assert matches(pattern, first.isoformat())
    before = first - timedelta(days=1)
    assert not accepts(kind, before)
    assert not matches(pattern, before.isoformat())
    assert accepts(kind, last)
    assert matches(pattern, last.isoformat())


@pytest.mark.parametrize(("kind", "first", "last"), DATE_TYPES)
def test_a_date_pattern_takes_every_good_date_for_a_year_after_it_was_built(
    kind: Any, first: date, last: date
) -> None:
    """A client generated today must not refuse a date the service takes next year."""
    pattern = published(kind)["pattern"]
    later = TODAY + timedelta(days=365)
    with time_machine.travel(later, tick=False):
        good = [
            day
            for day in (first + timedelta(days=n) for n in range((last - first).days + 400))
            if accepts(kind, day)
        ]
    assert good[-1] >= later
    refused = [day for day in good if not matches(pattern, day.isoformat())]
    assert refused == []


def test_dates_pattern_bounds_to_the_day() -> None:
    pattern = dates_pattern(date(2003, 10, 17), 2005)
    inside = ["2003-10-17", "2003-10-31", "2003-11-01", "2004-02-29", "2005-12-31"]
    outside = ["2003-10-16", "2003-09-30", "2002-12-31", "2006-01-01", "2004-13-01"]
    assert all(matches(pattern, day) for day in inside)
    assert not any(matches(pattern, day) for day in outside)


# --- examples -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        name
        for name in dir(types)
        if name[0].isupper() and hasattr(getattr(types, name), "__metadata__")
    ],
)
def test_every_published_example_is_taken(name: str) -> None:
    kind = getattr(types, name)
    for example in published(kind).get("examples", []):
        assert accepts(kind, example), (name, example)
