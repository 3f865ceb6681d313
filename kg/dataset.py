"""A dataset of some articles' graphs, with the reference entities they use."""

from __future__ import annotations

from rdflib import Graph, URIRef

from kg.build import ALIGNMENT_GRAPH, ArticleResult
from kg.export import check_parses, serialise_graphs
from kg.namespaces import REFERENCE_GRAPH


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
    """Serialise the articles' graphs, the used reference entities and the alignment
    (checked to read back, as the build's dumps are)."""
    made = [r.graph for r in results if r.graph is not None]
    graphs = {str(REFERENCE_GRAPH): used_reference(made, reference)}
    graphs.update({r.iri: r.graph for r in results if r.graph is not None})
    if len(alignment):
        graphs[ALIGNMENT_GRAPH] = alignment
    data = serialise_graphs(graphs, fmt)
    check_parses(data, fmt, graphs)
    return data
