"""Writing output files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(destination: Path) -> Iterator[Path]:
    """A temporary path to write to; it replaces `destination` only if the block succeeds."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.")
    os.close(handle)
    # mkstemp makes the file private (0600); published files must be readable by a web server.
    os.chmod(name, 0o644)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(destination: Path, data: bytes) -> None:
    """Write `data` so that readers see the old file or the whole new one, never a part."""
    with replacing(destination) as temporary:
        temporary.write_bytes(data)


def copy_atomically(source: Path, destination: Path) -> None:
    """Copy `source` to `destination` atomically."""
    with replacing(destination) as temporary:
        shutil.copyfile(source, temporary)
