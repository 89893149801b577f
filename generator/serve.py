"""`jzojp serve`: MkDocs serves the generated tree; we regenerate it when data or pages change.

MkDocs reloads the browser when files in its docs_dir change, and `write.sync` only
rewrites files whose bytes changed, so an edit to one entry rebuilds only what it affects.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .errors import DataError


def _snapshot(*folders: Path) -> dict[Path, float]:
    stamps: dict[Path, float] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                stamps[path] = path.stat().st_mtime
    return stamps


def _regenerate(generate: Callable[..., tuple[int, int, int]], *args: Path) -> None:
    try:
        total, written, removed = generate(*args)
        print(f"Bijgewerkt: {written} bestand(en) geschreven, {removed} verwijderd.", flush=True)
    except DataError as err:
        for issue in err.issues:
            print(issue, file=sys.stderr)
        print("De vorige versie blijft zichtbaar tot de fouten zijn opgelost.", file=sys.stderr, flush=True)


def serve(data: Path, content: Path, out: Path, config: Path, addr: str,
          generate: Callable[..., tuple[int, int, int]], poll: float = 0.3) -> int:
    _regenerate(generate, data, content, out, config)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", addr, "--livereload"]
    )
    seen = _snapshot(data, content)
    try:
        while server.poll() is None:
            time.sleep(poll)
            now = _snapshot(data, content)
            if now != seen:
                seen = now
                _regenerate(generate, data, content, out, config)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0
