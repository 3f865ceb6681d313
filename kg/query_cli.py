"""`seckg query`: one SPARQL query in, its answer in a format that fits the query out.

Before the store sees the text: the query form is read (SELECT and ASK give results,
CONSTRUCT and DESCRIBE give RDF) and ``--format`` is checked against it; SERVICE and LOAD
are refused (nothing is fetched) and SPARQL Update is sent where it belongs; the model's
prefixes (``seckg:``, ``org:``, ``schema:``, ...) are declared unless the query declares
them. Parser errors become one line naming line, column and the likely fix.

The text is read as SPARQL terminals by ``kg.sparql_tokens``, the lexer the HTTP endpoint's
guard uses too, so a keyword in a string, IRI or comment never counts. The guard itself
(``api.guard``: size and clause limits, FROM graphs) is the endpoint's; ``kg`` never imports
``api``, so here only what a local, read-only run needs is checked: reach, form, nesting.

>>> query_form("PREFIX s: <http://x/> # SELECT\\nCONSTRUCT { ?a s:b ?c } WHERE { ?a s:b ?c }")
'CONSTRUCT'
>>> output_format("CONSTRUCT", None)
'turtle'
>>> output_format("SELECT", "turtle")
Traceback (most recent call last):
...
kg.errors.ConfigError: --format turtle does not fit a SELECT query: use one of table, json, xml, csv, tsv
"""

from __future__ import annotations

import json
import re

from kg.config import Settings
from kg.errors import ConfigError, QueryError
from kg.formats import names
from kg.namespaces import PREFIXES
from kg.sparql_tokens import (
    UPDATE,
    Token,
    code,
    keywords,
    prefixes_declared,
    reaches_outside,
    tokens,
)

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_AT = re.compile(r"error at (\d+):(\d+): ")
_PREFIXED = re.compile(r"(?<![\w?$.:<-])([^\W\d_][\w.-]*)?:")    # in a parser message's line

KINDS = {"SELECT": "results", "ASK": "results", "CONSTRUCT": "rdf", "DESCRIBE": "rdf"}
CHOICES = {"results": ["table", *names("results")], "rdf": names("rdf")}
DEFAULTS = {"results": "table", "rdf": "turtle"}
MAX_CELL = 80       # table cells are clipped; csv, tsv and json carry whole values


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raise QueryError for anything else."""
    items = code(tokens(text))
    outside = reaches_outside(text)
    if outside == "SERVICE":
        raise QueryError("SERVICE is refused: seckg never queries other services (the HTTP "
                         "endpoint refuses it too); query the local store only")
    if outside == "LOAD":
        raise QueryError("LOAD is refused: seckg never fetches data; download the file and "
                         "run 'seckg load FILE'")
    form = next((w for w in keywords(items) if w in FORMS or w in UPDATE), None)
    if form is None:
        raise QueryError("not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    if form in UPDATE:
        raise QueryError(f"{form} is SPARQL Update and 'seckg query' only reads: load RDF "
                         "files with 'seckg load FILE', or send updates to /sparql of a "
                         "server started with 'seckg serve --admin-token TOKEN'")
    return form


def check_query(text: str, settings: Settings) -> str:
    """The query form, once reach, form, nesting and prefixes are fine (QueryError if not)."""
    form = query_form(text)
    items = code(tokens(text))
    depth = deepest = 0
    for token in items:
        depth = max(0, depth + (token.kind == "open") - (token.kind == "close"))
        deepest = max(deepest, depth)
    if deepest > settings.max_query_depth:
        raise QueryError(f"the query nests {deepest} levels deep; the limit is "
                         f"{settings.max_query_depth} (the engine would crash)")
    check_prefixes(text, items)
    return form


def declared_prefixes(text: str) -> set[str]:
    return set(prefixes_declared(code(tokens(text))))


def with_model_prefixes(text: str) -> str:
    """The query with the model's prefixes declared on one line before it (the query's own
    declarations come later and win)."""
    mine = declared_prefixes(text)
    decls = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in mine)
    return f"{decls}\n{text}"


def check_prefixes(text: str, items: list[Token] | None = None) -> None:
    """Raise QueryError naming line, column and the fix for the first prefixed name whose
    prefix neither the query nor the model declares."""
    items = code(tokens(text)) if items is None else items
    known = set(prefixes_declared(items)) | set(PREFIXES)
    for before, token in zip([None, *items], items, strict=False):
        if token.kind != "pname" or token.text.partition(":")[0] in known:
            continue
        if before is not None and before.text == "<" and before.start + 1 == token.start:
            continue                    # a broken IRI (<http://a b>): the parser names it
        line = text.count("\n", 0, token.start) + 1
        column = token.start - (text.rfind("\n", 0, token.start) + 1) + 1
        raise QueryError(_unknown_prefix(token.text.partition(":")[0], line, column))


def _unknown_prefix(name: str, line: int, column: int) -> str:
    return (f"SPARQL syntax error at line {line}, column {column}: unknown prefix {name}: "
            f"(declare it with 'PREFIX {name}: <IRI>'; declared for you: "
            f"{', '.join(p + ':' for p in PREFIXES)})")


def output_format(form: str, fmt: str | None) -> str:
    """The --format to use: the default for the query form, or ``fmt`` if it fits."""
    kind = KINDS[form]
    if fmt is None:
        return DEFAULTS[kind]
    if fmt not in CHOICES[kind]:
        raise ConfigError(f"--format {fmt} does not fit a {form} query: use one of "
                          f"{', '.join(CHOICES[kind])}")
    return fmt


def explain_syntax_error(text: str, message: str) -> str:
    """One line for a parser message of the query ``text`` (as the user wrote it; the
    parser saw one more line, the model's prefixes, in front)."""
    found = _AT.search(message)
    if found is None:
        return f"SPARQL syntax error: {message.splitlines()[0]}"
    line, column = int(found.group(1)) - 1, int(found.group(2))
    expected = message[found.end():].removeprefix("expected ").removeprefix("one of ")
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in expected:
        hits = [m for m in _PREFIXED.finditer(source) if m.start() < column - 1]
        if hits:
            return _unknown_prefix(hits[-1].group(1) or "", line, hits[-1].start() + 1)
    where = f"SPARQL syntax error at line {line}, column {column}"
    rest, before = source[max(column - 1, 0):].strip(), source[:max(column - 1, 0)].strip()
    near = f" near {rest[:30]!r}" if rest else f" after {before[-30:]!r}" if before else ""
    reasons = [w for w in _items(expected) if " " in w and w[:1].isupper()]
    if "IRI parsing failed" in reasons:
        return f"{where}: invalid IRI{near}"
    if reasons:
        return f"{where}: {reasons[0][0].lower()}{reasons[0][1:]}{near}"
    tokens = [w for w in _items(expected) if not w.startswith("[")]
    shown = ", ".join(tokens[:8]) + (", ..." if len(tokens) > 8 else "")
    return f"{where}: unexpected text{near}" + (f"; expected one of {shown}" if shown else "")


def _items(expected: str) -> list[str]:
    """The alternatives of an oxigraph 'expected one of' list (character classes kept whole)."""
    items, depth, current = [], 0, ""
    for ch in expected.replace("\n", " "):
        depth += (ch == "[") - (ch == "]")
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    items.append(current.strip())
    return [i for i in items if i and i != "[_]"]


def run_query(store, text: str, fmt: str | None) -> bytes:
    """The answer of ``text`` from ``store`` in ``fmt`` (default: table or Turtle); check
    the text with ``check_query`` first."""
    form = query_form(text)
    chosen = output_format(form, fmt)
    full = with_model_prefixes(text)
    try:
        if chosen == "table":
            return _table(json.loads(store.serialize_query(full, "json"))).encode("utf-8")
        if chosen == "turtle":
            return _turtle(store.construct(full), text)
        return store.serialize_query(full, chosen)
    except QueryError as exc:
        cause = exc.__cause__
        if isinstance(cause, SyntaxError):
            raise QueryError(explain_syntax_error(text, str(cause))) from None
        raise


def _turtle(graph, text: str) -> bytes:
    """Turtle with the model's prefixes and the query's own."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    for match in re.finditer(r"\bPREFIX\s+([A-Za-z][\w.-]*):\s*<([^<>\s]*)>", text, re.I):
        graph.bind(match.group(1), match.group(2), replace=True)
    return graph.serialize(format="turtle", encoding="utf-8")


def _table(data: dict) -> str:
    if "boolean" in data:
        return "true\n" if data["boolean"] else "false\n"
    names_ = data["head"]["vars"]
    rows = [[_cell(b.get(n)) for n in names_] for b in data["results"]["bindings"]]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names_)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names_), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"


def _cell(binding: dict | None) -> str:
    if binding is None:
        return ""
    value = " ".join(binding["value"].split())
    if len(value) > MAX_CELL:
        value = value[:MAX_CELL - 1] + "…"
    if binding["type"] == "uri":
        return f"<{value}>"
    if "xml:lang" in binding:
        return f"{value}@{binding['xml:lang']}"
    return value
