"""The one place where page paths and links are made.

Every generated link is a relative `.md` path, so `mkdocs build --strict` checks each
of them a second time. Templates never assemble a path themselves.
"""

from __future__ import annotations

import re

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


class Linker:
    """Links as seen from one page; handed to templates as `l`."""

    def __init__(self, page: str) -> None:
        self.page = page

    def to(self, target: str) -> str:
        return relative(self.page, target)

    def entry(self, entry: Entry) -> str:
        return relative(self.page, page_path(entry))

    def md(self, entry: Entry, text: str | None = None) -> str:
        return f"[{escape(text if text is not None else entry.titel)}]({self.entry(entry)})"

    def href(self, entry: Entry) -> str:
        """Link for raw HTML, which MkDocs does not rewrite: the target's URL, relative to this page's URL."""
        return relative(url_path(self.page) + "index.html", url_path(page_path(entry))) or "./"

    def index(self, meervoud: str) -> str:
        return relative(self.page, index_path(meervoud))
