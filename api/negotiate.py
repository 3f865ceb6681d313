"""Content and language negotiation as pure functions (RFC 9110 Accept, q-values).

>>> best_media_type("text/turtle;q=0.9, application/ld+json", ["text/html", "text/turtle",
...                  "application/ld+json"])
'application/ld+json'
>>> best_media_type("image/png", ["text/html"]) is None
True
>>> best_language("ar-EG,ar;q=0.9,en;q=0.5", ["en", "ar", "ru"])
'ar'
"""

from __future__ import annotations

HTML = "text/html"


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``(range, q)`` pairs of an Accept-style header; ranges lower-cased, bad q dropped."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """q of ``media_type`` from the most specific matching range (0 if none matches)."""
    kind = media_type.split("/")[0]
    best_specificity, q = -1, 0.0
    for rng, rq in ranges:
        if rng == media_type:
            specificity = 2
        elif rng == f"{kind}/*":
            specificity = 1
        elif rng == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, q = specificity, rq
    return q


def best_media_type(header: str | None, offered: list[str]) -> str | None:
    """The offered type the client likes most; ties go to the server's order.

    No Accept header means anything goes: the first offered type.
    """
    if not header or not header.strip():
        return offered[0] if offered else None
    ranges = parse_accept(header)
    scored = [(_quality(m, ranges), -i, m) for i, m in enumerate(offered)]
    q, _, media_type = max(scored, default=(0.0, 0, None))
    return media_type if q > 0 else None


def wants_html(header: str | None) -> bool:
    """True when the client names text/html itself and likes it at least as much as JSON."""
    ranges = parse_accept(header)
    named = [q for rng, q in ranges if rng == HTML]
    return bool(named) and named[0] > 0 and named[0] >= _quality("application/json", ranges)


def best_language(header: str | None, available: list[str], default: str = "en") -> str:
    """The available language the reader prefers (``ar-EG`` matches ``ar``), else ``default``."""
    best, best_q = default, 0.0
    for rng, q in parse_accept(header):
        primary = rng.split("-")[0]
        if q > best_q and primary in available:
            best, best_q = primary, q
    return best
