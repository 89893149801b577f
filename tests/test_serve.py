"""`jzojp serve` updates only what an edit affects and survives broken data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import generate
from generator.serve import Preview

from .conftest import FIXTURES, ROOT


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Preview:
    shutil.copytree(FIXTURES / "valid" / "themes_data", tmp_path / "themes_data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    p = Preview(Path("themes_data"), Path("content"), Path("out"), Path("mkdocs.yml"), generate)
    p.full()
    return p


def _stamps(out: Path) -> dict[str, int]:
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()
    }


def test_an_edit_rewrites_only_the_pages_it_affects(preview: Preview) -> None:
    out = Path("out")
    before = _stamps(out)
    path = Path("themes_data/knelpunten/tijdelijke-financiering.yaml")
    path.write_text(
        path.read_text(encoding="utf-8").replace("aflopen", "snel aflopen"), encoding="utf-8"
    )
    preview.update({path.resolve()})
    after = _stamps(out)
    rewritten = {p for p in after if after[p] != before.get(p)}
    assert "knelpunten/tijdelijke-financiering.md" in rewritten
    assert "snel aflopen" in (out / "knelpunten/tijdelijke-financiering.md").read_text(
        encoding="utf-8"
    )
    assert "tools/rekentool.md" not in rewritten and "fases/groei.md" not in rewritten
    assert (
        len([p for p in rewritten if p.endswith(".md")])
        < len([p for p in after if p.endswith(".md")]) / 3
    )


def test_a_title_change_reaches_the_pages_that_link_to_it(preview: Preview) -> None:
    path = Path("themes_data/tools/rekentool.yaml")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "titel: Rekentool samenwerking", "titel: Rekenhulp"
        ),
        encoding="utf-8",
    )
    preview.update({path.resolve()})
    link = '<a href="../../tools/rekentool/">Rekenhulp</a>'
    assert link in Path("out/oplossingen/regionaal-budget.md").read_text(encoding="utf-8")
    assert link in Path("out/themas/financiering.md").read_text(encoding="utf-8")


def test_broken_data_keeps_the_previous_pages(
    preview: Preview, capsys: pytest.CaptureFixture[str]
) -> None:
    page = Path("out/tools/rekentool.md").read_text(encoding="utf-8")
    path = Path("themes_data/tools/rekentool.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "kapot: [\n", encoding="utf-8")
    preview.update({path.resolve()})
    assert Path("out/tools/rekentool.md").read_text(encoding="utf-8") == page
    assert "YAML-syntaxfout" in capsys.readouterr().err
