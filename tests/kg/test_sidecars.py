"""Issue 9, item 5: every input survives.

A sidecar ``url`` with a space, ``"`` or ``<`` used to become an invalid IRI that crashed
the store write (nothing built, no file named) while ``seckg validate`` said the article
conformed; a sidecar field of the wrong JSON type was reported as "please report this
article" against the ``.txt``. Now each field is checked on its own: a bad one is dropped
with a note naming the ``.meta.json``, the field and the fix, and the article is kept.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.articles import clean_text, parse_article, read_article, scan_articles
from kg.build import Toolkit, build, process_article
from kg.config import Settings
from kg.namespaces import SCHEMA
from kg.sidecar import FIELDS, check_fields

OWN = Path(__file__).resolve().parents[1] / "data" / "own"
EN = (OWN / "en_csto_bishkek_defence.txt").read_text(encoding="utf-8")

GOOD_URL = "https://news.example/ok?id=1#top"
BAD_URLS = {
    "space": "https://news.example/a story",
    "quote": 'https://news.example/a"b',
    "angle": "https://news.example/<b>",
    "brace": "https://news.example/{x}",
    "newline": "https://news.example/a\nb",
    "javascript": "javascript:alert(document.cookie)",
    "relative": "/news/story.html",
    "no_host": "https:///story",
    "mailto": "mailto:editor@news.example",
    "number": 42,
    "list": ["https://news.example/a"],
    "object": {"href": "https://news.example/a"},
    "bool": True,
}


@pytest.fixture(scope="module")
def kit():
    return Toolkit.load(Settings())


def _article(folder: Path, name: str, meta: object, text: str = EN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    raw = meta if isinstance(meta, str) else json.dumps(meta)
    (folder / f"{name}.meta.json").write_text(raw, encoding="utf-8")
    return path


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_a_bad_url_is_noted_and_the_article_kept_without_it(tmp_path, kit, url):
    path = _article(tmp_path, "story", {"url": url, "published": "2026-03-12"})
    result = process_article(path, kit)
    assert result.accepted, result.error or result.report
    assert result.article.meta == {"published": "2026-03-12"}
    assert not list(result.graph.objects(URIRef(result.iri), SCHEMA.url))
    [note] = result.article.notes
    assert note.startswith(f'{tmp_path / "story.meta.json"}: field "url": ')
    assert "kept without it" in note and "fix: an absolute http:// or https:// address" in note


def test_a_build_with_bad_sidecars_writes_the_store_and_names_each_file(tmp_path):
    """Regression: an invalid IRI from a sidecar crashed the store write of the whole build."""
    folder = tmp_path / "in"
    good = _article(folder, "good", {"url": GOOD_URL,
                                     "title": "Defence chiefs meet"})
    _article(folder, "space", {"url": "https://news.example/a b"}, EN + "\nOne more line.\n")
    _article(folder, "quote", {"url": 'https://news.example/"x"'}, EN + "\nAnother line.\n")
    _article(folder, "typed", {"published": 20260312, "title": ["t"], "publisher": None,
                               "language": {"code": "en"}, "author": "A. Writer"},
             EN + "\nA third line.\n")
    report = build(Settings(store="memory:", dist_dir=tmp_path / "dist"), [folder])
    try:
        assert len(report.accepted) == 4, report.summary()["quarantined"]
        assert report.handle.ask(f"ASK {{ ?a <{SCHEMA.url}> <{GOOD_URL}> }}")
        assert not report.handle.ask(f'ASK {{ ?a <{SCHEMA.url}> ?u FILTER(STRSTARTS(STR(?u), '
                                     f'"https://news.example/") && ?u != <{GOOD_URL}>) }}')
        summary = json.loads((tmp_path / "dist" / "build.json").read_text(encoding="utf-8"))
        notes = summary["notes"]
        for name, field in [("space", "url"), ("quote", "url"), ("typed", "published"),
                            ("typed", "title"), ("typed", "language")]:
            side = str(folder / f"{name}.meta.json")
            assert any(n.startswith(f'{side}: field "{field}"') for n in notes), (name, field)
        assert any("unknown field 'author'" in n for n in notes)
        assert not any(str(good.with_suffix("")) in n for n in notes)
        assert not any("please report" in n for n in notes)
    finally:
        report.handle.close()


@pytest.mark.parametrize(("meta", "field", "problem"), [
    ({"published": 20241009}, "published", "is a number (20241009), not a string"),
    ({"published": "9 October 2024"}, "published", "is not a date"),
    ({"published": "2024-02-30"}, "published", "is not a date"),
    ({"language": "english please"}, "language", "is not a language tag"),
    ({"language": ["en"]}, "language", 'is a list (["en"]), not a string'),
    ({"title": "   "}, "title", "is empty"),
    ({"title": {"en": "x"}}, "title", "is an object"),
    ({"publisher": False}, "publisher", "is true/false"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_each_field_is_checked_on_its_own(meta, field, problem):
    kept, notes = check_fields({**meta, "url": "https://news.example/a"}, "x.meta.json")
    assert kept == {"url": "https://news.example/a"}
    [note] = notes
    assert note.startswith(f'x.meta.json: field "{field}": ') and problem in note
    assert f"fix: {next(f.fix for f in FIELDS if f.name == field)}" in note


def test_good_fields_are_kept_and_normalised():
    kept, notes = check_fields({"url": " https://ar.example/مقال?q=1 ", "published":
                                "2024-10-09T08:30:00+03:00", "language": "en-GB",
                                "publisher": " TASS\n", "title": "Talks  in\nMinsk"}, "x")
    assert notes == []
    assert kept == {"url": "https://ar.example/مقال?q=1", "published": "2024-10-09",
                    "language": "en-GB", "publisher": "TASS", "title": "Talks in Minsk"}


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", "[" * 100_000 + "]" * 100_000, "\"x\""],
                         ids=["syntax", "array", "deeply_nested", "string"])
def test_a_sidecar_that_is_not_an_object_quarantines_the_article_by_name(tmp_path, kit, raw):
    path = _article(tmp_path, "story", raw)
    result = process_article(path, kit)
    assert not result.accepted
    assert result.error.startswith(str(tmp_path / "story.meta.json") + ": ")
    assert "please report" not in result.error


def test_html_entities_are_decoded_and_tags_removed(tmp_path, kit):
    html = ("<p>Kyrgyzstan&rsquo;s Defence Minister Baktybek Bekbolotov said that the CSTO "
            "exercises would take place in September.</p>\n<p>&ldquo;Our forces are ready for "
            "any scenario,&rdquo; Bekbolotov told reporters in <b>Bishkek</b> on Thursday."
            "</p><script>track()</script>")
    path = tmp_path / "html.txt"
    path.write_text(html, encoding="utf-8")
    result = process_article(path, kit)
    text = result.article.text
    assert "&" not in text and "<" not in text and "track" not in text
    assert "“Our forces are ready for any scenario,” Bekbolotov told reporters in Bishkek" in text
    assert [s.text for s in result.extraction.statements if s.mode == "DirectQuote"] or \
           any("ready for any scenario" in s.text for s in result.extraction.statements)
    [note] = result.article.notes
    assert "HTML left in the text" in note and str(path) in note


@pytest.mark.parametrize(("raw", "text"), [
    ("AT&T and R&D", "AT&T and R&D"),                          # not entities
    ("&nothing; &amp; &#8220;x&#x201D;", "&nothing; & “x”"),    # only known, complete ones
    ("a < b and <Reuters> c", "a < b and <Reuters> c"),          # not HTML tags
    ("&lt;p&gt; is a tag", "<p> is a tag"),                      # decoded after tags are gone
    ("one<br>two<br/>three", "one\ntwo\nthree"),
    ("x&#13;&#10;y", "x\ny"),
], ids=["ampersands", "entities", "angles", "escaped_tag", "br", "crlf_entities"])
def test_only_real_html_is_changed(raw, text):
    assert clean_text(raw) == text


def test_a_pdf_is_not_taken_as_an_article():
    with pytest.raises(Exception, match="a PDF file, not a text article"):
        parse_article(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "report.txt")


def test_skipped_folder_entries_are_listed_with_their_reason(tmp_path):
    folder = tmp_path / "in"
    article = _article(folder, "story", {"title": "t"})
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    (folder / "README.md").write_text("notes", encoding="utf-8")
    (folder / "orphan.meta.json").write_text("{}", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "dir.txt").mkdir()
    (folder / ".DS_Store").write_bytes(b"\0")
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    found, skipped = scan_articles([folder])
    assert found == [article]
    reasons = {Path(p).name: why for p, why in skipped}
    assert reasons == {
        "README.md": "not a .txt article (.md)",
        "report.pdf": "not a .txt article (.pdf)",
        "orphan.meta.json": "a .meta.json sidecar with no article (.txt) of the same name "
                            "beside it",
        "sub": "a folder (folders are not searched inside)",
        "dir.txt": "a folder named like an article, not a file",
        "dangling.txt": "a broken symbolic link",
        "loop.txt": "a symbolic link loop",
    }


def test_the_build_report_lists_skipped_entries(tmp_path):
    folder = tmp_path / "in"
    _article(folder, "story", {})
    (folder / "notes.md").write_text("x", encoding="utf-8")
    report = build(Settings(store="memory:", dist_dir=tmp_path / "dist"), [folder])
    report.handle.close()
    assert report.summary()["skipped"] == [{"path": str(folder / "notes.md"),
                                           "reason": "not a .txt article (.md)"}]


def test_validate_and_build_read_a_sidecar_the_same_way(tmp_path, kit):
    """``seckg validate`` and ``build`` both go through read_article: what one keeps, the
    other keeps."""
    path = _article(tmp_path, "story", {"url": "https://e.example/a b", "title": "T"})
    assert read_article(path).meta == {"title": "T"}
    assert process_article(path, kit).article.meta == {"title": "T"}


def test_seckg_build_prints_what_it_skipped_and_dropped(tmp_path):
    """The build's own output says what build.json records: skipped entries and notes."""
    from click.testing import CliRunner

    from kg.cli import main

    folder = tmp_path / "in"
    _article(folder, "story", {"url": "https://news.example/a b"})
    (folder / "notes.md").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["--store", "memory:", "build", str(folder),
                                       "--dist", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    assert f"skipped {folder / 'notes.md'} (not a .txt article (.md))" in result.output
    assert f'note: {folder / "story.meta.json"}: field "url"' in result.output
