"""Blueprint 'dumps' (being written)."""

from flask import Blueprint

bp = Blueprint("dumps", __name__)
