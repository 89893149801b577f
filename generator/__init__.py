"""Kennisbank JZOJP: from YAML in themes_data/ to a static site (see README.md)."""
