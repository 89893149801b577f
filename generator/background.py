"""Work for the second core: a forked process that gets ready early and gets its jobs later.

`Worker(prepare)` forks at once; the child runs `prepare()` (say, slow imports) while this
process goes on. `submit(fn, *args)` then sends a job (pickled) and the child runs
`fn(prepared, *args)` with what `prepare` returned, which never needs to pickle: shared
memory or a lock, say. A job that is a generator sends each item as it comes: `ready()`
gives what has arrived without waiting, so this process can collect while it works on,
and `rest()` waits for the remainder. `result()` waits for a plain job's return value.
Once a job is done, the next may be submitted; the child keeps what it prepared. Work
that can wait goes in `idle`: the child does it after its first job, while this process
is busy preparing the next.
An exception in the child is raised again here, and ends the child.

Where fork is unavailable, or on one core, the job simply runs here when its items (or
its result) are asked for.
"""

from __future__ import annotations

import inspect
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

Job = tuple[Callable[..., Any], tuple[Any, ...]]
_ITEM, _DONE, _ERROR = "item", "done", "error"


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _run(prepared: object, fn: Callable[..., Any], args: tuple[Any, ...]) -> Iterator[Any]:
    """The job's items: a generator's items, or a plain job's one return value."""
    value = fn(prepared, *args)
    if inspect.isgenerator(value):
        yield from value
    else:
        yield value


def _child(
    conn: Connection, prepare: Callable[[], object] | None, idle: Callable[[], object] | None
) -> None:
    message: tuple[str, Any] = (_DONE, None)
    try:
        prepared = prepare() if prepare is not None else None
        while message[0] == _DONE:
            fn, args = conn.recv()
            for item in _run(prepared, fn, args):
                conn.send((_ITEM, item))
            conn.send(message)
            if idle is not None:
                idle()
                idle = None
    except EOFError:  # the parent went away or is done with us
        return
    except BaseException as err:  # noqa: BLE001 - handed to the parent, which raises it
        message = (_ERROR, err)
    try:
        conn.send(message)
    except Exception as err:  # noqa: BLE001 - e.g. an exception that cannot be pickled
        conn.send((_ERROR, RuntimeError(f"{type(message[1]).__name__}: {message[1]}: {err}")))
    conn.close()


class Worker:
    def __init__(
        self,
        prepare: Callable[[], object] | None = None,
        idle: Callable[[], object] | None = None,
    ) -> None:
        self.prepare = prepare
        self.process: Any = None
        self.job: Job | None = None
        self.done = False
        self._prepared: list[object] = []  # without a child: what prepare returned, once
        if _can_fork():
            ctx = multiprocessing.get_context("fork")
            self.conn, child_conn = ctx.Pipe(duplex=True)
            self.process = ctx.Process(target=_child, args=(child_conn, prepare, idle), daemon=True)
            self.process.start()
            child_conn.close()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Hand over a job; `fn` and `args` must pickle (a module-level function)."""
        if self.job is not None and not self.done:
            raise RuntimeError("Worker.submit() terwijl de vorige taak nog loopt")
        self.job, self.done = (fn, args), False
        if self.process is not None:
            self.conn.send(self.job)

    def _take(self) -> Iterator[Any]:
        assert self.job is not None
        try:
            kind, value = self.conn.recv()
        except EOFError:
            self.done = True
            self.process.join()
            raise RuntimeError(
                f"achtergrondproces {self.job[0].__name__} stopte onverwacht "
                f"(exitcode {self.process.exitcode})"
            ) from None
        if kind == _ITEM:
            yield value
            return
        self.done = True
        if kind == _ERROR:
            self.process.join()
            raise value

    def ready(self) -> Iterator[Any]:
        """The items that have arrived so far; does not wait."""
        while self.process is not None and not self.done and self.conn.poll():
            yield from self._take()

    def rest(self) -> Iterator[Any]:
        """Every item not yet taken; waits for the job to finish."""
        if self.job is None:
            raise RuntimeError("Worker.rest() zonder submit()")
        if self.process is None:
            if not self.done:
                self.done = True
                if not self._prepared:
                    self._prepared.append(self.prepare() if self.prepare is not None else None)
                yield from _run(self._prepared[0], *self.job)
            return
        while not self.done:
            yield from self._take()

    def result(self) -> Any:
        """A plain job's return value."""
        items = list(self.rest())
        return items[0] if items else None

    def cancel(self) -> None:
        """Stop the child: its work is done, or no longer wanted."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()


class Ends:
    """`n` jobs that this process takes from the front and a forked helper from the back,
    until the two meet: neither waits for the other, whoever is faster does more.

    The two ends live in shared memory, so create this before the fork.
    """

    def __init__(self) -> None:
        self._ends = multiprocessing.Array("i", 2)  # with its own lock

    def reset(self, n: int) -> None:
        with self._ends.get_lock():
            self._ends[0], self._ends[1] = 0, n

    def front(self, k: int) -> range:
        with self._ends.get_lock():
            start = self._ends[0]
            stop = min(start + k, self._ends[1])
            self._ends[0] = stop
        return range(start, stop)

    def back(self, k: int) -> range:
        with self._ends.get_lock():
            stop = self._ends[1]
            start = max(stop - k, self._ends[0])
            self._ends[1] = start
        return range(start, stop)


@dataclass
class Share:
    """What this process and the helper share: the two ends of the list they work through,
    and which items the helper made itself, so that they need not be sent back to it: the
    helper keeps them by index (`kept`), this process knows their index (`sent`).
    Create it before the fork."""

    ends: Ends
    kept: dict[int, Any] = field(default_factory=dict)  # in the helper: index → item
    sent: dict[int, int] = field(default_factory=dict)  # here: id(item) → index

    def for_helper(self, items: list[Any]) -> list[Any]:
        """`items` to send, with the index in place of each item the helper has."""
        return [self.sent.get(id(item), item) for item in items]

    def from_main(self, items: list[Any]) -> list[Any]:
        """In the helper: what `for_helper` sent, with each index replaced by its item."""
        return [self.kept[x] if isinstance(x, int) else x for x in items]
