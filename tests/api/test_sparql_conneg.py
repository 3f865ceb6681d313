"""Content negotiation of SPARQL answers: a table of (kind, Accept, parameters) -> format."""

from __future__ import annotations

import pytest

from api.conneg import UnknownFormat, choose_format

SW_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SW_TURTLE = "application/turtle,text/turtle"
SW_N3 = "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
SW_JSONLD = "application/ld+json,application/x-json+ld"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

CASES = [
    # kind, Accept, params, expected
    ("results", None, (), "json", "no-accept-results"),
    ("rdf", None, (), "turtle", "no-accept-rdf"),
    ("results", "*/*", (), "json", "star-results"),
    ("rdf", "*/*", (), "turtle", "star-rdf"),
    ("results", "application/sparql-results+xml", (), "xml", "exact-xml"),
    ("results", "text/csv", (), "csv", "exact-csv"),
    ("results", "text/tab-separated-values", (), "tsv", "exact-tsv"),
    ("results", "text/csv;q=0.5, application/sparql-results+xml", (), "xml", "q-values"),
    ("results", "text/csv;q=0.9, text/*;q=0.1", (), "csv", "specific-beats-wildcard"),
    ("results", "text/*", (), "csv", "type-wildcard"),
    ("results", "application/json", (), "json", "plain-json-is-results-json"),
    ("results", "application/xml", (), "xml", "plain-xml-is-results-xml"),
    ("results", "text/plain", (), "tsv", "text-plain-is-tsv"),
    ("results", BROWSER, (), "xml", "browser-prefers-xml"),
    ("results", SW_JSON, (), "json", "sparqlwrapper-json"),
    ("rdf", SW_TURTLE, (), "turtle", "sparqlwrapper-turtle"),
    ("rdf", SW_N3, (), "turtle", "sparqlwrapper-n3"),
    ("rdf", SW_JSONLD, (), "jsonld", "sparqlwrapper-jsonld"),
    ("rdf", "application/rdf+xml", (), "rdfxml", "rdfxml"),
    ("rdf", "application/n-triples", (), "ntriples", "ntriples"),
    ("rdf", "application/trig", (), "trig", "trig"),
    ("rdf", "application/n-quads", (), "nquads", "nquads"),
    ("rdf", "application/json", (), "jsonld", "plain-json-is-jsonld"),
    ("rdf", "text/plain", (), "ntriples", "text-plain-is-ntriples"),
    ("rdf", "text/turtle;q=0.2, application/ld+json;q=0.8", (), "jsonld", "rdf-q-values"),
    ("results", "image/png", (), None, "not-acceptable"),
    ("rdf", "text/csv", (), None, "csv-for-construct-not-acceptable"),
    ("results", "text/csv;q=0", (), None, "q-zero-refuses"),
    ("results", "image/png", ("csv",), "csv", "param-beats-accept"),
    ("results", None, ("tsv", "text/tab-separated-values"), "tsv", "sparqlwrapper-tsv-params"),
    ("rdf", None, ("json-ld", "application/ld+json,application/x-json+ld"), "jsonld",
     "sparqlwrapper-jsonld-params"),
    ("rdf", None, ("rdf+xml", "application/rdf+xml"), "rdfxml", "sparqlwrapper-rdfxml-params"),
    ("rdf", None, ("json",), "jsonld", "json-param-on-construct"),
    ("rdf", None, ("xml",), "rdfxml", "xml-param-on-construct"),
    ("rdf", "application/n-triples", ("csv",), "ntriples", "results-param-on-construct-uses-accept"),
    ("results", "text/csv", ("turtle",), "csv", "rdf-param-on-select-uses-accept"),
    ("results", None, ("application/sparql-results json",), "json", "plus-decoded-as-space"),
]


@pytest.mark.parametrize(("kind", "accept", "params", "expected"),
                         [c[:4] for c in CASES], ids=[c[4] for c in CASES])
def test_choose_format(kind, accept, params, expected):
    assert choose_format(kind, accept, params) == expected


@pytest.mark.parametrize("value", ["png", "application/x-nonsense"], ids=["name", "media-type"])
def test_a_format_parameter_that_names_nothing_is_an_error(value):
    with pytest.raises(UnknownFormat, match="unknown format"):
        choose_format("results", None, (value,))
