"""Run one function over a list in two processes: this one and a forked copy of it.

`seminarkit check` reads thousands of exercise files in a fresh process; its imports are done
once, and a child forked after them starts in a few milliseconds with everything loaded (a
spawned one would import it all again), so both cores read a part each. The child starts at
once and works while this process does other things (the pages); its results come back
pickled through a pipe, in the order of the items. Where `fork` is missing (Windows), there is
one core, or the child fails in any way, the items are simply done here, one after the other:
the result is the same, only slower. Use it only from a process without other threads (the
command line, not inside MkDocs' live server): a fork copies the locks other threads hold;
and only where a core is free (`spare_core`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # multiprocessing itself is imported only to fork
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fewer items than this are done here: a fork and the pickled results cost a few milliseconds.
MIN_ITEMS = 64


class SplitMap(Generic[Item, Result]):
    """`[function(item) for item in items]`, the last `share` of the items done by a forked
    child process that starts when this is made, the others here when `results` is called.

    `sendable` turns a child's result into what is worth pickling back (e.g. without a big
    object the caller can make again where it needs it); results made here are not changed.
    Call `results` or `cancel` once.
    """

    def __init__(
        self,
        function: Callable[[Item], Result],
        items: Sequence[Item],
        *,
        share: float = 0.5,
        sendable: Callable[[Result], Result] = lambda result: result,
    ) -> None:
        self.function = function
        self.items = items
        self.split = len(items)
        self._child: BaseProcess | None = None
        self._reader: Connection | None = None
        if len(items) < MIN_ITEMS or share <= 0 or not _can_fork():
            return
        import multiprocessing

        self.split = len(items) - round(len(items) * share)
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._child = context.Process(
            target=_child, args=(function, items[self.split :], sendable, writer), daemon=True
        )
        self._child.start()
        writer.close()

    def results(self) -> list[Result]:
        """The results of all items, in their order (the child's as it sent them)."""
        try:
            own = [self.function(item) for item in self.items[: self.split]]
        except BaseException:
            self.cancel()
            raise
        theirs: list[Result] | None = None
        if self._reader is not None:
            try:
                theirs = self._reader.recv()
            except Exception:  # no results (the child died) or unreadable ones: done here
                theirs = None
            finally:
                self._stop(kill=theirs is None)
        rest = self.items[self.split :]
        if theirs is None or len(theirs) != len(rest):
            theirs = [self.function(item) for item in rest]
        return own + theirs

    def cancel(self) -> None:
        """Stop the child, if any, without waiting for its results."""
        self._stop(kill=True)

    def _stop(self, *, kill: bool) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._child is not None:
            if kill:
                self._child.kill()
            self._child.join()
            self._child = None


def _can_fork() -> bool:
    """Whether this system forks (not Windows) and has a second core to run the child."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def spare_core() -> bool:
    """Whether a forked child would find a core to itself: the system forks, and fewer tasks
    than cores were runnable over the last minute (the load average, Unix). On a busy machine
    the two processes only take turns, and the child's pickling is extra work: measured with
    2,000 exercises on 2 cores at a load of 8, reading them all in one process was faster."""
    if not _can_fork():
        return False
    try:
        load = os.getloadavg()[0]
    except OSError:  # not known here: assume an idle machine
        return True
    return load < (os.cpu_count() or 1)


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
