"""Data errors exit 1 without a traceback; a bug in the generator keeps its traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator import cli

from .conftest import FIXTURES


def test_generator_bug_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        raise ZeroDivisionError("bug in de generator")

    monkeypatch.setattr(cli, "validate", broken)
    with pytest.raises(ZeroDivisionError):
        cli.main(["validate"])


def test_console_script_exit_codes() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate"],
        cwd=FIXTURES / "valid",
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate"],
        cwd=FIXTURES / "invalid" / "dangling-reference",
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "themes_data/oplossingen/budget.yaml:4:14:" in bad.stderr
