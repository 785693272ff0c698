"""Exercise files already validated, kept between runs, keyed by their path and bytes.

`seminarkit check` on 2,000 exercises spent most of its second in reading YAML and validating
it, file by file, although a trainer who runs it again has changed one file or none (issue 15).
Reading an exercise file is a pure function of its path and bytes (`loader.read_exercise`):
this cache keeps its result, the exercise model or the problems, under the SHA-256 of both.

The cache is one file, `<cache_dir>/check/exercises.bin` (`cache_dir` as for the PDFs):

- a header: the format, a digest of the code that made the results (`code_digest`: the Python,
  pydantic and PyYAML versions, and every module of seminarkit by name, size and time), and an
  HMAC-SHA256 of the rest, keyed by a secret of this user (`_secret`);
- the results: a pickled dict from key to the result pickled on its own (`pickle`, the one
  format that keeps pydantic models as they are; 0.1 s to load for 2,000 exercises, against
  0.8 s to read and validate them). Each result is pickled where it is made (`pack`), also in
  the forked process that reads half of the files (`forking.SplitMap`), which sends those
  bytes: the same bytes go into the cache, and writing it costs no pickling of models at
  the end of a run (0.13 s of a cold `seminarkit check` of 2,000 exercises, before).

A pickle runs code when it is loaded, and a course folder may come from anyone: a cache file is
loaded only when its HMAC proves that this user's seminarkit wrote it. The secret is
`$XDG_CACHE_HOME/seminarkit/secret` (else `~/.cache/...`), made on first use, readable by this
user alone; where it cannot be made, nothing is cached. Any cache file that is not whole, not
this code's or not this user's is ignored, and written again after the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import sys
from importlib import metadata
from pathlib import Path
from typing import Generic, TypeVar

from .files import CannotWrite, write_atomically

Value = TypeVar("Value")

#: The cache file's name in `<cache_dir>/check/`.
CACHE_FILE = "exercises.bin"
_MAGIC = b"seminarkit-read-cache-2\n"
_DIGEST = hashlib.sha256().digest_size


def _secret() -> bytes | None:
    """This user's key for the cache files' HMAC, made on first use (32 random bytes, mode
    0600); None where it cannot be read or made."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base, "seminarkit", "secret")
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(key)
        return key
    except OSError:
        return None


def code_digest() -> bytes:
    """A digest of what decides how an exercise file reads: the Python, pydantic and PyYAML
    versions and every module of the `seminarkit` package (its path, size and modification
    time: an edited or reinstalled module makes every cached result stale)."""
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for name in ("pydantic", "pydantic-core", "PyYAML"):
        try:
            digest.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{name}=none".encode())
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        facts = module.stat()
        digest.update(
            f"\0{module.relative_to(package)}:{facts.st_size}:{facts.st_mtime_ns}".encode()
        )
    return digest.digest()


class ReadCache(Generic[Value]):
    """Results by key (`key(file, raw)`), loaded from `folder` and written back by `save`;
    each kept pickled (`pack`) and unpickled when it is taken (`get`).

    `folder` None, or no secret: an empty cache that saves nothing. A result is kept only if
    it was used or put during this run, so files that are gone leave the cache."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / CACHE_FILE if folder is not None else None
        self._secret = _secret() if folder is not None else None
        self._code = code_digest() if self._secret is not None else b""
        self._stored: dict[bytes, bytes] = self._load()
        self._used: dict[bytes, bytes] = {}
        self._changed = False

    @staticmethod
    def key(file: str, raw: bytes) -> bytes:
        """The key of the file `file` (relative to the course) with the bytes `raw`."""
        digest = hashlib.sha256(file.encode("utf-8"))
        digest.update(b"\0")
        digest.update(raw)
        return digest.digest()

    @staticmethod
    def pack(value: Value) -> bytes:
        """`value` pickled as the cache keeps it (`put_packed`)."""
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def unpack(packed: bytes) -> Value:
        """The value of `pack`'s bytes, made by this process or one forked from it."""
        value: Value = pickle.loads(packed)
        return value

    def has(self, key: bytes) -> bool:
        """Whether a result is kept under `key` (`get` it to keep it in the cache)."""
        return key in self._stored

    def shown(self, key: bytes) -> Value | None:
        """The result kept under `key`, or None, without keeping it in the cache."""
        packed = self._stored.get(key)
        return None if packed is None else self._unpacked(key, packed)

    def get(self, key: bytes) -> Value | None:
        """The result kept under `key`, or None; it stays in the cache."""
        packed = self._stored.get(key)
        if packed is None:
            return None
        value = self._unpacked(key, packed)
        if value is not None:
            self._used[key] = packed
        return value

    def put(self, key: bytes, value: Value) -> None:
        """Keep `value` under `key` (written by `save`)."""
        self.put_packed(key, self.pack(value))

    def put_packed(self, key: bytes, packed: bytes) -> None:
        """Keep the value `packed` (`pack`) under `key` (written by `save`)."""
        self._used[key] = packed
        self._changed = True

    def _unpacked(self, key: bytes, packed: bytes) -> Value | None:
        """The value stored under `key` (the file it came from was signed by this user:
        `_load`), or None, and forgotten, where it no longer unpickles (a class changed
        without a module changing)."""
        try:
            return self.unpack(packed)
        except Exception:
            self._stored.pop(key, None)
            return None

    def save(self) -> None:
        """Write the results used or put in this run, if any changed or any were dropped; a
        cache that cannot be written is left as it was (the next run reads the files)."""
        if self.path is None or self._secret is None:
            return
        if not self._changed and len(self._used) == len(self._stored):
            return
        body = pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL)
        signed = _MAGIC + self._code + hmac.digest(self._secret, self._code + body, "sha256")
        with contextlib.suppress(CannotWrite):
            write_atomically(self.path, signed + body)

    def _load(self) -> dict[bytes, bytes]:
        """The stored results, or nothing if the file is missing, not whole, made by other
        code or not signed with this user's secret."""
        if self.path is None or self._secret is None:
            return {}
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        start = len(_MAGIC)
        code, mac = data[start : start + _DIGEST], data[start + _DIGEST : start + 2 * _DIGEST]
        body = data[start + 2 * _DIGEST :]
        if not data.startswith(_MAGIC) or code != self._code:
            return {}
        if not hmac.compare_digest(mac, hmac.digest(self._secret, code + body, "sha256")):
            return {}
        try:
            found = pickle.loads(body)  # signed by this user's seminarkit: see above
        except Exception:  # a class changed without a module changing: read the files
            return {}
        return found if isinstance(found, dict) else {}
