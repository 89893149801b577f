"""The one place where page paths and links are made.

Links in Markdown text are relative `.md` paths, which `mkdocs build --strict` checks a
second time. The long generated lists of links (related items, indexes, A–Z) are written
as HTML instead: Python-Markdown spends most of a page's time parsing Markdown links, and
MkDocs does not rewrite links in HTML, so those carry the target's final URL. The tests
follow every link of the built site. Templates never assemble a path themselves.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .models import Entry

_MD_SPECIAL = re.compile(r"([\\\[\]*_`<>])")


def page_path(entry: Entry) -> str:
    """Source path of an entry's page; MkDocs serves it at /<meervoud>/<id>/."""
    return f"{entry.meervoud}/{entry.id}.md"


def index_path(meervoud: str) -> str:
    return f"{meervoud}/index.md"


def url_path(md_path: str) -> str:
    """Site URL (relative to the site root, with trailing slash) of a Markdown source path."""
    if md_path.endswith("index.md"):
        return md_path[: -len("index.md")]
    return md_path[: -len(".md")] + "/"


def relative(from_page: str, to_page: str) -> str:
    """Relative link from one source page to another (or to any file in the docs tree)."""
    here = from_page.split("/")[:-1]
    there = to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def escape(text: str) -> str:
    """Text safe to put inside Markdown link brackets or table cells."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("|", "\\|").replace("\n", " ")


def html_text(text: str) -> str:
    return html.escape(text, quote=False)


class Linker:
    """Links as seen from one page; handed to templates as `l`.

    `text` turns a title into HTML (escaping it, and marking abbreviations).
    """

    def __init__(
        self,
        page: str,
        text: Callable[[str], str] = html_text,
        shared: dict[str, dict[tuple[str, str], str]] | None = None,
    ) -> None:
        self.page = page
        self.text = text
        # An entry page `<meervoud>/<id>.md` links to any other entry exactly as every other
        # page of its folder does, so those links are made once per folder (`shared`).
        parts = page.split("/")
        self._same: dict[tuple[str, str], str] | None = None
        if shared is not None and len(parts) == 2 and parts[1] != "index.md":
            self._same = shared.setdefault(parts[0], {})
            self._own = (parts[0], parts[1][: -len(".md")])

    def to(self, target: str) -> str:
        return relative(self.page, target)

    def entry(self, entry: Entry) -> str:
        return relative(self.page, page_path(entry))

    def md(self, entry: Entry, text: str | None = None) -> str:
        return f"[{escape(text if text is not None else entry.titel)}]({self.entry(entry)})"

    def href(self, entry: Entry) -> str:
        """Link for raw HTML, which MkDocs does not rewrite: the target's URL, relative to this page's URL."""
        return self.url(page_path(entry))

    def url(self, target: str) -> str:
        """URL of any page (`.md`) or file of the docs tree, relative to this page's URL."""
        there = url_path(target) if target.endswith(".md") else target
        return relative(url_path(self.page) + "index.html", there) or "./"

    def a(self, entry: Entry, text: str | None = None) -> str:
        """An HTML link to an entry, its title as text."""
        key = (entry.meervoud, entry.id)
        if text is not None or self._same is None or key == self._own:
            return f'<a href="{self.href(entry)}">{self.text(text if text is not None else entry.titel)}</a>'
        if (link := self._same.get(key)) is None:
            link = self._same[key] = self.a(entry, entry.titel)
        return link

    def index(self, meervoud: str) -> str:
        return relative(self.page, index_path(meervoud))
