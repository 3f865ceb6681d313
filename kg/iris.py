"""Deterministic minting: the same input gives the same IRIs on every build.

>>> minted_person("Baktybek Bekbolotov")
'https://w3id.org/seckg/id/person/baktybek-bekbolotov'
>>> post_iri("https://w3id.org/seckg/id/state/kyrgyzstan", "https://w3id.org/seckg/id/role/defence-minister")
'https://w3id.org/seckg/id/post/kyrgyzstan/defence-minister'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

ID = "https://w3id.org/seckg/id/"


def slug(text: str) -> str:
    """ASCII slug of a Latin-script name; a hash for other scripts."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if len(s) >= max(3, len(text) // 3):
        return s
    return "h" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def key_of(iri: str) -> str:
    """The curated key of a reference IRI: .../org/cis -> cis."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def minted_person(name: str) -> str:
    from kg.extract.normalise import normalise

    return f"{ID}person/{slug(' '.join(normalise(name, lower=False).text.split()))}"


def post_iri(organisation: str, role: str) -> str:
    return f"{ID}post/{key_of(organisation)}/{key_of(role)}"


def article_iri(key: str) -> str:
    return f"{ID}article/{key}"


def statement_iri(article_key: str, start: int, end: int) -> str:
    return f"{ID}statement/{article_key}-{start}-{end}"


def event_iri(article_key: str, start: int) -> str:
    return f"{ID}event/{article_key}-{start}"


def unattributed_iri(article_key: str, start: int, end: int) -> str:
    return f"{ID}quote/{article_key}-{start}-{end}"
