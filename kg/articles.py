"""Reading input articles: UTF-8 text plus an optional ``NAME.meta.json`` sidecar.

The text is kept as read (after Unicode NFC and newline normalisation): every offset in
the graph refers to this text, which is stored as the article's ``schema:text``.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ArticleError

META_KEYS = ("url", "published", "language", "publisher", "title")


@dataclass(frozen=True, slots=True)
class Article:
    source: str                     # file path or "<stdin>"
    text: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """A content hash: the same text (and metadata) gives the same IRI on every build."""
        h = hashlib.sha256(self.text.encode("utf-8"))
        for k in META_KEYS:
            if k in self.meta:
                h.update(f"\n{k}={self.meta[k]}".encode())
        return h.hexdigest()[:16]


def clean_text(raw: str) -> str:
    """NFC, no BOM, LF newlines. The one place article text is changed."""
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def parse_article(data: bytes, source: str, meta: dict[str, str] | None = None) -> Article:
    """Decode and check one article; raise ArticleError naming ``source`` otherwise."""
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(source, f"not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})",
                           "save the file as UTF-8") from exc
    text = clean_text(raw)
    if not text.strip():
        raise ArticleError(source, "empty article", "remove the file or give it text")
    if "\x00" in text:
        raise ArticleError(source, "contains NUL bytes: a binary file, not an article",
                           "give a UTF-8 text file")
    return Article(source=source, text=text, meta=meta or {})


def read_meta(path: Path) -> dict[str, str]:
    """The sidecar ``NAME.meta.json`` of ``NAME.txt``, if any."""
    side = path.with_name(path.stem + ".meta.json")
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArticleError(str(side), f"unreadable metadata: {exc}",
                           f"make it a JSON object with keys {', '.join(META_KEYS)}") from exc
    if not isinstance(meta, dict):
        raise ArticleError(str(side), "metadata is not a JSON object",
                           f"use an object with keys {', '.join(META_KEYS)}")
    return {k: str(v) for k, v in meta.items() if k in META_KEYS and v is not None}


def read_article(path: Path) -> Article:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot read ({exc.strerror})",
                           "check the path and permissions") from exc
    return parse_article(data, str(path), read_meta(path))


def find_articles(paths: list[Path]) -> list[Path]:
    """Expand folders to their ``*.txt`` files (sorted); keep files as given."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.glob("*.txt") if q.is_file()))
        else:
            found.append(p)
    return found
