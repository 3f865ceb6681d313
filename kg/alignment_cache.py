"""What alignment needs of each built article, kept beside the dumps, so that a build which
adds a few articles to a large store aligns them with the stored ones without extracting
every stored article again.

One JSON file per article: ``<dist>/alignment/<toolkit hash>/<content hash>.json`` with the
article's key and its statement and event records. A build writes the entry of every article
it accepts and reads the entries of the articles it keeps; a missing or unreadable entry
(another machine built that article, or the folder was removed) is made again by extracting
the article, as a build without this folder does. Entries are keyed by what decides them: the
article's bytes (content hash) and the rules, reference data and code (toolkit hash); a new
toolkit rebuilds everything anyway, so the folders of other toolkits are dropped, and so are
entries of articles the store no longer holds.

>>> import tempfile
>>> cache = AlignmentCache(Path(tempfile.mkdtemp()), "toolkit1")
>>> cache.put("hash1", "key1", Extraction("en", None, None))
>>> cache.get("hash1")[0]
'key1'
>>> cache.get("other") is None
True
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

from kg.model import EventRecord, Extraction, StatementRecord

FOLDER = "alignment"


class AlignmentCache:
    """The alignment entries of one toolkit under ``dist``."""

    def __init__(self, dist: Path, toolkit: str) -> None:
        self.root = dist / FOLDER
        self.folder = self.root / toolkit[:32]

    def get(self, content_hash: str) -> tuple[str, Extraction] | None:
        """(article key, extraction with its statements and events), or None."""
        try:
            data = json.loads((self.folder / f"{content_hash}.json").read_text("utf-8"))
            extraction = Extraction(
                data["language"], data["published"], data["headline"],
                events=[EventRecord(**e) for e in data["events"]],
                statements=[StatementRecord(**s) for s in data["statements"]])
            return data["key"], extraction
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, content_hash: str, key: str, extraction: Extraction) -> None:
        """Write one article's entry (atomically: a reader sees all of it or nothing)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"key": key, "language": extraction.language,
                "published": extraction.published, "headline": extraction.headline,
                "events": [asdict(e) for e in extraction.events],
                "statements": [asdict(s) for s in extraction.statements]}
        target = self.folder / f"{content_hash}.json"
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)

    def keep_only(self, content_hashes: set[str]) -> None:
        """Drop the entries of other articles and the folders of other toolkits."""
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
        if self.folder.is_dir():
            for entry in self.folder.iterdir():
                if entry.suffix == ".json" and entry.stem not in content_hashes:
                    entry.unlink(missing_ok=True)
