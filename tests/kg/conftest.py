"""Shared fixtures for library tests: the real rules and reference data, loaded once."""

from __future__ import annotations

from functools import lru_cache

from kg.config import Settings
from kg.ruleset import RuleSet, load_reference, load_rules


@lru_cache(maxsize=1)
def load_ruleset() -> RuleSet:
    settings = Settings()
    return load_rules(settings.rules_dir, load_reference(settings.ontology_dir))
