"""Chunked Dask execution: chunk sizes, per-item errors inside a chunk, order-free results."""

from __future__ import annotations

import operator
from functools import partial

import pytest

from sselab.batch.executor import auto_chunk_size, map_as_completed, run_chunk

# picklable by reference from the standard library: Dask worker processes cannot import a
# function defined in a test module when pytest runs as the console script (rootdir not on
# their sys.path), and the task would never deserialise
inverse = partial(operator.truediv, 1.0)


def test_auto_chunk_size() -> None:
    assert auto_chunk_size(1000, 1) == 16 and auto_chunk_size(1000, 2) == 16  # capped
    assert auto_chunk_size(40, 2) == 5  # ~4 tasks per worker thread
    assert auto_chunk_size(3, 2) == 1 and auto_chunk_size(0, 4) == 1


def test_run_chunk_keeps_going_after_an_error() -> None:
    out = run_chunk(inverse, [1.0, 0.0, 4.0])
    assert out[0] == (1.0, None) and out[2] == (0.25, None)
    assert out[1][0] is None and isinstance(out[1][1], ZeroDivisionError)


def test_chunked_dask_map_every_item_once() -> None:
    pytest.importorskip("dask.distributed", reason="needs the [dask] extra")
    from sselab.batch.executor import dask_client

    items = [float(i) for i in range(23)]  # 0.0 fails: 1/0
    with dask_client(workers=1) as client:
        for k in (None, 1, 5):
            got = list(map_as_completed(inverse, items, client, chunk_size=k))
            assert sorted(i for i, _, _ in got) == list(range(23))
            by = {i: (r, e) for i, r, e in got}
            assert isinstance(by[0][1], ZeroDivisionError) and by[0][0] is None
            assert all(by[i] == (1.0 / i, None) for i in range(1, 23))
