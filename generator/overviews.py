"""Overview pages that look across kinds: matrices, index, coverage, phase finder."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from typing import Any

from .catalog import Catalog
from .models import KINDS, Entry

OVERVIEWS = "overzichten"


def _sort_letter(title: str) -> str:
    base = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    for ch in base.upper():
        if ch.isalpha():
            return ch
    return "#"


def kennisagenda_matrix(catalog: Catalog) -> dict[str, Any]:
    rows = []
    for thema in catalog.all("thema"):
        rows.append(
            {
                "entry": thema,
                "knelpunten": len(catalog.reverse(thema, "knelpunt")),
                "kennisvragen": len(catalog.reverse(thema, "kennisvraag")),
                "oplossingen": len(catalog.reverse(thema, "oplossing")),
            }
        )
    return {"rows": rows, "vormen": catalog.all("verschijningsvorm")}


def thema_fase_matrix(catalog: Catalog) -> dict[str, Any]:
    fases = [f for m in catalog.all("fasemodel") for f in catalog.reverse(m, "fase", "fasemodel")]
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"tool": 0, "knelpunt": 0, "kennisvraag": 0}
    )
    for soort in ("tool", "knelpunt", "kennisvraag"):
        for entry in catalog.all(soort):
            themas = getattr(entry, "themas", [])
            for fase in getattr(entry, "fases", []):
                for thema in themas:
                    counts[(thema, fase)][soort] += 1
    rows = []
    for thema in catalog.all("thema"):
        cells = [
            counts.get((thema.id, f.id), {"tool": 0, "knelpunt": 0, "kennisvraag": 0})
            for f in fases
        ]
        rows.append((thema, cells))
    models = [(m, len(catalog.reverse(m, "fase", "fasemodel"))) for m in catalog.all("fasemodel")]
    return {"fases": fases, "rows": rows, "models": models}


def a_tot_z(catalog: Catalog) -> dict[str, Any]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in catalog:
        groups[_sort_letter(entry.titel)].append(entry)
    ordered = {
        k: sorted(v, key=lambda e: (e.titel.casefold(), e.soort, e.id))
        for k, v in sorted(groups.items())
    }
    return {"groups": ordered}


def over_de_inhoud(catalog: Catalog) -> dict[str, Any]:
    documents = catalog.all("document")
    kinds = [k for k in KINDS if k.soort != "document"]
    table = []
    for kind in kinds:
        per_doc = [len(catalog.reverse(doc, kind.soort, "herkomst")) for doc in documents]
        table.append((kind, per_doc, len(catalog.entries[kind.soort])))
    afgeleid = sum(len(e.afgeleid) for e in catalog)
    return {"documents": documents, "table": table, "total": len(catalog), "afgeleid": afgeleid}


def fasewijzer(catalog: Catalog) -> dict[str, Any]:
    models = [(m, catalog.reverse(m, "fase", "fasemodel")) for m in catalog.all("fasemodel")]
    return {"models": models}


def pages(catalog: Catalog) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (f"{OVERVIEWS}/index.md", "overzichten.md.j2", {}),
        (
            f"{OVERVIEWS}/kennisagenda-matrix.md",
            "kennisagenda_matrix.md.j2",
            kennisagenda_matrix(catalog),
        ),
        (
            f"{OVERVIEWS}/thema-fase-matrix.md",
            "thema_fase_matrix.md.j2",
            thema_fase_matrix(catalog),
        ),
        (f"{OVERVIEWS}/a-z.md", "a_z.md.j2", a_tot_z(catalog)),
        (f"{OVERVIEWS}/over-de-inhoud.md", "over_de_inhoud.md.j2", over_de_inhoud(catalog)),
        (f"{OVERVIEWS}/waar-staat-jouw-samenwerking.md", "fasewijzer.md.j2", fasewijzer(catalog)),
    ]
