"""The namespaces of MODEL.md, once."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

SECKG = Namespace("https://w3id.org/seckg/ns#")
ID = Namespace("https://w3id.org/seckg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

REFERENCE_GRAPH = ID["graph/reference"]
TOPIC_SCHEME = ID["scheme/topics"]

PREFIXES: dict[str, str] = {
    "seckg": str(SECKG),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "owl": str(OWL),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
    "wd": str(WD),
}

__all__ = ["DCTERMS", "ID", "OA", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS",
           "REFERENCE_GRAPH", "SCHEMA", "SECKG", "SH", "SKOS", "TIME", "TOPIC_SCHEME",
           "WD", "XSD"]
