"""Security headers on every response of the app: pages, /sparql, dumps, static files, errors.

The pages load one script and one stylesheet from ``/static/`` and fetch ``/sparql`` from the
same origin; nothing is inline (the query page's settings travel in ``data-`` attributes), so
the policy allows scripts and styles from this origin only, no plugins, no framing, no
``<base>``, forms posting here only. A response that sets a header itself keeps its own.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Register the headers once (``app.after_request`` runs for error answers too)."""
    if "seckg.security-headers" not in app.extensions:
        app.extensions["seckg.security-headers"] = HEADERS
        app.after_request(add_headers)
