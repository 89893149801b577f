"""One immutable catalog of all entries with forward and reverse links, built once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from .models import KINDS, Entry, iter_refs

E = TypeVar("E", bound=Entry)
Key = tuple[str, str]


def _sort_key(entry: Entry) -> tuple[object, ...]:
    fields = type(entry).model_fields  # asking a model for a field it lacks is slow
    order = getattr(entry, "volgorde") if "volgorde" in fields else None
    rang = getattr(entry, "rang") if "rang" in fields else None
    code = getattr(entry, "code") if "code" in fields else ""
    return (
        order if order is not None else 10**6,
        rang if rang is not None else 10**6,
        code,
        entry.titel.casefold(),
        entry.id,
    )


@dataclass(frozen=True)
class Catalog:
    entries: Mapping[str, Mapping[str, Entry]]
    backlinks: Mapping[Key, Mapping[tuple[str, str], tuple[str, ...]]]
    links: Mapping[Key, tuple[tuple[tuple[str | int, ...], str, str], ...]]
    #: per kind: its entries in display order, and each id's place in that order
    ordered: Mapping[str, tuple[Entry, ...]]
    rank: Mapping[str, Mapping[str, int]]

    @classmethod
    def build(cls, entries: list[Entry]) -> Catalog:
        by_kind: dict[str, dict[str, Entry]] = {k.soort: {} for k in KINDS}
        for entry in sorted(entries, key=lambda e: (e.soort, e.id)):
            by_kind[entry.soort].setdefault(entry.id, entry)
        # dicts as ordered sets: a theme has thousands of backlinks at scale
        back: dict[Key, dict[tuple[str, str], dict[str, None]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        links: dict[Key, tuple[tuple[tuple[str | int, ...], str, str], ...]] = {}
        for kind in by_kind.values():
            for entry in kind.values():
                links[(entry.soort, entry.id)] = tuple(iter_refs(entry))
                for path, target_kind, target in links[(entry.soort, entry.id)]:
                    if target in by_kind[target_kind]:
                        back[(target_kind, target)][(entry.soort, str(path[0]))][entry.id] = None
        frozen_back = {
            key: MappingProxyType({src: tuple(ids) for src, ids in sorted(fields.items())})
            for key, fields in back.items()
        }
        ordered = {k: tuple(sorted(v.values(), key=_sort_key)) for k, v in by_kind.items()}
        return cls(
            MappingProxyType({k: MappingProxyType(v) for k, v in by_kind.items()}),
            MappingProxyType(frozen_back),
            MappingProxyType(links),
            MappingProxyType(ordered),
            MappingProxyType({k: {e.id: n for n, e in enumerate(v)} for k, v in ordered.items()}),
        )

    def get(self, soort: str, ident: str) -> Entry | None:
        return self.entries[soort].get(ident)

    def all(self, soort: str) -> list[Entry]:
        return list(self.ordered[soort])

    def all_of(self, kind: type[E]) -> list[E]:
        """Like `all`, typed: every entry of the model `kind`."""
        return [e for e in self.all(kind.soort) if isinstance(e, kind)]

    def get_of(self, kind: type[E], ident: str | None) -> E | None:
        found = self.entries[kind.soort].get(ident or "")
        return found if isinstance(found, kind) else None

    def __iter__(self) -> Iterator[Entry]:
        for kind in self.entries.values():
            yield from kind.values()

    def __len__(self) -> int:
        return sum(len(k) for k in self.entries.values())

    def forward(self, entry: Entry, field: str) -> list[Entry]:
        """Entries that `entry` names in `field`, in the order the data gives them."""
        out: list[Entry] = []
        seen: set[tuple[str, str]] = set()
        for path, kind, target in self.links.get((entry.soort, entry.id), ()):
            if (
                path[0] == field
                and (kind, target) not in seen
                and (found := self.get(kind, target)) is not None
            ):
                seen.add((kind, target))
                out.append(found)
        return out

    def reverse(self, entry: Entry, soort: str, field: str | None = None) -> list[Entry]:
        """Entries of kind `soort` that link to `entry` (through `field`, or through any field)."""
        links = self.backlinks.get((entry.soort, entry.id), {})
        ids: dict[str, None] = {}  # ordered and O(1) membership: themes have thousands at scale
        for (src_kind, src_field), sources in links.items():
            if src_kind == soort and (field is None or src_field == field):
                ids.update(dict.fromkeys(sources))
        rank, entries = self.rank[soort], self.entries[soort]
        return [entries[i] for i in sorted(ids, key=rank.__getitem__)]

    def related(self, entry: Entry, soort: str) -> list[Entry]:
        """Entries of kind `soort` linked to `entry` in either direction: a relation shows on both sides."""
        return self.related_by_kind(entry).get(soort, [])

    def related_by_kind(self, entry: Entry) -> dict[str, list[Entry]]:
        """Per kind, the entries linked to `entry` in either direction: first those it names,
        in the data's order, then those that name it, in display order."""
        out: dict[str, list[Entry]] = {}
        seen: dict[str, set[str]] = {}
        for _path, kind, target in self.links.get((entry.soort, entry.id), ()):
            found = self.entries[kind].get(target)
            if found is not None and target not in (ids := seen.setdefault(kind, set())):
                ids.add(target)
                out.setdefault(kind, []).append(found)
        back: dict[str, dict[str, None]] = {}
        for (src_kind, _field), sources in self.backlinks.get((entry.soort, entry.id), {}).items():
            back.setdefault(src_kind, {}).update(dict.fromkeys(sources))
        for kind, linking in back.items():
            rank, entries, known = self.rank[kind], self.entries[kind], seen.get(kind, set())
            extra = [entries[i] for i in sorted(linking, key=rank.__getitem__) if i not in known]
            if extra:
                out.setdefault(kind, []).extend(extra)
        return out
