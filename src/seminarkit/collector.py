"""Python's cycle collector, paused while a burst of work makes many long-lived objects.

The collector runs after every 700 new containers, and each run goes over the young objects
that are still alive, then, ever more often as they pile up, over all of them. Work that makes
hundreds of thousands of objects which live until it ends (a course's models while it loads,
WeasyPrint's boxes while a document is laid out) pays for those runs without freeing
anything: reference counting frees what has no cycle, and what has one is collected once the
work is done (`gc.collect`, or the collector's next run).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off in the block, then back to what it was (also after an error);
    nothing is collected here."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
