"""The RDF description of one resource, as ``/id/...`` serves it.

All triples with the resource as subject, the triples of its sub-resources (IRIs that extend
the resource's IRI with ``/``, reachable in one or two steps: a statement's evidence and its
selectors) and every incoming link.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import Store
from kg.namespaces import ID, PREFIXES

# Characters allowed in the path of an /id/ IRI: unreserved, sub-delims, ':', '@', '/', '%XX'.
_SAFE_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+")


def safe_iri(base: str, path: str) -> str | None:
    """``base + path`` if ``path`` is a plain IRI path (no spaces, quotes, brackets), else None.

    >>> safe_iri("https://w3id.org/seckg/id/", "org/cis")
    'https://w3id.org/seckg/id/org/cis'
    >>> safe_iri("https://w3id.org/seckg/id/", "a>b") is None
    True
    """
    if not _SAFE_PATH.fullmatch(path) or "//" in path or path.startswith("/"):
        return None
    return base + path


def description(store: Store, iri: str) -> Graph:
    """The description graph of ``iri`` (empty when the store knows nothing about it)."""
    node = URIRef(iri).n3()
    prefix = Literal(iri + "/").n3()
    graph = store.construct(f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{
          {{ VALUES ?s {{ {node} }} ?s ?p ?o }}
          UNION {{ VALUES ?o {{ {node} }} ?s ?p ?o }}
          UNION {{
            {{ {node} ?p1 ?s }} UNION {{ {node} ?p1 ?mid . ?mid ?p2 ?s }}
            FILTER(isIRI(?s) && STRSTARTS(STR(?s), {prefix}))
            ?s ?p ?o
          }}
        }}""")
    graph = plain_strings(graph)
    for name, namespace in PREFIXES.items():
        graph.bind(name, namespace, override=True)
    graph.bind("id", str(ID), override=True)
    return graph


def plain_strings(graph: Graph) -> Graph:
    """The graph with ``"x"^^xsd:string`` written as the equal simple literal ``"x"`` (RDF 1.1)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out
