"""The Cypher catalogue: one query per file in the `cypher` package, loaded by name.

Each file opens with `//` comment lines: the first says what it returns, one declares its
parameters (`// params: $a, $b` or `// params: none`). A file named `name.falkordb.cypher` beside
`name.cypher` is that query's FalkorDB variant and must say why in its header.

This is the one place where file text becomes `LiteralString`: query text only ever comes from
these files, never from strings built at run time.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import LiteralString, cast

from service.errors import CatalogError

_PARAMS_LINE = re.compile(r"^//[ \t]*params:[ \t]*(?P<params>.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# One pass over strings and comments, so `//` inside a string is not a comment, and `$x` inside
# a string or a comment is not a parameter.
_STRING_OR_COMMENT = re.compile(
    r"(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")|(?P<comment>//[^\n]*)"
)

DIALECTS = ("neo4j", "falkordb")


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    text: LiteralString
    params: frozenset[str]
    summary: str

    def check(self, given: Mapping[str, object]) -> None:
        """Refuse a call whose parameters differ from the declared ones."""
        names = set(given)
        if names != self.params:
            missing = sorted(self.params - names)
            extra = sorted(names - self.params)
            raise CatalogError(
                f"query {self.name!r} called with wrong parameters"
                f" (missing: {missing or 'none'}, unexpected: {extra or 'none'})"
            )


def _without_comments(text: str, *, blank_strings: bool) -> str:
    def keep(match: re.Match[str]) -> str:
        if match["comment"] is not None:
            return ""
        return "''" if blank_strings else match["string"]

    return _STRING_OR_COMMENT.sub(keep, text)


def _header(text: str) -> list[str]:
    """The opening run of `//` lines."""
    lines = text.lstrip("\ufeff").splitlines()
    header: list[str] = []
    for line in lines:
        if not line.startswith("//"):
            break
        header.append(line)
    return header


def parse(name: str, text: str) -> Query:
    header = _header(text)
    if not header:
        raise CatalogError(f"query {name!r} has no header comment at its top")
    declarations = [m for line in header if (m := _PARAMS_LINE.match(line))]
    if len(declarations) != 1:
        raise CatalogError(
            f"query {name!r} does not declare its parameters once in its header"
            " (// params: $a, $b or // params: none)"
        )
    declared_text = declarations[0]["params"].strip()
    declared: set[str] = set()
    if declared_text != "none":
        for item in declared_text.split(","):
            item = item.strip()
            if not item.startswith("$") or not item[1:].isidentifier():
                raise CatalogError(f"query {name!r} declares a malformed parameter {item!r}")
            declared.add(item[1:])
    used = set(_PARAM_USE.findall(_without_comments(text, blank_strings=True)))
    if used != declared:
        raise CatalogError(
            f"query {name!r}: declared parameters {sorted(declared)} but uses {sorted(used)}"
        )
    summary = header[0].lstrip("/ ").strip()
    if not summary or _PARAMS_LINE.match(header[0]):
        raise CatalogError(f"query {name!r}: the header's first line must say what it returns")
    # mypy reads LiteralString as str; the cast marks the one place file text becomes query text.
    literal = cast(LiteralString, text)  # type: ignore[redundant-cast]
    return Query(name=name, text=literal, params=frozenset(declared), summary=summary)


def _read(relative: str) -> str | None:
    resource = files("cypher").joinpath(relative)
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


@cache
def get_query(name: str, dialect: str) -> Query:
    """The query `name` (e.g. `get_who_else`, `schema/neo4j`) for an engine dialect."""
    if dialect not in DIALECTS:
        raise CatalogError(f"unknown dialect {dialect!r}")
    if not re.fullmatch(r"[a-z0-9_]+(/[a-z0-9_]+)?", name):
        raise CatalogError(f"bad query name {name!r}")
    text = _read(f"{name}.{dialect}.cypher") or _read(f"{name}.cypher")
    if text is None:
        raise CatalogError(f"no query named {name!r}")
    return parse(name, text)


def statements(query: Query) -> list[LiteralString]:
    """Split a multi-statement file (schema set-up) into its statements, comments removed."""
    code = _without_comments(query.text, blank_strings=False)
    parts = [part.strip() for part in code.split(";")]
    return [cast(LiteralString, part) for part in parts if part]  # type: ignore[redundant-cast]


def all_query_files() -> list[str]:
    """Relative paths of every .cypher file shipped in the package."""
    found: list[str] = []

    def walk(node: object, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):  # type: ignore[attr-defined]
            if child.is_dir() and not child.name.startswith("__"):
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".cypher"):
                found.append(f"{prefix}{child.name}")

    walk(files("cypher"), "")
    return found
