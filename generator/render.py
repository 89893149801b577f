"""Catalog → {relative path: Markdown text}. Pure: no file system, no clock, no git.

Everything a template shows is gathered here, from the catalog, before the template is
called; templates only lay it out. Output is sorted and byte-for-byte reproducible.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import pickle
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket

from . import charts
from .catalog import Catalog
from .gitinfo import Change
from .links import Linker, escape, html_text, index_path, page_path, url_path
from .models import (
    BY_MEERVOUD,
    BY_SOORT,
    KINDS,
    Aanbeveling,
    Bouwsteen,
    Entry,
    Fasemodel,
    Tool,
)

if TYPE_CHECKING:
    from .background import Ends

#: Order in which related entries of each kind are listed on a page.
RELATED_ORDER = (
    "thema",
    "fase",
    "onderwerp",
    "knelpunt",
    "oplossing",
    "kennisvraag",
    "kennisonderwerp",
    "aanbeveling",
    "bouwsteen",
    "tool",
    "tip",
    "praktijkvoorbeeld",
    "model",
    "bekostigingsmodel",
    "verschijningsvorm",
    "actor",
    "begrip",
    "bron",
    "fasemodel",
)


SECTION_TITLES = {
    "begrip": "Begrippen",
    "actor": "Actoren",
    "onderwerp": "Onderwerpen",
    "bron": "Bronnen",
}


@dataclass(frozen=True)
class Site:
    """Facts about the site the pages need; they come from mkdocs.yml and git, not from the clock."""

    site_url: str = ""
    name: str = "Kennisbank Juiste Zorg op de Juiste Plek"
    updated: Mapping[str, str] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()

    def permalink(self, md_path: str) -> str:
        return self.site_url.rstrip("/") + "/" + url_path(md_path)

    def updated_for(self, entry: Entry) -> str:
        return self.updated.get(f"themes_data/{entry.meervoud}/{entry.id}.yaml", "")


@dataclass(frozen=True)
class Item:
    """A related entry as listed on a page, with the note that goes with it."""

    entry: Entry
    afgeleid: bool = False
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]
    anchor: str = ""


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[*_`#>]")


def plain(markdown: str, limit: int = 200) -> str:
    """Markdown reduced to one line of plain text, for descriptions and tables."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_MARKS.sub("", text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _shared(titles: list[str]) -> set[str]:
    seen: set[str] = set()
    shared: set[str] = set()
    for title in titles:
        (shared if title in seen else seen).add(title)
    return shared


def slug(text: str) -> str:
    """Lowercase ASCII kebab-case, for filter values in URLs."""
    import unicodedata

    base = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", base).strip("-")


def is_afgeleid(a: Entry, b: Entry) -> bool:
    return b.id in a.afgeleid or a.id in b.afgeleid


def related_sections(catalog: Catalog, entry: Entry, skip: tuple[str, ...] = ()) -> list[Section]:
    sections = []
    related = catalog.related_by_kind(entry)
    for soort in RELATED_ORDER:
        if (
            soort in skip
            or soort == entry.soort
            and soort not in ("aanbeveling", "onderwerp", "fase")
        ):
            continue
        found = related.get(soort, [])
        if entry.soort == soort:
            found = [e for e in found if e.id != entry.id]
        if found:
            kind = BY_SOORT[soort]
            items = tuple(Item(e, is_afgeleid(entry, e)) for e in found)
            sections.append(
                Section(SECTION_TITLES.get(soort, kind.label_meervoud), items, kind.meervoud)
            )
    return sections


# Each pattern starts with a literal "\n", so `re` jumps from newline to newline.
_BEFORE_HEADING = re.compile(r"\n(?=#{1,6} )")
_BEFORE_HTML = re.compile(r"\n(?=<(?:ul|ol|table|nav|div|details)[ >])")
_BLANK_LINES = re.compile(r"\n\n\n+")
_HTML_LINE = re.compile(r"\n<[^\n]*")


def _blank_before_html(match: re.Match[str]) -> str:
    """An HTML block must not touch the Markdown paragraph before it (a line not itself HTML)."""
    text, at = match.string, match.start()
    line_start = text.rfind("\n", 0, at) + 1
    return "\n\n" if at > line_start and text[line_start] != "<" else "\n"


AFGELEID = '<span class="jz-afgeleid" title="Redactioneel afgeleide koppeling">afgeleid</span>'


#: How templates are read; part of the bytecode cache's key, as it changes the compiled code.
TEMPLATE_OPTIONS: dict[str, Any] = {
    "autoescape": False,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
#: Where compiled templates are kept; None: Jinja's folder in the system's temporary folder.
CACHE_DIR: str | None = None


class _BytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between builds, as Python keeps `.pyc` files: compiling all
    of ours takes about 0.15 s of CPU per process, loading them a few milliseconds.

    Jinja checks each entry against the template's source; the file names add our options
    and Jinja's version, which change the compiled code too. A cache that cannot be read
    or written is not used, and never fails a build.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()  # unreadable or cut off (a full disk, say): compile instead

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    import jinja2

    key = hashlib.sha256(repr((jinja2.__version__, sorted(TEMPLATE_OPTIONS.items()))).encode())
    try:
        return _BytecodeCache(CACHE_DIR, pattern=f"jzojp-{key.hexdigest()[:12]}-%s.cache")
    except (OSError, RuntimeError):  # no safe temporary folder: compile every time
        return None


def _filters(h: Callable[[str], str]) -> dict[str, Callable[..., Any]]:
    return {"esc": escape, "h": h, "plain": plain, "slug": slug}


def template_environment(filters: Mapping[str, Callable[..., Any]] | None = None) -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        auto_reload=False,  # one render per process: no need to stat templates each time
        bytecode_cache=_bytecode_cache(),
        **TEMPLATE_OPTIONS,
    )
    env.filters.update(filters if filters is not None else _filters(html_text))
    return env


def precompile() -> None:
    """Compile every template into the cache (the helper does this while the data loads)."""
    env = template_environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


class Renderer:
    def __init__(self, catalog: Catalog, site: Site) -> None:
        self.catalog = catalog
        self.site = site
        self.env = template_environment(_filters(self.html_text))
        self.env.globals.update(
            AFGELEID=AFGELEID, kinds=BY_SOORT, bar=charts.bar, finder_filters=self.finder_filters
        )
        self._templates: dict[str, Any] = {}
        titles = [e.titel.casefold() for e in catalog]
        self._shared_titles = _shared(titles)
        self.abbreviations = self._abbreviations()
        words = "|".join(re.escape(a) for a in sorted(self.abbreviations, key=len, reverse=True))
        # The lookahead on the first letters lets `re` skip every other position quickly.
        first = "".join(sorted({re.escape(a[0]) for a in self.abbreviations}))
        self._abbr_pattern = (
            re.compile(rf"(?=[{first}])(?<![\w-])({words})(?![\w-])")
            if words
            else re.compile(r"(?!x)x")
        )
        self._html: dict[str, str] = {}
        self._links: dict[str, dict[tuple[str, str], str]] = {}  # see Linker

    def finder_filters(self, tools: list[Any]) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """Options of the tool finder: only values that at least one tool has."""
        tools = [t for t in tools if isinstance(t, Tool)]
        used = {
            name: {v for t in tools for v in getattr(t, attr)}
            for name, attr in (("thema", "themas"), ("fase", "fases"))
        }
        themas = [(t.id, t.titel) for t in self.catalog.all("thema") if t.id in used["thema"]]
        fases = []
        for model in self.catalog.all("fasemodel"):
            for fase in self.catalog.reverse(model, "fase", "fasemodel"):
                if fase.id in used["fase"]:
                    fases.append((fase.id, f"{fase.titel} ({model.titel})"))
        soorten = sorted({(t.categorie, t.categorie) for t in tools})
        # One option per filter value: "ActiZ" and "Actiz" both filter on "actiz".
        names: dict[str, str] = {}
        for name in sorted({o for t in tools if (o := t.organisatie)}):
            names.setdefault(slug(name), name)
        orgs = sorted(names.items(), key=lambda p: (p[1].casefold(), p[0]))
        return [
            ("thema", "Thema", themas),
            ("fase", "Fase", fases),
            ("soort", "Soort", soorten),
            ("organisatie", "Organisatie", orgs),
        ]

    def _template(self, name: str) -> Any:
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def _abbreviations(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for begrip in self.catalog.all("begrip"):
            afk = getattr(begrip, "afkorting", "")
            if afk and re.fullmatch(r"[\w&/.\-]+", afk) and afk != begrip.titel:
                found.setdefault(afk, plain(begrip.titel, 120))
        return dict(sorted(found.items()))

    def html_text(self, text: str) -> str:
        """Text for the page's HTML parts: escaped, abbreviations marked as Markdown would."""
        if (done := self._html.get(text)) is None:  # titles repeat on many pages
            done = self._html[text] = self._mark_abbreviations(text)
        return done

    def _mark_abbreviations(self, text: str) -> str:
        parts, start = [], 0
        for match in self._abbr_pattern.finditer(text) if self.abbreviations else ():
            title = html.escape(self.abbreviations[match[1]])
            parts.append(html_text(text[start : match.start()]))
            parts.append(f'<abbr title="{title}">{html_text(match[1])}</abbr>')
            start = match.end()
        parts.append(html_text(text[start:]))
        return "".join(parts)

    def _abbr_block(self, text: str) -> str:
        """Definitions for the abbreviations the page's Markdown uses (its HTML marks its own).

        Each definition costs Markdown a pass over the page, so only what is used.
        """
        if not self.abbreviations:
            return ""
        markdown = _HTML_LINE.sub("", "\n" + text)
        used = set(self._abbr_pattern.findall(markdown))
        return "\n".join(f"*[{a}]: {title}" for a, title in self.abbreviations.items() if a in used)

    def _page(self, template: str, path: str, **context: Any) -> str:
        text = self._template(template).render(
            l=Linker(path, self.html_text, self._links),
            site=self.site,
            catalog=self.catalog,
            path=path,
            **context,
        )
        text = _BEFORE_HEADING.sub("\n\n", text)  # a heading needs a blank line before it
        text = _BEFORE_HTML.sub(_blank_before_html, text)
        text = _BLANK_LINES.sub("\n\n", text).rstrip("\n") + "\n"
        if block := self._abbr_block(text):
            text += "\n" + block + "\n"
        return text

    def entry_page(self, entry: Entry) -> str:
        path = page_path(entry)
        extra = CONTEXT.get(entry.soort, _no_context)(self.catalog, entry)
        skip = tuple(extra.pop("_skip", ()))
        herkomst = [(h, self.catalog.get("document", h.document)) for h in entry.herkomst]
        title = entry.titel
        if entry.titel.casefold() in self._shared_titles:  # two kinds, one name: say which this is
            title = f"{entry.titel} ({entry.label.lower()})"
        return self._page(
            f"{entry.soort}.md.j2",
            path,
            entry=entry,
            page_title=title,
            sections=related_sections(self.catalog, entry, skip),
            herkomst=herkomst,
            permalink=self.site.permalink(path),
            updated=self.site.updated_for(entry),
            **extra,
        )

    def news(self) -> list[dict[str, Any]]:
        """The git history of themes_data as days of added, changed and removed entries."""
        days = []
        for change in self.site.changes:
            day: dict[str, Any] = {"date": change.date}
            for key, paths in (
                ("added", change.added),
                ("changed", change.changed),
                ("removed", change.removed),
            ):
                items = []
                for path in paths:
                    parts = path.split("/")
                    kind = BY_MEERVOUD.get(parts[-2]) if len(parts) >= 2 else None
                    if kind is None:
                        continue
                    ident = parts[-1].rsplit(".", 1)[0]
                    items.append((kind, ident, self.catalog.get(kind.soort, ident)))
                day[key] = items
            days.append(day)
        return days

    def redirect_page(self, entry: Entry) -> str:
        """A static page at an alias URL that sends readers (and search engines) to the entry."""
        return self.env.get_template("redirect.html.j2").render(
            entry=entry, target=f"../{entry.id}/", canonical=self.site.permalink(page_path(entry))
        )

    def embed_page(self, thema: Entry) -> str:
        """A small card for iframes on partner sites; its only resource is embed.css."""
        counts = [
            (BY_SOORT[soort].label_meervoud.lower(), len(self.catalog.reverse(thema, soort)))
            for soort in ("knelpunt", "oplossing", "kennisvraag", "tool")
        ]
        return self.env.get_template("embed.html.j2").render(
            entry=thema,
            site=self.site,
            counts=[c for c in counts if c[1]],
            permalink=self.site.permalink(page_path(thema)),
        )

    def index_page(self, kind: type[Entry]) -> str:
        entries = self.catalog.all(kind.soort)
        return self._page("index.md.j2", index_path(kind.meervoud), kind=kind, entries=entries)

    def entry_files(self, entry: Entry) -> dict[str, str]:
        """Everything published for one entry: its page, its alias redirects, a theme's embed."""
        files = {page_path(entry): self.entry_page(entry)}
        for alias in entry.aliases:
            files[f"{entry.meervoud}/{alias}/index.html"] = self.redirect_page(entry)
        if entry.soort == "thema":
            files[f"embed/themas/{entry.id}/index.html"] = self.embed_page(entry)
        return files

    def shared_files(self, kinds: list[type[Entry]], news: bool = True) -> dict[str, str]:
        """Pages that summarise many entries: the given kinds' indexes, overviews and news."""
        files = {index_path(kind.meervoud): self.index_page(kind) for kind in kinds}
        if news:  # from git history: it changes with commits, not with edits
            days = self.news()
            files["nieuw.md"] = self._page("nieuw.md.j2", "nieuw.md", days=days)
            files["nieuw.xml"] = self._template("nieuw.xml.j2").render(site=self.site, days=days)
        for path, template, context in overview_pages(self.catalog):
            files[path] = self._page(template, path, **context)
        return files

    def claimed_pages(
        self, ends: Ends, from_back: bool = False
    ) -> Iterator[list[tuple[str, bytes]]]:
        """Pages of the entries this process claims from `ends`, a few at a time, in UTF-8.

        Two processes share the entries this way (cli: this process from the front, the
        helper from the back). Both have the same catalog and templates, so a page is the
        same bytes whichever renders it (tested). UTF-8 also halves the memory of a page
        with one character beyond Latin-1 (a dash, say): as a str it takes two bytes each.
        """
        entries = list(self.catalog)
        take = ends.back if from_back else ends.front
        while batch := take(4):
            yield [
                (rel, text.encode("utf-8"))
                for i in batch
                for rel, text in self.entry_files(entries[i]).items()
            ]

    def render(self) -> dict[str, str]:
        """Every generated page, in this process alone."""
        pages = self.shared_files(list(KINDS))
        for entry in self.catalog:
            pages.update(self.entry_files(entry))
        return dict(sorted(pages.items()))

    def render_affected(self, keys: set[tuple[str, str]]) -> dict[str, str]:
        """Only what a change to the entries `keys` can alter (for `jzojp serve`).

        An entry's page shows its own fields and the titles of the entries it links to or
        that link to it, so those neighbours are rendered again as well.
        """
        affected = {k for k in keys if self.catalog.get(*k) is not None}
        for key in list(affected):
            entry = self.catalog.get(*key)
            assert entry is not None
            for related in self.catalog.related_by_kind(entry).values():
                affected.update((e.soort, e.id) for e in related)
        pages = self.shared_files(
            [BY_SOORT[soort] for soort in sorted({k[0] for k in keys})], news=False
        )
        for key in sorted(affected):
            entry = self.catalog.get(*key)
            if entry is not None:
                pages.update(self.entry_files(entry))
        return dict(sorted(pages.items()))


def _no_context(catalog: Catalog, entry: Entry) -> dict[str, Any]:
    return {}


def _thema(catalog: Catalog, thema: Entry) -> dict[str, Any]:
    knelpunten = catalog.reverse(thema, "knelpunt")

    def own_rank(k: Entry) -> int | None:
        """The document's rank, where this theme is the chapter the knelpunt was listed under."""
        themas = getattr(k, "themas", [])
        return getattr(k, "rang", None) if themas and themas[0] == thema.id else None

    ranked: list[tuple[Item, list[Item]]] = []
    others: list[tuple[Item, list[Item]]] = []
    for k in knelpunten:
        oplossingen = [
            Item(o, is_afgeleid(k, o)) for o in catalog.reverse(k, "oplossing", "knelpunten")
        ]
        (ranked if own_rank(k) is not None else others).append(
            (Item(k, is_afgeleid(thema, k)), oplossingen)
        )
    ranked.sort(key=lambda pair: (own_rank(pair[0].entry) or 0, pair[0].entry.titel.casefold()))
    vragen = catalog.reverse(thema, "kennisvraag")
    aanbevelingen = list(catalog.reverse(thema, "aanbeveling"))
    seen = {a.id for a in aanbevelingen}
    for vraag in vragen:
        for aanb in catalog.forward(vraag, "aanbevelingen"):
            top = catalog.get_of(Aanbeveling, getattr(aanb, "onderdeel_van", None)) or aanb
            for a in (top, aanb):
                if a.id not in seen:
                    seen.add(a.id)
                    aanbevelingen.append(a)
    aanbevelingen.sort(key=lambda a: (getattr(a, "code", "") or "~", a.titel.casefold()))
    return {
        "ranked": ranked,
        "others": others,
        "aanbevelingen": aanbevelingen,
        "_skip": ("knelpunt", "aanbeveling"),
    }


def _aanbeveling(catalog: Catalog, aanb: Entry) -> dict[str, Any]:
    parts = [a for a in catalog.reverse(aanb, "aanbeveling", "onderdeel_van")]
    groups = []
    for part in [aanb, *parts]:
        vragen = catalog.reverse(part, "kennisvraag", "aanbevelingen")
        themas: list[Entry] = []
        for v in vragen:
            themas.extend(t for t in catalog.forward(v, "themas") if t not in themas)
        groups.append((part, vragen, themas))
    parent = catalog.get_of(Aanbeveling, getattr(aanb, "onderdeel_van", None))
    return {"groups": groups, "parent": parent, "_skip": ("kennisvraag", "actor", "aanbeveling")}


def _fase(catalog: Catalog, fase: Entry) -> dict[str, Any]:
    model = catalog.get_of(Fasemodel, getattr(fase, "fasemodel", None))
    siblings = catalog.reverse(model, "fase", "fasemodel") if model else []
    return {"model": model, "siblings": siblings, "_skip": ("fasemodel",)}


def _fasemodel(catalog: Catalog, model: Entry) -> dict[str, Any]:
    return {"fases": catalog.reverse(model, "fase", "fasemodel"), "_skip": ("fase",)}


def _bouwsteen(catalog: Catalog, bouwsteen: Entry) -> dict[str, Any]:
    assert isinstance(bouwsteen, Bouwsteen)
    ervaringen = [(catalog.get("actor", e.perspectief), e) for e in bouwsteen.ervaringen]
    return {"ervaringen": ervaringen}


def _actor(catalog: Catalog, actor: Entry) -> dict[str, Any]:
    return {
        "aanbevelingen": catalog.reverse(actor, "aanbeveling", "actoren"),
        "_skip": ("aanbeveling",),
    }


def _document(catalog: Catalog, doc: Entry) -> dict[str, Any]:
    counts = []
    for kind in KINDS:
        n = len(
            [
                e
                for e in catalog.reverse(doc, kind.soort, "herkomst")
                if e.id != doc.id or kind is not BY_SOORT["document"]
            ]
        )
        if n and kind.soort != "document":
            counts.append((kind, n))
    return {"counts": counts}


CONTEXT: dict[str, Callable[[Catalog, Entry], dict[str, Any]]] = {
    "thema": _thema,
    "aanbeveling": _aanbeveling,
    "fase": _fase,
    "fasemodel": _fasemodel,
    "bouwsteen": _bouwsteen,
    "actor": _actor,
    "document": _document,
}


def overview_pages(catalog: Catalog) -> list[tuple[str, str, dict[str, Any]]]:
    """Pages that look across kinds; each returns (path, template, context)."""
    from .overviews import pages

    return pages(catalog)


def render(catalog: Catalog, site: Site) -> dict[str, str]:
    return Renderer(catalog, site).render()
