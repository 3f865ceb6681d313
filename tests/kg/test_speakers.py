"""Speakers nobody curated (kg/extract/speakers.py), on sentences of our own."""

from __future__ import annotations

import pytest

from kg.articles import parse_article
from kg.extract.pipeline import extract

from .conftest import load_ruleset

RULESET = load_ruleset()


def statements(text: str, language: str = "en"):
    found = extract(parse_article(text.encode(), "<test>", {"language": language}), RULESET)
    names = {}
    for iri, labels in found.minted.items():
        names[iri] = labels.get(language)
    for m in found.mentions:
        if m.kind == "person" and m.iri and m.iri not in names:
            names[m.iri] = m.surface
    return [(names.get(s.speaker, s.speaker), s.mode, s.text) for s in found.statements], found


@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("Deputy Interior Minister Aibek Dzhunusov told reporters that the border would reopen soon.",
     "Aibek Dzhunusov", "the border would reopen soon."),
    ("“We will not allow the drills to be cancelled,” Colonel General Bakhtiyor Rakhimov said.",
     "Bakhtiyor Rakhimov", "We will not allow the drills to be cancelled"),
    ("Bakhtiyor Rakhimov, commander of the CSTO peacekeeping contingent, said that the troops "
     "were ready.", "Bakhtiyor Rakhimov", "the troops were ready."),
    ("The exercises will start in May, the head of the CIS Executive Committee's security "
     "department, Oleg Vasilyev, said on Monday.", "Oleg Vasilyev",
     "The exercises will start in May"),
    ("“The bloc is open to new members,” said Li Wenjun, China's deputy envoy to the SCO.",
     "Li Wenjun", "The bloc is open to new members"),
    ("Kassym-Jomart Tokayev said that the union would grow.", "Kassym-Jomart Tokayev",
     "the union would grow."),
    ("Oleg Vasilyev, for his part, said that the union would grow.", "Oleg Vasilyev",
     "the union would grow."),
], ids=["role-before-name", "rank-not-in-name", "apposition", "role-comma-name",
        "inverted-with-apposition", "hyphenated-name", "parenthetical"])
def test_a_named_speaker_is_minted_from_the_attribution(text, speaker, content):
    found, _ = statements(text)
    assert (speaker, found[0][1], content) in [(s, m, c) for s, m, c in found], found


def test_a_speaker_is_described_then_named_later_and_by_post_word():
    text = ("A Kazakh envoy said on Friday that the talks had been useful. "
            "“We hope to meet again,” said Yerlan Sadykov, Kazakhstan's ambassador to Russia. "
            "The talks will resume in spring, the envoy added.")
    found, _ = statements(text)
    assert [s for s, _m, _c in found] == ["Yerlan Sadykov"] * 3, found


def test_a_clause_added_by_a_participle_is_a_statement_of_its_own():
    text = ("Marat Suleimenov, head of the regional centre, said the situation was calm, adding "
            "that no new threats had been detected.")
    found, _ = statements(text)
    contents = [c for _s, _m, c in found]
    assert "the situation was calm" in contents[0]
    assert "adding" not in contents[0]
    assert contents[1] == "no new threats had been detected."


@pytest.mark.parametrize("text", [
    "Speaking at the forum, Oleg Vasilyev said the union would grow.",
    "At the forum Oleg Vasilyev said the union would grow.",
], ids=["participle-frame", "prepositional-frame"])
def test_a_frame_before_the_speaker_is_not_content(text):
    found, _ = statements(text)
    assert [c for _s, _m, c in found] == ["the union would grow."], found


@pytest.mark.parametrize("text", [
    "Tashkent Airport said the flights would resume.",
    "The member states said the treaty was fine.",
    "“Security for all” is the motto, the Interfax agency reported.",
], ids=["place-like-name", "member-states", "news-agency"])
def test_no_person_is_minted_from_what_is_not_a_person(text):
    _found, result = statements(text)
    assert not result.minted, result.minted


def test_a_russian_speaker_after_the_verb_is_named_in_the_nominative():
    text = ("«Учения пройдут по плану», — сообщил командующий объединённой группировкой "
            "генерал-майор Ильдар Гайнуллин.")
    found, result = statements(text, "ru")
    assert [s for s, _m, _c in found] == ["Ильдар Гайнуллин"], found
    text = "По словам Николая Бордюжи, учения пройдут по плану до конца года."
    found, result = statements(text, "ru")
    assert [s for s, _m, _c in found] == ["Николай Бордюжа"], found
    text = "Министр обороны Белоруссии Виктор Хренин, в свою очередь, отметил, что все полигоны готовы."
    found, result = statements(text, "ru")
    assert [(s, c) for s, _m, c in found] == [("Виктор Хренин", "все полигоны готовы.")], found
