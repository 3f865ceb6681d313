"""Protocol answers, whatever backend made them: a request, its answer as bytes in the
negotiated format, and the cut to the row limit (never silent: ``truncated`` says so).

Every backend answers a :class:`QueryRequest` with an :class:`Answer`; the endpoint only
ever sees these two, never the backend.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.errors import QueryError

JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


@dataclass(frozen=True, slots=True)
class QueryRequest:
    query: str
    results_type: str = JSON_RESULTS        # media type for SELECT and ASK answers
    rdf_type: str = "text/turtle"           # media type for CONSTRUCT and DESCRIBE answers
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    base_iri: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Answer:
    body: bytes
    kind: str            # "results" | "boolean" | "rdf"
    truncated: bool
    rows: int


class QueryTimeout(QueryError):
    def __init__(self, seconds: float, what: str = "query") -> None:
        super().__init__(f"the {what} ran past the time limit of {seconds:g} s and was stopped",
                         status=503)


def syntax_error(message: str, what: str = "query") -> QueryError:
    """A QueryError with the line and column of a parser message ("error at 2:9")."""
    match = re.search(r"(\d+):(\d+)", message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    return QueryError(f"{what} syntax error: {message}", line=line, column=column)


def truncate_results(body: bytes, media_type: str, limit: int) -> tuple[int, bytes, bool]:
    """Cut serialised SELECT results to ``limit`` rows, saying so in JSON.

    A quick count on the bytes decides first (every JSON row holds a ``{``, every XML row a
    ``<result>``, every TSV/CSV row ends a line), so answers within the limit are not parsed.
    Returns (rows, body, truncated); rows is -1 when an exact count was not needed.

    >>> truncate_results(b"?x\\n1\\n2\\n3\\n", "text/tab-separated-values", 2)
    (2, b'?x\\n1\\n2\\n', True)
    """
    if media_type.endswith("json"):
        if body.count(b"{") - 3 <= limit:
            return -1, body, False
        data = json.loads(body)
        bindings = data["results"]["bindings"]
        if len(bindings) <= limit:
            return len(bindings), body, False
        data["results"]["bindings"] = bindings[:limit]
        data["seckg"] = {"truncated": True, "limit": limit}
        return limit, json.dumps(data, ensure_ascii=False).encode(), True
    if media_type.endswith("xml"):
        count = body.count(b"<result>")
        if count <= limit:
            return count, body, False
        cut = 0
        for _ in range(limit):
            cut = body.index(b"</result>", cut) + len(b"</result>")
        return limit, body[:cut] + b"</results></sparql>", True
    if body.count(b"\n") - 1 <= limit:
        return -1, body, False
    if media_type == "text/tab-separated-values":   # TSV escapes newlines: a row per line
        lines = body.split(b"\n")
        return limit, b"\n".join(lines[:limit + 1]) + b"\n", True
    import csv  # CSV may quote newlines inside a field
    import io

    records = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    if len(records) - 1 <= limit:
        return len(records) - 1, body, False
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records[:limit + 1])
    return limit, out.getvalue().encode("utf-8"), True


def results_answer(body: bytes, media_type: str, limit: int) -> Answer:
    """A SELECT or ASK answer serialised in ``media_type``, cut to ``limit`` rows."""
    if _is_boolean(body, media_type):
        return Answer(body, "boolean", False, 1)
    rows, body, truncated = truncate_results(body, media_type, limit)
    return Answer(body, "results", truncated, rows)


def _is_boolean(body: bytes, media_type: str) -> bool:
    head = body[:400]
    if media_type.endswith("json"):
        return b'"boolean"' in head
    if media_type.endswith("xml"):
        return b"<boolean>" in head
    return body.strip() in (b"true", b"false")


def triples_answer(ntriples: bytes, media_type: str, limit: int,
                   prefixes: dict[str, str] | None = None) -> Answer:
    """CONSTRUCT/DESCRIBE from N-Triples (one triple per line): cut to ``limit`` triples,
    then serialised natively in ``media_type`` through a scratch store, with the query's
    prefixes."""
    count = ntriples.count(b"\n")
    truncated = count > limit
    if truncated:
        cut = 0
        for _ in range(limit):
            cut = ntriples.index(b"\n", cut) + 1
        ntriples, count = ntriples[:cut], limit
    target = ox.RdfFormat.from_media_type(media_type)
    if target == ox.RdfFormat.N_TRIPLES:
        return Answer(ntriples, "rdf", truncated, count)
    scratch = ox.Store()
    scratch.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    kwargs: dict[str, Any] = {} if target.supports_datasets else {"from_graph": ox.DefaultGraph()}
    try:
        body = scratch.dump(format=target, prefixes=prefixes or {}, **kwargs)
    except (ValueError, SyntaxError):   # a prefix the serialiser refuses: write without
        body = scratch.dump(format=target, **kwargs)
    return Answer(body, "rdf", truncated, count)


# -- reading answers back as rdflib terms (pages and canned queries) --------------------------
def term_from_json(cell: dict) -> Any:
    """An rdflib term from one SPARQL JSON results binding."""
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    datatype = cell.get("datatype")
    return Literal(value, datatype=URIRef(datatype) if datatype else None)


def rows_from_json(body: bytes) -> list[dict[str, Any]]:
    """SELECT rows from SPARQL JSON results, as dicts of rdflib terms (unbound absent)."""
    data = json.loads(body)
    if "boolean" in data:
        raise QueryError("expected a SELECT query")
    return [{name: term_from_json(cell) for name, cell in row.items()}
            for row in data["results"]["bindings"]]


def boolean_from_json(body: bytes) -> bool:
    data = json.loads(body)
    if "boolean" not in data:
        raise QueryError("expected an ASK query")
    return bool(data["boolean"])
