"""What the passes over one article share: the text, its sentences, the rules and the records."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.dates import DateGrammar
from kg.extract.items import Lexicon
from kg.extract.normalise import fold
from kg.extract.patterns import Item
from kg.extract.quotes import Quote
from kg.extract.tokens import Token
from kg.extract.units import Unit
from kg.gazetteer import Gazetteer
from kg.model import DateRef, Extraction, Official, StatementRecord


@dataclass
class Sentence:
    index: int
    unit: Unit
    items: list[Item]
    dates: list[DateRef]
    event: str | None = None          # key of the event this sentence ties to


@dataclass
class Context:
    text: str
    lang: str
    rules: object                      # kg.ruleset.LanguageRules
    common: dict
    gazetteer: Gazetteer
    grammar: DateGrammar
    lexicon: Lexicon
    tokens: list[Token]
    quotes: list[Quote]
    result: Extraction
    compiled: dict = field(default_factory=dict)   # the rule set's per-language caches
    sentences: list[Sentence] = field(default_factory=list)
    minted_aliases: dict[str, str] = field(default_factory=dict)   # folded name -> person IRI
    described: dict[str, frozenset[str]] = field(default_factory=dict)  # person -> post words
    epithets: dict[str, frozenset[str]] = field(default_factory=dict)   # person -> phrase words
    last_speaker: str | None = None
    last_person: str | None = None
    last_statement: StatementRecord | None = None
    last_statement_sentence: int = -10
    memo: dict = field(default_factory=dict)    # what a pass worked out once for this article

    def word_set(self, key: str) -> frozenset[str]:
        """The folded words of the lexicon list ``key`` (e.g. ``clause_joiners``)."""
        cache_key = ("words", self.lang, key)
        if cache_key not in self.compiled:
            self.compiled[cache_key] = frozenset(
                fold(w) for w in self.rules.lexicon.get(key, []))
        return self.compiled[cache_key]

    def folded(self, section: str, key: str) -> frozenset[str]:
        """The folded words of the list ``key`` in the rules' ``section`` table (``events``,
        ``dates``, ``speaker``, ``lexicon``), made once per language."""
        cache_key = ("folded", self.lang, section, key)
        if cache_key not in self.compiled:
            self.compiled[cache_key] = frozenset(
                fold(w) for w in getattr(self.rules, section).get(key, []))
        return self.compiled[cache_key]

    def note_epithets(self, person: str, phrase: list[Item]) -> None:
        """Remember the words a post phrase gave ``person`` ("Swiss", «السويسري», a state), so
        that "the Swiss minister" finds them later."""
        words = {it.key for it in phrase if it.kind == "word" and it.key}
        words |= {it.ref.iri for it in phrase if it.kind in ("demonym", "state")
                  and getattr(it.ref, "iri", None)}
        self.epithets[person] = self.epithets.get(person, frozenset()) | words

    def officials_before(self, pos: int) -> list[Official]:
        return [o for o in self.result.officials if o.start < pos]

    @property
    def published(self) -> str | None:
        return self.result.published
