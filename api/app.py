"""The app factory: settings flow down from here; nothing is read from the environment."""

from __future__ import annotations

from flask import Flask

from kg import Settings, Store, open_store


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> Flask:
    """Build the app over ``store`` (or the store named by ``settings.store``, read-only).

    Relative paths in ``settings`` are resolved here, once, against the working directory:
    Flask would resolve them against the ``api`` package (``send_file``)."""
    settings = (settings or Settings()).resolved()
    app = Flask(__name__)
    app.config["SECKG_SETTINGS"] = settings
    app.extensions["seckg.owns_store"] = store is None
    app.extensions["seckg.store"] = store if store is not None else open_store(
        settings.location(), read_only=True)
    from api import fast_sparql

    fast_sparql.init_app(app)      # the plain GET /sparql, without Flask's per-request work
    if settings.behind_proxy:      # outside the fast path: it sees the client's host too
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)
    from api import blueprints, errors
    from api.sparql import serving

    errors.init_app(app)
    blueprints.register_all(app)
    # every request (pages and canned queries too) is answered with the query time limit
    @app.before_request
    def _serve() -> None:
        if serving(app).refresh():          # a build switched the store: follow it whole
            from api import caching

            caching.forget(app)

    return app
