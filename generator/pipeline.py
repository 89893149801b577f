"""The stages in order: load → models → catalog → checks. Rendering and writing follow in cli."""

from __future__ import annotations

from pathlib import Path

from .catalog import Catalog
from .checks import run as run_checks
from .errors import DataError, Issue
from .loader import Record, discover, parse
from .models import Entry
from .timing import Timings
from .validation import to_entry

#: path → (modification time, size, record, entry, problems): what `jzojp serve` keeps between edits
FileCache = dict[Path, tuple[int, int, Record | None, Entry | None, list[Issue]]]


def _read(path: Path, soort: str) -> tuple[Record | None, Entry | None, list[Issue]]:
    from .loader import _display

    record, issues = parse(path.read_bytes(), _display(path), soort, path.stem)
    entry = None
    if record is not None:
        entry, problems = to_entry(record)
        issues = issues + problems
    return record, entry, issues


def validate(
    root: Path, cache: FileCache | None = None, timings: Timings | None = None
) -> tuple[Catalog, list[Issue]]:
    """The catalog of everything that could be read, and every problem found on the way.

    With a `cache`, files whose time and size are unchanged are not read again.
    """
    t = timings if timings is not None else Timings()
    with t.stage("laden"):
        issues, entries = _load(root, cache)
    with t.stage("controleren"):
        catalog = Catalog.build([entry for _, entry in entries])
        issues.extend(run_checks(entries, catalog))
    return catalog, sorted(set(issues))


def _load(root: Path, cache: FileCache | None) -> tuple[list[Issue], list[tuple[Record, Entry]]]:
    files, issues = discover(root)
    entries: list[tuple[Record, Entry]] = []
    seen = set()
    for path, soort in files:
        stat = path.stat()
        hit = cache.get(path) if cache is not None else None
        if hit is not None and hit[:2] == (stat.st_mtime_ns, stat.st_size):
            record, entry, problems = hit[2:]
        else:
            record, entry, problems = _read(path, soort)
            if cache is not None:
                cache[path] = (stat.st_mtime_ns, stat.st_size, record, entry, problems)
        seen.add(path)
        issues.extend(problems)
        if record is not None and entry is not None:
            entries.append((record, entry))
    if cache is not None:
        for stale in set(cache) - seen:
            del cache[stale]
    return issues, entries


def load_catalog(root: Path) -> Catalog:
    """The catalog, or DataError when anything is wrong."""
    catalog, issues = validate(root)
    if issues:
        raise DataError(issues)
    return catalog
