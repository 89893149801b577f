"""`generator.mkdocs_build`: MkDocs on two processes gives what plain MkDocs gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _build(module: str, project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, "build", "--strict", "-d", str(out)],
        cwd=project,
        env={**ENV, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


def _files(site: Path) -> dict[str, bytes]:
    # The sitemap carries the build date, which could differ between two builds at midnight.
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and not p.name.startswith("sitemap.xml")
    }


def test_real_site_is_the_same_bytes_as_plain_mkdocs(built_site: Path, tmp_path: Path) -> None:
    """`built_site` came from `jzojp build` (two processes); MkDocs alone must agree."""
    plain = _build("mkdocs", ROOT, tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr[-2000:]
    ours, theirs = _files(built_site), _files(tmp_path / "plain")
    assert len(ours) > 1000 and ours.keys() == theirs.keys()
    differing = sorted(k for k in ours if ours[k] != theirs[k])
    assert not differing, differing[:5]


def _project(root: Path, pages: dict[str, str]) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(
        "site_name: Proef\ntheme:\n  name: material\n  language: nl\n"
        "plugins:\n  - search\nvalidation:\n  anchors: warn\n",
        encoding="utf-8",
    )
    for name, text in pages.items():
        (root / "docs" / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    return root


def _report(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        line
        for line in result.stderr.splitlines()
        if line.startswith(("WARNING", "ERROR", "Abort"))
    ]


@pytest.mark.parametrize("broken", [None, "p3.md", "p4.md"])
def test_warnings_and_errors_read_the_same_from_either_process(
    tmp_path: Path, broken: str | None
) -> None:
    """Pages alternate between the processes; what each logs comes out in page order.

    A page that cannot be read (`broken`, on either side) fails both builds the same way.
    """
    pages = {"index.md": "# Start\n"}
    for n in range(1, 7):
        pages[f"p{n}.md"] = f"# Pagina {n}\n\n[weg](weg{n}.md) en [anker](index.md#nergens{n}).\n"
    if broken:
        pages[broken] = "\udcff\udcfe kapot"  # bytes that are not UTF-8
    project = _project(tmp_path / "p", pages)
    plain = _build("mkdocs", project, tmp_path / "a")
    ours = _build("generator.mkdocs_build", project, tmp_path / "b")
    assert plain.returncode == ours.returncode == 1
    assert _report(ours) == _report(plain)
    before = 6 if broken is None else int(broken[1]) - 1  # pages read before the broken one
    assert len([line for line in _report(ours) if "weg" in line]) == before
    if broken is None:
        assert sum("nergens" in line for line in _report(ours)) == 6


def test_a_clean_small_site_is_the_same(tmp_path: Path) -> None:
    pages = {"index.md": "# Start\n\n[een](p1.md)\n"}
    pages |= {f"p{n}.md": f"# Pagina {n}\n\n## Kop\n\nTekst {n}.\n" for n in range(1, 8)}
    project = _project(tmp_path / "p", pages)
    assert _build("mkdocs", project, tmp_path / "a").returncode == 0
    ours = _build("generator.mkdocs_build", project, tmp_path / "b")
    assert ours.returncode == 0, ours.stderr
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_a_failure_here_stops_the_child_before_mkdocs_exits(tmp_path: Path) -> None:
    """The first page fails in this process while the child still renders its half."""
    import time

    pages = {"index.md": "---\ntemplate: bestaat-niet.html\n---\n# Start\n"}
    pages |= {f"p{n:03}.md": f"# Pagina {n}\n\nTekst.\n" for n in range(400)}
    project = _project(tmp_path / "p", pages)
    plain = _build("mkdocs", project, tmp_path / "a")
    ours = _build("generator.mkdocs_build", project, tmp_path / "b")
    assert plain.returncode == ours.returncode == 1
    assert _report(ours) == _report(plain) and "bestaat-niet.html" in ours.stderr
    # The child's half is 200 pages; it is stopped long before it gets through them (killed,
    # and its pipe to the parent is gone), and nothing is written after the build returns.
    written = sorted((tmp_path / "b").rglob("index.html"))
    assert len(written) < 200
    time.sleep(0.5)
    assert sorted((tmp_path / "b").rglob("index.html")) == written  # nobody writes on
