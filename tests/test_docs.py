"""Docs that cannot drift: the CLI reference, the settings and every seckg: term."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.config import SETTINGS_TABLE

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("make_cli_reference",
                                                  ROOT / "docs" / "make_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == _generator().reference(), \
        "docs/cli.md is stale: run python3 docs/make_cli_reference.py"


def test_every_seckg_term_used_is_declared_with_label_and_comment():
    onto = Graph().parse(ROOT / "ontology" / "seckg.ttl")
    used = set()
    for folder in ("kg", "api", "shapes", "ontology", "queries", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".ttl", ".rq", ".md", ".toml"}:
                used |= set(re.findall(r"(?<![\w:])seckg:([A-Z][A-Za-z]+|[a-z][A-Za-z]+)\b",
                                       path.read_text(encoding="utf-8")))
    ns = "https://w3id.org/seckg/ns#"
    missing = [t for t in sorted(used)
               if (URIRef(ns + t), RDFS.label, None) not in onto
               or (URIRef(ns + t), RDFS.comment, None) not in onto]
    assert not missing, f"seckg: terms without rdfs:label and rdfs:comment: {missing}"


def test_every_setting_has_help():
    assert all(help_text for _name, _default, help_text in SETTINGS_TABLE)
