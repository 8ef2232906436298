"""Alliances en territoire: one Django app per domain."""
