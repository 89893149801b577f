"""`jzojp serve`: MkDocs serves the generated tree; we update it when data or pages change.

An edit to one entry re-renders only that entry, its neighbours, the index of its kind and
the overviews; only files whose bytes changed are rewritten, and MkDocs (with --dirty)
rebuilds only those. Downloads follow a moment later. A change that touches every page
(a begrip, whose abbreviation is explained everywhere) regenerates everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import Catalog
from .errors import DataError, Issue
from .pipeline import FileCache, validate

if TYPE_CHECKING:
    from .render import Site

Generate = Callable[..., tuple[int, int, int]]


def _snapshot(*folders: Path) -> dict[Path, float]:
    stamps: dict[Path, float] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                stamps[path] = path.stat().st_mtime
    return stamps


def _report(issues: list[Issue]) -> None:
    for issue in issues:
        print(issue, file=sys.stderr)
    print(
        "De vorige versie blijft zichtbaar tot de fouten zijn opgelost.",
        file=sys.stderr,
        flush=True,
    )


def site_for(config: Path) -> Site:
    from .cli import site_for as read_site

    return read_site(config)


class Preview:
    def __init__(
        self, data: Path, content: Path, out: Path, config: Path, generate: Generate
    ) -> None:
        self.data, self.content, self.out, self.config = data, content, out, config
        self.generate = generate
        self.catalog: Catalog | None = None
        self.cache: FileCache = {}
        self.site: Site | None = None

    def full(self) -> None:
        try:
            self.generate(self.data, self.content, self.out, self.config)
            self.catalog, _ = validate(self.data, self.cache)
            self.site = site_for(self.config)
            print("Alles gegenereerd.", flush=True)
        except DataError as err:
            _report(err.issues)

    def update(self, changed: set[Path]) -> None:
        started = time.perf_counter()
        content = {p for p in changed if self.content in p.parents}
        for path in content:
            rel = path.relative_to(self.content).as_posix()
            target = self.out / rel
            if path.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
            elif target.exists():
                target.unlink()
        if not changed - content:
            return
        catalog, issues = validate(self.data, self.cache)
        if issues:
            _report(issues)
            return
        previous, self.catalog = self.catalog, catalog
        if previous is None:
            return self.full()
        keys = {(e.soort, e.id) for e in catalog if previous.get(e.soort, e.id) != e}
        gone = {(e.soort, e.id) for e in previous if catalog.get(e.soort, e.id) is None}
        if any(k[0] == "begrip" for k in keys | gone) or gone:
            return self.full()
        from .export import export
        from .render import Renderer
        from .write import write_some

        site = self.site or site_for(self.config)  # git dates do not change while editing
        pages = Renderer(catalog, site).render_affected(keys)
        written = write_some(self.out, {k: v.encode("utf-8") for k, v in pages.items()})
        took = time.perf_counter() - started
        print(
            f"Bijgewerkt in {took:.1f} s: {len(keys)} item(s), {written} pagina('s) herschreven.",
            flush=True,
        )
        write_some(self.out, export(catalog, site.site_url))


def serve(
    data: Path,
    content: Path,
    out: Path,
    config: Path,
    addr: str,
    generate: Generate,
    poll: float = 0.2,
) -> int:
    preview = Preview(data, content, out, config, generate)
    preview.full()
    # --dirty: MkDocs rebuilds only the pages whose files changed.
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "-f",
            str(config),
            "-a",
            addr,
            "--livereload",
            "--dirty",
        ],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seen = _snapshot(data, content)
    try:
        while server.poll() is None:
            time.sleep(poll)
            now = _snapshot(data, content)
            if now != seen:
                changed = {p for p in now.keys() | seen.keys() if now.get(p) != seen.get(p)}
                seen = now
                preview.update(changed)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0
