"""Every name of every entity, folded, in memory: what the search box and the lookups ask.

Names are the ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` and ``skos:hiddenLabel``
of persons, organisations, states, posts, roles, events, places and topics, in every
language, so a name matches in any script and in every spelling the reference data lists
(hidden labels hold the inflected forms and misspellings). Matching is on folded text
(api/fold.py: case, diacritics and letter variants do not matter); a search no name
contains falls back to the closest spellings.

The index is read with one query and kept per app; it is read again when the store's build
record or size has changed (checked at most every ``RECHECK`` seconds).

>>> index = NameIndex([Name("https://e/p", "person", Literal("Mírko Tavrinov", lang="en"),
...                         "label"), Name("https://e/p", "person",
...                         Literal("Тавринова", lang="ru"), "hiddenLabel")])
>>> [(m.iri, str(m.name)) for m in index.search("тавринов")]
[('https://e/p', 'Тавринова')]
>>> [str(m.name) for m in index.search("mirko tav")]
['Mírko Tavrinov']
>>> [str(m.name) for m in index.search("Tavrinof")]
['Mírko Tavrinov']
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from api.fold import fold
from kg.namespaces import ORG, SCHEMA

#: (kind, class): the kinds of entity the search finds, in the order results prefer them
KINDS = [("person", SCHEMA.Person), ("organisation", ORG.Organization),
         ("state", SCHEMA.Country), ("post", ORG.Post), ("event", SCHEMA.Event),
         ("place", SCHEMA.Place), ("role", ORG.Role), ("topic", SKOS.Concept)]
KIND_OF = {cls: kind for kind, cls in KINDS}
RANK = {kind: n for n, (kind, _) in enumerate(KINDS)}
#: (property, its name in a Name): shown names first, match-only ones last
PROPERTIES = [(RDFS.label, "label"), (SKOS.prefLabel, "prefLabel"), (SKOS.altLabel, "altLabel"),
              (SKOS.hiddenLabel, "hiddenLabel")]
BONUS = {"label": 3, "prefLabel": 3, "altLabel": 2, "hiddenLabel": 1}
FUZZY = 0.78          # the least similarity a spelling needs when nothing contains the search
RECHECK = 30.0        # seconds between looks at whether the store has changed


@dataclass(frozen=True, slots=True)
class Name:
    iri: str
    kind: str
    name: Literal
    property: str                  # label, prefLabel, altLabel or hiddenLabel
    folded: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Match:
    iri: str
    kind: str
    name: Literal                  # the name that matched
    property: str
    score: float


def _score(query: str, words: list[str], folded: str) -> float:
    """How well a folded name answers a folded query: 0 when it does not."""
    if folded == query:
        return 100
    if folded.startswith(query):
        return 90
    if f" {query}" in f" {folded}":
        return 80
    parts = folded.split()
    if all(any(p.startswith(w) for p in parts) for w in words):
        return 70
    return 50 if query in folded else 0


def _similar(query: str, folded: str) -> float:
    """The best similarity of the query to the name or to a run of as many of its words."""
    n = len(query.split())
    parts = folded.split()
    runs = [folded] + [" ".join(parts[i:i + n]) for i in range(len(parts) - n + 1)]
    return max(SequenceMatcher(None, query, run).ratio() for run in runs)


class NameIndex:
    """Names by entity, searched by folded text."""

    def __init__(self, names: Iterable[Name]) -> None:
        self.names = [n if n.folded else Name(n.iri, n.kind, n.name, n.property, fold(str(n.name)))
                      for n in names]
        self.names = [n for n in self.names if n.folded]

    def search(self, text: str, *, kind: str | None = None, limit: int = 10) -> list[Match]:
        """The entities whose names match ``text`` best (one match per entity), best first."""
        query = fold(text)
        if not query:
            return []
        words = query.split()
        pool = [n for n in self.names if kind is None or n.kind == kind]
        scored = [(s + BONUS[n.property], n) for n in pool if (s := _score(query, words, n.folded))]
        if not scored:
            scored = [(30 * r, n) for n in pool if (r := _similar(query, n.folded)) >= FUZZY]
        best: dict[str, tuple[float, Name]] = {}
        for score, name in scored:
            if name.iri not in best or score > best[name.iri][0]:
                best[name.iri] = (score, name)
        ordered = sorted(best.values(), key=lambda sn: (-sn[0], RANK[sn[1].kind],
                                                        len(sn[1].folded), sn[1].iri))
        return [Match(n.iri, n.kind, n.name, n.property, s) for s, n in ordered[:limit]]

    def kind_of(self, iri: str) -> str | None:
        return next((n.kind for n in self.names if n.iri == iri), None)


def read_names(store) -> NameIndex:
    """Every name of every entity of ``KINDS`` in the store, with one query."""
    props = " ".join(p.n3() for p, _ in PROPERTIES)
    classes = " ".join(cls.n3() for _, cls in KINDS)
    rows = store.select(f"""SELECT ?s ?p ?l ?t WHERE {{
        VALUES ?p {{ {props} }} VALUES ?t {{ {classes} }}
        ?s ?p ?l ; a ?t . FILTER(isIRI(?s) && isLiteral(?l)) }}""")
    kinds: dict[str, str] = {}
    for row in rows:
        kind = KIND_OF[row["t"]]
        iri = str(row["s"])
        if iri not in kinds or RANK[kind] < RANK[kinds[iri]]:
            kinds[iri] = kind
    prop_name = dict(PROPERTIES)
    seen = {(str(r["s"]), r["p"], r["l"]) for r in rows}
    return NameIndex(Name(s, kinds[s], lit, prop_name[URIRef(p)]) for s, p, lit in sorted(seen))


class Names:
    """The index of one app, read when first asked and again when the store changes."""

    def __init__(self, store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._index: NameIndex | None = None
        self._signature: object = None
        self._checked = 0.0

    def _current_signature(self) -> object:
        try:
            record = self.store.build_info()
        except Exception:  # noqa: BLE001 - a store that cannot say: its size alone decides
            record = None
        return (record or {}).get("build_id"), len(self.store)

    def index(self) -> NameIndex:
        with self._lock:
            now = time.monotonic()
            if self._index is None or now - self._checked > RECHECK:
                signature = self._current_signature()
                if self._index is None or signature != self._signature:
                    self._index, self._signature = read_names(self.store), signature
                self._checked = now
            return self._index
