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
AUDIT_FRAME = "audit/audited_write"
"""The frame an audited write runs in (see get_audited_query)."""
_AUDITED_LINE = re.compile(r"^//[ \t]*audited:[ \t]*yes[ \t]*$")
_WRITE_SLOT = re.compile(r"^// write:begin\n.*?^// write:end\n", re.M | re.S)
_RESERVED = re.compile(r"\baudit_\w*")


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    text: LiteralString
    params: frozenset[str]
    summary: str
    audited: bool = False
    """Declared `// audited: yes`: a write that runs with its audit event (get_audited_query)."""

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
    audited = any(_AUDITED_LINE.match(line) for line in header)
    return Query(
        name=name, text=literal, params=frozenset(declared), summary=summary, audited=audited
    )


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


@cache
def get_audited_query(name: str, dialect: str) -> Query:
    """The write `name` inside the audit frame (cypher/audit/audited_write.cypher): one
    statement that locks the chain's head, checks it, runs the write and, if the write returned
    a row, appends the event. Composed from the two files' static text only; the write's
    returned columns come back as they were, with `audit_state` beside them.

    The write must declare `// audited: yes`, end in a RETURN of named columns (at most one row
    is expected), and leave the `audit_` prefix to the frame."""
    write = get_query(name, dialect)
    if not write.audited:
        raise CatalogError(f"query {name!r} does not declare `// audited: yes`")
    frame = get_query(AUDIT_FRAME, dialect)
    code = _without_comments(write.text, blank_strings=True)
    clash = _RESERVED.search(code)
    if clash is not None:
        raise CatalogError(f"query {name!r} uses {clash[0]!r}: the audit_ prefix is the frame's")
    columns = return_columns(name, code)
    # Comments go: FalkorDB 4.16.3 crashed (SIGSEGV in cypher_astnode_type) on this frame with
    # the write's header comments inside its CALL { }. The frame's own header stays on top.
    frame_header = _header(frame.text)
    declared = "// params: " + ", ".join(f"${p}" for p in sorted(write.params | frame.params))
    header = "\n".join(declared if _PARAMS_LINE.match(line) else line for line in frame_header)
    slot = "__audited_write__"
    framed = _WRITE_SLOT.sub(slot + "\n", frame.text[len("\n".join(frame_header)) :], count=1)
    if slot not in framed:
        raise CatalogError("the audit frame has no `// write:begin` ... `// write:end` slot")
    body = _without_comments(write.text, blank_strings=False).strip("\n")
    code_only = _without_comments(framed, blank_strings=False)
    text = header + "\n" + re.sub(r"\n{2,}", "\n", code_only.replace(slot, body)).lstrip("\n")
    collected = ", ".join(f"{c}: {c}" for c in columns)
    returned = ", ".join(f"audit_row.{c} AS {c}" for c in columns)
    for placeholder, columns_text in (
        ("collect({written: written})", f"collect({{{collected}}})"),
        ("audit_row.written AS written", returned),
    ):
        if text.count(placeholder) != 1:
            raise CatalogError(f"the audit frame must hold {placeholder!r} once")
        text = text.replace(placeholder, columns_text)
    composed = parse(f"{name}+audit", text)  # its header declares every parameter it uses
    return Query(
        name=composed.name,
        text=composed.text,
        params=composed.params,
        summary=write.summary,
        audited=True,
    )


_KEYWORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[()\[\]{},]")


def return_columns(name: str, code: str) -> list[str]:
    """The column names of a query's final RETURN (`code`: comments removed, strings blanked).
    Each item must be `expression AS name` or a bare variable; no ORDER BY, SKIP or LIMIT may
    follow, and no UNION may precede it."""
    depth, last_return = 0, None
    tokens = list(_KEYWORD.finditer(code))
    for index, token in enumerate(tokens):
        word = token[0]
        if word in "([{":
            depth += 1
        elif word in ")]}":
            depth -= 1
        elif depth == 0 and word.upper() == "UNION":
            raise CatalogError(f"query {name!r}: a UNION cannot be audited as one write")
        elif depth == 0 and word.upper() == "RETURN":
            last_return = index
    if last_return is None:
        raise CatalogError(f"query {name!r} must end in a RETURN to be audited")
    clause = code[tokens[last_return].end() :].strip()
    clause = re.sub(r"^DISTINCT\b", "", clause, flags=re.I).strip()
    items, depth, start = [], 0, 0
    for position, char in enumerate(clause):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(clause[start:position])
            start = position + 1
    items.append(clause[start:])
    columns = []
    for item in (part.strip() for part in items):
        if re.search(r"\b(ORDER\s+BY|SKIP|LIMIT)\b", item, flags=re.I):
            raise CatalogError(f"query {name!r}: an audited write's RETURN cannot page or sort")
        named = re.search(r"\bAS\s+([A-Za-z_][A-Za-z0-9_]*)$", item, flags=re.I)
        if named is not None:
            columns.append(named[1])
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", item):
            columns.append(item)
        else:
            raise CatalogError(f"query {name!r}: name every returned column (`... AS name`)")
    return columns


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
