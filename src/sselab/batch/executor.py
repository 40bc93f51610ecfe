"""Where tasks run: in this process, or on Dask (a LocalCluster or an existing scheduler).

:func:`map_as_completed` yields ``(index, outcome)`` pairs as tasks finish, so callers can
stream results into the database from the client process (the single writer).  On Dask,
tasks are submitted with ``retries`` (an exception inside a task is retried) and a task
whose worker dies is rescheduled by the scheduler on another worker; ``pure=False`` so that
identical inputs are still run once each.  Dask is imported only here, lazily.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sselab.errors import InputError

DASK_HINT = "Dask is not installed; install the extra with: pip install 'sselab[dask]'"


def require_dask() -> Any:
    """Import :mod:`dask.distributed`, or raise an :class:`InputError` naming the extra."""
    try:
        import dask.distributed as dd
    except ImportError:
        raise InputError(DASK_HINT) from None
    return dd


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None,
                threads_per_worker: int = 1) -> Iterator[Any]:
    """A ``dask.distributed.Client``: on an existing ``scheduler`` or a new LocalCluster.

    The LocalCluster uses ``workers`` worker *processes* (default 1) with
    ``threads_per_worker`` threads each, no dashboard; it is closed on exit.
    """
    dd = require_dask()
    if scheduler:
        try:
            client = dd.Client(scheduler, timeout="20s")
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    n = int(workers or 1)
    if n < 1:
        raise InputError(f"--workers must be >= 1, got {workers}")
    cluster = dd.LocalCluster(n_workers=n, threads_per_worker=threads_per_worker,
                              processes=True, dashboard_address=None,
                              silence_logs=logging.CRITICAL)
    client = dd.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def map_as_completed(func: Callable[[Any], Any], items: Sequence[Any], client: Any = None,
                     retries: int = 2) -> Iterator[tuple[int, Any, BaseException | None]]:
    """Run ``func`` on every item; yield ``(index, result, exception)`` as each finishes.

    Without ``client`` the items run here, in order.  With a Dask ``client`` they are
    submitted at once and yielded in completion order; a task that still fails after
    ``retries`` (or whose workers kept dying: ``KilledWorker``) is yielded with its exception.
    """
    if client is None:
        for i, it in enumerate(items):
            try:
                yield i, func(it), None
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:  # recorded by the caller; the batch goes on
                yield i, None, exc
        return
    dd = require_dask()
    futures = client.map(func, list(items), retries=retries, pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    try:
        for fut in dd.as_completed(futures):
            i = index[fut.key]
            try:
                res = fut.result()
            except Exception as exc:
                yield i, None, exc
            else:
                yield i, res, None
            fut.release()
    finally:
        client.cancel([f for f in futures if not f.done()])
