"""Downloads and partner data: JSON round trip, workbook, CSV, per-theme JSON against its schema."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from generator.catalog import Catalog
from generator.export import THEMA_DATA_SCHEMA, catalog_from_json, export
from generator.pipeline import load_catalog

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURES / "valid" / "themes_data")


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, bytes]:
    return export(catalog, "https://voorbeeld.nl/kb/")


def test_json_reads_back_into_the_same_catalog(catalog: Catalog, files: dict[str, bytes]) -> None:
    data = json.loads(files["downloads/kennisbank-jzojp.json"])
    assert data["schema_versie"] == 1
    again = catalog_from_json(data)
    assert {(e.soort, e.id): e for e in again} == {(e.soort, e.id): e for e in catalog}
    assert again.backlinks == catalog.backlinks


def test_workbook_has_a_sheet_per_kind_with_titles_next_to_ids(
    files: dict[str, bytes], catalog: Catalog
) -> None:
    sheets = pd.read_excel(io.BytesIO(files["downloads/kennisbank-jzojp.xlsx"]), sheet_name=None)
    assert len(sheets) == 20
    oplossingen = sheets["Oplossingen"]
    assert len(oplossingen) == len(catalog.entries["oplossing"])
    row = oplossingen.iloc[0]
    assert row["Knelpunten (ids)"] == "schotten-in-bekostiging"
    assert row["Knelpunten (titels)"] == "Schotten tussen de financieringsstromen"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(files["downloads/kennisbank-jzojp.xlsx"]))
    assert book["Oplossingen"].freeze_panes == "C2"
    assert book["Oplossingen"].column_dimensions["B"].width >= 10


def test_csv_keeps_dutch_characters_for_spreadsheets(files: dict[str, bytes]) -> None:
    raw = files["downloads/knelpunten.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    frame = pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig")
    assert list(frame.columns[:2]) == ["Id", "Titel"]
    assert "Schotten tussen de financieringsstromen" in set(frame["Titel"])


def test_empty_kind_still_has_headers(files: dict[str, bytes]) -> None:
    frame = pd.read_csv(io.BytesIO(files["downloads/bronnen.csv"]), sep=";", encoding="utf-8-sig")
    assert frame.empty and "Url" in frame.columns


def test_per_theme_json_validates_against_published_schema(files: dict[str, bytes]) -> None:
    import jsonschema

    schema = json.loads(files["schema/thema-data.json"])
    assert schema == json.loads(json.dumps(THEMA_DATA_SCHEMA))
    data = json.loads(files["themas/financiering.json"])
    jsonschema.validate(data, schema)
    assert [k["id"] for k in data["knelpunten"]] == [
        "schotten-in-bekostiging",
        "tijdelijke-financiering",
    ]
    assert data["knelpunten"][0]["oplossingen"][0]["id"] == "regionaal-budget"
    assert data["url"] == "https://voorbeeld.nl/kb/themas/financiering/"
    broken = {**data, "aandeel_knelpunten": "veel"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_export_is_reproducible(catalog: Catalog, files: dict[str, bytes]) -> None:
    assert export(catalog, "https://voorbeeld.nl/kb/") == files


def test_csv_cells_with_separators_quotes_and_newlines_read_back_whole() -> None:
    from generator.export import Table

    cells = ["a;b", 'zegt "ja"', "regel 1\nregel 2", "", " spatie "]
    raw = Table(["Id", "A", "B", "C", "D"], [["x", *cells[:4]], ["y", *cells[1:]]]).csv()
    frame = pd.read_csv(
        io.BytesIO(raw), sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert frame.values.tolist() == [["x", *cells[:4]], ["y", *cells[1:]]]
