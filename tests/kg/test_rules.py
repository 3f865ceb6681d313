"""Every rule in kg/rules/*.toml fires on its examples and not on its counter-examples."""

from __future__ import annotations

import pytest

from kg.articles import parse_article
from kg.extract.pipeline import extract

from .conftest import load_ruleset

RULESET = load_ruleset()
CASES = [(r, text, True) for r in RULESET.all_rules() for text in r.examples] + \
        [(r, text, False) for r in RULESET.all_rules() for text in r.counter_examples]


def fired(rule_id: str, text: str, language: str) -> bool:
    found = extract(parse_article(text.encode(), "<example>", {"language": language}), RULESET)
    ids = {s.rule for s in found.statements} | {o.rule for o in found.officials} | \
          {r.rule for r in found.rolerefs}
    return rule_id in ids


@pytest.mark.parametrize(("rule", "text", "expected"), CASES,
                         ids=[f"{r.id}-{'ex' if e else 'counter'}{i}"
                              for i, (r, _t, e) in enumerate(CASES)])
def test_rule_examples(rule, text, expected):
    language = rule.id.split(".", 1)[0]
    assert fired(rule.id, text, language) is expected, (
        f"{rule.file}: rule {rule.id} {'did not fire' if expected else 'fired'} on {text!r}")


def test_every_rule_has_an_example():
    missing = [r.id for r in RULESET.all_rules() if not r.examples]
    assert not missing, f"rules without examples: {missing}"
