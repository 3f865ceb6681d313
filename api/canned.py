"""Blueprint 'canned' (being written)."""

from flask import Blueprint

bp = Blueprint("canned", __name__)
