"""A dataset of some articles' graphs, with the reference entities they use."""

from __future__ import annotations

from rdflib import Graph, URIRef

from kg.build import ALIGNMENT_GRAPH, ArticleResult
from kg.export import canonical_nquads, serialise
from kg.namespaces import REFERENCE_GRAPH
from kg.store import open_store


def used_reference(graphs: list[Graph], reference: Graph) -> Graph:
    """The reference triples about every reference IRI the graphs point to, and what those
    point to in turn (posts -> roles and organisations, memberships -> intervals)."""
    out = Graph()
    todo = {o for g in graphs for o in g.objects() if isinstance(o, URIRef)}
    todo |= {s for g in graphs for s in g.subjects() if isinstance(s, URIRef)}
    seen: set[URIRef] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in reference.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, URIRef) and str(o).startswith("https://w3id.org/seckg/id/"):
                todo.add(o)
        for m in reference.subjects(URIRef("http://www.w3.org/ns/org#member"), node):
            todo.add(m)
    return out


def extraction_dataset(results: list[ArticleResult], alignment: Graph, reference: Graph,
                       fmt: str) -> bytes:
    """Serialise the articles' graphs, the used reference entities and the alignment."""
    store = open_store("memory:")
    graphs = [r.graph for r in results if r.graph is not None]
    store.replace_graph(str(REFERENCE_GRAPH), used_reference(graphs, reference))
    for r in results:
        if r.graph is not None:
            store.replace_graph(r.iri, r.graph)
    if len(alignment):
        store.replace_graph(ALIGNMENT_GRAPH, alignment)
    return serialise(canonical_nquads(store), fmt)
