"""Commands that change data files for editors: fmt, new, rename.

They use ruamel.yaml's round-trip mode so comments and the editor's wording survive;
only layout and key order become canonical.
"""

from __future__ import annotations

import io
import re
import typing
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import DataError, Issue
from .models import BY_SOORT, Entry, ref_fields
from .schema import header

WIDTH = 100


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.allow_unicode = True
    return yaml


def slugify(title: str) -> str:
    base = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:60].strip("-")


def _submodel(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    annotation = model.model_fields[name].annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


FIRST = ("id", "titel", "synoniemen", "samenvatting")
LAST = ("herkomst", "aliases", "afgeleid")


def field_order(model: type[BaseModel]) -> list[str]:
    """Canonical key order: what it is, its own facts, its links, then where it comes from."""
    names = list(model.model_fields)
    if not issubclass(model, Entry):
        return names
    refs = set(ref_fields(model))
    own = [n for n in names if n not in FIRST and n not in LAST and n not in refs]
    links = [n for n in names if n in refs]
    return [n for n in FIRST if n in names] + own + links + [n for n in LAST if n in names]


def _order(node: Any, model: type[BaseModel] | None) -> Any:
    """Keys in canonical order (unknown keys last, as they came), lists in block style."""
    if isinstance(node, CommentedMap):
        fields = field_order(model) if model else []
        keys = [k for k in fields if k in node] + [k for k in node if k not in fields]
        ordered = CommentedMap()
        for key in keys:
            sub = _submodel(model, key) if model and key in model.model_fields else None
            ordered[key] = _order(node[key], sub)
            if key in node.ca.items:
                ordered.ca.items[key] = node.ca.items[key]
        ordered.ca.comment = node.ca.comment
        if node.ca.end:
            ordered.ca.end = node.ca.end
        return ordered
    if isinstance(node, CommentedSeq):
        node.fa.set_block_style()
        for i, item in enumerate(node):
            node[i] = _order(item, model)
        return node
    return node


def format_text(text: str, soort: str) -> str:
    """The canonical layout of one data file."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines = lines[1:]
    yaml = _yaml()
    data = yaml.load("\n".join(lines))
    if not isinstance(data, CommentedMap):
        return text
    out = io.StringIO()
    yaml.dump(_order(data, BY_SOORT[soort]), out)
    return header(soort) + "\n" + out.getvalue().rstrip("\n") + "\n"


def data_files(data: Path) -> list[tuple[Path, str]]:
    from .loader import discover

    files, _ = discover(data)
    return files


def fmt(data: Path, check: bool) -> list[Path]:
    """Files whose layout is not canonical; rewritten unless `check`."""
    changed = []
    for path, soort in data_files(data):
        text = path.read_text(encoding="utf-8")
        try:
            formatted = format_text(text, soort)
        except Exception as err:  # ruamel raises many error types for broken YAML
            raise DataError(
                [Issue(str(path), 1, 1, "", "", f"kan niet opmaken: {err}".splitlines()[0])]
            ) from err
        if formatted != text:
            changed.append(path)
            if not check:
                path.write_text(formatted, encoding="utf-8")
    return changed


def _placeholder(kind: type[Entry], name: str, data: Path) -> Any:
    """A valid starting value for a required field."""
    if name == "fasemodel":
        models = sorted(p.stem for p in (data / "fasemodellen").glob("*.yaml"))
        return models[0] if models else "kies-een-fasemodel"
    if name == "volgorde":
        return len(list((data / kind.meervoud).glob("*.yaml"))) + 1
    if name.startswith("aandeel_"):
        return "0%"
    if name == "aantal_regels":
        return 1
    if name == "jaar":
        return "2024"
    return "Vul aan."


def new_entry(data: Path, soort: str, titel: str) -> Path:
    kind = BY_SOORT[soort]
    ident = slugify(titel)
    if not ident:
        raise DataError(
            [Issue(soort, 1, 1, "", "", f"van de titel '{titel}' kan geen id worden gemaakt.")]
        )
    path = data / kind.meervoud / f"{ident}.yaml"
    if path.exists():
        raise DataError(
            [
                Issue(
                    str(path),
                    1,
                    1,
                    f"{soort} '{ident}'",
                    "id",
                    "bestaat al; kies een andere titel.",
                )
            ]
        )
    documents = sorted(p.stem for p in (data / "documenten").glob("*.yaml"))
    lines = [
        header(soort),
        f"id: {ident}",
        f"titel: {_quote(titel)}",
        "# Beschrijf het item in eigen woorden, in het Nederlands (Markdown mag).",
        "samenvatting: Vul aan.",
        "# Waar komt dit vandaan? Document-id, kop in het document en regelnummers.",
        "herkomst:",
        f"- document: {documents[0] if documents else soort}",
        "  sectie: Vul aan.",
        '  regels: "1"',
    ]
    for name, info in kind.model_fields.items():
        if info.is_required() and name not in ("id", "titel", "samenvatting", "herkomst"):
            lines.append(f"{name}: {_quote(_placeholder(kind, name, data))}")
    if "themas" in kind.model_fields:
        lines += ["# Bij welke kennisthema's hoort dit? Ids uit themes_data/themas/.", "themas: []"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_text("\n".join(lines) + "\n", soort), encoding="utf-8")
    return path


def _quote(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[A-Za-zÀ-ÿ][^:#'\"\n]*", text) and text.lower() not in (
        "yes",
        "no",
        "on",
        "off",
        "true",
        "false",
    ):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _replace_refs(node: Any, model: type[BaseModel], soort: str, old: str, new: str) -> bool:
    changed = False
    refs = ref_fields(model)
    for name in list(node.keys()) if isinstance(node, CommentedMap) else []:
        if name not in model.model_fields:
            continue
        value = node[name]
        if refs.get(name) == soort:
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item == old:
                        value[i] = new
                        changed = True
            elif value == old:
                node[name] = new
                changed = True
        elif (sub := _submodel(model, name)) is not None:
            items = value if isinstance(value, list) else [value]
            for item in items:
                changed |= _replace_refs(item, sub, soort, old, new)
    if changed and isinstance(node.get("afgeleid"), list):
        node["afgeleid"] = CommentedSeq(new if a == old else a for a in node["afgeleid"])
    return changed


def rename(data: Path, soort: str, old: str, new: str) -> list[Path]:
    """Rename an entry, update every reference to it, and keep the old id as an alias."""
    kind = BY_SOORT[soort]
    source = data / kind.meervoud / f"{old}.yaml"
    target = data / kind.meervoud / f"{new}.yaml"
    if not source.exists():
        existing = sorted(p.stem for p in (data / kind.meervoud).glob("*.yaml"))
        import difflib

        close = difflib.get_close_matches(old, existing, n=1)
        hint = f" Bedoelde je '{close[0]}'?" if close else ""
        raise DataError([Issue(str(source), 1, 1, f"{soort} '{old}'", "", f"bestaat niet.{hint}")])
    if target.exists():
        raise DataError(
            [
                Issue(
                    str(target),
                    1,
                    1,
                    f"{soort} '{new}'",
                    "",
                    "bestaat al; kies een andere nieuwe id.",
                )
            ]
        )
    if slugify(new) != new:
        raise DataError(
            [
                Issue(
                    str(target),
                    1,
                    1,
                    f"{soort} '{new}'",
                    "id",
                    f"'{new}' is geen geldige id; gebruik bijvoorbeeld '{slugify(new)}'.",
                )
            ]
        )
    yaml = _yaml()
    changed: list[Path] = []
    for path, file_soort in data_files(data):
        text = path.read_text(encoding="utf-8")
        node = yaml.load(text)
        touched = _replace_refs(node, BY_SOORT[file_soort], soort, old, new)
        if path == source:
            node["id"] = new
            aliases = list(node.get("aliases") or [])
            node["aliases"] = CommentedSeq(sorted({*aliases, old} - {new}))
            touched = True
        if touched:
            out = io.StringIO()
            yaml.dump(node, out)
            path.write_text(format_text(out.getvalue(), file_soort), encoding="utf-8")
            changed.append(path)
    source.rename(target)
    return [target if p == source else p for p in changed]
