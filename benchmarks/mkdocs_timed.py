"""The build's MkDocs step with a stopwatch on its three big costs, for the benchmark.

    python benchmarks/mkdocs_timed.py OUT.json build --strict -q -d site

Runs MkDocs exactly as `jzojp build` does (generator/mkdocs_build.py: two processes), and
writes to OUT.json the CPU seconds both processes spent in Python-Markdown
(`Markdown.convert` plus creating a `Markdown` per page), in Jinja (`Template.render`:
Material's page template) and in the search plugin's indexing, their CPU time in all
("cpu"), and the wall-clock time ("total"). The wrappers cost a few microseconds per call;
nothing else changes.
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

    from generator import mkdocs_build

    _timed(markdown.Markdown, "convert", "markdown")
    _timed(markdown.Markdown, "__init__", "markdown")
    _timed(jinja2.Template, "render", "template")
    _timed(SearchIndex, "add_entry_from_context", "search")

    def reset() -> None:  # in a forked child: count only its own work
        SECONDS.clear()
        SECONDS["cpu"] = -time.process_time()

    def collect() -> dict[str, float]:
        SECONDS["cpu"] += time.process_time()
        return dict(SECONDS)

    mkdocs_build.CHILD_EXTRAS.append((reset, collect, SECONDS.update))
    started, cpu = time.perf_counter(), time.process_time()
    code = 0
    try:
        mkdocs_build.main(sys.argv[2:])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    SECONDS["total"] = time.perf_counter() - started
    SECONDS["cpu"] += time.process_time() - cpu
    out.write_text(json.dumps(SECONDS), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
