"""Which language an article is in; a language no rule file covers is reported."""

from __future__ import annotations

import pytest

from kg.articles import parse_article
from kg.errors import ArticleError
from kg.extract.language import detect_language
from kg.extract.pipeline import extract

from .conftest import load_ruleset

RULESET = load_ruleset()

PERSIAN = ("وزیر امور خارجه روز دوشنبه گفت که نشست سازمان همکاری شانگهای برای امنیت منطقه "
           "بسیار مهم است و این کشورها باید همکاری خود را ادامه دهند.")
# Arabic typed with Persian letter forms (ی, ک), as some outlets do: still Arabic.
ARABIC_PERSIAN_LETTERS = ("وقال وزیر الخارجیة إن المنظمة ستعقد اجتماعها المقبل فی موسکو "
                          "لبحث التعاون الأمنی بین الدول الأعضاء.")


@pytest.mark.parametrize(("text", "expected"), [
    ("The minister said the talks would go on.", "en"),
    ("Министр заявил, что переговоры продолжатся.", "ru"),
    ("وقال الوزير إن المحادثات ستستمر.", "ar"),
    (ARABIC_PERSIAN_LETTERS, "ar"),
    (PERSIAN, "fa"),
], ids=["en", "ru", "ar", "ar-with-persian-letters", "fa"])
def test_detect_language(text, expected):
    assert detect_language(text, RULESET.common) == expected


def test_an_uncovered_language_is_reported_with_the_fix():
    with pytest.raises(ArticleError) as err:
        extract(parse_article(PERSIAN.encode(), "news/fa-1.txt"), RULESET)
    message = str(err.value)
    assert "news/fa-1.txt" in message and "Persian (fa)" in message
    assert "kg/rules/fa.toml" in message


def test_a_declared_language_without_rules_is_reported():
    article = parse_article(b"Der Minister sagte, die Gespraeche gehen weiter.", "de.txt",
                            {"language": "de"})
    with pytest.raises(ArticleError, match="de.txt: written in de"):
        extract(article, RULESET)
