"""Checks across entries. Every problem of a run is collected; none stops the others."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .catalog import Catalog
from .errors import Issue
from .loader import Record
from .models import BY_SOORT, Aanbeveling, Document, Entry, Fase

_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?\s*>|<!--|\bjavascript:", re.I)
_AUTOLINK = re.compile(r"<(https?://|mailto:)[^<>\s]+>")
_URL_FIELDS = {"url"}
HET_WOORDEN = {
    "thema",
    "knelpunt",
    "document",
    "model",
    "bekostigingsmodel",
    "onderwerp",
    "begrip",
    "fasemodel",
    "praktijkvoorbeeld",
    "kennisonderwerp",
}


def _walk_text(
    obj: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in `obj` with its path, in no particular order (problems are sorted)."""
    stack = [(path, obj)]
    while stack:
        path, obj = stack.pop()
        if isinstance(obj, str):
            yield path, obj
        elif isinstance(obj, list):
            stack.extend(((*path, i), item) for i, item in enumerate(obj))
        elif isinstance(obj, BaseModel):  # a model's __dict__ holds exactly its fields
            stack.extend(((*path, name), value) for name, value in obj.__dict__.items())


class _Reporter:
    def __init__(self, records: dict[tuple[str, str], Record]) -> None:
        self.records = records
        self.issues: list[Issue] = []

    def add(self, entry: Entry, path: tuple[str | int, ...], message: str) -> None:
        self.issues.append(self.records[(entry.soort, entry.id)].issue(path, message))


def check_identity(entries: list[tuple[Record, Entry]]) -> list[Issue]:
    """id must equal the file name and be unique per kind, aliases included."""
    issues: list[Issue] = []
    seen: dict[tuple[str, str], Record] = {}
    for record, entry in entries:
        if entry.id != record.stem:
            message = (
                f"id '{entry.id}' verschilt van de bestandsnaam '{record.stem}'; maak ze gelijk."
            )
            issues.append(record.issue(("id",), message))
        names = [(entry.id, ("id",))] + [(a, ("aliases", i)) for i, a in enumerate(entry.aliases)]
        for name, path in names:
            key = (entry.soort, name)
            if key in seen and seen[key] is not record:
                message = f"id '{name}' is al in gebruik in {seen[key].path}; een id (of alias) moet uniek zijn."
                issues.append(record.issue(path, message))
            else:
                seen[key] = record
    return issues


def check_links(catalog: Catalog, rep: _Reporter) -> None:
    for entry in catalog:
        linked: set[str] = set()
        for path, kind, target in catalog.links[(entry.soort, entry.id)]:
            linked.add(target)
            if catalog.get(kind, target) is not None:
                if kind == entry.soort and target == entry.id and path[0] != "herkomst":
                    rep.add(entry, path, f"een {kind} kan niet naar zichzelf verwijzen.")
                continue
            label = BY_SOORT[kind].label.lower()
            adjective = "onbekend" if kind in HET_WOORDEN else "onbekende"
            close = difflib.get_close_matches(target, list(catalog.entries[kind]), n=1, cutoff=0.6)
            hint = (
                f" Bedoelde je '{close[0]}'?"
                if close
                else f" Er is geen {label} met die id in themes_data/{BY_SOORT[kind].meervoud}/."
            )
            rep.add(entry, path, f"{adjective} {label} '{target}'.{hint}")
        for i, name in enumerate(entry.afgeleid):
            if name not in linked:
                rep.add(
                    entry,
                    ("afgeleid", i),
                    f"'{name}' staat in afgeleid maar is geen koppeling van dit item.",
                )


def text_problems(record: Record, entry: Entry) -> list[Issue]:
    """Web addresses that are not http(s), and HTML or script in text. One entry at a time,
    so that each file is checked by whichever process reads it."""
    issues = []
    for path, text in _walk_text(entry):
        if path[-1] in _URL_FIELDS:
            if not re.match(r"^https?://[^\s<>\"]+$", text):
                message = f"'{text}' is geen geldig webadres; begin met http:// of https://."
                issues.append(record.issue(path, message))
            continue
        if "<" not in text and ":" not in text:  # no tag, comment or javascript: link
            continue
        bare = _AUTOLINK.sub("", text)
        if match := _HTML.search(bare):
            message = f"HTML of script is niet toegestaan in tekst ('{match.group(0)[:40]}'); gebruik Markdown."
            issues.append(record.issue(path, message))
    return issues


def check_herkomst(catalog: Catalog, rep: _Reporter) -> None:
    for entry in catalog:
        for i, her in enumerate(entry.herkomst):
            doc = catalog.get_of(Document, her.document)
            start, end = her.bereik()
            if end < start:
                rep.add(
                    entry, ("herkomst", i, "regels"), f"regelbereik '{her.regels}' loopt achteruit."
                )
            elif doc is not None and end > doc.aantal_regels:
                rep.add(
                    entry,
                    ("herkomst", i, "regels"),
                    f"regel {end} bestaat niet: {doc.titel} heeft {doc.aantal_regels} regels.",
                )


def check_structure(catalog: Catalog, rep: _Reporter) -> None:
    seen: dict[tuple[str, int], str] = {}
    for fase in catalog.all_of(Fase):
        key = (fase.fasemodel, fase.volgorde)
        if key in seen:
            rep.add(fase, ("volgorde",), f"fase {key[1]} van {key[0]} bestaat al ('{seen[key]}').")
        seen.setdefault(key, fase.id)
    for aanb in catalog.all_of(Aanbeveling):
        parent = catalog.get_of(Aanbeveling, aanb.onderdeel_van)
        if parent is not None and parent.onderdeel_van:
            rep.add(
                aanb,
                ("onderdeel_van",),
                f"'{parent.id}' is zelf al een onderdeel; kies de hoofdaanbeveling.",
            )


def run(entries: list[tuple[Record, Entry]], catalog: Catalog) -> list[Issue]:
    """Every cross-entry problem; `catalog` holds the first entry of each id. Problems
    within one entry's text come from `text_problems`, when the file is read."""
    issues = check_identity(entries)
    rep = _Reporter({(e.soort, e.id): r for r, e in entries if catalog.get(e.soort, e.id) is e})
    for check in (check_links, check_herkomst, check_structure):
        check(catalog, rep)
    return issues + rep.issues
