"""Run one function over a list in two processes: this one and a forked copy of it.

`seminarkit check` reads thousands of exercise files in a fresh process; its imports are done
once, and a child forked after them starts in a few milliseconds with everything loaded (a
spawned one would import it all again), so both cores read one half each. Results come back
pickled through a pipe, in the order of the items. Where `fork` is missing (Windows), there is
one core, or the child fails in any way, the items are simply done here, one after the other:
the result is the same, only slower. Use it only from a process without other threads (the
command line, not inside MkDocs' live server): a fork copies the locks other threads hold.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fewer items than this are done here: a fork and the pickled results cost a few milliseconds.
MIN_ITEMS = 64


def map_in_two(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    sendable: Callable[[Result], Result] = lambda result: result,
) -> list[Result]:
    """`[function(item) for item in items]`, the second half done by a forked child process.

    `sendable` turns a child's result into what is worth pickling back (e.g. without a big
    object the caller can make again where it needs it); results made here are not changed.
    """
    if len(items) < MIN_ITEMS or not _can_fork():
        return [function(item) for item in items]
    half = len(items) // 2
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(function, items[half:], sendable, writer), daemon=True
    )
    child.start()
    writer.close()
    theirs: list[Result] | None = None
    try:
        own = [function(item) for item in items[:half]]
        try:
            theirs = reader.recv()
        except Exception:  # no results (the child died) or unreadable ones: done here
            theirs = None
    finally:
        reader.close()
        if theirs is None:
            child.kill()
        child.join()
    if theirs is None or child.exitcode != 0 or len(theirs) != len(items) - half:
        theirs = [function(item) for item in items[half:]]
    return own + theirs


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _child(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    sendable: Callable[[Result], Result],
    writer: Connection,
) -> None:
    """The forked child: its results, pickled into `writer`; nothing when anything fails
    (the parent then does these items itself and meets the error there)."""
    try:
        results = [sendable(function(item)) for item in items]
        writer.send(results)
    except BaseException:  # the parent does these items again and meets the error itself
        pass
    finally:
        writer.close()
