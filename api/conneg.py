"""Which format a SPARQL answer goes out in: a pure function of the query's kind, the Accept
header and the ``format``/``output``/``results`` parameters.

Parameters win over Accept (SPARQLWrapper sends ``format=tsv&format=text/tab-separated-values``
and the same under ``output`` and ``results``); a parameter that names a format of the other
kind (``format=json`` on a CONSTRUCT means JSON-LD, ``format=csv`` on a CONSTRUCT means
nothing) falls back to Accept; a parameter that names no format at all is an error.

>>> choose_format("results", "text/csv;q=0.5, application/sparql-results+xml")
'xml'
>>> choose_format("rdf", None, ["json"])
'jsonld'
>>> choose_format("rdf", "image/png") is None
True
"""

from __future__ import annotations

from api.negotiate import best_media_type
from kg.formats import FORMATS, format_by_name

# what each kind offers, in the server's order of preference (the first one wins ties and
# answers a missing Accept or */*)
OFFERED = {kind: [f.media_type for f in FORMATS if f.kind == kind] for kind in ("results", "rdf")}

# generic types clients send that stand for one of ours, per kind
_GENERIC = {
    "results": {"application/json": "json", "application/xml": "xml", "text/xml": "xml",
                "text/plain": "tsv", "text/javascript": "json", "application/javascript": "json"},
    "rdf": {"application/json": "jsonld", "application/xml": "rdfxml", "text/xml": "rdfxml",
            "text/plain": "ntriples", "text/n3": "turtle", "text/rdf+n3": "turtle",
            "application/n3": "turtle", "application/turtle": "turtle",
            "application/x-turtle": "turtle", "application/x-json+ld": "jsonld"},
}


class UnknownFormat(ValueError):
    """A ``format`` parameter names no format this endpoint knows."""


def _by_name(value: str, kind: str) -> str | None:
    key = value.split(";")[0].strip().lower().replace(" ", "+")   # '+' arrives as ' ' at times
    try:
        return format_by_name(key, kind).name
    except KeyError:
        return _GENERIC[kind].get(key)


def choose_format(kind: str, accept: str | None, params: list[str] | tuple[str, ...] = ()) -> str | None:
    """A ``kg.formats`` name for an answer of ``kind`` ("results" or "rdf"), or None when
    nothing offered is acceptable (answer 406). Raises UnknownFormat for a parameter value
    that names no format of either kind.
    """
    other = "rdf" if kind == "results" else "results"
    values = [v for value in params for v in value.split(",") if v.strip()]
    for value in values:
        chosen = _by_name(value, kind)
        if chosen is not None:
            return chosen
    if values and not any(_by_name(v, other) for v in values):
        raise UnknownFormat(f"unknown format {values[0]!r}; for this query use one of: "
                            f"{', '.join(f.name for f in FORMATS if f.kind == kind)}")
    offered = OFFERED[kind] + list(_GENERIC[kind])
    media_type = best_media_type(accept, offered)
    if media_type is None:
        return None
    return _by_name(media_type, kind)
