"""Data errors exit 1 without a traceback; a bug in the generator keeps its traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import cli

from .conftest import FIXTURES, ROOT, copy_project, jzojp


def test_generator_bug_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        raise ZeroDivisionError("bug in de generator")

    from generator import pipeline

    monkeypatch.setattr(pipeline, "validate", broken)
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


def _fail(prepared: object, message: str) -> None:
    raise ValueError(message)


def _square(prepared: object, n: int) -> int:
    return n * n


def _pid(prepared: object) -> tuple[object, int]:
    import os

    return prepared, os.getpid()


def _broken_help(ends: object, entries: object, site: object) -> Iterator[object]:
    yield "downloads", []
    _fail(None, "export stuk")


def test_worker_returns_the_childs_result_and_raises_its_errors() -> None:
    import os

    from generator.background import Worker

    ready = Worker(prepare=os.getpid)  # what prepare returns is handed to the job unpickled
    ready.submit(_pid)
    prepared, pid = ready.result()
    assert prepared == pid and (pid != os.getpid() or ready.process is None)
    square = Worker()
    square.submit(_square, 12)
    assert square.result() == 144
    failing = Worker()
    failing.submit(_fail, "kapot")
    with pytest.raises(ValueError, match="kapot"):
        failing.result()


def test_a_worker_runs_jobs_one_after_another_with_what_it_prepared_once() -> None:
    import os

    from generator.background import Worker

    worker = Worker(prepare=os.getpid)
    worker.submit(_pid)
    first = worker.result()
    worker.submit(_square, 7)
    assert worker.result() == 49
    worker.submit(_pid)
    assert worker.result() == first  # same child, prepared once
    worker.submit(_count, 3)
    with pytest.raises(RuntimeError, match="vorige taak"):
        worker.submit(_square, 2)
    assert list(worker.rest()) == [0, 1, 2]
    worker.cancel()


def _count_then_fail(prepared: object, n: int) -> Iterator[int]:
    yield from range(n)
    raise ValueError("stuk in het kind")


def _count(prepared: object, n: int) -> Iterator[int]:
    yield from range(n)


def test_a_generator_job_streams_its_items_in_order() -> None:
    import time

    from generator.background import Worker

    worker = Worker()
    worker.submit(_count, 500)
    time.sleep(0.3)
    early = list(worker.ready())  # whatever has arrived, without waiting
    assert early + list(worker.rest()) == list(range(500))
    assert early or worker.process is None
    failing = Worker()
    failing.submit(_count_then_fail, 3)
    got = []
    with pytest.raises(ValueError, match="stuk in het kind"):
        got.extend(failing.rest())
    assert got == [0, 1, 2]


def test_two_processes_share_jobs_from_both_ends_until_they_meet() -> None:
    from generator.background import Ends, Worker

    ends = Ends()
    helper = Worker(prepare=lambda: ends)  # a lambda: prepare is never pickled
    ends.reset(2000)
    helper.submit(_take_from_back)
    mine = [i for batch in iter(lambda: ends.front(3), range(0)) for i in batch]
    theirs = helper.result()
    assert sorted(mine + theirs) == list(range(2000))  # each job exactly once
    assert not set(mine) & set(theirs)
    assert mine[0] == 0 and (not theirs or max(theirs) == 1999)  # each from its own end


def _take_from_back(ends: Any) -> list[int]:
    return [i for batch in iter(lambda: ends.back(3), range(0)) for i in batch]


def test_a_cancelled_worker_leaves_no_process_behind() -> None:
    from generator.background import Worker

    worker = Worker()
    worker.cancel()  # before any job: the child was waiting for one
    assert worker.process is None or not worker.process.is_alive()


def test_a_failing_helper_process_fails_generate_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An exception in the helper process reaches the parent as itself, not as a hang."""
    monkeypatch.setattr(cli, "_help", _broken_help)
    out = tmp_path / "docs"
    with pytest.raises(ValueError, match="export stuk"):
        cli.generate(FIXTURES / "valid" / "themes_data", ROOT / "content", out, ROOT / "mkdocs.yml")
    assert not out.exists()


def test_generate_reports_the_time_of_every_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line forks its helper before importing the models; same files either way."""
    project = copy_project(tmp_path / "project")
    result = jzojp("generate", "--tijden", cwd=project)
    assert result.returncode == 0, result.stderr
    from generator.timing import read_table

    seconds = read_table(result.stdout)
    stages = ["laden", "controleren", "renderen", "hulpproces (wachten)", "schrijven"]
    assert list(seconds) == [*stages, "generator"], result.stdout
    assert 0 < sum(seconds[s] for s in stages) <= seconds["generator"]
    monkeypatch.chdir(project)
    here = tmp_path / "in-process"
    cli.generate(cli.DATA, cli.CONTENT, here, cli.CONFIG)
    docs = project / cli.GENERATED

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert files(docs) == files(here) and len(files(here)) > 1000


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["build"], "build"),
        (["--data", "elders", "generate", "--tijden"], "generate"),
        (["--data=elders", "build", "--site", "uit"], "build"),
        (["validate"], "validate"),
        (["--help"], None),
        ([], None),
    ],
)
def test_the_command_is_known_before_the_models_are_imported(
    argv: list[str], command: str | None
) -> None:
    assert cli._command(argv) == command


def test_asking_for_help_forks_no_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    started = []
    monkeypatch.setattr(cli, "start_helper", lambda: started.append(1))
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    assert started == []


def test_generate_pauses_the_garbage_collector_and_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from generator import pipeline

    seen = []
    real_validate = pipeline.validate

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_validate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "validate", spy)
    assert gc.isenabled()
    cli.generate(
        FIXTURES / "valid" / "themes_data", ROOT / "content", tmp_path, ROOT / "mkdocs.yml"
    )
    assert seen == [False] and gc.isenabled()


def test_work_in_a_thread_gives_its_result_or_raises_its_error() -> None:
    from generator.cli import _in_thread

    assert _in_thread(sum, [1, 2, 3])() == 6
    failing = _in_thread(int, "geen getal")
    with pytest.raises(ValueError, match="geen getal"):
        failing()


def test_an_unreadable_site_config_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The config is read in a thread while the data loads; its error still ends in a message."""
    import shutil

    from generator.cli import main

    shutil.copytree(FIXTURES / "valid" / "themes_data", tmp_path / "themes_data")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n  kapot: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml:1:1: kan de siteconfiguratie niet lezen" in err and "Traceback" not in err
    assert not (tmp_path / "generated").exists()
