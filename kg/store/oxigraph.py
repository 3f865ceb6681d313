"""The embedded default: pyoxigraph, on disk (persistent) or in memory.

Before :meth:`OxigraphStore.serve` the store answers in this process (the command line);
after it, every query (from /sparql, pages or canned queries) runs in a pool of worker
processes (``kg.store.workers``) with a time limit, and updates in a one-shot writer.

Publishing is atomic: on disk the new state is written into a new generation beside the
current one (a backup of it, when articles are kept) and switched to by one link change
(``kg.store.generations``); in memory it is written into a new store that then takes the
place of the old one. pyoxigraph result iterators must be consumed on the thread
that created them; every method here consumes its answer before returning.
"""

from __future__ import annotations

import atexit
import shutil
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.formats import format_by_name
from kg.sparql_tokens import reaches_outside
from kg.store.answers import Answer, QueryRequest, syntax_error
from kg.store.base import AnswersThroughProtocol, Publishing
from kg.store.generations import Generations
from kg.store.location import Location, parse_location
from kg.store.record import read_build_info
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


class OxigraphStore(AnswersThroughProtocol, Publishing):
    """A pyoxigraph store at a ``disk`` or ``memory`` location."""

    def __init__(self, location: Location | str, *, read_only: bool = False) -> None:
        self.location = parse_location(location)
        self.read_only = read_only
        self._pool = None
        self._in_memory = True
        self._generations = (Generations(self.location.path)
                             if self.location.kind == "disk" else None)
        self._opened: Path | None = None          # the generation this handle reads
        self._pointer: str | None = None          # what the location's link said then
        self._store = self._open()

    def _open(self) -> ox.Store:
        """Open the current generation (on disk), or a new empty store in memory."""
        if self._generations is None:
            return ox.Store()
        self._pointer = self._generations.pointer()
        current = self._generations.current()
        if current is None:
            if self.read_only:
                raise StoreError(f"there is no store at {self.location}: run 'seckg build' "
                                 "first (or give --store)")
            current = self._generations.new()
            ox.Store(str(current)).flush()
            self._generations.switch(current)
        try:
            store = (ox.Store.read_only(str(current)) if self.read_only
                     else ox.Store(str(current)))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.location}: {exc} (is another "
                             "seckg process writing it?)") from exc
        self._opened = current
        return store

    def refresh(self) -> bool:
        """Follow a build that switched the store to a new generation: reopen, restart the
        workers; True when it did. A server calls this before each request."""
        if self._generations is None:
            return False
        pointer = self._generations.pointer()
        if pointer is not None and pointer == self._pointer:
            return False
        if self._generations.current() == self._opened:
            self._pointer = pointer
            return False
        self._store = self._open()
        self._reload_pool()
        return True

    # -- writing ---------------------------------------------------------------------------
    def replace_graph(self, name: str, graph: Graph) -> None:
        Publication(self._store).put(name, graph.serialize(format="nt", encoding="utf-8"))

    def remove_graph(self, name: str) -> None:
        Publication(self._store).remove(name)

    def load(self, data: bytes | Path, *, format: str, graph: str | None = None) -> None:
        fmt = format_by_name(format)
        kwargs: dict[str, Any] = {"format": fmt.oxigraph}
        source = {"path": str(data)} if isinstance(data, Path) else {"input": data}
        if graph is not None:
            kwargs["to_graph"] = ox.NamedNode(graph)
        elif not fmt.dataset:
            kwargs["to_graph"] = ox.DefaultGraph()
        try:
            if self.location.kind == "memory":
                self._store.load(**source, **kwargs)
                self._reload_pool()
                return
            with self.publication() as publication:     # whole, or not at all
                publication.bulk_load(**source, **kwargs)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt.name} data: {exc}") from exc

    @contextmanager
    def publication(self, *, fresh: bool = False) -> Iterator[Publication]:
        """Write the next state beside the current one and switch to it when the block
        ends without an error; on an error the current state stays as it was. ``fresh``
        starts empty; else from a copy of the current state (on disk a backup: hard links)."""
        if self.location.kind == "memory":
            target = ox.Store()
            if not fresh:
                target.bulk_load(self._store.dump(format=ox.RdfFormat.N_QUADS),
                                 format=ox.RdfFormat.N_QUADS)
            yield Publication(target)
            self._store = target
            self._reload_pool()
            return
        generation = self._generations.new()
        try:
            if not fresh:
                self._store.backup(str(generation))        # hard links: cheap
            publication = Publication(ox.Store(str(generation)))
            yield publication
            publication.release()           # flushed and closed: the lock goes with it
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        del self._store         # closed before the switch: nothing may write by the old path
        try:
            self._generations.switch(generation)
        finally:
            self._store = self._open()
        self._reload_pool()

    def flush(self) -> None:
        if self.location.kind == "disk" and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        """Stop the workers (a query after this is a 503) and release the store."""
        if self._pool is not None:
            self._pool.close()
        if hasattr(self, "_store"):
            self.flush()
            del self._store

    # -- reading ---------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def build_info(self) -> dict[str, str] | None:
        return read_build_info(self)

    def query(self, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> Any:
        """Run a query in this process (no time limit): the answer is pyoxigraph's."""
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
            raise syntax_error(str(exc), "SPARQL") from exc
        except OSError as exc:
            raise QueryError(f"query failed: {exc}", status=500) from exc

    def select(self, sparql: str) -> list[dict[str, Any]]:
        if self._pool is not None:
            return super().select(sparql)
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
        if self._pool is not None:
            return super().ask(sparql)
        answer = self.query(sparql)
        if not isinstance(answer, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(answer)

    def construct(self, sparql: str) -> Graph:
        if self._pool is not None:
            return super().construct(sparql)
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
        if self._pool is not None:
            return super().serialize_query(sparql, format, default_graphs=default_graphs,
                                           named_graphs=named_graphs)
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

    # -- the protocol ----------------------------------------------------------------------
    def serve(self, *, workers: int, timeout: float, limit: int,
              in_memory: bool = True) -> None:
        """Start the query workers (idempotent). ``in_memory``: each worker opens the
        generation read-only on disk, is ready at once, copies it into memory beside its
        request loop (nothing passes through this process) and answers from the copy once it
        is made; else each answers from disk (for stores larger than memory). An in-memory
        store's workers load its N-Quads."""
        if self._pool is not None:
            return
        from kg.store.workers import Executor

        self._in_memory = in_memory
        on_disk = self.location.kind == "disk"
        self._pool = Executor(location=self._worker_location() if on_disk else None,
                              nquads=None if on_disk else self._store.dump(
                                  format=ox.RdfFormat.N_QUADS),
                              workers=workers, timeout=timeout, limit=limit)
        atexit.register(self._pool.close)
        weakref.finalize(self, self._pool.close)

    def _worker_location(self) -> str:
        """What a query worker opens: ``copy:GENERATION`` (into memory) or the folder."""
        return f"copy:{self._opened}" if self._in_memory else str(self._opened)

    def answer(self, request: QueryRequest, *, limit: int | None = None) -> Answer:
        if self._pool is None:
            return self._answer_here(request, limit)
        return self._pool.run(request.query, results_type=request.results_type,
                              rdf_type=request.rdf_type, default_graphs=request.default_graphs,
                              named_graphs=request.named_graphs, base_iri=request.base_iri,
                              prefixes=request.prefixes, limit=limit)

    def _answer_here(self, request: QueryRequest, limit: int | None) -> Answer:
        from kg.store.workers import run_query

        outside = reaches_outside(request.query)
        if outside:
            raise QueryError(f"{outside} is refused: seckg never queries other services or "
                             "fetches data", status=403)
        try:
            return run_query(ox, self._store, query=request.query,
                             results_type=request.results_type, rdf_type=request.rdf_type,
                             default_graphs=request.default_graphs,
                             named_graphs=request.named_graphs, base_iri=request.base_iri,
                             limit=limit if limit is not None else 10 ** 9,
                             prefixes=request.prefixes)
        except SyntaxError as exc:
            raise syntax_error(str(exc)) from exc

    def update(self, text: str, *, base_iri: str | None = None) -> None:
        if self._pool is None:
            if self.read_only:
                raise StoreError(f"the store at {self.location} is open read-only")
            try:
                self._store.update(text, base_iri=base_iri)
            except SyntaxError as exc:
                raise syntax_error(str(exc), "update") from exc
            return
        nquads = self._pool.update(text, base_iri=base_iri)
        if self.location.kind == "memory":
            self._store = ox.Store()
            self._store.load(nquads, format=ox.RdfFormat.N_QUADS)
        else:                                   # the writer process changed the folder
            self._store = self._open()

    def _reload_pool(self) -> None:
        if self._pool is None:
            return
        if self.location.kind == "disk":          # the workers open the generation itself
            self._pool.location = self._worker_location()
            self._pool.reload()
        else:
            self._pool.reload(self._store.dump(format=ox.RdfFormat.N_QUADS))

    def status(self) -> dict[str, int]:
        pool = self._pool
        return {"workers": pool.size if pool else 0, "busy": pool.busy if pool else 0,
                "timeouts": pool.timeouts if pool else 0, "crashes": pool.crashes if pool else 0}

    @property
    def generation(self) -> int:
        return self._pool.generation if self._pool else 0


FLUSH_BYTES = 32 * 1024 * 1024
"""N-Triples written between two flushes of a publication: RocksDB keeps writes in memory
buffers until a flush, so without one a build's memory grows with the corpus (1 GB for 10k
graphs of 100 triples; flat at ~270 MB with a flush every 500 of them, and faster)."""


class Publication:
    """The next state of a store, written graph by graph (see ``publication``)."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._unflushed = 0

    def release(self) -> None:
        self._store.flush()
        del self._store

    def put(self, name: str, ntriples: bytes) -> None:
        node = ox.NamedNode(name)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)
        self._store.add_graph(node)
        self._store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=node)
        self._unflushed += len(ntriples)
        if self._unflushed >= FLUSH_BYTES:
            self._store.flush()
            self._unflushed = 0

    def remove(self, name: str) -> None:
        node = ox.NamedNode(name)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)

    def bulk_load(self, **kwargs: Any) -> None:
        """Add RDF (``input=`` bytes or ``path=`` a file, read as a stream) with Oxigraph's
        bulk loader (no write-ahead log; the publication is the transaction)."""
        self._store.bulk_load(**kwargs)

    def graphs_ntriples(self) -> Iterator[tuple[str, bytes]]:
        """Every named graph of the next state, as N-Triples, sorted by name."""
        names = sorted(g.value for g in self._store.named_graphs()
                       if isinstance(g, ox.NamedNode))
        for name in names:
            yield name, self._store.dump(format=ox.RdfFormat.N_TRIPLES,
                                         from_graph=ox.NamedNode(name))


register_backend("disk", OxigraphStore)
register_backend("memory", OxigraphStore)
