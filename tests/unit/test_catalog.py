"""The Cypher catalogue: headers, declared parameters, dialect variants, and the shipped files."""

import re
from importlib.resources import files

import pytest

from service.errors import CatalogError
from service.store import catalog
from service.store.catalog import (
    AUDIT_FRAME,
    DIALECTS,
    Query,
    all_query_files,
    get_audited_query,
    get_query,
    parse,
    return_columns,
    statements,
)

# --- parse, on texts written here ---------------------------------------------------------------


def test_header_and_parameters_are_read() -> None:
    query = parse(
        "get_thing",
        "// get_thing: one thing by id\n"
        "// params: $thing_id, $limit\n"
        "MATCH (t:Thing {id: $thing_id}) RETURN t LIMIT $limit\n",
    )

    assert query.name == "get_thing"
    assert query.summary == "get_thing: one thing by id"
    assert query.params == frozenset({"thing_id", "limit"})


def test_parameter_used_twice_is_declared_once() -> None:
    query = parse("q", "// q: x\n// params: $a\nMATCH (n {id: $a}) WHERE n.x <> $a RETURN n\n")

    assert query.params == frozenset({"a"})


def test_declared_but_unused_parameter_is_refused() -> None:
    with pytest.raises(CatalogError, match=r"declared parameters \['a', 'b'\] but uses \['a'\]"):
        parse("q", "// q: x\n// params: $a, $b\nMATCH (n {id: $a}) RETURN n\n")


def test_used_but_undeclared_parameter_is_refused() -> None:
    with pytest.raises(CatalogError, match=r"declared parameters \['a'\] but uses \['a', 'b'\]"):
        parse("q", "// q: x\n// params: $a\nMATCH (n {id: $a}) SET n.b = $b RETURN n\n")


def test_params_none_with_a_parameter_use_is_refused() -> None:
    with pytest.raises(CatalogError, match=r"uses \['x'\]"):
        parse("q", "// q: x\n// params: none\nMATCH (n {id: $x}) RETURN n\n")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("RETURN '$x' AS price\n", id="single-quoted-string"),
        pytest.param('RETURN "costs $x" AS price\n', id="double-quoted-string"),
        pytest.param("RETURN 'it''s $x' AS s, 'a\\'$y' AS t\n", id="escaped-quotes"),
        pytest.param("// $x is not needed here\nRETURN 1 AS one\n", id="comment-line"),
        pytest.param("RETURN 1 AS one // not $x\n", id="trailing-comment"),
    ],
)
def test_dollar_in_a_string_or_comment_is_not_a_parameter(body: str) -> None:
    query = parse("q", "// q: x\n// params: none\n" + body)

    assert query.params == frozenset()


def test_double_slash_inside_a_string_does_not_hide_parameters() -> None:
    query = parse("q", "// q: x\n// params: $b\nRETURN 'https://example.org' AS u, $b AS b\n")

    assert query.params == frozenset({"b"})


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("MATCH (n) RETURN n\n", id="no-comment-at-all"),
        pytest.param("", id="empty-file"),
    ],
)
def test_file_without_a_header_is_refused(text: str) -> None:
    with pytest.raises(CatalogError, match="has no header comment"):
        parse("q", text)


def test_header_without_a_params_line_is_refused() -> None:
    with pytest.raises(CatalogError, match=r"does not declare its parameters"):
        parse("q", "// q: everything\nMATCH (n) RETURN n\n")


@pytest.mark.parametrize(
    ("declaration", "item"),
    [
        pytest.param("a", "a", id="no-dollar"),
        pytest.param("$a, b", "b", id="second-without-dollar"),
        pytest.param("$a $b", "$a $b", id="no-comma"),
        pytest.param("$1a", "$1a", id="starts-with-digit"),
        pytest.param("$a,", "", id="trailing-comma"),
        pytest.param("$", "$", id="bare-dollar"),
        pytest.param("$a-b", "$a-b", id="dash"),
    ],
)
def test_malformed_parameter_declaration_is_refused(declaration: str, item: str) -> None:
    with pytest.raises(CatalogError, match=re.escape(f"malformed parameter {item!r}")):
        parse("q", f"// q: x\n// params: {declaration}\nRETURN $a AS a\n")


def test_empty_parameter_declaration_is_refused() -> None:
    # The message quotes the next line: the params pattern's `\s*` runs over the line break.
    with pytest.raises(CatalogError, match="malformed parameter"):
        parse("q", "// q: x\n// params:\nRETURN 1 AS one\n")


# --- Query.check --------------------------------------------------------------------------------

QUERY = parse("get_thing", "// get_thing: x\n// params: $a, $b\nRETURN $a AS a, $b AS b\n")


def test_call_with_the_declared_parameters_is_allowed() -> None:
    QUERY.check({"a": 1, "b": None})


def test_call_missing_a_parameter_is_refused_and_names_it() -> None:
    with pytest.raises(CatalogError, match=r"'get_thing'.*missing: \['b'\], unexpected: none"):
        QUERY.check({"a": 1})


def test_call_with_an_unexpected_parameter_is_refused_and_names_it() -> None:
    with pytest.raises(CatalogError, match=r"missing: none, unexpected: \['c'\]"):
        QUERY.check({"a": 1, "b": 2, "c": 3})


def test_call_with_both_wrong_names_them_all() -> None:
    with pytest.raises(CatalogError, match=r"missing: \['a', 'b'\], unexpected: \['x', 'y'\]"):
        QUERY.check({"y": 1, "x": 2})


def test_query_without_parameters_refuses_any() -> None:
    query = parse("count", "// count: x\n// params: none\nMATCH (n) RETURN count(n) AS n\n")

    query.check({})
    with pytest.raises(CatalogError, match=r"unexpected: \['limit'\]"):
        query.check({"limit": 5})


# --- get_query ----------------------------------------------------------------------------------


def test_unknown_query_name_is_refused() -> None:
    with pytest.raises(CatalogError, match="no query named 'get_unicorn'"):
        get_query("get_unicorn", "neo4j")


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "../cypher/get_child",
        "schema/../get_child",
        "/etc/passwd",
        "schema/",
        "a/b/c",
        "Get_Child",
        "get_child.cypher",
        "get-child",
        "get_child ",
        "",
    ],
)
def test_bad_query_names_are_refused(name: str) -> None:
    with pytest.raises(CatalogError, match="bad query name"):
        get_query(name, "neo4j")


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(CatalogError, match="unknown dialect 'memgraph'"):
        get_query("get_child", "memgraph")


def test_falkordb_variant_is_preferred_for_falkordb_and_the_plain_file_for_neo4j() -> None:
    falkordb = get_query("schema/list_indexes", "falkordb")
    neo4j = get_query("schema/list_indexes", "neo4j")

    assert falkordb.text == read("schema/list_indexes.falkordb.cypher")
    assert neo4j.text == read("schema/list_indexes.cypher")
    assert "db.indexes()" in falkordb.text
    assert "SHOW INDEXES" in neo4j.text
    assert falkordb.name == neo4j.name == "schema/list_indexes"


def test_query_without_a_variant_is_the_same_for_both_dialects() -> None:
    assert not files("cypher").joinpath("get_child.falkordb.cypher").is_file()

    assert get_query("get_child", "falkordb").text == get_query("get_child", "neo4j").text


# --- statements ---------------------------------------------------------------------------------


def test_statements_are_split_on_semicolons_without_comments() -> None:
    query = parse(
        "schema/x",
        "// x: a schema\n"
        "// params: none\n"
        "CREATE INDEX FOR (n:A) ON (n.id);\n"
        "// the next one is for lookups\n"
        "CREATE INDEX FOR (n:B) ON (n.id); // trailing remark\n"
        "\n",
    )

    assert statements(query) == [
        "CREATE INDEX FOR (n:A) ON (n.id)",
        "CREATE INDEX FOR (n:B) ON (n.id)",
    ]


def test_semicolon_in_a_comment_does_not_split_a_statement() -> None:
    query = parse("schema/x", "// x: a schema; idempotent\n// params: none\nCREATE INDEX a;\n")

    assert statements(query) == ["CREATE INDEX a"]


@pytest.mark.parametrize("name", ["schema/neo4j", "schema/falkordb"])
def test_schema_file_splits_into_one_statement_per_create_line(name: str) -> None:
    text = read(f"{name}.cypher")
    ddl_lines = [
        line.rstrip(";")
        for line in text.splitlines()
        if line.startswith(("CREATE INDEX", "CREATE CONSTRAINT"))
    ]

    found = statements(get_query(name, "neo4j"))
    ddl = [
        statement for statement in found if statement.startswith(("CREATE INDEX", "CREATE CONS"))
    ]

    assert ddl == ddl_lines
    assert len(found) - len(ddl) <= 1  # FalkorDB's relationship-type primer
    assert len(found) >= 10
    assert not any("//" in statement for statement in found)


# --- the real catalogue -------------------------------------------------------------------------

ALL_FILES = all_query_files()
VARIANTS = [path for path in ALL_FILES if path.endswith(".falkordb.cypher")]
PLAIN = [path for path in ALL_FILES if path not in VARIANTS]


def read(relative: str) -> str:
    return files("cypher").joinpath(relative).read_text(encoding="utf-8")


def query_name(path: str) -> str:
    return path.removesuffix(".cypher").removesuffix(".falkordb")


def header(text: str) -> list[str]:
    lines = text.splitlines()
    opening = []
    for line in lines:
        if not line.startswith("//"):
            break
        opening.append(line)
    return opening


def test_the_catalogue_is_found() -> None:
    assert "get_who_else.cypher" in ALL_FILES
    assert "schema/neo4j.cypher" in ALL_FILES
    assert "schema/list_indexes.falkordb.cypher" in VARIANTS
    assert not [path for path in ALL_FILES if not path.endswith(".cypher")]


@pytest.mark.parametrize("path", ALL_FILES)
def test_every_shipped_file_parses(path: str) -> None:
    text = read(path)

    query = parse(query_name(path), text)

    assert isinstance(query, Query)
    assert query.summary


@pytest.mark.parametrize("path", ALL_FILES)
def test_every_file_opens_with_a_header_holding_exactly_one_params_line(path: str) -> None:
    text = read(path)
    opening = header(text)
    params_lines = [line for line in text.splitlines() if re.match(r"//\s*params:", line)]

    assert opening, f"{path} does not open with // comment lines"
    assert len(params_lines) == 1, params_lines
    assert params_lines[0] in opening, f"{path}: the params line is not in the opening header"


@pytest.mark.parametrize(
    "path",
    ALL_FILES,
)
def test_every_header_opens_with_the_query_name(path: str) -> None:
    first = read(path).splitlines()[0]
    name = query_name(path)  # e.g. bulk/merge_children; its file stem alone is accepted too
    stem = name.rsplit("/", 1)[-1]

    assert re.match(rf"// ({re.escape(name)}|{re.escape(stem)}): \S", first), first


@pytest.mark.parametrize("path", PLAIN)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_query_loads_by_name_for_both_dialects(path: str, dialect: str) -> None:
    name = query_name(path)

    query = get_query(name, dialect)

    variant = f"{name}.{dialect}.cypher"
    assert query.text == read(variant if variant in ALL_FILES else path)


@pytest.mark.parametrize("path", VARIANTS)
def test_every_falkordb_variant_has_a_plain_sibling(path: str) -> None:
    assert f"{query_name(path)}.cypher" in PLAIN


@pytest.mark.parametrize("path", VARIANTS)
def test_every_falkordb_variant_says_why_it_differs(path: str) -> None:
    opening = header(read(path))
    reasons = [
        line
        for line in opening[1:]
        if not re.match(r"//\s*params:", line) and line.removeprefix("//").strip()
    ]

    assert reasons, f"{path}: the header needs a line saying why FalkorDB needs its own text"


@pytest.mark.parametrize("path", VARIANTS)
def test_every_falkordb_variant_declares_the_same_parameters_as_its_sibling(path: str) -> None:
    name = query_name(path)

    assert parse(name, read(path)).params == parse(name, read(f"{name}.cypher")).params


def test_every_relationship_type_in_a_query_is_primed_on_falkordb() -> None:
    """FalkorDB keeps returning [] from a comprehension planned before its relationship type
    existed; schema/falkordb.cypher creates every type once so that never happens."""
    pattern = re.compile(r"\[[a-z_0-9]*:([A-Z_|:]+)")
    used = {
        rel_type
        for path in ALL_FILES
        for match in pattern.finditer(read(path))
        for rel_type in match[1].replace(":", "").split("|")
        if rel_type
    }
    primer = statements(get_query("schema/falkordb", "falkordb"))[-1]
    primed = set(re.findall(r"\[:([A-Z_]+)\]", primer))

    assert used, "no relationship types found: the pattern no longer matches the queries"
    assert used <= primed, f"not primed: {sorted(used - primed)}"


INTEGER_INDEXED = {"seq"}
"""Indexed properties that hold integers: FalkorDB's range index bounds those correctly."""


def test_no_query_bounds_an_indexed_text_property_from_above() -> None:
    """FalkorDB 4.16's range index drops `n.p < $x` (and `<=`) when `p` is indexed and `$x` is
    text, and returns every row above the bound too (FalkorDB issue #2239). An optional bound,
    `($x IS NULL OR n.p < $x)`, is a filter the index never takes; tests/integration/
    test_audit_listing.py checks those at the millisecond."""
    schema = get_query("schema/falkordb", "falkordb").text
    indexed = set(re.findall(r"ON \(\w+\.(\w+)\)", schema)) - INTEGER_INDEXED
    props = "|".join(sorted(indexed))
    upper_bound = re.compile(rf"\b\w+\.(?:{props})\s*<=?\s*\$\w+|\$\w+\s*>=?\s*\w+\.(?:{props})\b")
    optional = re.compile(r"\(\$\w+ IS NULL OR [^()]*\)")
    found = {
        path: upper_bound.findall(optional.sub("", re.sub(r"//[^\n]*", "", read(path))))
        for path in ALL_FILES
    }

    assert {"at", "date_of_birth", "id"} <= indexed, "the schema's indexes were not read"
    assert not {path: hits for path, hits in found.items() if hits}


# --- audited writes: a write file inside the audit frame -----------------------------------------


def audited_names() -> list[str]:
    names = {
        path.removesuffix(".cypher").removesuffix(".falkordb")
        for path in all_query_files()
        if not path.startswith("schema/")
    }
    return sorted(name for name in names if get_query(name, "neo4j").audited)


def test_every_api_write_is_declared_audited() -> None:
    assert {
        "access/create_child", "access/update_child", "access/set_shielded",
        "access/accept_transfer", "access/create_agency", "access/create_practitioner",
        "link_carer", "merge_practitioner_involvement", "merge_agency_involvement",
        "update_involvement", "acknowledge_info", "move_child", "identity/decide_pair",
        "bulk/merge_children", "bulk/merge_practitioner_involvements",
    } <= set(audited_names())  # fmt: skip


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", audited_names())
def test_an_audited_write_is_the_write_inside_the_frame(name: str, dialect: str) -> None:
    write = get_query(name, dialect)
    composed = get_audited_query(name, dialect)

    assert composed.name == f"{name}+audit"
    assert composed.params == write.params | get_query(AUDIT_FRAME, dialect).params
    code = composed.text.split("\n// params:", 1)[1]
    assert "//" not in code.split("\n", 1)[1], "comments are stripped from the composed code"
    before, _, after = code.partition("CALL () {" if dialect == "neo4j" else "CALL {\n")
    assert "SET audit_head.lock = $audit_lock" in before, "the head is locked before the write"
    assert "CREATE (audit_event:AuditEvent)" in after
    assert after.rstrip().endswith("audit_state"), "the write's columns, then the audit state"
    body = [line for line in write.text.splitlines() if line and not line.startswith("//")]
    assert all(line.split("//")[0].rstrip() in composed.text for line in body)


def test_return_columns_are_named_or_refused() -> None:
    code = "MATCH (n) RETURN n {.id, x: [1, 2]} AS child, count(n) AS n, y"
    assert return_columns("q", code) == ["child", "n", "y"]
    assert return_columns("q", "RETURN DISTINCT a.id AS id") == ["id"]
    for code, problem in (
        ("MATCH (n) RETURN n.id", "name every returned column"),
        ("MATCH (n) RETURN n.id AS id ORDER BY id", "cannot page or sort"),
        ("MATCH (n) RETURN n.id AS id UNION MATCH (m) RETURN m.id AS id", "UNION"),
        ("MATCH (n) SET n.x = 1", "must end in a RETURN"),
    ):
        with pytest.raises(CatalogError, match=problem):
            return_columns("q", code)


def test_a_write_not_declared_audited_or_using_the_frames_names_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(CatalogError, match="audited: yes"):
        get_audited_query("merge_carer", "neo4j")
    texts = {
        "bad/clash": "// q: x\n// audited: yes\n// params: $id\n"
        "MATCH (audit_head {id: $id}) RETURN audit_head.id AS id\n",
    }
    original = catalog._read

    def read(relative: str) -> str | None:
        if not relative.startswith("bad/"):
            return original(relative)
        return texts.get(relative.removesuffix(".cypher").removesuffix(".neo4j"))

    monkeypatch.setattr(catalog, "_read", read)
    with pytest.raises(CatalogError, match="audit_ prefix"):
        catalog.get_audited_query.__wrapped__("bad/clash", "neo4j")
