"""Dates from git history, read once per build (the pages never ask git themselves)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


def _log(repo: Path, folder: str, *flags: str) -> list[list[str]]:
    """One block per commit, newest first: [date, file lines…]. Empty outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", *flags, "--", folder],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    blocks = (
        [line for line in block.splitlines() if line.strip()] for block in out.split("\x00")[1:]
    )
    return [block for block in blocks if block]


@dataclass(frozen=True)
class Change:
    """What one day of commits did to the data: paths added, changed and removed."""

    date: str
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


def history(
    repo: Path, folder: str = "themes_data", days: int = 60
) -> tuple[dict[str, str], tuple[Change, ...]]:
    """From one `git log`: path → date (YYYY-MM-DD) of the last commit that touched it,
    and the changes to data files per day, newest first (a rename: removed + added)."""
    dates: dict[str, str] = {}
    per_day: dict[str, dict[str, set[str]]] = {}
    # Without rename detection, which took 0.2 s here: a rename is then a deletion and an
    # addition, which is how the changes count it anyway.
    for date, *lines in _log(repo, folder, "--name-status", "--no-renames"):
        day = per_day.setdefault(date, {"A": set(), "M": set(), "D": set()})
        for line in lines:
            status, *paths = line.split("\t")
            dates.setdefault(paths[-1], date)
            if not paths[-1].endswith(".yaml") or "/schema/" in paths[-1]:
                continue
            if status.startswith("R"):
                day["D"].add(paths[0])
                day["A"].add(paths[1])
            elif status[0] in day:
                day[status[0]].add(paths[-1])
    result = []
    for date in sorted(per_day, reverse=True)[:days]:
        d = per_day[date]
        added = tuple(sorted(d["A"]))
        result.append(
            Change(date, added, tuple(sorted(d["M"] - d["A"])), tuple(sorted(d["D"] - d["A"])))
        )
    return dates, tuple(result)
