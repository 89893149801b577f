"""Wall-clock time per stage, for `jzojp build --tijden` and the benchmark; a pause for the GC."""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    """Seconds per named stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def table(self) -> str:
        width = max((len(k) for k in self.seconds), default=0)
        return "\n".join(f"  {k:<{width}}  {v:6.2f} s" for k, v in self.seconds.items())


def read_table(text: str) -> dict[str, float]:
    """The seconds per stage in printed output of `table` (the benchmark reads them back)."""
    return {m[1]: float(m[2]) for m in re.finditer(r"^  (\S.*?) +(-?[0-9.]+) s$", text, re.M)}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run a batch without Python's cyclic garbage collector.

    The generator builds a few million small objects that live until it ends and make
    almost no reference cycles. Every full collection walks all of them, so with the
    collector on, time grows faster than the catalog (1.2 s of 13 s at 10k entries, far
    more at 50k); peak memory is the same without it (measured at 10k).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
