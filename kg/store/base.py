"""What every store backend offers: reading, answering protocol requests with a time limit,
publishing graphs atomically, and the build record.

The endpoint, the service description, pages and canned queries use only this interface;
none of them knows which backend serves them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import Graph

from kg.store.answers import (
    JSON_RESULTS,
    NTRIPLES,
    Answer,
    QueryRequest,
    boolean_from_json,
    rows_from_json,
)
from kg.store.location import Location

UNLIMITED = 10 ** 9      # rows a page or canned query may read (its time limit still holds)


@runtime_checkable
class Store(Protocol):
    """A quad store. The default graph, as queries see it, is the union of named graphs."""

    location: Location

    # -- reading ---------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    def __len__(self) -> int:
        """Number of quads."""

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """SELECT rows as dicts of rdflib terms (unbound variables are absent)."""

    def ask(self, sparql: str) -> bool:
        """ASK answer."""

    def construct(self, sparql: str) -> Graph:
        """CONSTRUCT/DESCRIBE answer as an rdflib graph."""

    def dump(self, format: str, *, graph: str | None = None) -> bytes:
        """Serialise the whole dataset (or one graph) in ``format``."""

    def build_info(self) -> dict[str, str] | None:
        """The record of the last build (``build_id``, ``built_at``) kept in the store."""

    # -- the protocol ----------------------------------------------------------------------
    def serve(self, *, workers: int, timeout: float, limit: int,
              in_memory: bool = True) -> None:
        """From now on answer with ``timeout`` seconds per query and ``limit`` rows
        (``in_memory``: an embedded store's workers answer from a copy in memory)."""

    def answer(self, request: QueryRequest, *, limit: int | None = None) -> Answer:
        """Answer a protocol request in its negotiated format, cut to the row limit."""

    def update(self, text: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update (the endpoint allows it only with the admin token)."""

    def status(self) -> dict[str, int]:
        """Counters for /metrics and /healthz: workers, busy, timeouts, crashes."""

    def refresh(self) -> bool:
        """Follow a build published since the store was opened (all workers at once); True
        when the answers may have changed."""

    # -- writing ---------------------------------------------------------------------------
    def publication(self, *, fresh: bool = False):
        """A context manager whose ``put(name, ntriples)``/``remove(name)`` write the next
        state, published whole when the block ends without an error."""

    def publish(self, graphs: Mapping[str, bytes], *, remove: tuple[str, ...] = (),
                fresh: bool = False) -> None:
        """Replace each named graph by its N-Triples in ``graphs``, drop those in ``remove``
        (``fresh``: drop every other graph too), so that a reader sees the old state or the
        new one, never half a graph."""

    def replace_graph(self, name: str, graph: Graph) -> None:
        """Make the named graph ``name`` hold exactly the triples of ``graph``."""

    def remove_graph(self, name: str) -> None:
        """Drop a named graph (no error when absent)."""

    def load(self, data: bytes | Path, *, format: str, graph: str | None = None) -> None:
        """Add RDF in any format of ``kg.formats`` (quads keep their graphs), from bytes or
        a file (read as a stream)."""

    def flush(self) -> None:
        """Make writes durable."""

    def close(self) -> None:
        """Release the store (and stop its workers)."""


class Publishing:
    """``publish`` on top of ``publication`` (the build record goes last)."""

    def publication(self, *, fresh: bool = False):
        raise NotImplementedError

    def publish(self, graphs: Mapping[str, bytes], *, remove: tuple[str, ...] = (),
                fresh: bool = False) -> None:
        from kg.store.record import BUILD_GRAPH

        with self.publication(fresh=fresh) as publication:
            for name in remove:
                publication.remove(name)
            for name in sorted(graphs, key=lambda g: g == BUILD_GRAPH):   # the record last
                publication.put(name, graphs[name])


class AnswersThroughProtocol:
    """``select``/``ask``/``construct`` on top of ``answer``: pages and canned queries get the
    same time limit as /sparql."""

    def answer(self, request: QueryRequest, *, limit: int | None = None) -> Answer:
        raise NotImplementedError

    def select(self, sparql: str) -> list[dict[str, Any]]:
        return rows_from_json(self.answer(QueryRequest(sparql), limit=UNLIMITED).body)

    def ask(self, sparql: str) -> bool:
        return boolean_from_json(self.answer(QueryRequest(sparql, results_type=JSON_RESULTS)
                                             ).body)

    def construct(self, sparql: str) -> Graph:
        body = self.answer(QueryRequest(sparql, rdf_type=NTRIPLES), limit=UNLIMITED).body
        return Graph().parse(data=body, format="nt")

    def serialize_query(self, sparql: str, format: str, *,
                        default_graphs: list[str] | None = None,
                        named_graphs: list[str] | None = None) -> bytes:
        """Run a query and serialise its answer in ``format`` (a kg.formats name)."""
        from kg.formats import format_by_name

        results, rdf = _media(format)
        request = QueryRequest(sparql, results_type=results or JSON_RESULTS,
                               rdf_type=rdf or "text/turtle", default_graphs=default_graphs,
                               named_graphs=named_graphs)
        answer = self.answer(request, limit=UNLIMITED)
        wanted = "rdf" if answer.kind == "rdf" else "results"
        format_by_name(format, wanted)         # a format that does not fit: KeyError
        return answer.body


def _media(name: str) -> tuple[str | None, str | None]:
    from kg.formats import format_by_name

    found = []
    for kind in ("results", "rdf"):
        try:
            found.append(format_by_name(name, kind).media_type)
        except KeyError:
            found.append(None)
    return found[0], found[1]
