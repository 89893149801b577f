"""Data errors exit 1 without a traceback; a bug in the generator keeps its traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import cli

from .conftest import FIXTURES, ROOT, copy_project, jzojp


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


def _square(n: int) -> int:
    return n * n


def _fail(message: str) -> None:
    raise ValueError(message)


def _broken_export(entries: object, site_url: str) -> None:
    _fail("export stuk")


def test_worker_returns_the_childs_result_and_raises_its_errors() -> None:
    import os

    from generator.background import Worker

    ready = Worker(prepare=os.getpid)
    ready.submit(os.getpid)
    assert ready.result() != os.getpid()  # it really ran in another process
    square = Worker()
    square.submit(_square, 12)
    assert square.result() == 144
    failing = Worker()
    failing.submit(_fail, "kapot")
    with pytest.raises(ValueError, match="kapot"):
        failing.result()


def _count_then_fail(n: int) -> Iterator[int]:
    yield from range(n)
    raise ValueError("stuk in het kind")


def test_a_stream_yields_what_a_forked_child_makes_in_order() -> None:
    import os
    import time

    from generator.background import Stream

    built = {"parent": os.getpid()}  # the child sees this without pickling: it is a fork
    stream = Stream(lambda: ((built["parent"], os.getpid(), i) for i in range(500)))
    time.sleep(0.2)
    early = list(stream.ready())  # whatever has arrived, without waiting
    items = early + list(stream.rest())
    assert [i for _, _, i in items] == list(range(500))
    assert {parent for parent, _, _ in items} == {os.getpid()}
    if stream.process is not None:
        assert {pid for _, pid, _ in items} != {os.getpid()} and early
    failing = Stream(_count_then_fail, 3)
    got = []
    with pytest.raises(ValueError, match="stuk in het kind"):
        got.extend(failing.rest())
    assert got == [0, 1, 2]


def test_a_cancelled_worker_leaves_no_process_behind() -> None:
    from generator.background import Worker

    worker = Worker()
    worker.cancel()  # before any job: the child was waiting for one
    assert worker.process is None or not worker.process.is_alive()


def test_a_failing_export_process_fails_generate_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An exception in the export process reaches the parent as itself, not as a hang."""
    monkeypatch.setattr(cli, "_export", _broken_export)
    out = tmp_path / "docs"
    with pytest.raises(ValueError, match="export stuk"):
        cli.generate(FIXTURES / "valid" / "themes_data", ROOT / "content", out, ROOT / "mkdocs.yml")
    assert not out.exists()


def test_generate_reports_the_time_of_every_stage(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = jzojp("generate", "--tijden", cwd=project)
    assert result.returncode == 0, result.stderr
    for stage in ("laden", "controleren", "renderen", "exporteren (wachten)", "schrijven"):
        assert stage in result.stdout


def test_generate_pauses_the_garbage_collector_and_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    seen = []
    real_validate = cli.validate

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_validate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "validate", spy)
    assert gc.isenabled()
    cli.generate(
        FIXTURES / "valid" / "themes_data", ROOT / "content", tmp_path, ROOT / "mkdocs.yml"
    )
    assert seen == [False] and gc.isenabled()
