"""Constrained types, declared once and used by every model.

Check digits and shapes come from maintained libraries: python-stdnum (NHS number, UPN),
uk-postcodes-parsing (postcode shape), phonenumbers, email-validator.

Each type also publishes its rule in the JSON Schema, and so in /openapi.json: a pattern where a
regular expression can say it; a `format`, a description and an example where it cannot (a check
digit, a dialling plan). A published pattern admits everything the validator accepts, so a client
generated from the document never refuses a value the service would take; the few values a
pattern lets through and the validator refuses (a wrong check digit) are refused in words.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, TypeVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from stdnum import exceptions as stdnum_errors
from stdnum.gb import nhs, upn
from uk_postcodes_parsing import ukpostcode

from graph_model import clock

MAX_NAME_LENGTH = 100
MAX_TEXT_LENGTH = 500
MAX_OTHER_NAMES = 20
OLDEST_RECORD_YEARS = 25
"""A child's record may carry a date of birth up to this many years back (care leavers to 25)."""

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
ID_RULE = "letters, digits and _ . : - only (at most 64), starting with a letter or a digit"
LA_CODE_PATTERN = r"^[Ee](06|07|08|09|10)[0-9]{6}$"
_LA_CODE = re.compile(LA_CODE_PATTERN)
POSTCODE_PATTERN = r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2}$"
"""uk-postcodes-parsing's own shape (`is_valid`), with spaces for its any whitespace."""
NHS_NUMBER_PATTERN = r"^[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}$"
UPN_PATTERN = r"^[A-Za-z][0-9]{11}[0-9A-Za-z]$"
PHONE_PATTERN = r"^\+?[0-9 ()-]{6,39}$"
EMAIL_PATTERN = (
    r"^[^@\s]{1,64}@(?!(?:[^@\s]*\.)?(?:arpa|invalid|local|localhost|onion|test)$)"
    r"[^@\s]+\.[^@\s]+$"
)
"""A dot in the domain, and none of email-validator's special-use domains."""

_INVISIBLE = (
    r"\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
"""Control (Cc), format (Cf) and line or paragraph separator (Zl, Zp) characters of the Basic
Multilingual Plane, as a character class that both ECMA-262 and Python read alike. A unit test
checks it against the Unicode database."""
PRINTABLE_PATTERN = rf"^[^{_INVISIBLE}\s](?:[^{_INVISIBLE}]*[^{_INVISIBLE}\s])?$"
"""Text as a person typed it: no invisible or control characters, nothing blank around it."""


@dataclass(frozen=True)
class Published:
    """The part of a rule that the JSON Schema can carry, added to what pydantic derives from
    the type. `pattern` may be a function of today's date (date ranges move every day)."""

    description: str
    pattern: str | Callable[[], str] | None = None
    format: str | None = None
    example: str | Callable[[], str] | None = None

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["description"] = self.description
        if self.pattern is not None:
            schema["pattern"] = self.pattern() if callable(self.pattern) else self.pattern
        if self.format is not None:
            schema["format"] = self.format
        if self.example is not None:
            schema["examples"] = [self.example() if callable(self.example) else self.example]
        return schema


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _printable(value: str) -> str:
    """Refuse control and invisible format characters (NUL, newlines, zero-width spaces): a
    name that looks empty, or differs from what a person sees, is a typing or paste mistake."""
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            raise ValueError(
                f"contains an invisible or control character (U+{ord(ch):04X}),"
                " perhaps from copying and pasting: type it again"
            )
    return value


def _shown(value: str) -> str:
    """A typed value as it may be quoted back in a message: short, and on one line."""
    one_line = " ".join(value.split())
    return one_line if len(one_line) <= 24 else one_line[:23] + "…"


_WHY = {
    stdnum_errors.InvalidChecksum: "its check digit does not match",
    stdnum_errors.InvalidLength: "it must have {length}",
    stdnum_errors.InvalidFormat: "it must be {shape}",
    stdnum_errors.InvalidComponent: "{component}",
}


def _why(error: stdnum_errors.ValidationError, **words: str) -> str:
    template = next((why for kind, why in _WHY.items() if isinstance(error, kind)), None)
    return template.format(**words) if template else str(error).lower().rstrip(".")


def _nhs_number(value: str) -> str:
    try:
        return str(nhs.validate(value))
    except stdnum_errors.ValidationError as e:
        digits = nhs.compact(value)
        shown = f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else _shown(value)
        why = _why(e, length="10 digits", shape="10 digits", component="")
        raise ValueError(f"{shown} is not a valid NHS number ({why})") from e


def _upn(value: str) -> str:
    try:
        return str(upn.validate(value))
    except stdnum_errors.ValidationError as e:
        why = _why(
            e,
            length="13 characters",
            shape="a letter, 11 digits, then a digit or a letter",
            component="its local authority number is not one of England's",
        ).replace("check digit", "check letter")
        raise ValueError(f"{_shown(value)} is not a valid unique pupil number ({why})") from e


def _postcode(value: str) -> str:
    if not ukpostcode.is_valid(value):
        raise ValueError(f"{_shown(value)} is not a UK postcode (a postcode looks like W3 6RS)")
    normalised = ukpostcode.to_normalised(value)
    assert normalised is not None  # is_valid above guarantees a parse
    return str(normalised)


def _la_code(value: str) -> str:
    code = value.upper()
    if not _LA_CODE.match(code):
        raise ValueError(
            f"{_shown(value)} is not an English local authority's ONS code"
            " (E06, E07, E08, E09 or E10 and six digits, like E09000009)"
        )
    return code


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as e:
        raise ValueError(
            "is not a telephone number (like 020 7946 0000 or +44 20 7946 0000)"
        ) from e
    if not phonenumbers.is_possible_number(number):
        raise ValueError(
            "is not a telephone number that can be dialled: too few or too many digits"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as e:
        why = str(e).removeprefix("The email address is not valid. ").rstrip(".")
        raise ValueError(f"is not an email address ({why[:1].lower()}{why[1:]})") from e


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _date_of_birth(value: date) -> date:
    today = clock.today()
    if value > today:
        raise ValueError(f"{value.isoformat()} is in the future")
    if value < _years_ago(today, OLDEST_RECORD_YEARS):
        raise ValueError(
            f"{value.isoformat()} is more than {OLDEST_RECORD_YEARS} years ago:"
            " the index holds children and care leavers"
        )
    return value


EARLIEST_DATE = date(1990, 1, 1)
"""No record in the index starts before this; older dates are typing mistakes."""


def _not_future(value: date) -> date:
    if value > clock.today():
        raise ValueError(f"{value.isoformat()} is in the future")
    if value < EARLIEST_DATE:
        raise ValueError(f"{value.isoformat()} is before {EARLIEST_DATE.isoformat()}")
    return value


MAX_DAYS_AHEAD = 366
"""A planned move may be recorded up to a year ahead; anything later is a typing mistake."""


def _near_date(value: date) -> date:
    if (value - clock.today()).days > MAX_DAYS_AHEAD:
        raise ValueError(f"{value.isoformat()} is more than {MAX_DAYS_AHEAD} days ahead")
    if value < EARLIEST_DATE:
        raise ValueError(f"{value.isoformat()} is before {EARLIEST_DATE.isoformat()}")
    return value


# --- dates in the JSON Schema ----------------------------------------------------------------
# A date range that ends today cannot be a fixed pattern. The published pattern starts at the
# rule's first date as of the day the document is built (a later day only moves it forward, so
# it never refuses a date the service takes) and runs to the end of next year (or the year after,
# for dates ahead), so a client generated from it stays right for at least a year. The document
# is built afresh each day (service/api/openapi.py); the exact bounds are in the description.


def _numbers(low: int, high: int) -> str:
    """A pattern for the two-digit numbers `low` to `high`.

    >>> _numbers(3, 31)
    '0[3-9]|1[0-9]|2[0-9]|3[0-1]'
    """
    return _spans(low, high, 2)


def _spans(low: int, high: int, width: int) -> str:
    """`low` to `high` as `width`-digit numbers, ten at a time: 1998 to 2011 is
    199[8-9]|200[0-9]|201[0-1]."""
    parts = []
    for tens in range(low // 10, high // 10 + 1):
        first, last = max(low, tens * 10) % 10, min(high, tens * 10 + 9) % 10
        units = str(first) if first == last else f"[{first}-{last}]"
        parts.append(f"{tens:0{width - 1}d}{units}")
    return "|".join(parts)


_ANY_MONTH_DAY = r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"


def dates_pattern(first: date, last_year: int) -> str:
    """A pattern for ISO dates from `first` to the end of `last_year` (months have 31 days here:
    `format: date` says which days exist).

    >>> pattern = dates_pattern(date(2001, 12, 3), 2027)
    >>> [bool(re.fullmatch(pattern, d)) for d in ("2001-12-02", "2001-12-03", "2027-12-31", "2028")]
    [False, True, True, False]
    """
    branches = [f"{first.year}-{first.month:02d}-({_numbers(first.day, 31)})"]
    if first.month < 12:
        months = _numbers(first.month + 1, 12)
        branches.append(f"{first.year}-({months})-(0[1-9]|[12][0-9]|3[01])")
    if first.year < last_year:
        branches.append(f"({_spans(first.year + 1, last_year, 4)})-{_ANY_MONTH_DAY}")
    return f"^({'|'.join(branches)})$"


def _dates_from(first: Callable[[], date], years_ahead: int) -> Callable[[], str]:
    return lambda: dates_pattern(first(), clock.today().year + years_ahead)


def _example_date(years_back: int) -> Callable[[], str]:
    return lambda: _years_ago(clock.today(), years_back).replace(day=1).isoformat()


T = TypeVar("T")


class _Omittable:
    """An optional field that may be left out but is not published as nullable: the service
    still reads `null` as "not given" (an update refuses it for a field that cannot be emptied),
    but a client generated from the document sends a value or nothing."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        branches = [b for b in schema.get("anyOf", []) if b.get("type") != "null"]
        if len(branches) == 1:
            rest = {k: v for k, v in schema.items() if k != "anyOf"}
            return {**rest, **branches[0]}
        return schema


Omittable = Annotated[T | None, _Omittable()]
"""`Omittable[X]`: X, or left out (see `_Omittable`)."""


# --- the types -------------------------------------------------------------------------------

NodeId = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(pattern=ID_PATTERN),
    Published(f"Identifier: {ID_RULE}", pattern=ID_PATTERN, example="ch1-0000010"),
]
PersonName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH),
    BeforeValidator(_strip),
    AfterValidator(_printable),
    Published(
        f"A name as written (at most {MAX_NAME_LENGTH} characters), without control or"
        " invisible characters",
        pattern=PRINTABLE_PATTERN,
        example="Victoria",
    ),
]
ShortText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT_LENGTH),
    BeforeValidator(_strip),
    AfterValidator(_printable),
    Published(
        f"Text on one line (at most {MAX_TEXT_LENGTH} characters), without control or"
        " invisible characters",
        pattern=PRINTABLE_PATTERN,
    ),
]
OtherNames = Annotated[list[PersonName], Field(max_length=MAX_OTHER_NAMES)]
NhsNumber = Annotated[
    str,
    BeforeValidator(_strip),
    AfterValidator(_nhs_number),
    Published(
        "NHS number: 10 digits, spaces or hyphens allowed after the 3rd and 6th; the 10th is a"
        " modulus 11 check digit over the first nine (NHS Data Dictionary), which the pattern"
        " cannot express and the service checks",
        pattern=NHS_NUMBER_PATTERN,
        format="nhs-number",
        example="943 476 5919",
    ),
]
Upn = Annotated[
    str,
    BeforeValidator(_strip),
    AfterValidator(_upn),
    Published(
        "Unique pupil number (DfE): a check letter, a 3-digit local authority number, the"
        " school's 4-digit number, 2 digits of the year and a 3-character serial; the check"
        " letter and the local authority number are checked by the service",
        pattern=UPN_PATTERN,
        format="upn",
        example="B801200005001",
    ),
]
Postcode = Annotated[
    str,
    BeforeValidator(_strip),
    AfterValidator(_postcode),
    Published("UK postcode, with or without its space", pattern=POSTCODE_PATTERN, example="W3 6RS"),
]
LaCode = Annotated[
    str,
    BeforeValidator(_strip),
    AfterValidator(_la_code),
    Published(
        "ONS code of an English local authority: E06, E07, E08, E09 or E10 and six digits",
        pattern=LA_CODE_PATTERN,
        example="E09000009",
    ),
]
Phone = Annotated[
    str,
    StringConstraints(max_length=40),
    BeforeValidator(_strip),
    AfterValidator(_phone),
    Published(
        "Telephone number: UK (020 7946 0000) or international (+33 1 23 45 67 89); it must"
        " have as many digits as its country's numbers can (libphonenumber), which the service"
        " checks",
        pattern=PHONE_PATTERN,
        format="phone",
        example="020 7946 0000",
    ),
]
Email = Annotated[
    str,
    StringConstraints(max_length=254),
    BeforeValidator(_strip),
    AfterValidator(_email),
    Published(
        "Email address (not checked for deliverability)",
        pattern=EMAIL_PATTERN,
        format="email",
        example="index.team@ealing.example.org",
    ),
]
DateOfBirth = Annotated[
    date,
    AfterValidator(_date_of_birth),
    Published(
        f"Date of birth: today or up to {OLDEST_RECORD_YEARS} years ago (England's date)",
        pattern=_dates_from(lambda: _years_ago(clock.today(), OLDEST_RECORD_YEARS), 1),
        example=_example_date(8),
    ),
]
PastDate = Annotated[
    date,
    AfterValidator(_not_future),
    Published(
        f"A date from {EARLIEST_DATE.isoformat()} to today (England's date)",
        pattern=_dates_from(lambda: EARLIEST_DATE, 1),
        example=_example_date(1),
    ),
]
NearDate = Annotated[
    date,
    AfterValidator(_near_date),
    Published(
        f"A date from {EARLIEST_DATE.isoformat()} to {MAX_DAYS_AHEAD} days from today"
        " (England's date)",
        pattern=_dates_from(lambda: EARLIEST_DATE, 2),
        example=_example_date(0),
    ),
]
