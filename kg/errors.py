"""The exception tree. Every error names the input, the place and the fix.

    SeckgError
    ├── ConfigError        bad settings or arguments (CLI exit code 2)
    ├── ArticleError       an article cannot be read (unreadable, undecodable, empty)
    ├── RuleError          a rule or reference file is malformed (names file, rule id, fix)
    ├── StoreError         the store cannot be opened, read or written
    ├── QueryError         a SPARQL query is malformed or refused (carries line/column)
    └── ValidationFailed   SHACL violations (CLI exit code 1)
"""

from __future__ import annotations


class SeckgError(Exception):
    """Base class of every error seckg raises on purpose."""

    exit_code = 2


class ConfigError(SeckgError):
    """Bad settings, options or arguments."""


class ArticleError(SeckgError):
    """An input article cannot be used; ``path`` names it."""

    def __init__(self, path: str, reason: str, fix: str = "") -> None:
        self.path = path
        self.reason = reason
        self.fix = fix
        msg = f"{path}: {reason}"
        if fix:
            msg += f" ({fix})"
        super().__init__(msg)


class RuleError(SeckgError):
    """A rule file or reference file is malformed."""

    def __init__(self, file: str, rule_id: str, problem: str, fix: str = "") -> None:
        self.file = file
        self.rule_id = rule_id
        self.problem = problem
        msg = f"{file}: rule {rule_id!r}: {problem}"
        if fix:
            msg += f"; fix: {fix}"
        super().__init__(msg)


class StoreError(SeckgError):
    """The store cannot be opened, read or written."""


class QueryError(SeckgError):
    """A SPARQL query is malformed or refused."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 status: int = 400) -> None:
        self.line = line
        self.column = column
        self.status = status
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(message + where)


class ValidationFailed(SeckgError):
    """SHACL validation found violations."""

    exit_code = 1
