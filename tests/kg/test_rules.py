"""Every rule in kg/rules/*.toml fires on its examples and not on its counter-examples."""

from __future__ import annotations

import pytest

from kg.articles import parse_article
from kg.errors import RuleError
from kg.extract.pipeline import extract
from kg.ruleset import load_language

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


@pytest.mark.parametrize(("toml", "named"), [
    ('language = "xx"\n[lexicon]\nreporting_verbs = ["said"]\nreporting_verb = ["says"]\n',
     "lexicon.reporting_verb"),
    ('language = "xx"\nlexcon = {}\n[lexicon]\nreporting_verbs = ["said"]\n', "lexcon"),
    ('language = "xx"\n[lexicon]\nreporting_verbs = ["said"]\n[speaker]\nrole_head = ["x"]\n',
     "speaker.role_head"),
    ('language = "xx"\n[lexicon]\nreporting_verbs = ["said"]\n[[attribution]]\nid = "xx.a"\n'
     'mode = "direct"\npattern = "{QUOTE} {SPEAKER} {VERB}"\nexample = ["x"]\n', "example"),
], ids=["lexicon-typo", "section-typo", "speaker-typo", "rule-key-typo"])
def test_an_unknown_key_is_an_error_naming_file_and_key(tmp_path, toml, named):
    path = tmp_path / "xx.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_language(path)
    assert str(path) in str(err.value) and named in str(err.value)
    assert "kg/rulekeys.py" in str(err.value)


def test_the_shipped_rule_files_use_only_known_keys():
    assert set(RULESET.languages) >= {"en", "ar", "ru"}
