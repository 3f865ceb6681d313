"""The Flask app: SPARQL endpoint, linked-data pages, dumps. Depends on kg, never the reverse."""

from api.app import create_app

__all__ = ["create_app"]
