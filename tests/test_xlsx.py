"""Our workbook writer: what it writes, openpyxl and pandas read back unchanged."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from xml.etree import ElementTree

import pandas as pd
from openpyxl import load_workbook

from generator.xlsx import Sheet, column_letter, workbook

TIME = datetime(2024, 1, 1)


def _book(rows: list[list[object]]) -> bytes:
    return workbook(
        [
            Sheet("Eerste", ["Id", "Titel", "Tekst"], rows, [12, 30, 60], 1, 2),
            Sheet("Tips & <trucs>", ["Id"], [], [10], 1),
        ],
        creator="Kennisbank JZOJP",
        time=TIME,
    )


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_cells_round_trip_through_openpyxl_and_pandas() -> None:
    rows: list[list[object]] = [
        ["a", "Zorg & welzijn <samen>", "  spaties blijven  "],
        ["b", "aanhalingstekens \"zo\" en 'zo'", "é ë ï — ĳ"],
        ["c", 7, 2.5],
        ["d", None, "regel\nnieuwe regel"],
        ["e", "", " alleen vooraan"],
    ]
    raw = _book(rows)
    frame = pd.read_excel(io.BytesIO(raw), sheet_name="Eerste", keep_default_na=False)
    assert list(frame.columns) == ["Id", "Titel", "Tekst"]
    assert frame.iloc[0].tolist() == rows[0]
    assert frame.iloc[1].tolist() == rows[1]
    assert frame.iloc[2].tolist() == ["c", 7, 2.5]
    assert frame.iloc[3].tolist() == ["d", "", "regel\nnieuwe regel"]
    assert frame.iloc[4].tolist() == rows[4]
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Eerste", "Tips & <trucs>"]
    sheet = book["Eerste"]
    assert sheet.freeze_panes == "C2"
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.column_dimensions["C"].width == 60
    assert book["Tips & <trucs>"].max_row == 1
    assert book.properties.creator == "Kennisbank JZOJP"


def test_characters_xml_cannot_hold_are_dropped_not_fatal() -> None:
    raw = _book([["x", "voor\x00\x07na", "\x1f"]])
    frame = pd.read_excel(io.BytesIO(raw), sheet_name="Eerste", keep_default_na=False)
    assert frame.iloc[0].tolist() == ["x", "voorna", ""]


def test_every_part_is_well_formed_and_bytes_are_reproducible() -> None:
    raw = _book([["a", "b", "c"]])
    assert raw == _book([["a", "b", "c"]])
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        for name in names:
            ElementTree.fromstring(archive.read(name))
            assert archive.getinfo(name).date_time == (2024, 1, 1, 0, 0, 0)
