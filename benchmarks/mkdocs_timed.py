"""`mkdocs build` with a stopwatch on its three big costs, for the benchmark.

    python benchmarks/mkdocs_timed.py OUT.json build --strict -q -d site

Runs MkDocs in this process exactly as `mkdocs` would, and writes to OUT.json the seconds
spent in Python-Markdown (`Markdown.convert` plus creating a `Markdown` per page), in Jinja
(`Template.render`: Material's page template), in the search plugin's indexing, and in total.
The wrappers cost a few microseconds per call; nothing else changes.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

SECONDS: Counter[str] = Counter()


def _timed(owner: Any, name: str, key: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SECONDS[key] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def main() -> int:
    out = Path(sys.argv[1])
    import jinja2
    import markdown
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.__main__ import cli

    _timed(markdown.Markdown, "convert", "markdown")
    _timed(markdown.Markdown, "__init__", "markdown")
    _timed(jinja2.Template, "render", "template")
    _timed(SearchIndex, "add_entry_from_context", "search")
    started = time.perf_counter()
    code = 0
    try:
        cli(sys.argv[2:], standalone_mode=False)
    except SystemExit as stop:
        code = int(stop.code or 0)
    SECONDS["total"] = time.perf_counter() - started
    out.write_text(json.dumps(SECONDS), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
