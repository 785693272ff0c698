"""LMS exports of a warm build from a cache, decided from the sources (issue 15).

Moodle XML, QTI and GIFT are made from the course alone: its exercise and lesson files, the
options in `mkdocs.yml`, seminarkit's code and the versions of the libraries that render
Markdown. `print.pdf.source_key` hashes exactly those (before anything renders), so an export
whose key is unchanged is the file the last build wrote; a warm build takes it from the cache
instead of exporting every exercise again.

Each entry is a pair in `<cache>/outputs/` (`cache_dir`, as for the PDFs):
`<name>-<key>.bin`, the file, and `<name>-<key>.json`, written last, with its SHA-256, size
and the line the build logs for it. An entry is used only when both are whole and the file
matches; anything else is exported again. A cache that cannot be written costs only the time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from .files import CannotWrite, write_atomically

#: Hex digits of the source key in an entry's name (older entries of an output are removed).
_KEY_LENGTH = 32


def cached_output(
    folder: Path, name: str, key: str, make: Callable[[], tuple[bytes, str] | None]
) -> tuple[bytes, str] | None:
    """(file bytes, log line) of the output `name` for the sources hashed to `key`: from the
    cache in `folder` when a whole entry is there, else from `make()`, which is then kept
    (`None`, nothing to write, is not)."""
    stem = f"{name}-{key[:_KEY_LENGTH]}"
    found = _recall(folder, stem)
    if found is not None:
        return found
    made = make()
    if made is None:
        return None
    payload, note = made
    facts = {"sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload), "note": note}
    try:
        write_atomically(folder / f"{stem}.bin", payload)
        write_atomically(folder / f"{stem}.json", json.dumps(facts).encode("utf-8"))
    except (CannotWrite, OSError):
        return payload, note
    for old in folder.glob(f"{name}-*.*"):
        if old.stem != stem and len(old.stem) == len(stem):
            old.unlink(missing_ok=True)
    return payload, note


def _recall(folder: Path, stem: str) -> tuple[bytes, str] | None:
    try:
        facts = json.loads((folder / f"{stem}.json").read_text("utf-8"))
        payload = (folder / f"{stem}.bin").read_bytes()
        if len(payload) != facts["size"] or hashlib.sha256(payload).hexdigest() != facts["sha256"]:
            return None
        return payload, str(facts["note"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
