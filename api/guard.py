"""Checks on query text before any engine sees it: size, nesting, and reaching outside.

pyoxigraph aborts the whole process on a query nested a few thousand levels deep and calls
out for SERVICE; rdflib reads files and URLs through FROM. So: cap length and nesting, refuse
SERVICE, LOAD and updates, and let FROM / FROM NAMED name only graphs already in the store.

>>> check_query("SELECT * WHERE { ?s ?p ?o }", max_length=1000, max_depth=10)
>>> nesting_depth("SELECT * { { { ?s ?p ?o } } }")
3
"""

from __future__ import annotations

import re

from kg.errors import QueryError

# strings, IRIs and comments, where brackets and keywords do not count
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_KEYWORD = re.compile(r"\b(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD)\b",
                      re.IGNORECASE)
_FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?<([^>]*)>", re.IGNORECASE)


def _blank_opaque(text: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces (same length)."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), text)


def nesting_depth(text: str) -> int:
    depth = deepest = 0
    for ch in _blank_opaque(text):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(0, depth - 1)
    return deepest


def check_query(text: str, *, max_length: int, max_depth: int) -> None:
    """Raise QueryError (400/403) for a query that must not reach the engine."""
    if len(text) > max_length:
        raise QueryError(f"query is {len(text)} characters; the limit is {max_length}",
                         status=413)
    depth = nesting_depth(text)
    if depth > max_depth:
        raise QueryError(f"query nests {depth} levels deep; the limit is {max_depth}")
    match = _KEYWORD.search(_blank_opaque(text))
    if match:
        word = match.group(1).upper()
        if word == "SERVICE":
            raise QueryError("SERVICE is refused: this endpoint never queries other services",
                             status=403)
        raise QueryError(f"{word} is an update: this endpoint is read-only", status=403)


def from_graphs(text: str) -> list[str]:
    """IRIs named in FROM / FROM NAMED clauses."""
    return _FROM.findall(_OPAQUE.sub(lambda m: m.group() if m.group().startswith("<") else
                                     " " * len(m.group()), text))


def check_graphs(iris: list[str], known: set[str]) -> None:
    unknown = [iri for iri in iris if iri not in known]
    if unknown:
        raise QueryError(f"graph {unknown[0]!r} is not in this dataset (FROM and "
                         "default-graph-uri/named-graph-uri name graphs of the store only)",
                         status=400)
