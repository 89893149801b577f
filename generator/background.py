"""Work for the second core: a forked process that gets ready early and gets its job later.

`Worker(prepare)` forks at once; the child runs `prepare` (say, slow imports) while this
process goes on. `submit(fn, *args)` then sends the job (pickled) and `result()` waits for
what it returns. An exception in the child is raised again here.

`Stream(fn, *args)` forks and runs the generator `fn(*args)` at once: the child already
holds everything this process built, so only what it yields is pickled, item by item.
`ready()` gives what has arrived without waiting, so this process can collect while it
works on and neither side holds everything twice; `rest()` waits for the remainder.

Where fork is unavailable, or on one core, the job simply runs when its result (or its
rest) is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

Job = tuple[Callable[..., Any], tuple[Any, ...]]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _child(conn: Connection, prepare: Callable[[], object] | None) -> None:
    try:
        if prepare is not None:
            prepare()
        fn, args = conn.recv()
        result: tuple[bool, Any] = (True, fn(*args))
    except EOFError:  # the parent went away or cancelled
        return
    except BaseException as err:  # noqa: BLE001 - handed to the parent, which raises it
        result = (False, err)
    try:
        conn.send(result)
    except Exception as err:  # noqa: BLE001 - e.g. an exception that cannot be pickled
        conn.send((False, RuntimeError(f"{type(result[1]).__name__}: {result[1]}: {err}")))
    conn.close()


class Worker:
    def __init__(self, prepare: Callable[[], object] | None = None) -> None:
        self.process: Any = None
        self.job: Job | None = None
        if _can_fork():
            ctx = multiprocessing.get_context("fork")
            self.conn, child_conn = ctx.Pipe(duplex=True)
            self.process = ctx.Process(target=_child, args=(child_conn, prepare), daemon=True)
            self.process.start()
            child_conn.close()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Hand over the job; `fn` and `args` must pickle (a module-level function)."""
        self.job = (fn, args)
        if self.process is not None:
            self.conn.send(self.job)

    def result(self) -> Any:
        if self.job is None:
            raise RuntimeError("Worker.result() zonder submit()")
        if self.process is None:
            fn, args = self.job
            return fn(*args)
        try:
            ok, value = self.conn.recv()
        except EOFError:
            self.process.join()
            raise RuntimeError(
                f"achtergrondproces {self.job[0].__name__} stopte onverwacht "
                f"(exitcode {self.process.exitcode})"
            ) from None
        self.process.join()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child if it is still running (its result is no longer wanted)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()


_DONE = "__klaar__"


def _stream_child(
    conn: Connection, fn: Callable[..., Iterator[Any]], args: tuple[Any, ...]
) -> None:
    try:
        for item in fn(*args):
            conn.send((True, item))
        message: tuple[bool, Any] = (True, _DONE)
    except BaseException as err:  # noqa: BLE001 - handed to the parent, which raises it
        message = (False, err)
    try:
        conn.send(message)
    except Exception as err:  # noqa: BLE001 - e.g. an exception that cannot be pickled
        conn.send((False, RuntimeError(f"{type(message[1]).__name__}: {message[1]}: {err}")))
    conn.close()


class Stream:
    """The items of the generator `fn(*args)`, made in a forked child.

    `fn` may be any callable (a bound method, a lambda): it is not pickled. Only fork where
    no other thread runs, as a thread's locks are copied as they are.
    """

    def __init__(self, fn: Callable[..., Iterator[Any]], *args: Any) -> None:
        self.job: Job = (fn, args)
        self.process: Any = None
        self.done = False
        if _can_fork():
            ctx = multiprocessing.get_context("fork")
            self.conn, child_conn = ctx.Pipe(duplex=False)
            self.process = ctx.Process(
                target=_stream_child, args=(child_conn, fn, args), daemon=True
            )
            self.process.start()
            child_conn.close()

    def _take(self) -> Iterator[Any]:
        try:
            ok, value = self.conn.recv()
        except EOFError:
            self.done = True
            self.process.join()
            raise RuntimeError(
                f"achtergrondproces {self.job[0].__name__} stopte onverwacht "
                f"(exitcode {self.process.exitcode})"
            ) from None
        if not ok:
            self.done = True
            self.process.join()
            raise value
        if isinstance(value, str) and value == _DONE:
            self.done = True
            self.process.join()
        else:
            yield value

    def ready(self) -> Iterator[Any]:
        """The items that have arrived so far; does not wait."""
        while self.process is not None and not self.done and self.conn.poll():
            yield from self._take()

    def rest(self) -> Iterator[Any]:
        """Every item not yet taken; waits for the child to finish."""
        if self.process is None:
            if not self.done:
                self.done = True
                fn, args = self.job
                yield from fn(*args)
            return
        while not self.done:
            yield from self._take()

    def cancel(self) -> None:
        """Stop the child if it is still running (its items are no longer wanted)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
