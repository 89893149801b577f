"""The loader keeps positions and refuses YAML's surprises."""

from __future__ import annotations

import pytest

from generator.loader import parse


def _parse(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse(raw, "x/knelpunten/a.yaml", "knelpunt", "a")


def test_positions_of_keys_and_values() -> None:
    record, issues = _parse("id: a\nthemas:\n  - een\n  - twee\n")
    assert not issues and record is not None
    assert record.pos(("themas", 1)) == (4, 5)
    assert record.key_pos(("themas",)) == (2, 1)
    assert record.pos(("themas", 5, "onbekend")) == (3, 3)  # falls back to the list itself


def test_yaml_11_booleans_and_dates_stay_text() -> None:
    record, issues = _parse(
        "id: a\ntitel: no\nsamenvatting: 2024-01-01\nsynoniemen: [on, off, yes]\nrang: 3\n"
    )
    assert not issues and record is not None
    assert record.data["titel"] == "no"
    assert record.data["samenvatting"] == "2024-01-01"
    assert record.data["synoniemen"] == ["on", "off", "yes"]
    assert record.data["rang"] == 3


def test_quoted_numbers_stay_text() -> None:
    record, _ = _parse("id: a\njaar: '2024'\n")
    assert record is not None and record.data["jaar"] == "2024"


def test_byte_order_mark_is_accepted() -> None:
    record, issues = _parse(b"\xef\xbb\xbfid: a\n")
    assert not issues and record is not None and record.data["id"] == "a"


def test_alias_bomb_is_refused_without_expanding() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    record, issues = _parse(bomb)
    assert record is None
    assert len(issues) == 1 and "ankers" in issues[0].message


def test_the_trimmed_resolver_reads_every_real_file_as_pyyaml_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`_Composer` skips PyYAML's implicit resolvers; the records must not notice."""
    from generator import loader
    from generator.cli import DATA

    files, _ = loader.discover(DATA)
    sample = "a: ~\nb: null\nc: ''\n<<: {d: 1}\ne: 2024-01-01\nf: no\ng: 1.5\n"
    texts = [(p.read_bytes(), loader._display(p), s, p.stem) for p, s in files]
    texts.append((sample.encode(), "voorbeeld.yaml", "thema", "voorbeeld"))

    def read_all() -> list[tuple[object, ...]]:
        out = []
        for raw, rel, soort, stem in texts:
            record, issues = loader.parse(raw, rel, soort, stem)
            assert record is not None
            out.append((record.data, record.positions, record.key_positions, issues))
        return out

    trimmed = read_all()
    monkeypatch.setattr(loader, "_Composer", loader._Loader)
    assert read_all() == trimmed
    assert len(trimmed) > 1000 and trimmed[-1][-1]  # the merge key is reported
