"""Validation problems in words a practitioner understands.

pydantic's messages are written for programmers ("String should match pattern '^[A-Za-z0-9]…'",
"Value error, …", "Input should be 'female', 'male' or 'unspecified'"). `problem()` turns one of
its errors into the field in words and what is wrong with it, for the API's error answers, the
bulk import's report and the command line alike.

>>> from pydantic import BaseModel
>>> from graph_model.types import NhsNumber
>>> class Search(BaseModel):
...     nhs_number: NhsNumber
>>> try:
...     Search(nhs_number="9434765871")
... except ValueError as e:
...     print(problem(e.errors()[0]).sentence())
NHS number: 943 476 5871 is not a valid NHS number (its check digit does not match)
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph_model.labels import capitalised, label
from graph_model.types import ID_PATTERN, ID_RULE, LA_CODE_PATTERN

PLACES = frozenset({"body", "query", "path", "header", "cookie"})
"""Where FastAPI says a value came from: the first part of its error locations."""

PATTERN_RULES: dict[str, str] = {
    ID_PATTERN: ID_RULE,
    LA_CODE_PATTERN: "an ONS local-authority code: E06, E07, E08, E09 or E10 and six digits",
}
"""What each pattern a field is checked against means, in words."""


@dataclass(frozen=True)
class Problem:
    field: str
    """Where the value is, as the caller sent it: `body.nhs_number`, `other_names.1`."""
    label: str | None
    """The field in words ("NHS number", "other name 2"); None for the request as a whole."""
    message: str
    """What is wrong with it, in words."""

    def sentence(self) -> str:
        """One line for a person: "NHS number: 943 476 5871 is not a valid NHS number (…)"."""
        return (
            f"{capitalised(self.label)}: {self.message}"
            if self.label
            else capitalised(self.message)
        )


def summary(problems: Iterable[Problem]) -> str:
    """Every problem of a request, as one message."""
    return "; ".join(p.sentence() for p in problems)


def problem(error: Mapping[str, Any], rules: Mapping[str, str] | None = None) -> Problem:
    """One pydantic (or FastAPI) validation error in words. `rules` adds the meaning of patterns
    this module does not know."""
    location = tuple(error.get("loc") or ())
    named = _label(location)
    message = _message(error, {**PATTERN_RULES, **(rules or {})})
    return Problem(
        field=".".join(str(part) for part in location),
        label=named,
        message=message if named else capitalised(message),  # a sentence of its own
    )


_UNION_BRANCH = re.compile(r"^(none|[A-Z][A-Za-z0-9]*|.*\[.*)$")
"""How pydantic names the branch of a union in an error's location: `none`, a model's class name,
`function-after[…]`. Field names are snake_case (headers: `X-Access-Reason`)."""


def _label(location: tuple[Any, ...]) -> str | None:
    parts = [
        p for p in location if not (isinstance(p, str) and (p in PLACES or _UNION_BRANCH.match(p)))
    ]
    words: list[str] = []
    for part in parts:
        if isinstance(part, int):
            if words:  # "other names", item 1 → "other name 2"
                words[-1] = f"{words[-1].removesuffix('s')} {part + 1}"
            continue
        words.append(label(part))
    if not words:
        return None
    return "'s ".join(words)  # carer, phone → "carer's phone"


_QUOTED = re.compile(r"'([^']*)'")


def _choices(expected: str) -> str:
    """pydantic's "'female', 'male' or 'unspecified'" as "female, male or unspecified"."""
    return _QUOTED.sub(r"\1", expected)


def _message(error: Mapping[str, Any], rules: Mapping[str, str]) -> str:
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    given = error.get("input")
    if kind in ("value_error", "assertion_error"):
        text = str(ctx.get("error") or error.get("msg", ""))
        return text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "missing":
        return (
            "the request needs a body" if tuple(error.get("loc") or ()) == ("body",) else "required"
        )
    if kind == "extra_forbidden":
        return "not a field this request takes"
    if kind == "string_too_short":
        least = int(ctx.get("min_length", 1))
        return "must not be empty" if least <= 1 else f"must have at least {least} characters"
    if kind == "string_too_long":
        most = int(ctx.get("max_length", 0))
        length = f" (this has {len(given)})" if isinstance(given, str) else ""
        return f"must have at most {most} characters{length}"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} items"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} items"
    if kind == "string_pattern_mismatch":
        rule = rules.get(str(ctx.get("pattern")))
        return f"must be {rule}" if rule else "is not in the form this field takes"
    if kind in ("enum", "literal_error"):
        return f"must be one of {_choices(str(ctx.get('expected', '')))}"
    if kind.startswith("date_") and not kind.startswith("datetime"):
        return "must be a date written year-month-day, like 2016-03-04"
    if kind.startswith(("datetime_", "timezone_")):
        return "must be a date and time, like 2026-01-31T09:30:00Z"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind in ("float_parsing", "float_type"):
        return "must be a number"
    if kind in ("bool_parsing", "bool_type"):
        return "must be true or false"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {
            "greater_than_equal": ("ge", "{} or more"),
            "greater_than": ("gt", "more than {}"),
            "less_than_equal": ("le", "{} or less"),
            "less_than": ("lt", "less than {}"),
        }[kind]
        return "must be " + bound[1].format(ctx.get(bound[0]))
    if kind == "string_type":
        return "must be text"
    if kind == "list_type":
        return "must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be an object (a set of named fields)"
    if kind == "json_invalid":
        return f"the body is not valid JSON ({ctx.get('error', 'it does not parse')})"
    text = str(error.get("msg", "is not valid"))
    return text[:1].lower() + text[1:]
