"""`seckg query`: one SPARQL query in, its answer in a format that fits the query out.

Before the store sees the text: the query form is read (SELECT and ASK give results,
CONSTRUCT and DESCRIBE give RDF) and ``--format`` is checked against it; SERVICE and LOAD
are refused (nothing is fetched) and SPARQL Update is sent where it belongs; the model's
prefixes (``seckg:``, ``org:``, ``schema:``, ...) are declared unless the query declares
them. Parser errors become one line naming line, column and the likely fix.

The HTTP endpoint refuses the same things with its own guard (``api.guard``); ``kg`` never
imports ``api``, so the few patterns needed here are kept here.

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

from kg.errors import ConfigError, QueryError
from kg.formats import names
from kg.namespaces import PREFIXES

# strings, IRIs and comments, where keywords do not count (the same lexis as api.guard)
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
# a keyword, not a variable (?add), a prefixed name (ex:copy) or a prefix (insert:)
_WORD = r"(?<![\w?$:-])({})(?![\w:-])"
_UPDATES = ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "LOAD", "WITH")
_FORM = re.compile(_WORD.format("|".join(("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", *_UPDATES))),
                   re.IGNORECASE)
_SERVICE = re.compile(_WORD.format("SERVICE"), re.IGNORECASE)
_DECLARED = re.compile(r"\bPREFIX\s+([^\s:]*):", re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w?$.:<-])([^\W\d_][\w.-]*)?:")
_AT = re.compile(r"error at (\d+):(\d+): ")

KINDS = {"SELECT": "results", "ASK": "results", "CONSTRUCT": "rdf", "DESCRIBE": "rdf"}
CHOICES = {"results": ["table", *names("results")], "rdf": names("rdf")}
DEFAULTS = {"results": "table", "rdf": "turtle"}
MAX_CELL = 80       # table cells are clipped; csv, tsv and json carry whole values


def _blank(text: str) -> str:
    """The text with strings, IRIs and comments replaced by spaces (same length, same lines)."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; raise QueryError for anything else."""
    blank = _blank(text)
    if _SERVICE.search(blank):
        raise QueryError("SERVICE is refused: seckg never queries other services (the HTTP "
                         "endpoint refuses it too); query the local store only")
    match = _FORM.search(blank)
    if match is None:
        raise QueryError("not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    form = match.group(1).upper()
    if form == "LOAD":
        raise QueryError("LOAD is refused: seckg never fetches data; download the file and "
                         "run 'seckg load FILE'")
    if form in _UPDATES:
        raise QueryError(f"{form} is SPARQL Update and 'seckg query' only reads: load RDF "
                         "files with 'seckg load FILE', or send updates to /sparql of a "
                         "server started with 'seckg serve --admin-token TOKEN'")
    return form


def check_prefixes(text: str) -> None:
    """Raise QueryError naming line, column and the fix for the first prefixed name whose
    prefix neither the query nor the model declares."""
    known = declared_prefixes(text) | set(PREFIXES)
    for number, line in enumerate(_blank(text).split("\n"), start=1):
        for match in _PREFIXED.finditer(line):
            name = match.group(1) or ""
            if name not in known:
                raise QueryError(_unknown_prefix(name, number, match.start() + 1))


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


def declared_prefixes(text: str) -> set[str]:
    return set(_DECLARED.findall(_blank(text)))


def with_model_prefixes(text: str) -> str:
    """The query with the model's prefixes declared on one line before it (the query's own
    declarations come later and win)."""
    mine = declared_prefixes(text)
    decls = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in mine)
    return f"{decls}\n{text}"


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
        hits = [m for m in _PREFIXED.finditer(_blank(source)) if m.start() < column - 1]
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
    """The answer of ``text`` from ``store`` in ``fmt`` (default: table or Turtle)."""
    form = query_form(text)
    chosen = output_format(form, fmt)
    check_prefixes(text)
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
