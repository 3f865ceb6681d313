"""The example queries of ``queries/*.rq``: their header, their parameters, safe binding.

A file opens with comment lines: the first says what the query answers, then one line per
parameter, its default written as a SPARQL term, then a help text::

    # Statements by an official over time
    # @param official <https://w3id.org/seckg/id/person/x> The official's IRI
    # @param from "2024-01-01"^^xsd:date Earliest date
    # @param lang "en"^^xsd:language Language of the labels

Kinds follow the default: ``<...>`` an IRI, ``^^xsd:date`` a date, ``^^xsd:language`` a
language tag (bound as a plain string, to compare with ``lang()``), ``^^xsd:integer`` an
integer, a plain ``"..."`` a string. Values are checked, turned into rdflib terms and written
by rdflib into a ``VALUES`` block opening the query's WHERE group; user text never reaches
the query as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg import ConfigError

_PARAM = re.compile(r'#\s*@param\s+([A-Za-z_]\w*)\s+(<[^>\s]*>|"[^"]*"(?:\^\^xsd:\w+)?)\s*(.*)')
_TOKENS = re.compile(r'''(?P<iri><[^<>"{}|^`\\\s]*>)
    |(?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<comment>\#[^\n]*)
    |(?P<where>\bWHERE\s*\{)''', re.IGNORECASE | re.VERBOSE)
_IRI = re.compile(r'https?://[^\s<>"{}|\\^`]+')
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_INTEGER = re.compile(r"-?\d{1,12}")
KINDS = {"xsd:date": "date", "xsd:language": "language", "xsd:integer": "integer"}


class BadParameter(ValueError):
    """A parameter value that does not fit its kind; the message says what would."""


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str        # iri, date, language, integer, string
    default: str     # the plain value: an IRI, "2024-01-01", "en", ...
    help: str


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    title: str
    text: str
    params: tuple[Param, ...]
    where: int       # offset just after the opening brace of the WHERE group

    def bind(self, raw: dict[str, str] | None = None) -> str:
        """The query with its parameters (``raw`` values, else defaults) bound by VALUES."""
        raw = raw or {}
        unknown = sorted(set(raw) - {p.name for p in self.params})
        if unknown:
            known = ", ".join(p.name for p in self.params) or "none"
            raise BadParameter(f"unknown parameter {unknown[0]!r}; this query takes: {known}")
        if not self.params:
            return self.text
        terms = [to_term(p, raw.get(p.name, p.default)) for p in self.params]
        names = " ".join(f"?{p.name}" for p in self.params)
        row = " ".join(t.n3() for t in terms)
        block = f"\n  VALUES ({names}) {{ ({row}) }}"
        return self.text[: self.where] + block + self.text[self.where:]


def to_term(param: Param, raw: str) -> URIRef | Literal:
    """Check ``raw`` against the parameter's kind and return the term to bind."""
    value = raw.strip()
    if param.kind == "iri":
        value = value.removeprefix("<").removesuffix(">")
        if not _IRI.fullmatch(value):
            raise BadParameter(f"{param.name}: {raw!r} is not an http(s) IRI "
                               "(give it in full, e.g. https://w3id.org/seckg/id/org/cis)")
        return URIRef(value)
    if param.kind == "date":
        try:
            day = date.fromisoformat(value) if _DATE.fullmatch(value) else None
        except ValueError:
            day = None
        if day is None:
            raise BadParameter(f"{param.name}: {raw!r} is not a date (write YYYY-MM-DD)")
        return Literal(day.isoformat(), datatype=XSD.date)
    if param.kind == "language":
        if not _LANGUAGE.fullmatch(value):
            raise BadParameter(f"{param.name}: {raw!r} is not a language tag (e.g. en, ar, ru)")
        return Literal(value.lower())
    if param.kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise BadParameter(f"{param.name}: {raw!r} is not an integer")
        return Literal(int(value))
    if len(raw) > 500:
        raise BadParameter(f"{param.name}: longer than 500 characters")
    return Literal(raw)


def _param(match: re.Match, path: Path) -> Param:
    name, default, help_ = match.groups()
    if default.startswith("<"):
        return Param(name, "iri", default[1:-1], help_)
    lexical, _, datatype = default[1:].partition('"')
    datatype = datatype.removeprefix("^^")
    if datatype and datatype not in KINDS:
        raise ConfigError(f"{path}: @param {name}: datatype {datatype} is not one of "
                          f"{', '.join(KINDS)}; fix the header")
    return Param(name, KINDS.get(datatype, "string"), lexical, help_)


def parse(path: Path) -> CannedQuery:
    """Read one .rq file; raise ConfigError naming the file if its header is malformed."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        raise ConfigError(f"{path}: the first line must be a comment saying what it answers")
    params = []
    for line in lines:
        if not line.startswith("#"):
            break
        if "@param" in line:
            match = _PARAM.fullmatch(line.strip())
            if not match:
                raise ConfigError(f"{path}: bad parameter line {line!r}; write "
                                  "'# @param NAME DEFAULT help' with DEFAULT <iri> or \"x\"^^xsd:T")
            params.append(_param(match, path))
    where = next((m.end() for m in _TOKENS.finditer(text) if m.group("where")), None)
    if where is None:
        raise ConfigError(f"{path}: no 'WHERE {{' found; parameters are bound inside it")
    query = CannedQuery(path.stem, lines[0].lstrip("# ").strip(), text, tuple(params), where)
    for p in params:
        to_term(p, p.default)
    return query


def load_queries(folder: Path) -> dict[str, CannedQuery]:
    """Every ``*.rq`` of ``folder`` by name (the file stem), in name order."""
    return {q.name: q for q in map(parse, sorted(folder.glob("*.rq")))}
