"""`seminarkit build` and `seminarkit serve`: MkDocs run in-process, with a quiet console.

What the console shows (`Console`, one logging handler for the whole logging tree while a
command runs):

- MkDocs' and the course's own messages (every logger below `mkdocs`, which includes the
  seminarkit plugin's `mkdocs.plugins.seminarkit`): warnings and errors always, INFO only with
  `--verbose` or while serving; a message identical to an earlier one is not repeated.
- Other libraries' notices (WeasyPrint, fontTools, Pillow, Markdown extensions, ...): warnings
  only, each message template once per command (fontTools' notice for every font of every
  document becomes one line). Their INFO and DEBUG are dropped; `--verbose` shows them.
- Records logged in a forked PDF worker are dropped there: WeasyPrint's warnings travel back
  with the worker's result and are reported by the build (`seminarkit.print.pdf`).
- PDF progress (`seminarkit.print.pdf.PROGRESS`): on a terminal one line rewritten in place
  ("PDF 3/18 ..."), otherwise one plain line per finished document.

MkDocs' own end-of-life banner (Material prints it when `sys.argv[0]` is `mkdocs` and the
environment lacks `NO_MKDOCS_2_WARNING`, see `material/templates/__init__.py`) is switched off
by setting that variable before MkDocs and the theme are imported.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .outputs import DOWNLOADS, plan_outputs, trainer_folder

#: Names MkDocs looks for in a course folder, in its order.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
_BANNER_SWITCH = "NO_MKDOCS_2_WARNING"
_PROGRESS = "seminarkit.progress"


class NoCourse(Exception):
    """The folder has no `mkdocs.yml`."""


def config_file(directory: Path) -> Path:
    """The MkDocs configuration of the course in `directory`; `NoCourse` if there is none."""
    for name in CONFIG_NAMES:
        if (directory / name).is_file():
            return directory / name
    raise NoCourse(
        f"{directory}: no mkdocs.yml here; start a course with `seminarkit new FOLDER` "
        "or name the course folder (`seminarkit build FOLDER`)"
    )


class Console(logging.Handler):
    """Shows the log of one command on `stream`, see the module docstring."""

    def __init__(self, stream: IO[str], *, verbose: bool, info: bool) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.verbose = verbose
        self.info = info or verbose
        self.tty = stream.isatty()
        self.pid = os.getpid()
        self.seen: set[tuple[str, str]] = set()
        self.total = 0
        self.done = 0
        self.line = ""
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if os.getpid() != self.pid:
            return
        try:
            if record.name == _PROGRESS:
                self._progress(record)
                return
            ours = record.name == "mkdocs" or record.name.startswith("mkdocs.")
            if record.levelno < logging.WARNING and not (self.info if ours else self.verbose):
                return
            message = record.getMessage()
            key = (record.name, message) if ours else (record.name, str(record.msg))
            if key in self.seen:
                return
            self.seen.add(key)
            prefix = ""
            if record.levelno >= logging.WARNING:
                self.warnings += ours
                level = f"{record.levelname.lower()}: "
                if not ours:
                    prefix = f"note from {record.name.split('.')[0]}: "
                elif level not in message.partition("\n")[0]:  # a course problem names its own
                    prefix = level
            self._write(prefix + message.removeprefix("seminarkit: "))
        except Exception:  # pragma: no cover - logging must never break the build
            self.handleError(record)

    def _progress(self, record: logging.LogRecord) -> None:
        total = getattr(record, "pdf_total", None)
        if total is not None:
            self.total += int(total)
            text = f"PDF {self.done}/{self.total}: rendering ..."
        else:
            self.done += 1
            text = f"PDF {self.done}/{max(self.total, self.done)}: {record.getMessage()}"
        if self.tty:
            self._clear()
            self.line = text
            self.stream.write(text[: _width()])
            self.stream.flush()
        else:
            self._write(text)

    def _write(self, text: str) -> None:
        self._clear()
        self.stream.write(text + "\n")
        if self.line:
            self.stream.write(self.line[: _width()])
        self.stream.flush()

    def _clear(self) -> None:
        if self.tty and self.line:
            self.stream.write("\r\033[K")

    def finish(self) -> None:
        """End the progress line, so that what follows starts on a line of its own."""
        self._clear()
        self.line = ""
        self.stream.flush()


def _width() -> int:
    import shutil

    return max(20, shutil.get_terminal_size((100, 20)).columns - 1)


@contextmanager
def console(stream: IO[str], *, verbose: bool, info: bool) -> Iterator[Console]:
    """Route every log record of the block through one `Console`; put logging back after."""
    os.environ.setdefault(_BANNER_SWITCH, "1")
    handler = Console(stream, verbose=verbose, info=info)
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "mkdocs", _PROGRESS)}
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.getLogger("mkdocs").setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger(_PROGRESS).setLevel(logging.INFO)
    with warnings.catch_warnings():
        if not sys.warnoptions and not verbose:  # libraries' deprecation notices
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", PendingDeprecationWarning)
        try:
            yield handler
        finally:
            handler.finish()
            root.removeHandler(handler)
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)


@dataclass(frozen=True)
class Line:
    """One row of the build summary."""

    path: Path
    size: int
    pages: int | None


@dataclass(frozen=True)
class Summary:
    """What `seminarkit build` made: counts, the outputs by place, the time it took."""

    title: str
    pages: int
    exercises: int
    site: Path
    published: list[Line]
    trainer: list[Line]
    trainer_dir: Path
    seconds: float

    def lines(self, base: Path) -> list[str]:
        """The summary as text; paths relative to `base` where they lie below it."""
        rows = [
            f"built {self.title!r} in {self.seconds:.1f} s: {self.pages} pages, "
            f"{self.exercises} exercises",
            f"  site: {_shown(self.site, base)}/ (open index.html, or publish the folder)",
        ]
        width = max(
            (len(_shown(line.path, base)) for line in self.published + self.trainer), default=0
        )
        rows += [_row(line, base, width) for line in self.published]
        if self.trainer:
            rows.append(
                f"  trainer-only, do not publish: {_shown(self.trainer_dir, base)}/ "
                "(set with `trainer_dir` in mkdocs.yml)"
            )
            rows += [_row(line, base, width) for line in self.trainer]
        return rows


def _shown(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _row(line: Line, base: Path, width: int) -> str:
    pages = "" if line.pages is None else f", {line.pages} page{'' if line.pages == 1 else 's'}"
    return f"    {_shown(line.path, base):<{width}}  ({file_size(line.size)}{pages})"


def file_size(size: int) -> str:
    """Bytes for people: `812 B`, `14.2 kB`, `3.4 MB` (powers of 1000)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def build_site(
    directory: Path, *, strict: bool, site_dir: Path | None, clean: bool = True
) -> Summary:
    """Build the course in `directory` as `mkdocs build` would (MkDocs' own exceptions
    propagate: `Abort` for a failed or, with `strict`, warned build; `ConfigurationError`)."""
    from mkdocs.commands import build
    from mkdocs.config import load_config

    started = time.monotonic()
    options: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        options["site_dir"] = str(site_dir.resolve())
    config = load_config(config_file=str(config_file(directory)), **options)
    config.plugins.on_startup(command="build", dirty=not clean)
    try:
        build.build(config, dirty=not clean)
    finally:
        config.plugins.on_shutdown()
    return _summary(config, time.monotonic() - started)


def serve_site(
    directory: Path, *, strict: bool, dev_addr: str | None, open_in_browser: bool
) -> None:
    """`mkdocs serve` for the course in `directory` (live reload; no PDFs)."""
    from mkdocs.commands import serve

    serve.serve(
        config_file=str(config_file(directory)),
        strict=strict,
        dev_addr=dev_addr,
        open_in_browser=open_in_browser,
    )


def _summary(config: Any, seconds: float) -> Summary:
    """The summary from the plugin's course and what it built, in the order of the one list of
    outputs (`plan_outputs`); nothing but the pages when the course builds no PDFs."""
    from .mkdocs import SeminarkitPlugin

    site = Path(config.site_dir)
    plugin = next((p for p in config.plugins.values() if isinstance(p, SeminarkitPlugin)), None)
    course = plugin.course if plugin is not None else None
    if plugin is None or course is None:
        return Summary(config.site_name, 0, 0, site, [], [], site, seconds)
    folders = {"site": site / DOWNLOADS, "trainer": trainer_folder(course)}
    rows: dict[str, list[Line]] = {"site": [], "trainer": []}
    if plugin.outputs is not None:  # None: `pdf: false`, only the pages were built
        built = (*plugin.outputs.participant, *plugin.outputs.trainer)
        pages = {pdf.path: pdf.pages for pdf in built}
        for output in plan_outputs(course):
            path = folders[output.place] / output.filename
            if path.is_file():
                rows[output.place].append(Line(path, path.stat().st_size, pages.get(path)))
    return Summary(
        course.config.site_name,
        len(course.lessons),
        len(course.exercises),
        site,
        rows["site"],
        rows["trainer"],
        folders["trainer"],
        seconds,
    )
