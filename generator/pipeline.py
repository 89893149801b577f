"""The stages in order: load → models → catalog → checks. Rendering and writing follow in cli."""

from __future__ import annotations

from pathlib import Path

from .catalog import Catalog
from .checks import run as run_checks
from .errors import DataError, Issue
from .loader import Record, load
from .models import Entry
from .validation import to_entry


def validate(root: Path) -> tuple[Catalog, list[Issue]]:
    """The catalog of everything that could be read, and every problem found on the way."""
    records, issues = load(root)
    entries: list[tuple[Record, Entry]] = []
    for record in records:
        entry, problems = to_entry(record)
        issues.extend(problems)
        if entry is not None:
            entries.append((record, entry))
    catalog = Catalog.build([entry for _, entry in entries])
    issues.extend(run_checks(entries, catalog))
    return catalog, sorted(set(issues))


def load_catalog(root: Path) -> Catalog:
    """The catalog, or DataError when anything is wrong."""
    catalog, issues = validate(root)
    if issues:
        raise DataError(issues)
    return catalog
