"""The stages in order: load → models → catalog → checks. Rendering and writing follow in cli."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import Catalog
from .checks import run as run_checks
from .checks import text_problems
from .errors import DataError, Issue
from .loader import Record, discover, parse
from .models import Entry
from .timing import Timings
from .validation import to_entry

if TYPE_CHECKING:
    from .background import Share, Worker

#: path → (modification time, size, record, entry, problems): what `jzojp serve` keeps between edits
FileCache = dict[Path, tuple[int, int, Record | None, Entry | None, list[Issue]]]
Read = tuple[Record | None, Entry | None, list[Issue]]


#: A forked helper and what it shares with this process.
Helper = tuple["Share", "Worker"]


def _read(path: Path, soort: str) -> Read:
    from .loader import _display

    record, issues = parse(path.read_bytes(), _display(path), soort, path.stem)
    entry = None
    if record is not None:
        entry, problems = to_entry(record)
        issues = issues + problems
        if entry is not None:
            issues += text_problems(record, entry)
    return record, entry, issues


def validate(
    root: Path,
    cache: FileCache | None = None,
    timings: Timings | None = None,
    helper: Helper | None = None,
) -> tuple[Catalog, list[Issue]]:
    """The catalog of everything that could be read, and every problem found on the way.

    With a `cache`, files whose time and size are unchanged are not read again. With a
    `helper` (and no cache), it reads files from the back of the list while this process
    reads from the front.
    """
    t = timings if timings is not None else Timings()
    with t.stage("laden"):
        issues, entries = _load(root, cache, helper)
    with t.stage("controleren"):
        catalog = Catalog.build([entry for _, entry in entries])
        issues.extend(run_checks(entries, catalog))
    return catalog, sorted(set(issues))


def _load(
    root: Path, cache: FileCache | None, helper: Helper | None = None
) -> tuple[list[Issue], list[tuple[Record, Entry]]]:
    files, issues = discover(root)
    if helper is not None and cache is None:
        reads = _read_shared(files, helper)
    else:
        reads = [_read_cached(path, soort, cache) for path, soort in files]
        if cache is not None:
            for stale in set(cache) - {path for path, _ in files}:
                del cache[stale]
    entries: list[tuple[Record, Entry]] = []
    for record, entry, problems in reads:
        issues.extend(problems)
        if record is not None and entry is not None:
            entries.append((record, entry))
    return issues, entries


def _read_cached(path: Path, soort: str, cache: FileCache | None) -> Read:
    if cache is None:
        return _read(path, soort)
    stat = path.stat()
    hit = cache.get(path)
    if hit is not None and hit[:2] == (stat.st_mtime_ns, stat.st_size):
        return hit[2:]
    read = cache[path] = (stat.st_mtime_ns, stat.st_size, *_read(path, soort))
    return read[2:]


_BATCH = 8  # files per claim: few enough that neither process waits long for the other


def _read_shared(files: list[tuple[Path, str]], helper: Helper) -> list[Read]:
    """Every file read, in order: this process from the front, the helper from the back."""
    share, worker = helper
    share.ends.reset(len(files))
    worker.submit(read_back, files)
    results: list[Read | None] = [None] * len(files)

    def take(batches: Iterator[list[tuple[int, Read]]]) -> None:
        for batch in batches:
            for i, read in batch:
                results[i] = read
                if read[1] is not None:
                    share.sent[id(read[1])] = i

    while todo := share.ends.front(_BATCH):
        for i in todo:
            results[i] = _read(*files[i])
        take(worker.ready())
    take(worker.rest())
    assert all(r is not None for r in results), "een bestand is door geen van beide gelezen"
    return results  # type: ignore[return-value]


def read_back(share: Share, files: list[tuple[Path, str]]) -> Iterator[list[tuple[int, Read]]]:
    """In the helper: files from the back of the list until the two ends meet. Records go
    back light (see `Record.light`): sending their positions costs more than reading."""
    while todo := share.ends.back(_BATCH):
        batch = []
        for i in todo:
            record, entry, problems = _read(*files[i])
            light = record.light(files[i][0]) if record is not None else None
            if entry is not None:
                share.kept[i] = entry
            batch.append((i, (light, entry, problems)))
        yield batch


def load_catalog(root: Path) -> Catalog:
    """The catalog, or DataError when anything is wrong."""
    catalog, issues = validate(root)
    if issues:
        raise DataError(issues)
    return catalog
