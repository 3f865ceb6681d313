"""Dates in every form the press uses; relative ones only against a known publication date."""

from __future__ import annotations

import tomllib

import pytest

from kg.config import Settings
from kg.extract.dates import compile_grammar, dateline, find_dates, publication

RULES = Settings().rules_dir


def grammar(lang: str):
    spec = tomllib.loads((RULES / f"{lang}.toml").read_text(encoding="utf-8"))["dates"]
    return compile_grammar(lang, spec)


@pytest.mark.parametrize(("lang", "text", "published", "expected"), [
    ("en", "It happened on 7 November 2024 in Moscow.", None, "2024-11-07"),
    ("en", "It happened on November 7, 2024 in Moscow.", None, "2024-11-07"),
    ("en", "It happened on 07.11.2024 in Moscow.", None, "2024-11-07"),
    ("en", "It happened on 2024-11-07.", None, "2024-11-07"),
    ("en", "He spoke yesterday.", "2024-11-07", "2024-11-06"),
    ("en", "He spoke on Thursday.", "2024-11-07", "2024-11-07"),
    ("en", "He spoke on Monday.", "2024-11-07", "2024-11-04"),
    ("en", "He spoke a month ago.", "2024-11-07", "2024-10-07"),
    ("ar", "وذلك اليوم الخميس 7 نوفمبر/تشرين الثاني 2024.", None, "2024-11-07"),
    ("ar", "في 15 كانون الأول 2025 عقد الاجتماع.", None, "2025-12-15"),
    ("ar", "في ١٥ مايو ٢٠٢٥ عقد الاجتماع.", None, "2025-05-15"),
    ("ar", "ابتداءً من الأول من يناير 2026", None, "2026-01-01"),
    ("ar", "في 3 جوان 2025", None, "2025-06-03"),
    ("ar", "صرح أمس بأن", "2025-03-10", "2025-03-09"),
    ("ar", "منذ يومين", "2025-03-10", "2025-03-08"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_dates_resolve(lang, text, published, expected):
    values = [d.value for d in find_dates(text, grammar(lang), published) if d.value]
    assert expected in values


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "He spoke yesterday."),            # relative, no publication date
    ("en", "He spoke on October 9."),         # year-less, nothing fixes the year
    ("en", "The strategy runs until 2030."),  # a year alone is not a date
    ("ar", "منذ 2 ساعات"),
    ("ar", "في 9 أكتوبر/تشرين الأول الماضي"),
    ("en", "It happened on 31 February 2024."),
])
def test_dates_never_guessed(lang, text):
    assert [d.value for d in find_dates(text, grammar(lang), None) if d.value] == []


def test_yearless_date_fixed_by_the_text():
    text = "٠٧ نوفمبر\n\nوذلك اليوم الخميس 7 نوفمبر/تشرين الثاني 2024."
    values = [d.value for d in find_dates(text, grammar("ar"), None)]
    assert values[0] == "2024-11-07"


def test_dateline_is_found_near_the_top():
    line = dateline("Friday, April 18\n\nHeadline here\n\nBody text.", grammar("en"))
    assert line is not None and line.surface == "Friday, April 18" and line.value is None


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "date 2019-03-04\nHeadline of the piece\n\nBody text.", "2019-03-04"),
    ("en", " date 2019-03-04 ASTANA. AGENCY - The ministers met.", "2019-03-04"),
    ("en", "ALMATY, 3 March 2019 - The ministers met on Sunday.", "2019-03-03"),
    ("en", "BAKU, (Wire Service - 5th June, 2020 ) :The envoy said ...", "2020-06-05"),
    ("en", "Site.kz | 02.07.2021 | The council met.", "2021-07-02"),
    ("ru", "ЕРЕВАН, 4 марта 2019. /Агентство/. Министры встретились.", "2019-03-04"),
    ("ar", "قال الوزير إن المنظمة ستواصل عملها، وذلك اليوم الاثنين 4 مارس/آذار 2019.", "2019-03-04"),
    ("en", "The envoy spoke today, Monday 4 March 2019, in Geneva.", "2019-03-04"),
])
def test_publication_date_from_the_text(lang, text, expected):
    assert publication(text, grammar(lang)) == expected


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "ASTANA, March 3 - The ministers met."),              # no year: no publication date
    ("en", "On 3 March 2019 the ministers met in Astana, the agency said."),   # an event date
    ("en", "The ministers met in Astana."),
])
def test_no_publication_date_where_the_text_gives_none(lang, text):
    assert publication(text, grammar(lang)) is None


@pytest.mark.parametrize(("lang", "text", "published", "expected"), [
    ("ar", "في مؤتمر صحفي عقده اليوم الثلاثاء", "2025-03-06", None),      # a Thursday: contradiction
    ("ar", "في مؤتمر صحفي عقده اليوم الخميس", "2025-03-06", "2025-03-06"),
    ("en", "on Tuesday, 4 March 2025 he said", "2025-03-06", "2025-03-04"),
    ("en", "the ministers met last week", "2025-03-06", None),               # a span, not a day
    ("ru", "заседание пройдет 14–15 мая 2026 года", None, "2026-05-14"),     # a range: its first day
    ("en", "talks on October 14-15, 2025 in Baku", None, "2025-10-14"),
])
def test_date_expressions_read_whole(lang, text, published, expected):
    refs = find_dates(text, grammar(lang), published)
    assert len(refs) == 1 and refs[0].value == expected
