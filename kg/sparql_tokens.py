"""SPARQL text read as the SPARQL 1.1 grammar's terminals (section 19.8), for checks that
must not be fooled: which keywords a query really uses, what its brackets nest, which graphs
FROM and USING name.

A regular expression over the raw text is fooled by the grammar's corners: ``ex:a\\#`` is a
prefixed name whose local part ends in an escaped ``#`` (not a comment), ``ex:it\\'s`` holds
an escaped quote (not a string), a comment ends at ``\\r`` as well as ``\\n``, a long string
spans lines and may hold ``"`` and ``""``. So the text is cut into tokens by one scanner that
knows every terminal where such a character can hide: IRIs, the four string forms, prefixed
names with escapes, variables, blank node labels, language tags, numbers, comments.

>>> [t.text for t in tokens(r'SELECT * { ex:a\\# ?p "x#y" } # SERVICE') if t.kind == "word"]
['SELECT']
>>> reaches_outside(r'PREFIX ex: <http://e/> ASK { BIND(ex:a\\# AS ?v) SERVICE <http://x/> {} }')
'SERVICE'
>>> reaches_outside('SELECT ?service { ?s <http://e/LOAD> "SERVICE" } # LOAD <http://x/>')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from kg.errors import QueryError

# -- the terminals (SPARQL 1.1 Query, 19.8 Grammar) -------------------------------------------
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
         "\U00010000-\U000effff")                                   # PN_CHARS_BASE
_U = _BASE + "_"                                                    # PN_CHARS_U
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"              # PN_CHARS
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"                 # PERCENT | PN_LOCAL_ESC
_PN_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PN_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TERMINALS = (
    ("space", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("iri", f"<(?:[^<>\"{{}}|^`\\\\\\x00-\\x20]|{_UCHAR})*>"),
    ("string", r'"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""'),
    ("string", r"'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''"),
    ("string", r'"(?:[^"\\\r\n]|\\[^\r\n])*"'),
    ("string", r"'(?:[^'\\\r\n]|\\[^\r\n])*'"),
    ("var", f"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("bnode", f"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    ("pname", f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("number", r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("op", r"\|\||&&|!=|<=|>=|\^\^|[!=<>+*/\-]"),
    ("open", r"[{(\[]"),
    ("close", r"[})\]]"),
    ("unclosed", r"[\"']"),                                         # a string never closed
    ("other", r"[\s\S]"),                                           # ; , . | ^ ? ~ and the rest
)
_SCANNER = re.compile("|".join(f"(?P<{kind}{n}>{rx})" for n, (kind, rx)
                               in enumerate(_TERMINALS)))
_KIND_OF = {f"{kind}{n}": kind for n, (kind, _rx) in enumerate(_TERMINALS)}
_ESCAPE = re.compile(_UCHAR)

OUTSIDE = ("SERVICE", "LOAD")
UPDATE = ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "LOAD", "WITH")


class Token(NamedTuple):
    kind: str    # space comment iri string var bnode pname langtag number word op open close other
    text: str
    start: int   # offset in the text


CACHED_LENGTH = 8192
"""Texts up to this long are scanned once and remembered (a request's checks, the service's
and the store's, each ask for the tokens of the same text; clients repeat their queries)."""


def tokens(text: str) -> list[Token]:
    """The text as terminals, whitespace and comments included (their texts join to ``text``).

    Raises QueryError (400, with line and column) for a string that is never closed.
    """
    if len(text) <= CACHED_LENGTH:
        return list(_scanned(text))
    return _scan(text)


@lru_cache(maxsize=1024)
def _scanned(text: str) -> tuple[Token, ...]:
    return tuple(_scan(text))


def _scan(text: str) -> list[Token]:
    found: list[Token] = []
    for match in _SCANNER.finditer(text):
        kind = _KIND_OF[match.lastgroup or ""]
        if kind == "unclosed":
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            raise QueryError(f"query syntax error: a string opened at {line}:{column} is "
                             "never closed", line=line, column=column)
        found.append(Token(kind, match.group(), match.start()))
    return found


def code(items: Iterable[Token]) -> list[Token]:
    """The tokens that are not whitespace or comments."""
    return [t for t in items if t.kind not in ("space", "comment")]


def keywords(items: Iterable[Token]) -> list[str]:
    """The bare words (keywords, function names), upper-cased, in order."""
    return [t.text.upper() for t in items if t.kind == "word"]


def reaches_outside(text: str) -> str | None:
    """``SERVICE`` or ``LOAD`` when the text uses one as a keyword, else None."""
    return next((w for w in keywords(tokens(text)) if w in OUTSIDE), None)


def iri_value(token: Token, prefixes: dict[str, str]) -> str:
    """The IRI an ``iri`` or ``pname`` token stands for (escapes decoded; a prefixed name
    with an unknown prefix is returned as written)."""
    if token.kind == "iri":
        return _ESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), token.text[1:-1])
    prefix, _, local = token.text.partition(":")
    if prefix not in prefixes:
        return token.text
    local = re.sub(r"\\(.)", r"\1", local)
    return prefixes[prefix] + local


def prefixes_declared(items: list[Token]) -> dict[str, str]:
    """``PREFIX p: <iri>`` declarations, by prefix."""
    found: dict[str, str] = {}
    for n, token in enumerate(items[:-2]):
        if (token.kind == "word" and token.text.upper() == "PREFIX"
                and items[n + 1].kind == "pname" and items[n + 2].kind == "iri"):
            found[items[n + 1].text[:-1]] = iri_value(items[n + 2], {})
    return found
