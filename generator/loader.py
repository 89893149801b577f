"""Read `themes_data/<meervoud>/<id>.yaml` into plain records that remember where every key sits.

PyYAML's C loader composes a node tree with marks; we build the Python values from that
tree ourselves so that duplicate keys, aliases (and so alias bombs), YAML 1.1 surprises
(`no` → False, implicit dates) and non-string keys are caught instead of being resolved
silently.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Issue
from .models import BY_MEERVOUD

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is part of the PyYAML wheels we install
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_NULL, _MERGE = "tag:yaml.org,2002:null", "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {"": _NULL, "~": _NULL, "null": _NULL, "Null": _NULL, "NULL": _NULL, "<<": _MERGE}


class _Composer(_Loader):
    """libyaml's parser and composer, with a resolver that tags only what `_Builder` asks
    about (null and merge keys). PyYAML's own resolver runs a regular expression per
    scalar in Python, about a third of the time spent composing."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            plain = implicit[0] and _PLAIN_TAGS.get(value)
            return plain or "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


Pos = tuple[int, int]
KeyPath = tuple[str | int, ...]
_INT = re.compile(r"^[-+]?[0-9]+$")
_BOOL = {"true": True, "false": False}


@dataclass
class Record:
    """One data file, parsed but not yet validated."""

    path: str
    soort: str
    stem: str
    data: dict[str, Any]
    positions: dict[KeyPath, Pos] = field(default_factory=dict)
    key_positions: dict[KeyPath, Pos] = field(default_factory=dict)
    #: Set on a light copy: the file to read the positions from when they are asked for.
    source: Path | None = None

    def light(self, source: Path) -> Record:
        """A copy that is quick to send to another process: no data beyond the id, and the
        positions read again from `source` only if a problem needs them."""
        ident = self.data.get("id")
        data = {"id": ident} if isinstance(ident, str) else {}
        return Record(self.path, self.soort, self.stem, data, source=source)

    def _read_positions(self) -> None:
        if self.source is not None:
            full, _ = parse(self.source.read_bytes(), self.path, self.soort, self.stem)
            if full is not None:
                self.positions, self.key_positions = full.positions, full.key_positions
            self.source = None

    def pos(self, key: KeyPath) -> Pos:
        """Line and column of `key`, or of its closest ancestor that has one."""
        self._read_positions()
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return self.positions.get((), (1, 1))

    @property
    def label(self) -> str:
        ident = self.data.get("id") if isinstance(self.data.get("id"), str) else self.stem
        return f"{self.soort} '{ident}'"

    def key_pos(self, key: KeyPath) -> Pos:
        self._read_positions()
        return self.key_positions.get(key) or self.pos(key)

    def issue(self, key: KeyPath, message: str, at_key: bool = False) -> Issue:
        """A problem with the value at `key` (or with the key itself), placed at its line and column."""
        from .errors import format_path

        line, col = self.key_pos(key) if at_key else self.pos(key)
        return Issue(self.path, line, col, self.label, format_path(key), message)


class _AliasFound(Exception):
    """Raised at the first alias: one message per file is enough, and it stops alias bombs."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


_YAML_PROBLEMS = {
    "found unexpected end of stream": "het bestand houdt onverwacht op; staat er nog een aanhalingsteken open?",
    "mapping values are not allowed here": (
        "hier mag geen 'sleutel: waarde' staan; zet tekst met een dubbele punt tussen aanhalingstekens"
    ),
    "could not find expected ':'": "verwachtte een ':' na de sleutel",
    "did not find expected key": "verwachtte een nieuwe sleutel; klopt het inspringen?",
    "did not find expected '-' indicator": "verwachtte een lijstitem ('- '); klopt het inspringen?",
    "found unknown escape character": "onbekende escape-code na een backslash in tekst tussen dubbele aanhalingstekens",
    "expected <block end>, but found '<block mapping start>'": "het inspringen klopt niet",
    "expected <block end>, but found '<block sequence start>'": "het inspringen klopt niet",
    "expected <block end>, but found '-'": "het inspringen klopt niet",
    "found character that cannot start any token": "dit teken kan hier niet; zet de tekst tussen aanhalingstekens",
}


def _yaml_problem(problem: str) -> str:
    for english, dutch in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return dutch
    return problem.rstrip(".")


class _Builder:
    def __init__(self, rel: str, soort: str, anchors: bool = True) -> None:
        self.rel = rel
        self.soort = soort
        self.positions: dict[KeyPath, Pos] = {}
        self.key_positions: dict[KeyPath, Pos] = {}
        self.issues: list[Issue] = []
        self._anchors = anchors  # without an anchor (&) no node can appear twice
        self._seen: set[int] = set()

    def issue(self, node: yaml.Node, path: KeyPath, message: str) -> None:
        from .errors import format_path

        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.issues.append(Issue(self.rel, line, col, "", format_path(path), message))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        if self._anchors:
            if id(node) in self._seen:
                raise _AliasFound(node)
            self._seen.add(id(node))
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if type(node) is yaml.ScalarNode:  # the composer makes exactly these classes
            return self._scalar(node)
        if type(node) is yaml.MappingNode:
            return self._mapping(node, path)
        assert type(node) is yaml.SequenceNode
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                self.issue(key_node, path, "alleen gewone namen zijn toegestaan als sleutel.")
                continue
            key = str(key_node.value)
            if key in out:
                first = self.key_positions[(*path, key)]
                self.issue(
                    key_node,
                    (*path, key),
                    f"sleutel '{key}' komt dubbel voor (eerder op regel {first[0]}).",
                )
                continue
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            self.key_positions[(*path, key)] = key_pos
            out[key] = self.build(value_node, (*path, key))
            if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~", "null"):
                self.positions[(*path, key)] = key_pos
        return out

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> Any:
        value = node.value
        if node.style in ("'", '"', "|", ">"):
            return value
        if node.tag == _NULL or value in ("", "~", "null", "Null", "NULL"):
            return None
        if value.lower() in _BOOL:
            return _BOOL[value.lower()]
        if _INT.match(value):
            return int(value)
        return value


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Issue]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1]) + 1
        msg = f"het bestand is geen geldige UTF-8 (byte 0x{raw[err.start]:02x}); sla het op als UTF-8."
        return None, [Issue(rel, line, col, "", "", msg)]
    return text, []


def _tabs(text: str, rel: str) -> list[Issue]:
    if "\t" not in text:
        return []
    issues = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            col = len(line) - len(stripped) + 1
            issues.append(Issue(rel, n, col, "", "", "inspringen met een tab; gebruik spaties."))
    return issues


def parse(raw: bytes, rel: str, soort: str, stem: str) -> tuple[Record | None, list[Issue]]:
    """Parse one file's bytes. Returns the record, or None with the reasons it could not be read."""
    text, issues = _decode(raw, rel)
    if text is None:
        return None, issues
    if issues := _tabs(text, rel):
        return None, issues
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = _yaml_problem(err.problem or err.context or "onleesbare YAML")
        return None, [
            Issue(
                rel,
                line,
                col,
                "",
                "",
                f"YAML-syntaxfout: {problem.rstrip('.?')}{'?' if problem.endswith('?') else '.'}",
            )
        ]
    except yaml.YAMLError as err:
        return None, [Issue(rel, 1, 1, "", "", f"YAML-syntaxfout: {err}.")]
    if node is None:
        return None, [Issue(rel, 1, 1, "", "", "het bestand is leeg.")]
    builder = _Builder(rel, soort, anchors="&" in text)
    if not isinstance(node, yaml.MappingNode):
        builder.issue(node, (), "het bestand moet uit velden bestaan (sleutel: waarde).")
        return None, builder.issues
    try:
        data = builder.build(node, ())
    except _AliasFound as alias:
        builder.issue(
            alias.node,
            (),
            "YAML-ankers en -verwijzingen (& en *) zijn niet toegestaan; schrijf de waarde uit.",
        )
        return None, builder.issues
    record = Record(rel, soort, stem, data, builder.positions, builder.key_positions)
    if builder.issues:
        issues = [
            Issue(i.path, i.line, i.col, record.label, i.field, i.message) for i in builder.issues
        ]
    return record, issues


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Issue]]:
    """Data files under `root` with their kind; files in unknown folders are problems."""
    found: list[tuple[Path, str]] = []
    issues: list[Issue] = []
    names: list[tuple[str, ...]] = []
    for folder, _dirs, files in os.walk(root):
        rel_folder = os.path.relpath(folder, root)
        base = () if rel_folder == "." else tuple(Path(rel_folder).parts)
        names.extend(
            (*base, f)
            for f in files
            if f.endswith((".yaml", ".yml")) and os.path.isfile(os.path.join(folder, f))
        )
    for parts in sorted(names):
        path, rel = root.joinpath(*parts), Path(*parts)
        if rel.parts[0] == "schema":
            continue
        if len(rel.parts) != 2 or rel.parts[0] not in BY_MEERVOUD:
            known = ", ".join(sorted(BY_MEERVOUD))
            issues.append(
                Issue(
                    _display(path),
                    1,
                    1,
                    "",
                    "",
                    f"bestand staat niet in een bekende map; kies uit: {known}.",
                )
            )
            continue
        found.append((path, BY_MEERVOUD[rel.parts[0]].soort))
    return found, issues


def _display(path: Path) -> str:
    """The path as editors see it: relative to the working folder when it lies inside it."""
    if not path.is_absolute() and ".." not in path.parts:
        return str(path)  # already relative to the working folder: no system calls needed
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load(root: Path) -> tuple[list[Record], list[Issue]]:
    """All records under `root` and every problem met while reading them."""
    files, issues = discover(root)
    records: list[Record] = []
    for path, soort in files:
        record, problems = parse(path.read_bytes(), _display(path), soort, path.stem)
        issues.extend(problems)
        if record is not None:
            records.append(record)
    return records, issues
