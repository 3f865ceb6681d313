"""Reading RDF into rdflib exactly as written.

pyoxigraph normalises derived datatypes (an ``xsd:nonNegativeInteger`` offset comes back as
``xsd:integer``), so anything SHACL must judge is parsed by rdflib, never round-tripped
through the store.
"""

from __future__ import annotations

import warnings

from rdflib import Dataset, Graph

from kg.formats import format_by_name


def read_graph(data: bytes, fmt: str) -> Graph:
    """All triples of ``data`` (named graphs merged) in ``fmt`` (a kg.formats name)."""
    rdf = format_by_name(fmt)
    if not rdf.dataset or rdf.name == "jsonld":
        graph = Graph()
        graph.parse(data=data, format=rdf.rdflib)
        return graph
    dataset = Dataset()
    with warnings.catch_warnings():
        # rdflib 7.6 warns about its own Dataset.default_context inside Dataset.parse
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=data, format=rdf.rdflib)
    graph = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph
