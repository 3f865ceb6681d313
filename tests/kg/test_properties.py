"""Invariants over generated input: extraction never crashes, is deterministic, every
offset pair slices the text to exactly the recorded words, and every dump format gives back
the article graph (its text and offsets) unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef
from rdflib.compare import isomorphic

from kg.articles import clean_text, parse_article
from kg.export import DUMPS, serialise_graphs
from kg.extract.pipeline import extract
from kg.iris import article_iri
from kg.namespaces import SCHEMA
from kg.rdfio import read_graph
from kg.to_rdf import article_graph

from .conftest import load_ruleset

RULESET = load_ruleset()
DUMP_FORMATS = [fmt for _name, fmt in DUMPS]
SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\r\n"]
CONTROLS = ["\x01", "\x07", "\x1b", "\x1f", "\x7f", "\x9f", "\t", "\ufeff", "\ufffe"]
BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069"]
NASTY = [*SEPARATORS, *CONTROLS, *BIDI]
PIECES = [
    "“We are ready to cooperate,” ", "said ", "he said. ", "Sergey Lavrov ", "the CSTO ",
    "Secretary-General ", "of the SCO ", ", ", ". ", "\n\n", "«", "»", "\"", "On 7 November 2024, ",
    "قال ", "وزير الخارجية الروسي ", "سيرجي لافروف ", "إن ", "أن ", "منظمة شنغهاي للتعاون ", "، ",
    "«نحن مستعدون للتعاون» ", "في 7 نوفمبر/تشرين الثاني 2024 ", "وأضاف ", "according to ",
    "yesterday ", "NATO ", "Moscow ", "„", "“", "”", "‹", "›", "ـ", "\u064e", "٢٠٢٤ ",
    *SEPARATORS, *CONTROLS, *BIDI, "&ldquo;", "<p>", '"""', "\\", "@prefix ",
]
pieces = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
texts = st.one_of(
    pieces,
    st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from([c for c in NASTY
                                                                     if len(c) == 1])),
            min_size=1, max_size=300),
    st.tuples(pieces, st.integers(1000, 6000), pieces).map(   # one very long line
        lambda p: f"{p[0]}{'ملف' * (p[1] // 3)}{'x' * p[1]}{p[2]}"),
).filter(lambda t: clean_text(t).strip() and "\x00" not in t)


def _spans(found):
    for rec in [*found.statements, *found.unattributed]:
        yield rec.start, rec.end, rec.text
    for off in found.officials:
        yield off.start, off.end, off.name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extraction_is_total_deterministic_and_offsets_exact(text):
    article = parse_article(text.encode("utf-8"), "<generated>")
    first = extract(article, RULESET)
    second = extract(article, RULESET)
    assert [(s.start, s.end, s.speaker, s.mode) for s in first.statements] == \
           [(s.start, s.end, s.speaker, s.mode) for s in second.statements]
    for start, end, words in _spans(first):
        assert 0 <= start <= end <= len(article.text)
        assert article.text[start:end] == words


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_every_dump_format_gives_the_article_graph_back(text):
    article = parse_article(text.encode("utf-8"), "<generated>")
    graph = article_graph(article, extract(article, RULESET), RULESET.gazetteer)
    name = article_iri(article.key)
    for fmt in DUMP_FORMATS:
        back = read_graph(serialise_graphs({name: graph}, fmt), fmt)
        assert isomorphic(back, graph), fmt
        assert [str(t) for t in back.objects(URIRef(name), SCHEMA.text)] == [article.text]
