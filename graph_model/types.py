"""Constrained types, declared once and used by every model.

Check digits and shapes come from maintained libraries: python-stdnum (NHS number, UPN),
uk-postcodes-parsing (postcode shape), phonenumbers, email-validator.
"""

import re
import unicodedata
from datetime import date
from typing import Annotated

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gb import nhs, upn
from uk_postcodes_parsing import ukpostcode

from graph_model import clock

MAX_NAME_LENGTH = 100
MAX_TEXT_LENGTH = 500
MAX_OTHER_NAMES = 20
OLDEST_RECORD_YEARS = 25
"""A child's record may carry a date of birth up to this many years back (care leavers to 25)."""

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
_LA_CODE = re.compile(r"^E(06|07|08|09|10)[0-9]{6}$")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _printable(value: str) -> str:
    """Refuse control and invisible format characters (NUL, newlines, zero-width spaces): a
    name that looks empty, or differs from what a person sees, is a typing or paste mistake."""
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            raise ValueError(f"contains an invisible or control character (U+{ord(ch):04X})")
    return value


def _reason(error: StdnumError) -> str:
    return str(error).lower().rstrip(".")


def _nhs_number(value: str) -> str:
    try:
        return str(nhs.validate(value))
    except StdnumError as e:
        raise ValueError(f"not a valid NHS number ({_reason(e)})") from e


def _upn(value: str) -> str:
    try:
        return str(upn.validate(value))
    except StdnumError as e:
        raise ValueError(f"not a valid unique pupil number ({_reason(e)})") from e


def _postcode(value: str) -> str:
    if not ukpostcode.is_valid(value):
        raise ValueError("not a UK postcode")
    normalised = ukpostcode.to_normalised(value)
    assert normalised is not None  # is_valid above guarantees a parse
    return str(normalised)


def _la_code(value: str) -> str:
    code = value.upper()
    if not _LA_CODE.match(code):
        raise ValueError(
            "not an ONS local-authority code: expected E06, E07, E08, E09 or E10 and six digits"
        )
    return code


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as e:
        raise ValueError("not a telephone number") from e
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a possible telephone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as e:
        raise ValueError(f"not an email address ({e})") from e


def _date_of_birth(value: date) -> date:
    today = clock.today()
    if value > today:
        raise ValueError("date of birth is in the future")
    try:
        earliest = today.replace(year=today.year - OLDEST_RECORD_YEARS)
    except ValueError:  # 29 February
        earliest = today.replace(year=today.year - OLDEST_RECORD_YEARS, day=28)
    if value < earliest:
        raise ValueError(f"date of birth is more than {OLDEST_RECORD_YEARS} years ago")
    return value


EARLIEST_DATE = date(1990, 1, 1)
"""No record in the index starts before this; older dates are typing mistakes."""


def _not_future(value: date) -> date:
    if value > clock.today():
        raise ValueError("date is in the future")
    if value < EARLIEST_DATE:
        raise ValueError(f"date is before {EARLIEST_DATE.isoformat()}")
    return value


MAX_DAYS_AHEAD = 366
"""A planned move may be recorded up to a year ahead; anything later is a typing mistake."""


def _near_date(value: date) -> date:
    if (value - clock.today()).days > MAX_DAYS_AHEAD:
        raise ValueError(f"date is more than {MAX_DAYS_AHEAD} days ahead")
    if value < EARLIEST_DATE:
        raise ValueError(f"date is before {EARLIEST_DATE.isoformat()}")
    return value


NodeId = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(pattern=ID_PATTERN),
    Field(description="Identifier: letters, digits and _ . : - (at most 64)"),
]
PersonName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH),
    BeforeValidator(_strip),
    AfterValidator(_printable),
]
ShortText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT_LENGTH),
    BeforeValidator(_strip),
    AfterValidator(_printable),
]
OtherNames = Annotated[list[PersonName], Field(max_length=MAX_OTHER_NAMES)]
NhsNumber = Annotated[str, BeforeValidator(_strip), AfterValidator(_nhs_number)]
Upn = Annotated[str, BeforeValidator(_strip), AfterValidator(_upn)]
Postcode = Annotated[str, BeforeValidator(_strip), AfterValidator(_postcode)]
LaCode = Annotated[str, BeforeValidator(_strip), AfterValidator(_la_code)]
Phone = Annotated[
    str, StringConstraints(max_length=40), BeforeValidator(_strip), AfterValidator(_phone)
]
Email = Annotated[
    str, StringConstraints(max_length=254), BeforeValidator(_strip), AfterValidator(_email)
]
DateOfBirth = Annotated[date, AfterValidator(_date_of_birth)]
PastDate = Annotated[date, AfterValidator(_not_future)]
NearDate = Annotated[date, AfterValidator(_near_date)]
