"""Which addresses the pages may render as links: the one check every template and the
timeline go through (the ``safe_href`` filter, ``api/templates/macros.html``).

Only absolute ``http``/``https`` URLs with a host, and paths on this server (``/id/...``),
become ``href``s. Anything else (``javascript:``, ``data:``, ``vbscript:``, ``//host``,
relative paths, a URL with spaces or control characters, which browsers strip before reading
the scheme) is shown as plain text, whatever the store holds.

>>> safe_href("https://example.org/a?b=c"), safe_href("/id/org/cis")
('https://example.org/a?b=c', '/id/org/cis')
>>> [safe_href(h) for h in ("javascript:alert(1)", "data:text/html,x", "java\\tscript:x",
...                         "//evil.example/", "/\\\\evil.example", " https://e.org", "HTTPS:")]
[None, None, None, None, None, None, None]
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask

SCHEMES = frozenset({"http", "https"})
# whitespace, controls (C0, DEL, C1) and the bidi/format characters that hide what a URL says
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def safe_href(href: object) -> str | None:
    """``href`` when it may be a link target, else None (render the text without a link)."""
    if not isinstance(href, str) or not href or _UNSAFE.search(href):
        return None
    if href.startswith("/"):
        return href if not href.startswith(("//", "/\\")) else None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() in SCHEMES and parts.hostname:
        return href
    return None


def init_app(app: Flask) -> None:
    app.jinja_env.filters["safe_href"] = safe_href
