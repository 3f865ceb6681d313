"""Normalisation, quotes, sentences and the Arabic-aware gazetteer match."""

from __future__ import annotations

import tomllib

import pytest

from kg.config import Settings
from kg.extract.mentions import find_mentions
from kg.extract.normalise import fold, normalise
from kg.extract.quotes import find_quotes, outermost
from kg.extract.tokens import tokenise
from kg.gazetteer import Gazetteer
from kg.model import Entity

PAIRS = tomllib.loads((Settings().rules_dir / "common.toml").read_text(encoding="utf-8"))["quote_pairs"]


@pytest.mark.parametrize(("raw", "folded"), [
    ("الأمينُ العامّ", "الامين العام"),
    ("إيمان", "ايمان"), ("مستشفى", "مستشفي"), ("منظمة", "منظمه"),
    ("لـ\u0640الدول", "لالدول"), ("٢٠٢٤", "2024"), ("\u200fموسكو", "موسكو"), ("Tajikistan’s", "tajikistan's"),
])
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_normalise_keeps_a_map_to_the_original():
    text = "قال الأمينُ العامّ"
    n = normalise(text)
    i = n.text.index("العام")
    start, end = n.span(i, i + len("العام"))
    assert text[start:end] == "العامّ"


@pytest.mark.parametrize(("text", "quoted"), [
    ("“We are ready,” he said.", ["We are ready,"]),
    ("He said: «Nous sommes prêts».", ["Nous sommes prêts"]),
    ("Er sagte: „Wir sind bereit“.", ["Wir sind bereit"]),
    ('قال: "نحن مستعدون".', ["نحن مستعدون"]),
    ('أن "التدريب للقوات لـ"الدول الأعضاء" يجب أن يتم".',
     ['التدريب للقوات لـ"الدول الأعضاء" يجب أن يتم']),
    ("“First paragraph.\n“Second paragraph,” he said.", ["First paragraph.\n“Second paragraph,"]),
    ("He said ‹yes› twice.", ["yes"]),
    ("An unclosed “quote here.", []),
])
def test_quotes(text, quoted):
    assert [text[q.start:q.end] for q in outermost(find_quotes(text, PAIRS))] == quoted


def _gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    for iri, kind, labels in [
        ("org/un", "org", ["الأمم المتحدة", "UN", "United Nations"]),
        ("org/cis", "org", ["رابطة الدول المستقلة", "CIS"]),
        ("place/moscow", "place", ["موسكو", "Moscow"]),
    ]:
        gaz.add_entity(Entity(iri, kind, {"en": labels[-1]}))
        for label in labels:
            gaz.add_alias(iri, kind, label)
    return gaz


@pytest.mark.parametrize(("text", "expected"), [
    ("تعاون مع الأمم المتحدة", [("org/un", "الأمم المتحدة")]),
    ("رسالة للأمم المتحدة", [("org/un", "للأمم المتحدة")]),
    ("وبالعاصمة موسكو", [("place/moscow", "موسكو")]),
    ("وموسكو", [("place/moscow", "موسكو")]),
    ("ولرابطة الدول المستقلة", [("org/cis", "رابطة الدول المستقلة")]),
    ("the CIS and the UN", [("org/cis", "CIS"), ("org/un", "UN")]),
    ("a cis-gender word and un-related", []),      # abbreviations are case-sensitive
    ("Moscow-based", [("place/moscow", "Moscow")]),
])
def test_mentions(text, expected):
    found = find_mentions(text, tokenise(text), _gazetteer())
    assert [(m.iri, m.surface) for m in found] == expected
