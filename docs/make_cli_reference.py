"""Regenerate docs/cli.md from the `seckg --help` texts (tests/test_docs.py checks it is current).

    python3 docs/make_cli_reference.py
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

OUT = Path(__file__).resolve().parent / "cli.md"


def reference() -> str:
    runner = CliRunner()
    parts = ["# The `seckg` command\n",
             "Generated from `--help` by `python3 docs/make_cli_reference.py`; do not edit by hand.\n",
             "```\n$ seckg --help\n" + runner.invoke(main, ["--help"], prog_name="seckg").output + "```\n"]
    ctx = main.make_context("seckg", ["--help"], resilient_parsing=True)
    for name in main.list_commands(ctx):
        text = runner.invoke(main, [name, "--help"], prog_name="seckg").output
        parts.append(f"## seckg {name}\n\n```\n$ seckg {name} --help\n{text}```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.write_text(reference(), encoding="utf-8")
    print(f"wrote {OUT}")
