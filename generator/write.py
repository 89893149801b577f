"""The only stage that touches the disk: mirror {path: content} into the generated docs tree.

Unchanged files are left alone (so `mkdocs serve` reloads only what changed) and files
that are no longer generated are removed, so the tree always equals the input.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def collect_content(content_dir: Path) -> dict[str, bytes]:
    """Hand-written pages and assets, copied as they are."""
    files: dict[str, bytes] = {}
    for path in sorted(content_dir.rglob("*")):
        if path.is_file():
            files[path.relative_to(content_dir).as_posix()] = path.read_bytes()
    return files


def _write_changed(out_dir: Path, files: dict[str, bytes]) -> int:
    """Write the files whose bytes differ from what is on disk; each write is atomic."""
    written = 0
    made: set[str] = set()
    base = os.fspath(out_dir)
    for rel, data in files.items():
        target = os.path.join(base, rel)
        try:  # the size first: reading is only needed when it matches
            if os.stat(target).st_size == len(data):
                with open(target, "rb") as f:
                    if f.read() == data:
                        continue
        except FileNotFoundError:
            pass
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        tmp = os.path.join(folder, f".{os.path.basename(target)}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
        written += 1
    return written


def sync(out_dir: Path, files: dict[str, bytes]) -> tuple[int, int]:
    """Make `out_dir` hold exactly `files`. Returns (written, removed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = _write_changed(out_dir, files)
    removed = 0
    wanted = {os.path.normpath(os.path.join(out_dir, rel)) for rel in files}
    for folder, _dirs, names in os.walk(out_dir, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            if path not in wanted:
                os.unlink(path)
                removed += 1
        if folder != str(out_dir) and not os.listdir(folder):
            os.rmdir(folder)
    return written, removed


def replace_dir(new: Path, final: Path) -> None:
    """Swap a freshly built directory into place; the old one survives until the new one is complete."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(new, final)
    except OSError:  # another file system: copy, then the old tree can go
        shutil.move(str(new), str(final))
    if old.exists():
        shutil.rmtree(old)


def write_some(out_dir: Path, files: dict[str, bytes]) -> int:
    """Update part of the tree (serve's incremental path); other files stay as they are."""
    return _write_changed(out_dir, files)
