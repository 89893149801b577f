"""Wall-clock time per stage, for `jzojp build --tijden` and the benchmark."""

from __future__ import annotations

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

    def total(self, *names: str) -> float:
        return sum(v for k, v in self.seconds.items() if not names or k in names)

    def table(self) -> str:
        width = max((len(k) for k in self.seconds), default=0)
        return "\n".join(f"  {k:<{width}}  {v:6.2f} s" for k, v in self.seconds.items())
