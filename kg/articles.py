r"""Reading input articles: UTF-8 text plus an optional ``NAME.meta.json`` sidecar.

The text is kept as read (after Unicode NFC, newline normalisation, and HTML leftovers
turned into text): every offset in the graph refers to this text, which is stored as the
article's ``schema:text``. What was changed or dropped on the way is kept as the article's
``notes`` for the build report.

>>> clean_text("<p>&ldquo;Ready,&rdquo; he said.</p>\r\n")
'“Ready,” he said.\n'
"""

from __future__ import annotations

import errno
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.entities import html5
from pathlib import Path

from kg.errors import ArticleError
from kg.sidecar import KEYS as META_KEYS
from kg.sidecar import read_sidecar


@dataclass(frozen=True, slots=True)
class Article:
    source: str                     # file path or "<stdin>"
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()     # what reading changed or dropped (sidecar fields, HTML)

    @property
    def key(self) -> str:
        """A content hash: the same text (and metadata) gives the same IRI on every build."""
        h = hashlib.sha256(self.text.encode("utf-8"))
        for k in META_KEYS:
            if k in self.meta:
                h.update(f"\n{k}={self.meta[k]}".encode())
        return h.hexdigest()[:16]


_HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]{0,11})\b(?:[^<>\"']|\"[^\"<>]*\"|'[^'<>]*'){0,500}/?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
BLOCK_TAGS = frozenset(
    "p br div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table tbody thead tfoot blockquote pre "
    "section article header footer aside nav main figure figcaption hr address".split())
INLINE_TAGS = frozenset(
    "a abbr b big cite code del em font i img ins label mark nobr q s small span strike "
    "strong sub sup td th time tt u wbr center html head body title meta link".split())


def _strip_tags(text: str) -> tuple[str, int]:
    """HTML tags left in a copied article: block tags become line breaks, inline tags
    vanish, scripts, styles and comments go with their content. Anything else in angle
    brackets (``<Reuters>``, ``a < b``) is text and stays."""
    count = 0

    def tag(match: re.Match) -> str:
        nonlocal count
        name = match.group(1).lower()
        if name in BLOCK_TAGS:
            count += 1
            return "\n"
        if name in INLINE_TAGS:
            count += 1
            return ""
        return match.group()

    ends_line = text.endswith("\n")
    text, hidden = _HIDDEN.subn("", text)
    text = _TAG.sub(tag, text)
    if count:
        text = _BLANK_LINES.sub("\n\n", text).strip("\n") + ("\n" if ends_line else "")
    return text, count + hidden


def _decode_entities(text: str) -> tuple[str, int]:
    """``&ldquo;``, ``&#8220;`` and ``&#x201C;`` as the characters they name (only complete
    references: ``AT&T`` and ``&nothing`` stay as written)."""
    count = 0

    def decode(match: re.Match) -> str:
        nonlocal count
        ref = match.group()
        if ref[1] != "#" and ref[1:] not in html5:
            return ref
        count += 1
        return html.unescape(ref)

    return _ENTITY.sub(decode, text), count


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean(raw: str) -> tuple[str, tuple[int, int]]:
    """NFC, no BOM, LF newlines, HTML tags and entities resolved; with the number of tags
    and of entities. The one place article text is changed."""
    text, tags = _strip_tags(_newlines(raw.lstrip("\ufeff")))
    text, entities = _decode_entities(text)
    if entities:
        text = _newlines(text)                  # &#13; and &#10;
    return unicodedata.normalize("NFC", text), (tags, entities)


def clean_text(raw: str) -> str:
    """The article text of ``raw`` (see :func:`clean`)."""
    return clean(raw)[0]


def parse_article(data: bytes, source: str, meta: dict[str, str] | None = None, *,
                  notes: tuple[str, ...] | list[str] = ()) -> Article:
    """Decode and check one article; raise ArticleError naming ``source`` otherwise."""
    if data.startswith(b"%PDF-"):
        raise ArticleError(source, "a PDF file, not a text article",
                           "extract its text (e.g. pdftotext) into a UTF-8 .txt file")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(source, f"not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})",
                           "save the file as UTF-8") from exc
    text, (tags, entities) = clean(raw)
    if not text.strip():
        raise ArticleError(source, "empty article", "remove the file or give it text")
    if "\x00" in text:
        raise ArticleError(source, "contains NUL bytes: a binary file, not an article",
                           "give a UTF-8 text file")
    notes = list(notes)
    if tags or entities:
        notes.append(f"{source}: HTML left in the text: {tags} tag(s) removed, {entities} "
                     "entit(y/ies) decoded (offsets count the cleaned text)")
    return Article(source=source, text=text, meta=meta or {}, notes=tuple(notes))


def read_article(path: Path) -> Article:
    meta, notes = read_sidecar(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(str(path), f"cannot read ({exc.strerror})",
                           "check the path and permissions") from exc
    return parse_article(data, str(path), meta, notes=notes)


def scan_articles(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Folders expanded to their ``*.txt`` files (sorted), files kept as given; and every
    folder entry left out, with the reason (sidecars of an article and hidden files are not
    listed)."""
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for p in paths:
        if not p.is_dir():
            found.append(p)
            continue
        for entry in sorted(p.iterdir()):
            reason = _skip_reason(entry)
            if reason is None:
                found.append(entry)
            elif reason:
                skipped.append((str(entry), reason))
    return found, skipped


def _skip_reason(entry: Path) -> str | None:
    """None for an article, "" for what is left out without a word, else why it is left out."""
    name = entry.name
    if name.startswith("."):
        return ""
    if entry.is_symlink() and not entry.exists():
        try:
            entry.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "a symbolic link loop"
        return "a broken symbolic link"
    if entry.is_dir():
        return ("a folder named like an article, not a file" if entry.suffix == ".txt"
                else "a folder (folders are not searched inside)")
    if not entry.is_file():
        return "not a regular file"
    if entry.suffix == ".txt":
        return None
    if name.endswith(".meta.json"):
        if entry.with_name(name.removesuffix(".meta.json") + ".txt").is_file():
            return ""
        return "a .meta.json sidecar with no article (.txt) of the same name beside it"
    return f"not a .txt article ({entry.suffix or 'no suffix'})"


def find_articles(paths: list[Path]) -> list[Path]:
    """Expand folders to their ``*.txt`` files (sorted); keep files as given."""
    return scan_articles(paths)[0]
