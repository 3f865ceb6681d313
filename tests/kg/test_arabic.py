"""Arabic names nobody curated (kg.extract.arabic_names) and the speakers they give."""

from __future__ import annotations

import pytest

from kg.articles import parse_article
from kg.extract.arabic_names import Known, NameIndex, quoted_name_words, readings, skeleton
from kg.extract.pipeline import extract

from .conftest import load_ruleset

RULESET = load_ruleset()


@pytest.mark.parametrize(("a", "b"), [
    ("غيراسيموف", "كيراسيموف"),          # g written غ or ك
    ("ستولتنبرغ", "ستولتنبرج"),            # g written غ or ج
    ("ليبيديف", "ليبيدف"),                # a long vowel dropped
    ("سیرغی", "سيرغي"),                  # Persian ye
    ("يارلان", "يرلان"),
    ("سينيرلي أوغلو", "سينيرليأوغلو"),     # a surname split in two
], ids=["gh-k", "gh-j", "long-vowel", "persian-ye", "alif", "split"])
def test_spelling_variants_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), [("لافروف", "شويغو"), ("نوفيكوف", "نوفاك")],
                         ids=["lavrov-shoigu", "novikov-novak"])
def test_different_names_differ(a, b):
    assert skeleton(a) != skeleton(b)


def test_readings_strip_clitics():
    assert "مينغ" in readings("لمينغ")
    assert "كاسيس" in readings("وكاسيس")


def index() -> NameIndex:
    return NameIndex([Known("p/zhang", ("تشانغ", "مينغ")),
                      Known("p/ahmadi", ("محمد", "باقر", "قاليباف")),
                      Known("p/zokir", ("محمد", "طاهر", "ذاكرزاده"))])


@pytest.mark.parametrize(("word", "person"), [
    ("تشانغ", "p/zhang"),        # a family name written first
    ("لمينغ", "p/zhang"),        # with a clitic
    ("تشانج", "p/zhang"),        # another transliteration
    ("قاليباف", "p/ahmadi"),
    ("محمد", None),              # two persons share the given name
    ("الحوار", None),
    ("علي", None),               # too short to name anyone
], ids=["first", "clitic", "variant", "surname", "shared", "noun", "short"])
def test_a_lone_word_names_one_person(word, person):
    assert index().word(word) == person


def test_a_split_surname_is_the_same_name():
    idx = NameIndex([Known("p/f", ("فريدون", "سينيرلي", "أوغلو"))])
    assert idx.name(["فريدون", "سينيرليأوغلو"]) == "p/f"


@pytest.mark.parametrize(("quoted", "words"), [
    ("الجنرال سامي حداد", ["سامي", "حداد"]),
    ("كريم نصار", ["كريم", "نصار"]),
    ("الأمن الجماعي", None),          # a term with the article
    ("سهند 2025", None),              # an exercise
    ("حداد", None),                   # one bare word
    ("الحوار مستمر بين الأطراف كلها", None),
], ids=["rank", "plain", "article", "digits", "one-word", "clause"])
def test_a_quotation_that_only_wraps_a_name(quoted, words):
    ranks = frozenset({"الجنرال", "اللواء"})
    assert quoted_name_words(quoted, 0, len(quoted), ranks=ranks, stop=frozenset()) == words


def statements(text: str):
    found = extract(parse_article(text.encode(), "<test>", {"language": "ar"}), RULESET)
    names = {iri: labels.get("ar") for iri, labels in found.minted.items()}
    return found, [(names.get(s.speaker, s.speaker), s.mode, s.text) for s in found.statements]


def test_rank_is_not_part_of_the_name_and_the_surname_comes_back():
    found, said = statements(
        "وقال رئيس هيئة الأركان العامة في البلاد الفريق أول كريم نصار إن التدريبات المشتركة "
        "ستجري في الخريف المقبل. وأضاف نصار أن القوات جاهزة لكل المهام الموكلة إليها.")
    assert [s[0] for s in said] == ["كريم نصار", "كريم نصار"]


def test_a_variant_spelling_is_the_same_speaker():
    _found, said = statements(
        "قال الأمين العام للمنظمة ألكسندر غيراسيموف إن الاجتماع المقبل سيعقد في الربيع. "
        "وأشار كيراسيموف إلى أن جدول الأعمال يشمل قضايا الأمن الإقليمي كلها.")
    assert [s[0] for s in said] == ["ألكسندر غيراسيموف", "ألكسندر غيراسيموف"]


def test_a_quoted_name_is_the_speaker():
    _found, said = statements(
        "قال رئيس البرلمان الإقليمي \"سامي حداد\" إن الدورة المقبلة ستناقش ملفات الأمن "
        "والتعاون الاقتصادي بين الدول.")
    assert said and said[0][0] == "سامي حداد"


def test_speech_after_a_colon_is_direct_and_a_complementiser_makes_it_reported():
    _found, said = statements(
        "قال الأمين العام للمنظمة سامي حداد إن الحوار مستمر بين كل الأطراف المعنية. "
        "وأضاف: ستعقد الجولة المقبلة من المشاورات في الربيع القادم. "
        "وتابع: إن المشاورات ستتناول ملفات الحدود والمياه والطاقة.")
    assert [s[1] for s in said] == ["reported", "direct", "reported"]


def test_a_news_agency_is_never_a_speaker():
    found, said = statements("وذكرت وكالة سبوتنيك أن الاجتماع المقبل سيعقد في موسكو الشهر المقبل.")
    assert not found.minted
    assert not said
