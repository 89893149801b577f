"""`mkdocs build` on both cores: a forked child converts and renders every other page.

    python -m generator.mkdocs_build build --strict -d site     # same arguments as mkdocs

MkDocs builds one page after another on one core: first Python-Markdown turns every page
into HTML (`_populate_page`), then Material's template wraps each page and the search
plugin indexes it (`_build_page`). Both loops are independent per page. This runs MkDocs'
own command line with those two functions wrapped: at the first page of each loop the
process forks, and the child does every other page while the parent does the rest.

- Loop 1: the child sends back what conversion sets on a page (HTML, table of contents,
  anchors, title) and the parent puts it on its own page object.
- Loop 2: the child writes its pages' HTML files itself and sends back their search-index
  entries, which the parent adds in page order.
- Whatever MkDocs logs in the child (a broken link, say) is sent along and logged by the
  parent at the same page, so the output reads the same and `--strict` counts it.
- A page the child could not do is done again by the parent, which then fails exactly as
  plain MkDocs would.

The site is the same bytes as plain `mkdocs build` (tests/test_build.py compares them).
The wrapping is tied to MkDocs 1.6 (pinned <1.7, and MkDocs sees no new releases); where
fork is missing, on one core, or when a plugin other than search hooks into pages, this
is plain `mkdocs build`.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection, Pipe
from typing import Any

#: For the benchmark's stopwatch: (run in the child as it starts, run in the child when it is
#: done, given that result in the parent)
CHILD_EXTRAS: list[tuple[Callable[[], None], Callable[[], Any], Callable[[Any], None]]] = []

# Plugin events that could change a page or keep state per page. Only the search plugin's
# on_page_context is handled (its index entries come back from the child).
_PAGE_EVENTS = ("pre_page", "page_markdown", "page_content", "post_page", "page_context")


class _Capture(logging.Handler):
    """In the child: keep log records to send to the parent instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # arguments may not pickle
        if record.exc_info:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info))
            record.exc_info = None
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        taken, self.records = self.records, []
        return taken


def _capture_logs() -> _Capture:
    capture = _Capture()
    for name in (None, "mkdocs"):  # "mkdocs" does not propagate to the root logger
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(capture)
    return capture


def _replay(records: list[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)


class _Split:
    """Every other item of a loop done in a forked child, results streamed back in order."""

    def __init__(
        self, items: list[Any], work: Callable[[Any], Any], key: Callable[[Any], str]
    ) -> None:
        self.theirs = [key(item) for item in items[1::2]]
        self._theirs = set(self.theirs)
        self.conn: Connection | None = None
        self.pid = 0
        if not self.theirs:
            return
        parent_end, child_end = Pipe(duplex=False)
        sys.stdout.flush()
        sys.stderr.flush()
        # Objects the garbage collector never visits stay shared with the child instead of
        # being copied page by page (the gc docs' advice for forking servers).
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            parent_end.close()
            code = 0
            try:
                capture = _capture_logs()
                for reset, _, _ in CHILD_EXTRAS:
                    reset()
                for item in items[1::2]:
                    try:
                        message = (key(item), True, work(item), capture.take())
                    except Exception:  # noqa: BLE001 - the parent does this item again
                        message = (key(item), False, None, capture.take())
                    child_end.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
                extras = [collect() for _, collect, _ in CHILD_EXTRAS]
                child_end.send_bytes(pickle.dumps(("", True, extras, []), -1))
            except BaseException:  # noqa: BLE001 - e.g. the parent went away
                code = 1
            finally:
                with suppress(Exception):
                    child_end.close()
                os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
        gc.unfreeze()
        child_end.close()
        self.conn, self.pid = parent_end, pid

    def is_mine(self, name: str) -> bool:
        return self.conn is None or name not in self._theirs

    def take(self, name: str) -> tuple[bool, Any]:
        """The child's result for `name`: (True, value), or (False, None) to do it here."""
        if self.conn is None:
            return False, None
        try:
            got, ok, value, records = pickle.loads(self.conn.recv_bytes())
        except (EOFError, OSError):
            self._stop()
            return False, None
        if ok:  # else the parent does it again and logs it itself
            _replay(records)
        if got != name:  # out of step: cannot happen unless MkDocs changed its loop
            self._stop()
            raise RuntimeError(f"paralleldeel van de build liep uit de pas bij {name}")
        if name == self.theirs[-1]:
            self._finish()
        return ok, value

    def _finish(self) -> None:
        assert self.conn is not None
        with suppress(EOFError, OSError):
            _, _, extras, _ = pickle.loads(self.conn.recv_bytes())
            for (_, _, merge), extra in zip(CHILD_EXTRAS, extras, strict=True):
                merge(extra)
        self._stop()

    def kill(self) -> None:
        """Stop a child that is still working: the build failed in this process."""
        if self.pid:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self._stop()

    def _stop(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.pid:
            with suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def _drop_source(page: Any) -> None:
    """Forget a converted page's Markdown source, which nothing reads any more.

    Material's templates and the search plugin do not; other page plugins switch this
    runner off. Keeping every source cost MkDocs about 1 GB at 50k pages (a str with one
    dash in it takes two bytes a letter). An empty string, not None: `Page.title` takes
    None for "not read yet".
    """
    page.markdown = ""


def _page_state(page: Any) -> dict[str, Any]:
    """What `_populate_page` sets on a page and the build reads later (not the Markdown
    source, see `_populate_page`); links to anchors are keyed by path to pickle."""
    links = page.links_to_anchors
    return {
        "meta": page.meta,
        "content": page.content,
        "toc": page.toc,
        "_title_from_render": page._title_from_render,
        "present_anchor_ids": page.present_anchor_ids,
        "links_to_anchors": None
        if links is None
        else {f.src_uri: anchors for f, anchors in links.items()},
    }


def _set_page_state(page: Any, state: dict[str, Any], files: Any) -> None:
    links = state.pop("links_to_anchors")
    for name, value in state.items():
        setattr(page, name, value)
    _drop_source(page)  # read and converted, as far as MkDocs can tell
    page.links_to_anchors = (
        None if links is None else {files.get_file_from_path(p): a for p, a in links.items()}
    )


def _wrap(build: Any, search: Any) -> dict[str, _Split]:
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.pages import Page

    populate, build_page = build._populate_page, build._build_page
    splits: dict[str, _Split] = {}

    def _populate_page(page: Any, config: Any, files: Any, dirty: bool = False) -> None:
        split = splits.get("populate")
        if split is None:
            pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))

            def work(file: Any) -> dict[str, Any]:
                if file.page is None:
                    Page(None, file, config)
                populate(file.page, config, files, dirty)
                _drop_source(file.page)
                state = _page_state(file.page)
                file.page.content = file.page.toc = None  # the parent has them now
                return state

            split = splits["populate"] = _Split(pages, work, lambda f: f.src_uri)
        name = page.file.src_uri
        if not split.is_mine(name):
            ok, state = split.take(name)
            if ok:
                _set_page_state(page, state, files)
                return
        populate(page, config, files, dirty)
        _drop_source(page)

    def _build_page(
        page: Any,
        config: Any,
        doc_files: Any,
        nav: Any,
        env: Any,
        dirty: bool = False,
        excluded: bool = False,
    ) -> None:
        split = splits.get("build")
        if split is None:
            index = search.search_index if search is not None else None

            def work(file: Any) -> list[Any]:
                before = len(index.entries) if index is not None else 0
                excluded = file.inclusion.is_excluded()
                build_page(file.page, config, doc_files, nav, env, dirty, excluded=excluded)
                if index is None:
                    return []
                added = index.entries[before:]
                del index.entries[before:]  # the parent's index gets them
                return added

            split = splits["build"] = _Split(list(doc_files), work, lambda f: f.src_uri)
        name = page.file.src_uri
        if not split.is_mine(name):
            ok, entries = split.take(name)
            if ok:
                if search is not None:
                    search.search_index.entries.extend(entries)
                return
        build_page(page, config, doc_files, nav, env, dirty, excluded=excluded)

    build._populate_page, build._build_page = _populate_page, _build_page
    return splits


def _pages_are_ours(config: Any) -> Any:
    """The search plugin, if it is the only plugin that hooks into pages; else False."""
    from material.plugins.search.plugin import SearchPlugin

    search = None
    for event in _PAGE_EVENTS:
        for method in config.plugins.events.get(event, []):
            owner = getattr(method, "__self__", None)
            if event == "page_context" and isinstance(owner, SearchPlugin):
                search = owner
                continue
            return False
    return search


def main(argv: list[str] | None = None) -> None:
    import mkdocs.commands.build as build
    from mkdocs.__main__ import cli

    real_build = build.build

    def parallel_build(config: Any, **kwargs: Any) -> None:
        search = _pages_are_ours(config)
        splits: dict[str, _Split] = {}
        if search is not False and not kwargs.get("dirty") and "serve_url" not in kwargs:
            splits = _wrap(build, search)
        try:
            real_build(config, **kwargs)
        finally:  # after a failure here, no child may go on writing into the site
            for split in splits.values():
                split.kill()

    if hasattr(os, "fork") and (os.cpu_count() or 1) > 1:
        build.build = parallel_build
    cli(args=argv, prog_name="mkdocs")  # exits, with MkDocs' own messages and exit codes


if __name__ == "__main__":
    main()
