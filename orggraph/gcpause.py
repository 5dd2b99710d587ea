"""Memory housekeeping for large runs: pause the cycle collector, give freed memory back.

Building a large graph makes millions of small objects, which sets the collector off again and
again; it finds almost nothing to free and costs about a sixth of a report's run. Freeing a
large graph leaves its memory with the C library for later use; handing it back lowers what
the machine sees the run hold.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator

__all__ = ["without_cycle_collection", "give_back_freed_memory"]


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Disable the cyclic collector inside the block, restoring it as it was.

    >>> with without_cycle_collection():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def give_back_freed_memory() -> None:
    """Return memory freed so far to the system, where the C library keeps it otherwise.

    glibc holds freed memory for its own later use (``malloc_trim`` hands it back: 300 MB
    after a 100,000-task graph is emptied); other C libraries give it back by themselves or
    have no such call, and nothing happens there.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (Windows, macOS, musl)
        return None
