"""The dependency direction holds: kg never imports api, flask or werkzeug, and
kg.extract never imports rdflib or does I/O-heavy imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0] if node.level == 0 else "")
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "kg").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_kg_does_not_import_the_web_layer(path):
    assert not imports_of(path) & {"api", "flask", "werkzeug"}


@pytest.mark.parametrize("path", sorted((ROOT / "kg" / "extract").rglob("*.py")), ids=lambda p: p.name)
def test_extraction_has_no_rdflib(path):
    assert "rdflib" not in imports_of(path)


def test_no_seed_text_in_code():
    """Rules generalise: no name or sentence from the seeds is typed into Python code."""
    needles = ["Lebedev", "Lavrov", "Muhriddin", "Tasmagambetov", "Zhang Ming", "Almaty",
               "ليبيديف", "لافروف", "We are living through"]
    for path in list((ROOT / "kg").rglob("*.py")) + list((ROOT / "api").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not [n for n in needles if n in text], path
