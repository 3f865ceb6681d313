"""Checks on query and update text before any engine sees it: size, shape, reaching outside.

pyoxigraph's parser and evaluator recurse: a query nested a few thousand brackets deep, or a
chain of ~2,500 OPTIONALs or ~7,000 ``+``, kills the process that runs it (measured on
0.5.13). SERVICE would call other servers, LOAD would fetch, FROM and USING name graphs. So:
cap length, bracket nesting and the number of operators and clauses; refuse SERVICE and LOAD
always and updates sent as queries; let FROM / FROM NAMED / USING name only graphs already in
the store. Queries run in worker processes besides, so what slips through kills a worker,
never the server.

>>> check_query("SELECT * WHERE { ?s ?p ?o }", max_length=1000, max_depth=10, max_clauses=50)
>>> nesting_depth("SELECT * { { { ?s ?p ?o } } }")
3
>>> clause_count('SELECT * { ?s ?p ?o OPTIONAL { ?s ?q "a+b" } FILTER(?o + 1 > 2) }')
5
"""

from __future__ import annotations

import re

from kg.errors import QueryError

# strings, IRIs and comments, where brackets and keywords do not count
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
# a keyword, not a variable (?add), a prefixed name (ex:copy) or a prefix (insert:)
_WORD = r"(?<![\w?$:-])({})(?![\w:-])"
_UPDATE = re.compile(_WORD.format("INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD|LOAD|WITH"),
                     re.IGNORECASE)
_OUTSIDE = re.compile(_WORD.format("SERVICE|LOAD"), re.IGNORECASE)
_CLAUSE = re.compile(_WORD.format("OPTIONAL|MINUS|UNION|BIND|FILTER|GRAPH|VALUES|EXISTS")
                     + r"|\|\||&&|!=|<=|>=|[!=<>+*/-]", re.IGNORECASE)
_DATASET = re.compile(r"\b(?:FROM|USING)\s+(?:NAMED\s+)?<([^>]*)>", re.IGNORECASE)


def _blank_opaque(text: str) -> str:
    """The text with strings, IRIs and comments replaced by spaces (same length)."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), text)


def _blank_all_but_iris(text: str) -> str:
    return _OPAQUE.sub(lambda m: m.group() if m.group().startswith("<") else
                       " " * len(m.group()), text)


def nesting_depth(text: str) -> int:
    """Deepest nesting of ``{ ( [`` outside strings, IRIs and comments."""
    depth = deepest = 0
    for ch in _blank_opaque(text):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(0, depth - 1)
    return deepest


def clause_count(text: str) -> int:
    """Operators and group clauses outside strings, IRIs and comments."""
    return len(_CLAUSE.findall(_blank_opaque(text)))


def _check_shape(text: str, *, max_length: int, max_depth: int, max_clauses: int) -> str:
    if len(text) > max_length:
        raise QueryError(f"the text is {len(text)} characters; the limit is {max_length}",
                         status=413)
    depth = nesting_depth(text)
    if depth > max_depth:
        raise QueryError(f"the text nests {depth} levels deep; the limit is {max_depth}")
    clauses = clause_count(text)
    if clauses > max_clauses:
        raise QueryError(f"the text has {clauses} operators and clauses; the limit is "
                         f"{max_clauses} (split the query)")
    blank = _blank_opaque(text)
    match = _OUTSIDE.search(blank)
    if match and match.group(1).upper() == "SERVICE":
        raise QueryError("SERVICE is refused: this endpoint never queries other services",
                         status=403)
    if match:
        raise QueryError("LOAD is refused: this endpoint never fetches data", status=403)
    return blank


def check_query(text: str, *, max_length: int, max_depth: int, max_clauses: int) -> None:
    """Raise QueryError (400/403/413) for a query that must not reach the engine."""
    blank = _check_shape(text, max_length=max_length, max_depth=max_depth,
                         max_clauses=max_clauses)
    match = _UPDATE.search(blank)
    if match:
        raise QueryError(f"{match.group(1).upper()} is SPARQL Update, refused as a query: this "
                         "endpoint is read-only unless an admin token is set, and updates go "
                         "in update= or an application/sparql-update body", status=403)


def check_update(text: str, *, max_length: int, max_depth: int, max_clauses: int) -> None:
    """Raise QueryError for an update that must not reach the engine (SERVICE, LOAD, size)."""
    _check_shape(text, max_length=max_length, max_depth=max_depth, max_clauses=max_clauses)


def dataset_graphs(text: str) -> list[str]:
    """IRIs named in FROM, FROM NAMED, USING and USING NAMED clauses."""
    return _DATASET.findall(_blank_all_but_iris(text))


def check_graphs(iris: list[str], known: set[str]) -> None:
    unknown = [iri for iri in iris if iri not in known]
    if unknown:
        raise QueryError(f"graph <{unknown[0]}> is not in this dataset: FROM, FROM NAMED and "
                         "USING name graphs of the store only (nothing is ever fetched)",
                         status=400)
