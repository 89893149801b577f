"""Every kind of bad input: `jzojp validate` exits 1 and prints exactly the expected messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from .conftest import FIXTURES, compare_golden

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def test_there_is_a_fixture_for_every_required_failure() -> None:
    required = {
        "yaml-syntax",
        "duplicate-key",
        "unknown-key",
        "missing-field",
        "wrong-type",
        "duplicate-id",
        "id-not-filename",
        "dangling-reference",
        "raw-html",
        "script-in-text",
        "non-http-url",
        "invalid-utf8",
        "empty-file",
        "alias-bomb",
        "tab-indentation",
    }
    assert required <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture_reports_expected_messages(
    case: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    update_goldens: bool,
) -> None:
    folder = FIXTURES / "invalid" / case
    monkeypatch.chdir(folder)
    code = main(["validate"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.splitlines()[0].startswith("themes_data/")
    compare_golden(folder / "expected.txt", err, update_goldens)


def test_valid_fixture_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FIXTURES / "valid")
    assert main(["validate"]) == 0
    assert "Alles in orde: 16 items" in capsys.readouterr().out


def test_all_problems_of_a_run_are_reported_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Problems in different files and of different kinds come out in one run."""
    import shutil

    for case in ("unknown-key", "dangling-reference", "invalid-utf8"):
        shutil.copytree(
            FIXTURES / "invalid" / case / "themes_data",
            tmp_path / "themes_data",
            dirs_exist_ok=True,
        )
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "samenvating" in err and "geen-gel" in err and "UTF-8" in err
    assert err.rstrip().endswith("4 problemen in 3 bestanden gevonden.")


@pytest.mark.parametrize(
    "text", ["[klik](JavaScript:alert(1))", "een <!-- verborgen --> opmerking", "a <i>b</i>"]
)
def test_script_links_and_html_are_found_in_any_text(tmp_path: Path, text: str) -> None:
    import shutil

    from generator.pipeline import validate

    data = tmp_path / "themes_data"
    shutil.copytree(FIXTURES / "valid" / "themes_data", data)
    path = next((data / "knelpunten").glob("*.yaml"))
    path.write_text(
        path.read_text(encoding="utf-8") + f"synoniemen: [{text!r}]\n".replace("'", '"'),
        encoding="utf-8",
    )
    _, issues = validate(data)
    assert [i.message.split("(")[0] for i in issues] == [
        "HTML of script is niet toegestaan in tekst "
    ]
    assert issues[0].field == "synoniemen[0]"


class _EagerHelper:
    """A helper that has read every file before this process gets to one."""

    def __init__(self) -> None:
        from generator.background import Ends, Share

        self.share = Share(Ends())
        self.items: list[object] = []

    def submit(self, fn: object, *args: object) -> None:
        self.items = list(fn(self.share, *args))  # type: ignore[operator]

    def ready(self) -> list[object]:
        return []

    def rest(self) -> list[object]:
        return self.items


@pytest.mark.parametrize("case", CASES)
def test_files_read_by_the_helper_give_the_same_problems_at_the_same_places(case: str) -> None:
    """The helper sends records without positions; a problem reads them again from the file."""
    from generator.pipeline import validate

    data = FIXTURES / "invalid" / case / "themes_data"
    helper = _EagerHelper()
    shared_catalog, shared = validate(data, helper=(helper.share, helper))  # type: ignore[arg-type]
    catalog, alone = validate(data)
    assert helper.items, "the helper read nothing"
    assert shared == alone and list(shared_catalog) == list(catalog)
    assert shared  # each case has at least one problem


def test_entries_the_helper_read_go_back_to_it_as_indexes() -> None:
    from generator.pipeline import validate

    helper = _EagerHelper()
    catalog, issues = validate(FIXTURES / "valid" / "themes_data", helper=(helper.share, helper))  # type: ignore[arg-type]
    entries = list(catalog)
    sent = helper.share.for_helper(entries)
    assert not issues and all(isinstance(x, int) for x in sent)  # it read every file
    assert helper.share.from_main(sent) == entries
    assert helper.share.from_main([entries[0], sent[1]]) == entries[:2]
