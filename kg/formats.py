"""One table of formats: content negotiation, export, ``--format`` choices and suffixes.

Two kinds: ``rdf`` (graphs and datasets) and ``results`` (SPARQL SELECT/ASK results).

>>> format_by_name("ttl").media_type
'text/turtle'
>>> format_by_media_type("application/n-quads").name
'nquads'
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True, slots=True)
class RdfFormat:
    name: str                       # the --format / ?format= value
    kind: str                       # "rdf" or "results"
    media_type: str                 # canonical media type
    extension: str                  # file suffix without dot
    aliases: tuple[str, ...] = ()   # other names and media types accepted
    dataset: bool = False           # can carry named graphs
    rdflib: str | None = None       # rdflib serializer/parser name
    oxigraph: object | None = None  # pyoxigraph RdfFormat / QueryResultsFormat
    charset: bool = True            # add "; charset=utf-8" to Content-Type

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "rdf", "text/turtle", "ttl", ("ttl", "application/x-turtle", "n3",
                                                      "text/n3"),
              False, "turtle", ox.RdfFormat.TURTLE),
    RdfFormat("ntriples", "rdf", "application/n-triples", "nt", ("nt", "text/plain"),
              False, "nt", ox.RdfFormat.N_TRIPLES),
    RdfFormat("jsonld", "rdf", "application/ld+json", "jsonld", ("json-ld", "json"),
              True, "json-ld", ox.RdfFormat.JSON_LD),
    RdfFormat("rdfxml", "rdf", "application/rdf+xml", "rdf", ("xml", "rdf", "rdf+xml"),
              False, "xml", ox.RdfFormat.RDF_XML),
    RdfFormat("trig", "rdf", "application/trig", "trig", (), True, "trig", ox.RdfFormat.TRIG),
    RdfFormat("nquads", "rdf", "application/n-quads", "nq", ("nq",), True, "nquads",
              ox.RdfFormat.N_QUADS),
    RdfFormat("json", "results", "application/sparql-results+json", "srj",
              ("srj", "application/json"), False, None, ox.QueryResultsFormat.JSON),
    RdfFormat("xml", "results", "application/sparql-results+xml", "srx",
              ("srx", "application/xml", "text/xml"), False, None, ox.QueryResultsFormat.XML),
    RdfFormat("csv", "results", "text/csv", "csv", (), False, None, ox.QueryResultsFormat.CSV),
    RdfFormat("tsv", "results", "text/tab-separated-values", "tsv", (), False, None,
              ox.QueryResultsFormat.TSV),
)


def _index() -> dict[tuple[str, str], RdfFormat]:
    table: dict[tuple[str, str], RdfFormat] = {}
    for fmt in FORMATS:
        for key in (fmt.name, fmt.media_type, fmt.extension, *fmt.aliases):
            table.setdefault((fmt.kind, key.lower()), fmt)
    return table


_INDEX = _index()


def format_by_name(name: str, kind: str = "rdf") -> RdfFormat:
    """Find a format by name, extension, alias or media type; raise KeyError if unknown."""
    try:
        return _INDEX[(kind, name.strip().lower())]
    except KeyError:
        known = ", ".join(f.name for f in FORMATS if f.kind == kind)
        raise KeyError(f"unknown {kind} format {name!r}; use one of: {known}") from None


def format_by_media_type(media_type: str, kind: str = "rdf") -> RdfFormat:
    """Find a format by media type (parameters such as charset are ignored)."""
    return format_by_name(media_type.split(";")[0], kind)


def names(kind: str = "rdf", *, dataset: bool | None = None) -> list[str]:
    return [f.name for f in FORMATS if f.kind == kind and (dataset is None or f.dataset == dataset)]
