"""Loads and checks the rule files (kg/rules/*.toml) and the curated reference data once.

A bad rule raises RuleError naming the file, the rule id and the fix.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import RuleError
from kg.extract.normalise import fold
from kg.extract.patterns import GAP_MAX, Pattern, compile_pattern
from kg.gazetteer import Gazetteer
from kg.model import Entity, Tenure
from kg.namespaces import ORG, SCHEMA, SECKG
from kg.rulekeys import COMMON_FILE, LANGUAGE_FILE, RULE, unknown_keys

RULE_KINDS = ("role", "roleref", "attribution")
LEXICON_KEYS = ("reporting_verbs", "verb_modifiers", "pronouns", "anonymous_speakers",
                "according", "coreference", "name_stopwords", "attendance_verbs", "date_blockers")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    pattern: Pattern
    mode: str | None
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    file: str
    gap_max: int = GAP_MAX             # how many items a {GAP} may span in this rule
    adds_clause: bool = False          # fires beside a statement the sentence already gave


@dataclass
class LanguageRules:
    language: str
    file: str
    lexicon: dict
    dates: dict
    events: dict
    speaker: dict = field(default_factory=dict)      # [speaker]: role phrases and names
    rules: dict[str, list[Rule]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Rule]:
        return self.rules.get(kind, [])


@dataclass
class RuleSet:
    common: dict
    languages: dict[str, LanguageRules]
    gazetteer: Gazetteer
    reference: Graph
    compiled: dict = field(default_factory=dict)   # per-language date grammars and lexicons

    def for_language(self, lang: str) -> LanguageRules:
        return self.languages.get(lang) or self.languages["en"]

    def all_rules(self) -> list[Rule]:
        return [r for lr in self.languages.values() for rs in lr.rules.values() for r in rs]


def _load_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(str(path), "-", f"not valid TOML: {exc}", "fix the syntax") from exc


def load_language(path: Path) -> LanguageRules:
    data = _load_toml(path)
    _check_keys(path, data, LANGUAGE_FILE)
    lang = data.get("language")
    if not isinstance(lang, str):
        raise RuleError(str(path), "-", "no 'language' key", 'add language = "xx" at the top')
    lexicon = data.get("lexicon", {})
    for key in ("reporting_verbs",):
        if not lexicon.get(key):
            raise RuleError(str(path), f"lexicon.{key}", "missing or empty", f"list the {key}")
    lr = LanguageRules(lang, str(path), lexicon, data.get("dates", {}), data.get("events", {}),
                       data.get("speaker", {}))
    seen: set[str] = set()
    for kind in RULE_KINDS:
        for raw in data.get(kind, []):
            rule_id = raw.get("id")
            if not rule_id or not isinstance(rule_id, str):
                raise RuleError(str(path), "?", f"a [[{kind}]] rule has no id",
                                'give it id = "lang.family.name"')
            stray = sorted(set(raw) - set(RULE))
            if stray:
                raise RuleError(str(path), rule_id, f"unknown key(s) {', '.join(stray)}",
                                f"use only {', '.join(RULE)} (kg/rulekeys.py)")
            if rule_id in seen:
                raise RuleError(str(path), rule_id, "duplicate id", "ids must be unique")
            seen.add(rule_id)
            try:
                pattern = compile_pattern(raw.get("pattern", ""))
            except ValueError as exc:
                raise RuleError(str(path), rule_id, f"bad pattern: {exc}",
                                "see the slot list at the top of the file") from exc
            mode = raw.get("mode")
            if kind == "attribution" and mode not in ("direct", "reported"):
                raise RuleError(str(path), rule_id, f"mode {mode!r}",
                                'use mode = "direct" or "reported"')
            lr.rules.setdefault(kind, []).append(Rule(
                rule_id, kind, pattern, mode, tuple(raw.get("examples", ())),
                tuple(raw.get("counter_examples", ())), str(path),
                int(raw.get("gap_max", GAP_MAX)), bool(raw.get("adds_clause", False))))
    return lr


def load_rules_common(rules_dir: Path | None = None) -> dict:
    """``common.toml`` alone (quote marks, scripts), checked."""
    path = (rules_dir or Path(__file__).parent / "rules") / "common.toml"
    data = _load_toml(path)
    _check_keys(path, data, COMMON_FILE)
    return data


def _check_keys(path: Path, data: dict, schema: dict) -> None:
    stray = unknown_keys(data, schema)
    if stray:
        raise RuleError(str(path), "-", f"unknown key(s) {', '.join(stray)}",
                        "check the spelling; the keys the engine reads are listed in "
                        "kg/rulekeys.py (a new key is code: add it there with what reads it)")


def load_rules(rules_dir: Path, reference: Graph) -> RuleSet:
    common = load_rules_common(rules_dir)
    languages = {}
    for path in sorted(rules_dir.glob("*.toml")):
        if path.name == "common.toml":
            continue
        lr = load_language(path)
        languages[lr.language] = lr
    if "en" not in languages:
        raise RuleError(str(rules_dir), "-", "no English rules", "add en.toml")
    return RuleSet(common, languages, build_gazetteer(reference), reference)


def load_reference(ontology_dir: Path) -> Graph:
    """Parse ontology/reference/*.ttl into one graph (the id:graph/reference content)."""
    graph = Graph()
    files = sorted((ontology_dir / "reference").glob("*.ttl"))
    if not files:
        raise RuleError(str(ontology_dir / "reference"), "-", "no reference data (*.ttl)",
                        "point --ontology at the folder holding reference/*.ttl")
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser error types
            raise RuleError(str(path), "-", f"not valid Turtle: {exc}", "fix the syntax") from exc
    return graph


KINDS = [(ORG.Organization, "org"), (SCHEMA.Country, "state"), (SCHEMA.Person, "person"),
         (ORG.Role, "role"), (SCHEMA.Place, "place"), (SKOS.Concept, "topic")]


def _labels(graph: Graph, node: URIRef, *props) -> list[Literal]:
    return [o for p in props for o in graph.objects(node, p) if isinstance(o, Literal)]


def build_gazetteer(graph: Graph) -> Gazetteer:
    gaz = Gazetteer()
    for cls, kind in KINDS:
        for node in sorted(set(graph.subjects(RDF.type, cls))):
            if not isinstance(node, URIRef) or str(node) in gaz.entities:
                continue
            names = {}
            for lit in _labels(graph, node, RDFS.label, SKOS.prefLabel):
                names.setdefault(lit.language or "en", str(lit))
            gaz.add_entity(Entity(str(node), kind, names))
            if kind == "topic":
                for lit in _labels(graph, node, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                    gaz.add_topic_trigger(str(node), str(lit))
                continue
            for lit in _labels(graph, node, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
                gaz.add_alias(str(node), kind, str(lit))
            if kind == "person":
                for lit in _labels(graph, node, SCHEMA.familyName):
                    gaz.add_alias(str(node), kind, str(lit), partial=True)
            if kind == "state":
                for lit in _labels(graph, node, SECKG.demonym):
                    gaz.add_alias(str(node), "demonym", str(lit))
    for post in sorted(set(graph.subjects(RDF.type, ORG.Post))):
        org, role = graph.value(post, ORG.postIn), graph.value(post, ORG.role)
        if org is not None and role is not None:
            gaz.posts[(str(org), str(role))] = str(post)
            gaz.post_of[str(post)] = (str(org), str(role))
    for child, parent in graph.subject_objects(ORG.subOrganizationOf):
        gaz.parent[str(child)] = str(parent)
    for m in sorted(set(graph.subjects(RDF.type, ORG.Membership))):
        person, org = graph.value(m, ORG.member), graph.value(m, ORG.organization)
        role, interval = graph.value(m, ORG.role), graph.value(m, ORG.memberDuring)
        if None in (person, org, role):
            continue
        start = graph.value(interval, SECKG.startDate) if interval is not None else None
        end = graph.value(interval, SECKG.endDate) if interval is not None else None
        post = gaz.posts.get((str(org), str(role)), "")
        gaz.tenures.append(Tenure(str(person), str(org), str(role), post,
                                  str(start) if start is not None else None,
                                  str(end) if end is not None else None))
    return gaz


def folded_list(words: list[str]) -> list[tuple[str, ...]]:
    """Multi-word lexicon entries as folded word tuples, longest first."""
    from kg.extract.normalise import WORD

    out = {tuple(WORD.findall(fold(w))) for w in words}
    return sorted((w for w in out if w), key=lambda t: (-len(t), t))
