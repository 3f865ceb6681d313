"""An article's ``NAME.meta.json`` sidecar, checked field by field.

One table says what each field must hold and how to fix it. A field that does not hold it
is dropped with a note naming the sidecar, the field and the fix, and the article is kept
without it: one bad ``url`` never costs the article, let alone the build. Unknown fields
are noted and ignored. Only a sidecar that is not a JSON object at all stops the article
(an :class:`~kg.errors.ArticleError` naming the ``.meta.json``).

>>> fields, notes = check_fields({"url": "https://e.org/a b", "title": " Talks "}, "a.meta.json")
>>> fields
{'title': 'Talks'}
>>> print(notes[0])
a.meta.json: field "url": contains ' ' at position 15, which a link cannot hold; the article is kept without it (fix: an absolute http:// or https:// address with spaces and " < > { } | \\ ^ ` percent-encoded, a space as %20)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.errors import ArticleError


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    check: Callable[[str], str]     # the value to keep, or ValueError saying what is wrong
    fix: str


_NOT_IN_IRI = re.compile(r"[\s\"<>{}|\\^`\x00-\x1f\x7f-\x9f]")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _url(value: str) -> str:
    value = value.strip()
    bad = _NOT_IN_IRI.search(value)
    if bad:
        raise ValueError(f"contains {bad.group()!r} at position {bad.start()}, "
                         "which a link cannot hold")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"is not an http or https address (scheme {parts.scheme or 'none'!r})")
    if not parts.hostname:
        raise ValueError("has no host name")
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise ValueError(f"is not a valid IRI ({exc})") from None
    return value


def _date(value: str) -> str:
    value = value.strip()
    try:
        return (date.fromisoformat(value) if len(value) == 10
                else datetime.fromisoformat(value).date()).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None


def _language(value: str) -> str:
    value = value.strip()
    if not _LANGUAGE_TAG.fullmatch(value):
        raise ValueError(f"{value!r} is not a language tag")
    return value


def _text(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("is empty")
    return value


FIELDS: tuple[Field, ...] = (
    Field("url", _url, 'an absolute http:// or https:// address with spaces and " < > { } | '
                       "\\ ^ ` percent-encoded, a space as %20"),
    Field("published", _date, 'the publication date as YYYY-MM-DD, e.g. "2024-10-09"'),
    Field("language", _language, 'a language tag such as "en", "ar" or "ru"'),
    Field("publisher", _text, "the publisher's name as a string"),
    Field("title", _text, "the headline as a string"),
)
BY_NAME = {f.name: f for f in FIELDS}
KEYS = tuple(BY_NAME)

_JSON_TYPES = {bool: "true/false", int: "a number", float: "a number", list: "a list",
               dict: "an object"}


def check_fields(meta: dict, side: str) -> tuple[dict[str, str], list[str]]:
    """The usable fields of a parsed sidecar and a note for each field dropped."""
    kept: dict[str, str] = {}
    notes: list[str] = []
    for key, value in meta.items():
        spec = BY_NAME.get(key)
        if spec is None:
            notes.append(f"{side}: unknown field {key!r} ignored "
                         f"(known fields: {', '.join(KEYS)})")
            continue
        if value is None:
            continue
        try:
            if not isinstance(value, str):
                raise ValueError(f"is {_JSON_TYPES.get(type(value), type(value).__name__)} "
                                 f"({json.dumps(value, ensure_ascii=False)[:40]}), not a string")
            kept[key] = spec.check(value)
        except ValueError as exc:
            notes.append(f'{side}: field "{key}": {exc}; the article is kept without it '
                         f"(fix: {spec.fix})")
    return kept, notes


def read_sidecar(article: Path) -> tuple[dict[str, str], list[str]]:
    """The checked fields of ``NAME.meta.json`` beside ``article`` (none if there is no
    sidecar) and the notes about fields dropped."""
    side = article.with_name(article.stem + ".meta.json")
    if not side.exists() and not side.is_symlink():
        return {}, []
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise ArticleError(str(side), f"unreadable metadata: {exc}",
                           f"make it a UTF-8 JSON object with fields {', '.join(KEYS)}") from exc
    if not isinstance(meta, dict):
        raise ArticleError(str(side), "metadata is not a JSON object",
                           f"use an object with fields {', '.join(KEYS)}")
    return check_fields(meta, str(side))
