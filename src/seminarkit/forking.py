"""Run one function over a list in two processes: this one and a forked copy of it.

`seminarkit check` reads thousands of exercise files in a fresh process; its imports are done
once, and a child forked after them starts in a few milliseconds with everything loaded (a
spawned one would import it all again), so both cores read a part each.

The work is shared, not split in advance: the items are taken in chunks of `CHUNK`, in order,
from a counter both processes share. The child starts at once, while this process still does
other things (the pages of a course); this one joins in when `results` is called, and each
takes the next chunk when it is done with one, so both finish within a chunk of each other
whatever else either had to do (a fixed split left this process idle for a fifth of
`seminarkit check`, measured on 2,000 exercises). The child sends each chunk's results,
pickled, as soon as they are made; a thread here receives them meanwhile, so the child never
waits on a full pipe.

Where `fork` is missing (Windows), there is one core, or the child fails in any way, the items
are simply done here: the result is the same, only slower. Use it only from a process without
other threads (the command line, not inside MkDocs' live server): a fork copies the locks
other threads hold; and only where a core is free (`spare_core`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # multiprocessing itself is imported only to fork
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fewer items than this are done here: a fork and the pickled results cost a few milliseconds.
MIN_ITEMS = 64
#: Items taken at a time (for exercise files, about 6 ms of work): few enough that the two
#: processes end close together, enough that the shared counter and the messages cost little.
CHUNK = 16


class SplitMap(Generic[Item, Result]):
    """`[function(item) for item in items]`, done by this process and a forked child that
    starts when this is made, each taking the next `CHUNK` items (this one only once
    `results` is called).

    `sendable` turns a child's result into what is worth pickling back (e.g. without a big
    object the caller can make again where it needs it); results made here are not changed.
    `received` turns a result the child sent back into one like those made here; it runs in
    the receiving thread, while this process still does its share.
    `fork` False: no child; everything is done here. Call `results` or `cancel` once.
    """

    def __init__(
        self,
        function: Callable[[Item], Result],
        items: Sequence[Item],
        *,
        sendable: Callable[[Result], Result] = lambda result: result,
        received: Callable[[Result], Result] = lambda result: result,
        fork: bool = True,
    ) -> None:
        self.function = function
        self.received = received
        self.items = items
        self._child: BaseProcess | None = None
        self._reader: Connection | None = None
        self._counter: Any = None  # multiprocessing's shared, locked integer
        self._alone = 0
        self._received: dict[int, list[Result]] = {}
        self._receiving: threading.Thread | None = None
        if not fork or len(items) < MIN_ITEMS or not _can_fork():
            return
        import multiprocessing

        context = multiprocessing.get_context("fork")
        try:
            self._counter = context.Value("q", 0)
        except OSError:  # no shared memory or semaphores here (e.g. no /dev/shm)
            self._counter = None
            return
        self._reader, writer = context.Pipe(duplex=False)
        self._child = context.Process(
            target=_child,
            args=(function, items, sendable, writer, self._counter),
            daemon=True,
        )
        self._child.start()
        writer.close()
        self._receiving = threading.Thread(target=self._receive, daemon=True)
        self._receiving.start()

    def results(self) -> list[Result]:
        """The results of all items, in their order."""
        done: dict[int, list[Result]] = {}
        try:
            while (start := self._claim()) < len(self.items):
                done[start] = [self.function(item) for item in self.items[start : start + CHUNK]]
        except BaseException:
            self.cancel()
            raise
        self._stop(kill=False)
        done.update(self._received)
        try:  # chunks the child took but did not send (it failed): done here
            for start in range(0, len(self.items), CHUNK):
                if start not in done:
                    done[start] = [
                        self.function(item) for item in self.items[start : start + CHUNK]
                    ]
        except BaseException:
            self.cancel()
            raise
        return [result for start in sorted(done) for result in done[start]]

    def cancel(self) -> None:
        """Stop the child, if any, without waiting for its results."""
        self._stop(kill=True)

    def _claim(self) -> int:
        """The first index of the next chunk to do (`len(items)` or more: none left)."""
        if self._counter is None:  # alone: one chunk after the other
            start, self._alone = self._alone, self._alone + CHUNK
            return start
        with self._counter.get_lock():
            start = int(self._counter.value)
            self._counter.value = start + CHUNK
        return start

    def _receive(self) -> None:
        """The receiving thread: the child's chunks, until it is done or gone."""
        reader = self._reader
        assert reader is not None
        while True:
            try:
                message = reader.recv()
            except Exception:  # the child died or was stopped: its chunks are missing
                return
            if message is None:
                return
            start, results = message
            try:
                self._received[start] = [self.received(result) for result in results]
            except Exception:  # this chunk is done again here, where its error is met
                continue

    def _stop(self, *, kill: bool) -> None:
        """Wait for the child (or stop it) and the receiving thread, then close the pipe."""
        if self._child is not None:
            if kill:
                self._child.kill()
            self._child.join()
            self._child = None
        if self._receiving is not None:
            self._receiving.join()  # the child's end is closed: it ends
            self._receiving = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None


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
    counter: Any,
) -> None:
    """The forked child: takes chunks from `counter` and sends each one's results, pickled,
    into `writer`, then None; it stops at the first failure (the parent then does the chunk
    it took, and meets the error itself)."""
    try:
        while True:
            with counter.get_lock():
                start = int(counter.value)
                counter.value = start + CHUNK
            if start >= len(items):
                break
            chunk = items[start : start + CHUNK]
            writer.send((start, [sendable(function(item)) for item in chunk]))
        writer.send(None)
    except BaseException:  # the parent does the chunk again and meets the error itself
        pass
    finally:
        writer.close()
