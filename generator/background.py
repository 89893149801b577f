"""Work for the second core: a forked process that gets ready early and gets its job later.

`Worker(prepare)` forks at once; the child runs `prepare` (say, slow imports) while this
process goes on. `submit(fn, *args)` then sends the job (pickled) and `result()` waits for
what it returns. `Worker.fork(fn, *args)` forks and starts the job at once: the child
already holds everything this process built, so nothing but the result is pickled.
An exception in the child is raised again here. Where fork is unavailable, or on one
core, the job simply runs when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

Job = tuple[Callable[..., Any], tuple[Any, ...]]


def _child(conn: Connection, prepare: Callable[[], object] | None, job: Job | None) -> None:
    try:
        if prepare is not None:
            prepare()
        fn, args = job if job is not None else conn.recv()
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
    def __init__(
        self, prepare: Callable[[], object] | None = None, *, job: Job | None = None
    ) -> None:
        self.process: Any = None
        self.job: Job | None = job
        if "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1:
            ctx = multiprocessing.get_context("fork")
            self.conn, child_conn = ctx.Pipe(duplex=True)
            self.process = ctx.Process(target=_child, args=(child_conn, prepare, job), daemon=True)
            self.process.start()
            child_conn.close()

    @classmethod
    def fork(cls, fn: Callable[..., Any], *args: Any) -> Worker:
        """Run `fn(*args)` in a child now; `fn` may be any callable, as nothing is pickled.

        Only fork where no other thread runs: a thread's locks are copied as they are.
        """
        return cls(job=(fn, args))

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
