"""Reading RDF into rdflib exactly as written, and never beyond what was given.

pyoxigraph normalises derived datatypes (an ``xsd:nonNegativeInteger`` offset comes back as
``xsd:integer``), so anything SHACL must judge is parsed by rdflib, never round-tripped
through the store; what is read back from the store for the dumps has the model's datatypes
restored (:func:`restore_model_datatypes`).

The bytes are all that is read: rdflib's JSON-LD parser would fetch a string ``@context``
or ``@import`` (``http:``, and ``file:`` from the local disk) and has no document-loader
hook, and its RDF/XML parser expands the entities of a DTD (a 1 KB "billion laughs" body runs
for minutes). So JSON-LD is refused unless every context is inline, and RDF/XML is refused
when it declares a DTD, both before rdflib sees them; the refusal does not depend on what
the reference names, so it cannot tell which files exist.

>>> len(read_graph(b'<http://e/s> <http://e/p> "o" .', "ntriples"))
1
>>> try:
...     read_graph(b'{"@context": "file:///etc/hostname", "@id": "http://e/s"}', "jsonld")
... except UnsafeInput as exc:
...     print(exc)
JSON-LD with a remote or local @context or @import is refused: put the context inline (nothing is ever fetched)
"""

from __future__ import annotations

import json
import warnings
import xml.parsers.expat

from rdflib import XSD, Dataset, Graph, Literal, URIRef

from kg.errors import SeckgError
from kg.formats import format_by_name

DEFAULT_GRAPH = "urn:x-rdflib:default"
"""The name :func:`read_graphs` gives the triples of the default graph."""


class UnsafeInput(SeckgError):
    """RDF that would make the parser read something other than the given bytes."""


def read_graph(data: bytes, fmt: str) -> Graph:
    """All triples of ``data`` (named graphs merged) in ``fmt`` (a kg.formats name).

    Raises UnsafeInput for JSON-LD naming a context to fetch and for RDF/XML with a DTD.
    """
    rdf = format_by_name(fmt)
    if not rdf.dataset:
        _check(data, rdf.name)
        graph = Graph()
        graph.parse(data=data, format=rdf.rdflib)
        return graph
    graph = Graph()
    for graph_of_name in read_graphs(data, fmt).values():
        graph += graph_of_name
    return graph


def read_graphs(data: bytes, fmt: str) -> dict[str, Graph]:
    """The graphs of ``data`` by name (the default graph as :data:`DEFAULT_GRAPH`); a format
    without named graphs gives one default graph. JSON-LD keeps its named graphs too.

    >>> sorted(read_graphs(b'<http://e/s> <http://e/p> "o" <http://e/g> .', "nquads"))
    ['http://e/g']
    """
    rdf = format_by_name(fmt)
    if not rdf.dataset:
        return {DEFAULT_GRAPH: read_graph(data, fmt)}
    _check(data, rdf.name)
    dataset = Dataset()
    with warnings.catch_warnings():
        # rdflib 7.6 warns about its own Dataset.default_context inside Dataset.parse
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=data, format=rdf.rdflib)
    graphs: dict[str, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = str(g.identifier if isinstance(g, Graph) else g)
        graphs.setdefault(name, Graph()).add((s, p, o))
    return graphs


def _check(data: bytes, name: str) -> None:
    if name == "jsonld":
        _check_jsonld(data)
    elif name == "rdfxml":
        _check_no_dtd(data)


def _check_jsonld(data: bytes) -> None:
    """Refuse any ``@context`` that is (or lists) a reference, and any ``@import``."""
    try:
        doc = json.loads(data)
    except ValueError as exc:                    # what rdflib cannot check, it never reads
        raise UnsafeInput(f"not valid JSON: {exc}") from None
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            context = node.get("@context")
            contexts = context if isinstance(context, list) else [context]
            if "@import" in node or any(isinstance(c, str) for c in contexts):
                raise UnsafeInput("JSON-LD with a remote or local @context or @import is "
                                  "refused: put the context inline (nothing is ever fetched)")
            stack.extend(node.values())


def _check_no_dtd(data: bytes) -> None:
    """Refuse a DOCTYPE (entities, external subsets) before anything is expanded."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args):
        raise UnsafeInput("RDF/XML with a DOCTYPE is refused: entities and external DTDs are "
                          "never expanded or fetched")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        return                                   # rdflib reports the syntax error


# -- what the store changes, undone where the model says so ------------------------------------
_MODEL_DATATYPES = {"http://www.w3.org/ns/oa#start": XSD.nonNegativeInteger,
                    "http://www.w3.org/ns/oa#end": XSD.nonNegativeInteger}
"""Properties whose literals the model types more narrowly than the store keeps them."""


def restore_model_datatypes(graph: Graph) -> Graph:
    """``graph`` with the offsets typed ``xsd:nonNegativeInteger`` again, as the model says.

    Oxigraph (embedded or server) keeps derived integer types as ``xsd:integer`` (the same
    value); dumps are read back from the store, so they pass through here to stay what SHACL
    checked. Only the model's own properties are touched, and only integer literals.

    >>> from rdflib import Literal, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("http://e/s"), URIRef("http://www.w3.org/ns/oa#start"), Literal(3)))
    >>> [o.datatype.split("#")[1] for o in restore_model_datatypes(g).objects()]
    ['nonNegativeInteger']
    """
    for predicate, datatype in _MODEL_DATATYPES.items():
        for subject, value in list(graph.subject_objects(URIRef(predicate))):
            if isinstance(value, Literal) and value.datatype == XSD.integer:
                graph.remove((subject, URIRef(predicate), value))
                graph.add((subject, URIRef(predicate), Literal(str(value), datatype=datatype)))
    return graph


_XSD_INTEGER = str(XSD.integer)


def model_triples(ntriples: bytes) -> list:
    """The N-Triples of one graph as pyoxigraph triples in a stable order (by their N-Triples
    text), with the offsets typed as the model says, as :func:`restore_model_datatypes` does
    for rdflib; what the dumps are written from (pyoxigraph's writers are a hundred times
    faster than rdflib's, and blank node labels are kept as written).

    >>> [t.object.datatype.value.split("#")[1] for t in model_triples(
    ...     b'<http://e/s> <http://www.w3.org/ns/oa#end> "3"^^'
    ...     b'<http://www.w3.org/2001/XMLSchema#integer> .')]
    ['nonNegativeInteger']
    """
    import pyoxigraph as ox

    narrowed = {predicate: ox.NamedNode(str(datatype))
                for predicate, datatype in _MODEL_DATATYPES.items()}
    triples = []
    for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        value = quad.object
        datatype = narrowed.get(quad.predicate.value)
        if (datatype is not None and isinstance(value, ox.Literal)
                and value.datatype.value == _XSD_INTEGER):
            value = ox.Literal(value.value, datatype=datatype)
        triples.append(ox.Triple(quad.subject, quad.predicate, value))
    triples.sort(key=str)
    return triples
