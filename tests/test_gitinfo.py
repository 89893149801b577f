"""Dates and changes from git history, read with one `git log`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from generator.gitinfo import history


def _commit(repo: Path, date: str, message: str) -> None:
    env = {
        **os.environ,
        "GIT_COMMITTER_DATE": f"{date}T12:00:00",
        "GIT_AUTHOR_DATE": f"{date}T12:00:00",
    }
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message],
        cwd=repo,
        check=True,
        env=env,
    )


def test_history_gives_last_dates_and_changes_per_day(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    data = tmp_path / "themes_data" / "tools"
    data.mkdir(parents=True)
    (data / "a.yaml").write_text("id: a\ntitel: Een hele lange titel die blijft\n")
    (data / "b.yaml").write_text("id: b\n")
    _commit(tmp_path, "2026-01-01", "eerste")
    (data / "b.yaml").write_text("id: b\ntitel: B\n")
    _commit(tmp_path, "2026-01-02", "wijzig b")
    (data / "a.yaml").rename(data / "c.yaml")
    _commit(tmp_path, "2026-01-03", "hernoem a")

    dates, changes = history(tmp_path)
    assert dates == {
        "themes_data/tools/c.yaml": "2026-01-03",  # renamed: the new name is new
        "themes_data/tools/b.yaml": "2026-01-02",
        "themes_data/tools/a.yaml": "2026-01-03",  # gone: dated by its removal
    }
    by_day = {c.date: c for c in changes}
    assert [c.date for c in changes] == ["2026-01-03", "2026-01-02", "2026-01-01"]
    assert by_day["2026-01-03"].added == ("themes_data/tools/c.yaml",)
    assert by_day["2026-01-03"].removed == ("themes_data/tools/a.yaml",)
    assert by_day["2026-01-02"].changed == ("themes_data/tools/b.yaml",)
    assert set(by_day["2026-01-01"].added) == {
        "themes_data/tools/a.yaml",
        "themes_data/tools/b.yaml",
    }


def test_outside_a_git_checkout_there_is_no_history(tmp_path: Path) -> None:
    assert history(tmp_path) == ({}, ())
