"""The embedded default: pyoxigraph, on disk (persistent) or in memory.

pyoxigraph result iterators must be consumed on the thread that created them; every
method here consumes its answer before returning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.formats import format_by_name
from kg.sparql_tokens import reaches_outside
from kg.store.registry import register_backend


def to_rdflib(term: Any) -> Any:
    """Convert a pyoxigraph term to the rdflib term of the same value."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return term


def _graph_nodes(iris: list[str] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(i) for i in iris]


def _syntax_error(exc: Exception) -> QueryError:
    """Turn an oxigraph parser message into a QueryError with line and column if present."""
    import re

    msg = str(exc)
    m = re.search(r"(\d+):(\d+)", msg)
    line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    return QueryError(f"SPARQL syntax error: {msg}", line=line, column=col)


class OxigraphStore:
    """A pyoxigraph store. ``location`` is a folder, or ``memory:``."""

    def __init__(self, location: str, *, read_only: bool = False) -> None:
        self.location = location
        self.read_only = read_only
        path = _path_of(location)
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open store at {location!r}: {exc} "
                             "(is another seckg process writing it? run 'seckg build' first?)"
                             ) from exc

    # -- writing ---------------------------------------------------------------------
    def replace_graph(self, name: str, graph: Graph) -> None:
        node = ox.NamedNode(name)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)
        self._store.add_graph(node)
        data = graph.serialize(format="nt", encoding="utf-8")
        self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=node)

    def remove_graph(self, name: str) -> None:
        node = ox.NamedNode(name)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)

    def load(self, data: bytes, *, format: str, graph: str | None = None) -> None:
        fmt = format_by_name(format)
        kwargs: dict[str, Any] = {"format": fmt.oxigraph}
        if graph is not None:
            kwargs["to_graph"] = ox.NamedNode(graph)
        elif not fmt.dataset:
            kwargs["to_graph"] = ox.DefaultGraph()
        try:
            self._store.load(data, **kwargs)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt.name} data: {exc}") from exc

    def flush(self) -> None:
        if _path_of(self.location) is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store

    # -- reading ---------------------------------------------------------------------
    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> Any:
        kwargs: dict[str, Any] = {}
        if default_graphs is not None:
            kwargs["default_graph"] = _graph_nodes(default_graphs)
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = _graph_nodes(named_graphs)
        outside = reaches_outside(sparql)    # pyoxigraph would make the HTTP request itself
        if outside:
            raise QueryError(f"{outside} is refused: seckg never queries other services or "
                             "fetches data", status=403)
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise _syntax_error(exc) from exc
        except OSError as exc:
            raise QueryError(f"query failed: {exc}", status=500) from exc

    def select(self, sparql: str) -> list[dict[str, Any]]:
        answer = self.query(sparql)
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in answer.variables]
        rows = []
        for solution in answer:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def ask(self, sparql: str) -> bool:
        answer = self.query(sparql)
        if not isinstance(answer, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(answer)

    def construct(self, sparql: str) -> Graph:
        answer = self.query(sparql)
        if not isinstance(answer, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in answer:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
        return graph

    def serialize_query(self, sparql: str, format: str, *,
                        default_graphs: list[str] | None = None,
                        named_graphs: list[str] | None = None) -> bytes:
        answer = self.query(sparql, default_graphs=default_graphs, named_graphs=named_graphs)
        kind = "rdf" if isinstance(answer, ox.QueryTriples) else "results"
        fmt = format_by_name(format, kind)
        return answer.serialize(format=fmt.oxigraph)

    def dump(self, format: str, *, graph: str | None = None) -> bytes:
        fmt = format_by_name(format)
        if graph is not None:
            return self._store.dump(format=fmt.oxigraph, from_graph=ox.NamedNode(graph))
        if fmt.dataset:
            return self._store.dump(format=fmt.oxigraph)
        # a triple format: the union of all graphs
        return self.serialize_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", fmt.name)


def _path_of(location: str) -> Path | None:
    if location in ("memory:", ":memory:", "oxigraph:memory:"):
        return None
    if location.startswith("oxigraph:"):
        location = location[len("oxigraph:"):]
    return Path(location)


register_backend("memory", OxigraphStore)
register_backend("oxigraph", OxigraphStore)
