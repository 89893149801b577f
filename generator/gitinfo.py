"""Dates from git history, read once per build (the pages never ask git themselves)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(repo: Path, folder: str = "themes_data") -> dict[str, str]:
    """Path → date (YYYY-MM-DD) of the last commit that touched it. Empty outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", folder],
            cwd=repo, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    for block in out.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        date, files = lines[0], lines[1:]
        for name in files:
            dates.setdefault(name, date)
    return dates
