"""Checks on query and update text before any engine sees it: size, shape, reaching outside.

pyoxigraph's parser and evaluator recurse: a query nested a few thousand brackets deep, or a
chain of ~2,500 OPTIONALs or ~7,000 ``+``, kills the process that runs it (measured on
0.5.13). SERVICE would call other servers, LOAD would fetch, FROM and USING name graphs. So:
cap length, bracket nesting and the number of operators and clauses; refuse SERVICE and LOAD
always and updates sent as queries; let FROM / FROM NAMED / USING name only graphs already in
the store.

The text is read as the SPARQL 1.1 grammar's terminals (``kg.sparql_tokens``), so keywords
and brackets inside IRIs, strings of the four forms, comments, variables and prefixed names
(escapes included: ``ex:a\\#`` is a name, not a comment) never count, and hidden ones always
do. This is the first wall: query and update workers cannot open a network connection at all
(``kg.sandbox``), and a query that slips through the shape limits kills a worker, never the
server. See docs/security.md.

>>> check_query("SELECT * WHERE { ?s ?p ?o }", max_length=1000, max_depth=10, max_clauses=50)
>>> nesting_depth("SELECT * { { { ?s ?p ?o } } }")
3
>>> clause_count('SELECT * { ?s ?p ?o OPTIONAL { ?s ?q "a+b" } FILTER(?o + 1 > 2) }')
5
"""

from __future__ import annotations

from kg.errors import QueryError
from kg.sparql_tokens import (
    OUTSIDE,
    UPDATE,
    Token,
    code,
    iri_value,
    keywords,
    prefixes_declared,
    tokens,
)

CLAUSES = frozenset({"OPTIONAL", "MINUS", "UNION", "BIND", "FILTER", "GRAPH", "VALUES",
                     "EXISTS"})
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def nesting_depth(text: str) -> int:
    """Deepest nesting of ``{ ( [`` outside strings, IRIs and comments."""
    return _depth(tokens(text))


def _depth(items: list[Token]) -> int:
    depth = deepest = 0
    for token in items:
        if token.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "close":
            depth = max(0, depth - 1)
    return deepest


def clause_count(text: str) -> int:
    """Operators and group clauses outside strings, IRIs and comments."""
    return _clauses(tokens(text))


def _clauses(items: list[Token]) -> int:
    return sum(1 for t in items if t.kind == "op" and t.text != "^^"
               or t.kind == "word" and t.text.upper() in CLAUSES)


def _check_shape(text: str, *, max_length: int, max_depth: int,
                 max_clauses: int) -> list[str]:
    """The text's keywords, once its size, nesting, clauses and reach are within bounds."""
    if len(text) > max_length:
        raise QueryError(f"the text is {len(text)} characters; the limit is {max_length}",
                         status=413)
    items = tokens(text)
    depth = _depth(items)
    if depth > max_depth:
        raise QueryError(f"the text nests {depth} levels deep; the limit is {max_depth}")
    clauses = _clauses(items)
    if clauses > max_clauses:
        raise QueryError(f"the text has {clauses} operators and clauses; the limit is "
                         f"{max_clauses} (split the query)")
    words = keywords(items)
    outside = next((w for w in words if w in OUTSIDE), None)
    if outside == "SERVICE":
        raise QueryError("SERVICE is refused: this endpoint never queries other services",
                         status=403)
    if outside:
        raise QueryError("LOAD is refused: this endpoint never fetches data", status=403)
    return words


def check_query(text: str, *, max_length: int, max_depth: int, max_clauses: int) -> None:
    """Raise QueryError (400/403/413) for a query that must not reach the engine."""
    words = _check_shape(text, max_length=max_length, max_depth=max_depth,
                         max_clauses=max_clauses)
    update = next((w for w in words if w in UPDATE), None)
    if update:
        raise QueryError(f"{update} is SPARQL Update, refused as a query: this endpoint is "
                         "read-only unless an admin token is set, and updates go in update= "
                         "or an application/sparql-update body", status=403)


def check_update(text: str, *, max_length: int, max_depth: int, max_clauses: int) -> None:
    """Raise QueryError for an update that must not reach the engine (SERVICE, LOAD, size)."""
    _check_shape(text, max_length=max_length, max_depth=max_depth, max_clauses=max_clauses)


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (the first one used; else SELECT)."""
    return next((w for w in keywords(tokens(text)) if w in FORMS), "SELECT")


def dataset_graphs(text: str) -> list[str]:
    """IRIs named in FROM, FROM NAMED, USING and USING NAMED clauses (prefixed names
    expanded)."""
    items = code(tokens(text))
    prefixes = prefixes_declared(items)
    found = []
    for n, token in enumerate(items):
        if token.kind != "word" or token.text.upper() not in ("FROM", "USING"):
            continue
        following = items[n + 1:n + 3]
        if following and following[0].kind == "word" and following[0].text.upper() == "NAMED":
            following = following[1:]
        if following and following[0].kind in ("iri", "pname"):
            found.append(iri_value(following[0], prefixes))
    return found


def check_graphs(iris: list[str], known: set[str]) -> None:
    unknown = [iri for iri in iris if iri not in known]
    if unknown:
        raise QueryError(f"graph <{unknown[0]}> is not in this dataset: FROM, FROM NAMED and "
                         "USING name graphs of the store only (nothing is ever fetched)",
                         status=400)
