"""Shared helpers for the page, dump and canned-query tests (imported by those modules).

``make_dist`` writes a small dist folder as a build leaves it: dumps, their .gz twins and
build.json. ``html_of`` parses a page with the standard library's HTMLParser.
"""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

BUILD_ID = "testbuild0001"
BUILT_AT = "2026-01-02T03:04:05Z"
ID = "https://w3id.org/seckg/id/"
OFFICIAL = ID + "person/example-official"
ARTICLE = ID + "article/sample0001"
STATEMENT = ID + "statement/sample0001-1"


def make_dist(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"seckg.ttl": b"<https://w3id.org/seckg/id/org/sco> a <http://www.w3.org/ns/org#Organization> .\n",
             "seckg.nq": b"<https://w3id.org/seckg/id/org/sco> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> <https://w3id.org/seckg/id/graph/reference> .\n"}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        (folder / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
    (folder / "notes.txt").write_text("not a dump\n")
    (folder / "build.json").write_text(json.dumps({"build_id": BUILD_ID, "built_at": BUILT_AT}))
    return folder


def parse_rdf(data: bytes, media_type: str) -> Graph:
    """Parse an answer with pyoxigraph (rdflib's JSON-LD parser warns) into an rdflib graph."""
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.from_media_type(media_type), to_graph=ox.DefaultGraph())
    nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=nt.decode("utf-8"), format="nt")


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.text = tag, attrs, ""


class _Collector(HTMLParser):
    VOID = {"br", "img", "input", "link", "meta", "hr", "col", "source", "wbr", "area", "base"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def html_of(text: str) -> list[Element]:
    """Every element of a page, with its attributes and the text inside it."""
    parser = _Collector()
    parser.feed(text)
    parser.close()
    return parser.elements
