"""Writing output files atomically: a temporary file in the same folder, then a rename.

A write that fails (read-only folder, full disk, a file where a folder should be) raises
`CannotWrite`, one sentence naming the path and the reason, never a traceback; the file that was
there before stays as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Prefix of the temporary files `replacing` makes (a leftover of a killed build starts with it).
TEMPORARY_PREFIX = "."

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "no permission to write there (the folder is read-only)",
    errno.EPERM: "no permission to write there (the folder is read-only)",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.EEXIST: "a file is in the way where a folder should be",
}


class CannotWrite(Exception):
    """An output could not be written: `path: cannot write here: reason[; hint]`.

    `path` is the file or folder as the user knows it, `reason` the cause in words, `hint` what
    to do (optional). Picklable, so a PDF worker can raise it to the build.
    """

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        super().__init__(path, reason, hint)
        self.path = path
        self.reason = reason
        self.hint = hint

    def __str__(self) -> str:
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.path}: cannot write here: {self.reason}{hint}"


def reason(error: OSError) -> str:
    """An OS error in words (`the disk is full`), with the system's own text in brackets."""
    words = _REASONS.get(error.errno or 0)
    system = error.strerror or str(error)
    return f"{words} ({system})" if words else system


def cannot_write(path: Path | str, error: OSError, hint: str = "") -> CannotWrite:
    """The `CannotWrite` for an OS error raised while writing `path`."""
    return CannotWrite(str(path), reason(error), hint)


def ensure_folder(folder: Path, hint: str = "") -> Path:
    """Create `folder` (and its parents) or raise `CannotWrite` naming it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(folder, error, hint) from None
    return folder


def check_writable(folder: Path, hint: str = "") -> None:
    """Raise `CannotWrite` unless a file can be created in `folder` (created if missing).

    Used before long work starts, so a read-only target fails in a second, not after the build.
    """
    ensure_folder(folder, hint)
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=f"{TEMPORARY_PREFIX}probe.")
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        raise cannot_write(folder, error, hint) from None


@contextmanager
def replacing(destination: Path) -> Iterator[Path]:
    """A temporary path to write to; it replaces `destination` only if the block succeeds.

    A destination that exists and is no regular file (`/dev/stdout`, a named pipe) is written
    in place: there is nothing to replace atomically. OS errors while writing become
    `CannotWrite` naming `destination`.
    """
    try:
        special = destination.exists() and not stat.S_ISREG(destination.stat().st_mode)
    except OSError as error:
        raise cannot_write(destination, error) from None
    if special:
        try:
            yield destination
        except OSError as error:
            raise cannot_write(destination, error) from None
        return
    temporary: Path | None = None
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            dir=destination.parent, prefix=f"{TEMPORARY_PREFIX}{destination.name}."
        )
        os.close(handle)
        temporary = Path(name)
        # mkstemp makes the file private (0600); published files must be readable by a web server.
        os.chmod(name, 0o644)
        yield temporary
        os.replace(temporary, destination)
    except OSError as error:
        raise cannot_write(destination, error) from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def write_atomically(destination: Path, data: bytes) -> None:
    """Write `data` so that readers see the old file or the whole new one, never a part."""
    with replacing(destination) as temporary:
        temporary.write_bytes(data)


def copy_atomically(source: Path, destination: Path) -> None:
    """Copy `source` to `destination` atomically."""
    with replacing(destination) as temporary:
        shutil.copyfile(source, temporary)
