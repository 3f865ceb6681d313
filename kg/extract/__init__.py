"""Extraction: text in, records out. No rdflib, no I/O (the rule set is handed in)."""
