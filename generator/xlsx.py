"""A minimal Office Open XML workbook writer: text and number cells, a bold header row,
frozen panes and column widths. Nothing else, so it stays small enough to read.

openpyxl builds an object per cell and writes it through a generic XML writer; for our
tens of thousands of plain cells that took 0.4 s of the generator's 2 s at the real data.
Writing the few XML parts as strings gives the same workbook (openpyxl and pandas read it
back in the tests) in a tenth of the time. Same input, same bytes: every zip member has a
fixed timestamp.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
MAX_CELL = 32767  # Excel's limit on characters in a cell

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006"
_DOC = f"{_OFFICE}/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-"
_SHEET_TYPE = f"{_TYPE}officedocument.spreadsheetml.worksheet+xml"
_PARTS = {  # part → content type, besides the sheets
    "/xl/workbook.xml": f"{_TYPE}officedocument.spreadsheetml.sheet.main+xml",
    "/xl/styles.xml": f"{_TYPE}officedocument.spreadsheetml.styles+xml",
    "/docProps/core.xml": f"{_TYPE}package.core-properties+xml",
    "/docProps/app.xml": f"{_TYPE}officedocument.extended-properties+xml",
}


def _content_types(sheets: int) -> str:
    parts = {
        **_PARTS,
        **{f"/xl/worksheets/sheet{n}.xml": _SHEET_TYPE for n in range(1, sheets + 1)},
    }
    return (
        f'{_XML}<Types xmlns="{_PKG}/content-types">'
        f'<Default Extension="rels" ContentType="{_TYPE}package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts.items())
        + "</Types>"
    )


def _relationships(targets: list[tuple[str, str]]) -> str:
    """A .rels part: (type, target) pairs, numbered rId1, rId2, … in order."""
    return (
        f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
            for n, (kind, target) in enumerate(targets, start=1)
        )
        + "</Relationships>"
    )


_ROOT_RELS = _relationships(
    [
        (f"{_DOC}/officeDocument", "xl/workbook.xml"),
        (f"{_PKG}/relationships/metadata/core-properties", "docProps/core.xml"),
        (f"{_DOC}/extended-properties", "docProps/app.xml"),
    ]
)
_APP = (
    _XML + f'<Properties xmlns="{_OFFICE}/extended-properties">'
    "<Application>Microsoft Excel</Application></Properties>"
)
_CORE = (
    _XML + f'<cp:coreProperties xmlns:cp="{_PKG}/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator>{creator}</dc:creator>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{time}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{time}</dcterms:modified>'
    "</cp:coreProperties>"
)
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_WORKBOOK = (
    _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>{{sheets}}</sheets></workbook>'
)


@dataclass
class Sheet:
    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[float] = ()
    #: rows and columns that stay in view while scrolling
    frozen_rows: int = 0
    frozen_columns: int = 0


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: object, style: str = "") -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN: empty
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    text = str(value)
    if text:  # many cells are empty: nothing to clean or escape
        text = _ILLEGAL.sub("", text)[:MAX_CELL]
    space = ' xml:space="preserve"' if text and (text[0].isspace() or text[-1].isspace()) else ""
    if "&" in text or "<" in text or ">" in text:
        text = escape(text)
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _sheet_xml(sheet: Sheet) -> str:
    letters = [column_letter(i) for i in range(1, len(sheet.header) + 1)]
    parts = [_XML + f'<worksheet xmlns="{_MAIN}">']
    x, y = sheet.frozen_columns, sheet.frozen_rows
    if x or y:
        split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
        pane = "bottomRight" if x and y else ("bottomLeft" if y else "topRight")
        parts.append(
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane{split} topLeftCell="{column_letter(x + 1)}{y + 1}" activePane="{pane}" '
            f'state="frozen"/><selection pane="{pane}"/></sheetView></sheetViews>'
        )
    if sheet.widths:
        parts.append("<cols>")
        parts.extend(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(sheet.widths, start=1)
        )
        parts.append("</cols>")
    parts.append("<sheetData>")
    header = "".join(
        _cell(f"{c}1", v, ' s="1"') for c, v in zip(letters, sheet.header, strict=False)
    )
    parts.append(f'<row r="1">{header}</row>')
    for n, row in enumerate(sheet.rows, start=2):
        cells = "".join(_cell(f"{c}{n}", v) for c, v in zip(letters, row, strict=False))
        parts.append(f'<row r="{n}">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def workbook(sheets: Sequence[Sheet], creator: str, time: datetime) -> bytes:
    """The .xlsx file, with the sheets in the order given."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ")
    members = {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _ROOT_RELS,
        "docProps/app.xml": _APP,
        "docProps/core.xml": _CORE.format(creator=escape(creator), time=stamp),
        "xl/workbook.xml": _WORKBOOK.format(
            sheets="".join(
                f'<sheet name={quoteattr(s.name[:31])} sheetId="{n}" r:id="rId{n}"/>'
                for n, s in enumerate(sheets, start=1)
            )
        ),
        "xl/_rels/workbook.xml.rels": _relationships(
            [(f"{_DOC}/worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(sheets) + 1)]
            + [(f"{_DOC}/styles", "styles.xml")]
        ),
        "xl/styles.xml": _STYLES,
    }
    for n, sheet in enumerate(sheets, start=1):
        members[f"xl/worksheets/sheet{n}.xml"] = _sheet_xml(sheet)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=time.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # Level 5: 1 % larger than the default (6) on our workbook, in two thirds of the time.
            archive.writestr(info, text.encode("utf-8"), compresslevel=5)
    return out.getvalue()
