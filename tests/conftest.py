from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite golden files from the current output"
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def compare_golden(path: Path, actual: str, update: bool) -> None:
    """Assert `actual` equals the golden file; with --update-goldens, rewrite it instead."""
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path.name} did not exist; written now, check it in")
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"


def jzojp(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user does, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def copy_project(dest: Path) -> Path:
    """A copy of what a build reads (config, pages, overrides, data), for tests that change it."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "site_overrides", "themes_data"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data, built once with `mkdocs build --strict` for all tests that read the site."""
    if reuse := os.environ.get("JZOJP_REUSE_SITE"):  # quick local iteration on a site built earlier
        return Path(reuse)
    site = tmp_path_factory.mktemp("build") / "site"
    result = jzojp("build", "--site", str(site))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return site
