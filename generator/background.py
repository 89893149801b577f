"""Run one function in a second process while this one goes on (the machine has two cores).

The child is forked, so it sees the parent's objects (the catalog) without pickling them;
only the result travels back. Where fork is unavailable the function simply runs when its
result is asked for. An exception in the child is raised again in the parent.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result: tuple[bool, Any] = (True, fn(*args))
    except BaseException as err:  # noqa: BLE001 - handed to the parent, which raises it
        result = (False, err)
    try:
        conn.send(result)
    except Exception as err:  # noqa: BLE001 - e.g. an exception that cannot be pickled
        conn.send((False, RuntimeError(f"{type(result[1]).__name__}: {result[1]}: {err}")))
    conn.close()


class Background(Generic[T]):
    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        self.fn, self.args = fn, args
        self.process: Any = None
        if "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1:
            ctx = multiprocessing.get_context("fork")
            self.conn, child_conn = ctx.Pipe(duplex=False)
            self.process = ctx.Process(target=_child, args=(child_conn, fn, args), daemon=True)
            self.process.start()
            child_conn.close()

    def cancel(self) -> None:
        """Stop the child if it is still running (its result is no longer wanted)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()

    def result(self) -> T:
        if self.process is None:
            return self.fn(*self.args)
        try:
            ok, value = self.conn.recv()
        except EOFError:
            self.process.join()
            raise RuntimeError(
                f"achtergrondproces {self.fn.__name__} stopte onverwacht "
                f"(exitcode {self.process.exitcode})"
            ) from None
        self.process.join()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]
