"""What every store backend offers: open, replace a named graph, query, dump."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from rdflib import Graph


@runtime_checkable
class Store(Protocol):
    """A quad store. The default graph, as queries see it, is the union of named graphs."""

    location: str

    def replace_graph(self, name: str, graph: Graph) -> None:
        """Make the named graph ``name`` hold exactly the triples of ``graph``."""

    def remove_graph(self, name: str) -> None:
        """Drop a named graph (no error when absent)."""

    def load(self, data: bytes, *, format: str, graph: str | None = None) -> None:
        """Add RDF in any format of ``kg.formats`` (quads keep their graphs)."""

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    def __len__(self) -> int:
        """Number of quads."""

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> Any:
        """Run a query; the answer is backend-specific (use ``select``/``serialize_query``)."""

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """SELECT rows as dicts of rdflib terms (unbound variables are absent)."""

    def ask(self, sparql: str) -> bool:
        """ASK answer."""

    def construct(self, sparql: str) -> Graph:
        """CONSTRUCT/DESCRIBE answer as an rdflib graph."""

    def serialize_query(self, sparql: str, format: str, *,
                        default_graphs: list[str] | None = None,
                        named_graphs: list[str] | None = None) -> bytes:
        """Run a query and serialise its answer natively in ``format`` (a kg.formats name)."""

    def dump(self, format: str, *, graph: str | None = None) -> bytes:
        """Serialise the whole dataset (or one graph) in ``format``."""

    def flush(self) -> None:
        """Make writes durable."""

    def close(self) -> None:
        """Release the store."""
