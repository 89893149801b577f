"""JSON Schema per kind, from the models, for editors (yaml-language-server) and partners."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .models import KINDS, Entry

SCHEMA_DIR = "schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: type[Entry]) -> dict[str, object]:
    schema = kind.model_json_schema(mode="validation")
    schema = {"$schema": DRAFT, "$id": f"{kind.soort}.json", **schema}
    schema["title"] = kind.label
    schema["description"] = (
        f"Een {kind.label.lower()} in de Kennisbank JZOJP. Bestand: themes_data/{kind.meervoud}/<id>.yaml"
    )
    return schema


def schemas() -> dict[str, str]:
    """File name → JSON text, stable byte for byte."""
    return dict(_schemas())


@functools.cache  # the models do not change while the process runs; ~0.08 s to make
def _schemas() -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            f"{kind.soort}.json",
            json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        )
        for kind in KINDS
    )


def write_schemas(data: Path) -> list[Path]:
    folder = data / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def header(soort: str) -> str:
    return f"# yaml-language-server: $schema=../{SCHEMA_DIR}/{soort}.json"
