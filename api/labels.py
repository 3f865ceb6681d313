"""Labels for IRIs in the reader's language, with a fallback to English, then any.

The reader's language is ``?lang=`` when given, else the best of Accept-Language. Statements
(which have no label) are named by their text, shortened and quoted; events by what the text
says of them, composed in the reader's language (api/event_names.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flask import request
from rdflib import Literal, URIRef

from api.negotiate import best_language
from kg.namespaces import ID, PREFIXES

LANGUAGES = ["en", "ar", "ru"]
LABEL_PROPERTIES = ("<http://www.w3.org/2000/01/rdf-schema#label>",
                    "<http://www.w3.org/2004/02/skos/core#prefLabel>",
                    "<https://schema.org/headline>")
#: for resources without a label (statements): their text, shortened and quoted
TEXT_PROPERTY = "<https://schema.org/text>"
EVENT_CLASS = "<https://schema.org/Event>"
SNIPPET = 70


def reader_language() -> str:
    """``?lang=`` if it names a language we have, else Accept-Language, else English."""
    asked = request.args.get("lang", "").strip().lower()
    if asked in LANGUAGES:
        return asked
    return best_language(request.headers.get("Accept-Language"), LANGUAGES)


def pick(literals: Iterable[Literal], lang: str) -> Literal | None:
    """The literal in ``lang`` (or a regional form of it), else English, else untagged, else any.

    >>> str(pick([Literal("x", lang="ru"), Literal("y", lang="en")], "ar"))
    'y'
    """
    ordered = sorted(literals, key=lambda lit: (lit.language or "", str(lit)))
    for wanted in (lang, "en", None):
        for literal in ordered:
            tag = (literal.language or "").split("-")[0] or None
            if tag == wanted:
                return literal
    return ordered[0] if ordered else None


def quoted(text: str, lang: str | None) -> str:
    """Text in the quotation marks of its language (api/messages: “…” in English, «…» in Arabic
    and Russian). The marks are part of the label, so they sit inside whatever element carries
    its ``lang`` and ``dir`` and take the text's direction, never the page's."""
    from api.i18n import quote

    return quote(text, lang)


def short_name(iri: str) -> str:
    """A readable fallback: ``person/x`` for our IRIs, ``schema:text`` for known vocabularies."""
    if iri.startswith(str(ID)):
        return iri[len(str(ID)):]
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


class Labeller:
    """Fetches labels for many IRIs with one query, then answers ``label(iri)``."""

    def __init__(self, store, lang: str) -> None:
        self.store = store
        self.lang = lang
        self._labels: dict[str, list[Literal]] = defaultdict(list)
        self._composed: dict[str, Literal] = {}
        self._fetched: set[str] = set()
        self.events: dict = {}          # iri -> api.event_names.EventFacts, for the pages

    def fetch(self, iris: Iterable[object]) -> None:
        todo = sorted({str(i) for i in iris if isinstance(i, URIRef)} - self._fetched)
        for start in range(0, len(todo), 500):
            chunk = todo[start:start + 500]
            values = " ".join(URIRef(i).n3() for i in chunk)
            rows = self.store.select(
                f"SELECT ?s ?l ?event WHERE {{ VALUES ?s {{ {values} }} "
                f"{{ ?s {'|'.join(LABEL_PROPERTIES)} ?l }} "
                f"UNION {{ ?s a {EVENT_CLASS} BIND(true AS ?event) }} }}")
            for row in rows:
                if isinstance(row.get("l"), Literal):
                    self._labels[str(row["s"])].append(row["l"])
            unlabelled = " ".join(URIRef(i).n3() for i in chunk if i not in self._labels)
            if unlabelled:
                self._snippets(unlabelled)
            self._fetched.update(chunk)
            events = sorted({row["s"] for row in rows if "event" in row})
            if events:
                self._name_events(events)

    def _snippets(self, values: str) -> None:
        rows = self.store.select(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} "
                                 f"?s {TEXT_PROPERTY} ?l FILTER(lang(?l) != '') }}")
        for row in rows:
            text = " ".join(str(row["l"]).split())
            short = text if len(text) <= SNIPPET else text[:SNIPPET - 1].rstrip() + "…"
            language = row["l"].language
            self._labels[str(row["s"])].append(Literal(quoted(short, language), lang=language))

    def _name_events(self, events: list[URIRef]) -> None:
        from api.event_names import event_facts, event_name

        facts = event_facts(self.store, events)
        self.events.update(facts)
        self.fetch(URIRef(i) for f in facts.values() for i in (*f.organisers[:1], *f.places[:1]))
        for iri, fact in facts.items():
            name = event_name(fact, self.label, self.lang)
            if name:
                self._composed[iri] = Literal(name, lang=self.lang)

    def all_labels(self, iri: object) -> list[Literal]:
        self.fetch([iri])
        return sorted(set(self._labels.get(str(iri), [])),
                      key=lambda lit: (lit.language or "", str(lit)))

    def literal(self, iri: object) -> Literal | None:
        self.fetch([iri])
        if str(iri) in self._composed:
            return self._composed[str(iri)]
        return pick(self._labels.get(str(iri), []), self.lang)

    def label(self, iri: object) -> str:
        literal = self.literal(iri)
        return str(literal) if literal is not None else short_name(str(iri))
