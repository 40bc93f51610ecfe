"""Run a function with a time limit: :func:`call_with_timeout`.

The function runs in a helper thread; the caller waits at most ``timeout_s``.  When the
limit passes, :class:`TaskTimeout` is raised in the caller ("timed out after N s") and the
helper thread is asked to stop by an asynchronous exception
(``PyThreadState_SetAsyncExc``), which Python delivers at the thread's next bytecode: pure
Python work (fit iterations, reader loops) stops within moments; a single long call into
native code (one large LAPACK solve) finishes that call first, in the background, while the
batch goes on.  This works the same in the main thread (sequential batch) and in a Dask
worker's task thread, where ``signal.alarm`` cannot be used.  The stopped analysis unwinds
as after any exception (``finally`` blocks and context managers run); code that is
interrupted between taking a lock and entering its ``with``/``try`` could leave that lock
held, so a limit is a guard against runaway inputs, not a scheduling tool: set it well
above the normal time of an analysis.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import Any

#: Seconds the caller waits for the helper thread to honour the stop request.
GRACE_S = 0.5


class TaskTimeout(TimeoutError):
    """A task ran past its ``timeout_s``."""


def _interrupt(thread: threading.Thread) -> bool:
    """Ask ``thread`` to raise :class:`TaskTimeout`; True if the request was placed."""
    if thread.ident is None:
        return False
    n = ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                   ctypes.py_object(TaskTimeout))
    if n > 1:  # should not happen: undo rather than hit another thread
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), None)
        return False
    return n == 1


def call_with_timeout(func: Callable[..., Any], args: tuple[Any, ...], timeout_s: float | None
                      ) -> Any:
    """``func(*args)``, or :class:`TaskTimeout` once ``timeout_s`` seconds have passed.

    ``timeout_s`` None (or ≤ 0 is refused by the plan) calls ``func`` directly.  Exceptions
    of ``func`` are re-raised in the caller.
    """
    if timeout_s is None:
        return func(*args)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = func(*args)
        except TaskTimeout:
            box["stopped"] = True
        except BaseException as exc:  # re-raised in the caller
            box["error"] = exc

    th = threading.Thread(target=target, name="sselab-task", daemon=True)
    th.start()
    th.join(timeout_s)
    if th.is_alive():
        _interrupt(th)
        th.join(GRACE_S)
        still = th.is_alive()
        raise TaskTimeout(f"timed out after {timeout_s:g} s" + (
            " (the analysis was inside a native call; it finishes in the background)"
            if still else ""))
    if "error" in box:
        raise box["error"]
    return box["result"]
