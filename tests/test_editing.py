"""Editor commands: schema, new, fmt, rename (with redirects from old URLs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.schema import schemas

from .conftest import FIXTURES, ROOT, copy_project, jzojp


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "valid" / "themes_data", tmp_path / "themes_data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "themes_data"


def test_committed_schema_is_up_to_date() -> None:
    for name, text in schemas().items():
        path = ROOT / "themes_data" / "schema" / name
        assert path.is_file(), f"{path} ontbreekt: draai 'jzojp schema'"
        assert path.read_text(encoding="utf-8") == text, (
            f"{name} is verouderd: draai 'jzojp schema'"
        )


def test_every_field_has_a_dutch_description() -> None:
    import json

    for name, text in schemas().items():
        schema = json.loads(text)
        for prop, spec in schema["properties"].items():
            assert spec.get("description"), f"{name}: veld {prop} heeft geen beschrijving"


def test_every_data_file_points_at_its_schema() -> None:
    for path in (ROOT / "themes_data").glob("*/*.yaml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema=../schema/"), path


def test_new_creates_a_valid_file(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "praktijkvoorbeeld", "Wijkteam Noord: samen sterk"]) == 0
    path = data / "praktijkvoorbeelden" / "wijkteam-noord-samen-sterk.yaml"
    assert path.is_file()
    assert "id: wijkteam-noord-samen-sterk" in path.read_text(encoding="utf-8")
    assert main(["validate"]) == 0
    assert main(["fmt", "--check"]) == 1  # the fixture itself is hand-written, not formatted
    capsys.readouterr()


def test_new_refuses_an_existing_id(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "tool", "Rekentool"]) == 1
    assert (
        "themes_data/tools/rekentool.yaml:1:1: tool 'rekentool' → id: bestaat al; kies een andere titel."
        in capsys.readouterr().err
    )


def test_fmt_keeps_comments_and_is_idempotent(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data / "tools" / "rekentool.yaml"
    path.write_text(
        "# Beheerd door team Noord\n"
        + path.read_text(encoding="utf-8").replace(
            "categorie: instrument", "categorie: instrument  # gecontroleerd"
        ),
        encoding="utf-8",
    )
    assert main(["fmt", "--check"]) == 1
    assert "rekentool.yaml: niet in de standaardopmaak" in capsys.readouterr().err
    assert main(["fmt"]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/tool.json\n")
    assert "# Beheerd door team Noord" in text and "# gecontroleerd" in text
    assert main(["fmt", "--check"]) == 0
    assert main(["validate"]) == 0


def test_rename_updates_references_and_records_alias(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rename", "knelpunt", "schotten-in-bekostiging", "gescheiden-geldstromen"]) == 0
    assert not (data / "knelpunten" / "schotten-in-bekostiging.yaml").exists()
    renamed = (data / "knelpunten" / "gescheiden-geldstromen.yaml").read_text(encoding="utf-8")
    assert "aliases:\n- schotten-in-bekostiging" in renamed
    assert "- gescheiden-geldstromen" in (data / "oplossingen" / "regionaal-budget.yaml").read_text(
        encoding="utf-8"
    )
    assert main(["validate"]) == 0
    capsys.readouterr()


def test_rename_errors_are_plain(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rename", "knelpunt", "schotten-in-bekostigin", "nieuw"]) == 1
    err = capsys.readouterr().err
    assert (
        "knelpunt 'schotten-in-bekostigin': bestaat niet. Bedoelde je 'schotten-in-bekostiging'?"
        in err
    )
    assert main(["rename", "knelpunt", "schotten-in-bekostiging", "Nieuwe Naam"]) == 1
    assert (
        "'Nieuwe Naam' is geen geldige id; gebruik bijvoorbeeld 'nieuwe-naam'."
        in capsys.readouterr().err
    )


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_old_url_lands_on_the_new_page_after_rename(tmp_path: Path, builder: str) -> None:
    project = copy_project(tmp_path / "project")
    old = sorted(p.stem for p in (project / "themes_data" / "tools").glob("*.yaml"))[0]

    assert jzojp("rename", "tool", old, "hernoemde-tool", cwd=project).returncode == 0
    extra = ["--zensical"] if builder == "zensical" else []
    result = jzojp("build", *extra, cwd=project)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    redirect = (project / "site" / "tools" / old / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../hernoemde-tool/"' in redirect
    assert (project / "site" / "tools" / "hernoemde-tool" / "index.html").is_file()
