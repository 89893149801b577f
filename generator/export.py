"""Downloads for partners: CSV per kind, one Excel workbook, one JSON file, per-theme JSON.

Pure like `render`: catalog in, {path: bytes} out. Bytes are reproducible: the workbook
gets fixed timestamps, JSON is sorted.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .catalog import Catalog
from .links import url_path
from .models import BY_SOORT, KINDS, Entry, Knelpunt, Thema, ref_fields
from .schema import schemas

SCHEMA_VERSION = 1
DOWNLOADS = "downloads"
FIXED_TIME = datetime(2024, 1, 1)


def entry_record(entry: Entry) -> dict[str, Any]:
    return {"soort": entry.soort, **entry.model_dump(mode="json")}


def catalog_json(catalog: Catalog, site_url: str) -> dict[str, Any]:
    items = [entry_record(e) for kind in KINDS for e in catalog.all(kind.soort)]
    links = [
        {
            "van_soort": e.soort,
            "van": e.id,
            "veld": str(path[0]),
            "naar_soort": kind,
            "naar": target,
        }
        for kind_ in KINDS
        for e in catalog.all(kind_.soort)
        for path, kind, target in catalog.links[(e.soort, e.id)]  # iter_refs, made once
    ]
    return {
        "schema_versie": SCHEMA_VERSION,
        "bron": site_url,
        "aantallen": {k.meervoud: len(catalog.entries[k.soort]) for k in KINDS},
        "items": items,
        "koppelingen": links,
    }


def catalog_from_json(data: dict[str, Any]) -> Catalog:
    """Read the JSON download back into a catalog (used by partners and by our tests)."""
    if data.get("schema_versie") != SCHEMA_VERSION:
        raise ValueError(f"onbekende schema_versie {data.get('schema_versie')}")
    entries = []
    for item in data["items"]:
        fields = {k: v for k, v in item.items() if k != "soort"}
        entries.append(BY_SOORT[item["soort"]].model_validate(fields))
    return Catalog.build(entries)


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _headers(kind: type[Entry]) -> list[str]:
    refs = ref_fields(kind)
    out: list[str] = []
    for name in kind.model_fields:
        out += (
            [f"{_label(name)} (titels)", f"{_label(name)} (ids)"]
            if name in refs
            else [_label(name)]
        )
    first = [c for c in ("Id", "Titel") if c in out]
    return first + [c for c in out if c not in first] + ["Adres"]


@dataclass(frozen=True)
class Table:
    """One kind as rows of text: a CSV file and a sheet of the workbook."""

    header: list[str]
    rows: list[list[str]]

    def csv(self) -> bytes:
        """Semicolons and a byte order mark, so that Excel opens it in Dutch settings."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue().encode("utf-8-sig")


def _table(catalog: Catalog, soort: str) -> Table:
    kind = BY_SOORT[soort]
    refs = ref_fields(kind)
    header = _headers(kind)
    rows = []
    for entry in catalog.all(soort):
        row: dict[str, Any] = {}
        for name in kind.model_fields:
            value = getattr(entry, name)
            if name in refs:
                ids = value if isinstance(value, list) else ([value] if value else [])
                titles = [(t.titel if (t := catalog.get(refs[name], i)) else i) for i in ids]
                row[f"{_label(name)} (titels)"] = "; ".join(titles)
                row[f"{_label(name)} (ids)"] = "; ".join(ids)
            elif name == "herkomst":
                row["Herkomst"] = "; ".join(
                    f"{h.document}, {h.sectie}, regels {h.regels}" for h in value
                )
            elif isinstance(value, list):
                row[_label(name)] = "; ".join(_cell(v) for v in value)
            else:
                row[_label(name)] = _cell(value)
        row["Adres"] = url_path(f"{kind.meervoud}/{entry.id}.md")
        rows.append([row[column] for column in header])
    return Table(header, rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "model_dump"):
        return ", ".join(
            f"{k}: {v}" for k, v in value.model_dump().items() if v not in ("", None, [])
        )
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def workbook(tables: dict[str, Table]) -> bytes:
    """One sheet per table: bold header row, frozen with the id and title, sensible widths."""
    from .xlsx import Sheet
    from .xlsx import workbook as write_workbook

    sheets = []
    for name, table in tables.items():
        header, rows = table.header, table.rows
        widths = [
            min(60, max(10, max([len(h)] + [len(str(row[i])) for row in rows[:200]]) + 2))
            for i, h in enumerate(header)
        ]
        sheets.append(
            Sheet(
                name,
                header,
                rows,
                widths,
                frozen_rows=1,
                frozen_columns=2 if len(header) > 2 else 0,  # id and title
            )
        )
    return write_workbook(sheets, creator="Kennisbank JZOJP", time=FIXED_TIME)


def thema_data(catalog: Catalog, thema: Thema, site_url: str) -> dict[str, Any]:
    """One theme with what hangs on it, for regional sites that show it in their own pages."""
    base = site_url.rstrip("/") + "/"

    def ref(e: Entry) -> dict[str, Any]:
        return {
            "soort": e.soort,
            "id": e.id,
            "titel": e.titel,
            "url": base + url_path(f"{e.meervoud}/{e.id}.md"),
        }

    knelpunten = []
    for k in catalog.reverse(thema, "knelpunt"):
        knelpunten.append(
            {
                **ref(k),
                "samenvatting": k.samenvatting,
                "rang": k.rang if isinstance(k, Knelpunt) else None,
                "oplossingen": [ref(o) for o in catalog.reverse(k, "oplossing", "knelpunten")],
            }
        )
    related = {
        kind.meervoud: [
            {**ref(e), "samenvatting": e.samenvatting} for e in catalog.reverse(thema, kind.soort)
        ]
        for kind in KINDS
        if kind.soort not in ("knelpunt", "thema", "document")
    }
    return {
        "$schema": base + "schema/thema-data.json",
        "schema_versie": SCHEMA_VERSION,
        **ref(thema),
        "samenvatting": thema.samenvatting,
        "aandeel_knelpunten": thema.aandeel_knelpunten,
        "aandeel_reacties": thema.aandeel_reacties,
        "knelpunten": knelpunten,
        **{k: v for k, v in related.items() if v},
    }


THEMA_DATA_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "thema-data.json",
    "title": "Thema met gekoppelde items (Kennisbank JZOJP)",
    "type": "object",
    "$defs": {
        "ref": {
            "type": "object",
            "required": ["soort", "id", "titel", "url"],
            "properties": {
                "soort": {"type": "string"},
                "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                "titel": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "samenvatting": {"type": "string"},
            },
        },
        "lijst": {"type": "array", "items": {"$ref": "#/$defs/ref"}},
    },
    "required": [
        "schema_versie",
        "soort",
        "id",
        "titel",
        "url",
        "samenvatting",
        "aandeel_knelpunten",
        "aandeel_reacties",
        "knelpunten",
    ],
    "properties": {
        "$schema": {"type": "string"},
        "id": {"type": "string"},
        "titel": {"type": "string"},
        "url": {"type": "string"},
        "samenvatting": {"type": "string"},
        "schema_versie": {"const": SCHEMA_VERSION},
        "soort": {"const": "thema"},
        "aandeel_knelpunten": {"type": "string", "pattern": "^<?[0-9]{1,3}%$"},
        "aandeel_reacties": {"type": "string", "pattern": "^<?[0-9]{1,3}%$"},
        "knelpunten": {
            "type": "array",
            "items": {
                "allOf": [{"$ref": "#/$defs/ref"}],
                "properties": {
                    "rang": {"type": ["integer", "null"]},
                    "oplossingen": {"$ref": "#/$defs/lijst"},
                },
                "required": ["oplossingen"],
            },
        },
    },
    "additionalProperties": {"$ref": "#/$defs/lijst"},
}


def _json(data: Any) -> bytes:
    # Compact: json's C encoder only runs without `indent`, and the files are for programs.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def export(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    tables = {kind: _table(catalog, kind.soort) for kind in KINDS}
    for kind, table in tables.items():
        files[f"{DOWNLOADS}/{kind.meervoud}.csv"] = table.csv()
    sheets = {kind.label_meervoud.replace("'", ""): table for kind, table in tables.items()}
    files[f"{DOWNLOADS}/kennisbank-jzojp.xlsx"] = workbook(sheets)
    files[f"{DOWNLOADS}/kennisbank-jzojp.json"] = _json(catalog_json(catalog, site_url))
    files["schema/thema-data.json"] = _json(THEMA_DATA_SCHEMA)
    for name, text in schemas().items():
        files[f"schema/{name}"] = text.encode("utf-8")
    for thema in catalog.all_of(Thema):
        files[f"themas/{thema.id}.json"] = _json(thema_data(catalog, thema, site_url))
    files[f"{DOWNLOADS}/index.md"] = downloads_page(files).encode("utf-8")
    return files


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def downloads_page(files: dict[str, bytes]) -> str:
    from .render import template_environment

    env = template_environment()
    themes = sorted(p for p in files if p.startswith("themas/") and p.endswith(".json"))
    return env.get_template("downloads.md.j2").render(
        xlsx=_size(len(files[f"{DOWNLOADS}/kennisbank-jzojp.xlsx"])),
        json=_size(len(files[f"{DOWNLOADS}/kennisbank-jzojp.json"])),
        version=SCHEMA_VERSION,
        csv=[(kind, _size(len(files[f"{DOWNLOADS}/{kind.meervoud}.csv"]))) for kind in KINDS],
        themes=[(p.split("/")[1], _size(len(files[p]))) for p in themes],
    )
