"""Invariants over generated input: extraction never crashes, is deterministic, and every
offset pair slices the text to exactly the recorded words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.articles import parse_article
from kg.extract.pipeline import extract

from .conftest import load_ruleset

RULESET = load_ruleset()
PIECES = [
    "“We are ready to cooperate,” ", "said ", "he said. ", "Sergey Lavrov ", "the CSTO ",
    "Secretary-General ", "of the SCO ", ", ", ". ", "\n\n", "«", "»", "\"", "On 7 November 2024, ",
    "قال ", "وزير الخارجية الروسي ", "سيرجي لافروف ", "إن ", "أن ", "منظمة شنغهاي للتعاون ", "، ",
    "«نحن مستعدون للتعاون» ", "في 7 نوفمبر/تشرين الثاني 2024 ", "وأضاف ", "according to ",
    "yesterday ", "NATO ", "Moscow ", "„", "“", "”", "‹", "›", "ـ", "\u064e", "٢٠٢٤ ",
]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join),
    st.text(min_size=1, max_size=300),
).filter(lambda t: t.strip() and "\x00" not in t)


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
