"""Run a block of numpy code on one BLAS thread, cheaply enough to do it for every query.

The encoder's matrix products are small (a customer message is 10-50 tokens), so a second
BLAS thread buys little even on an idle machine, and on a busy one a thread that spins for a
core it cannot get makes a query several times slower. ``threadpoolctl``'s own ``limit()``
re-reads every library's full description on each entry (about 0.1-0.4 ms, a few per cent of
a query), so the BLAS pools are looked up once and only their thread count is switched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]


@lru_cache(maxsize=1)
def _blas_pools() -> tuple[Any, ...]:
    """The BLAS libraries loaded in this process (numpy's OpenBLAS, usually just one)."""
    return tuple(ThreadpoolController().select(user_api="blas").lib_controllers)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit every BLAS pool to one thread inside the block, restoring the counts after it."""
    pools = _blas_pools()
    previous = [pool.get_num_threads() for pool in pools]
    for pool, count in zip(pools, previous, strict=True):
        if count != 1:
            pool.set_num_threads(1)
    try:
        yield
    finally:
        for pool, count in zip(pools, previous, strict=True):
            if count != 1:
                pool.set_num_threads(count)
