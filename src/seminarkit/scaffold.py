"""`seminarkit new`: a small course that builds out of the box."""

from __future__ import annotations

import json
import locale
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .files import cannot_write
from .model.exercises import exercise_json_schema

SCAFFOLDS = Path(__file__).parent / "scaffold"
SCHEMA_PATH = "schema/exercise.schema.json"


#: The POSIX locale variables that name the language of messages, strongest first.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
#: Folders and files of a course that belong in no repository: the built site, the trainer
#: folder (solutions, notes), the PDF cache and `private/` (the participant list, see README).
GITIGNORE = """\
# Built by `seminarkit build`, made again from the sources at any time.
/site/
# Trainer material: solution key, trainer notes. Never publish it.
/trainer/
# The PDF cache.
/.seminarkit-cache/
# Personal data such as the participant list: it stays on this computer.
/private/
"""


class ScaffoldError(Exception):
    """The target folder cannot take a new course."""


@dataclass(frozen=True)
class LanguageChoice:
    """The language of a new course and why: `--language`, or the system locale."""

    language: str
    reason: str


def choose_language(given: str | None, environ: Mapping[str, str] = os.environ) -> LanguageChoice:
    """`given` if set; else the first of LC_ALL, LC_MESSAGES and LANG that is set (POSIX order),
    else Python's `locale.getlocale()` (Windows): German for `de*` (or `German_*`), else English.
    """
    if given:
        return LanguageChoice(given, "from --language")
    other = "choose with --language de|en"
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return LanguageChoice(
                _language_of(value), f"from the system locale {name}={value}; {other}"
            )
    value = locale.getlocale()[0] or ""
    shown = value or "not set"
    return LanguageChoice(_language_of(value), f"from the system locale ({shown}); {other}")


def _language_of(locale_name: str) -> str:
    name = locale_name.strip().lower()
    return "de" if name.startswith("de") or name.startswith("german") else "en"


def shell_quote(word: str) -> str:
    """`word` quoted for the shell the user types into (cmd.exe rules on Windows)."""
    return subprocess.list2cmdline([word]) if os.name == "nt" else shlex.quote(word)


def tool_command(program: str | None = None) -> str:
    """How to start the running seminarkit from any folder: `seminarkit` when that name on PATH
    is this program, else the program's absolute path (a virtual environment not activated),
    else `python -m seminarkit` with this Python."""
    running = Path(program if program is not None else sys.argv[0])
    if running.stem == "seminarkit" and running.is_file():
        found = shutil.which("seminarkit")
        if found is not None and os.path.samefile(found, running):
            return "seminarkit"
        return shell_quote(str(running.absolute()))
    return f"{shell_quote(sys.executable)} -m seminarkit"


def scaffold_course(target: Path, *, title: str | None, language: str) -> list[Path]:
    """Write the starter course for `language` into `target`; all or nothing. Its `course_id` is a
    fresh random UUID, so that its learners' answers never meet another course's.

    Raises `ScaffoldError` for a target that is taken and `CannotWrite` when it cannot be
    written (read-only folder, full disk).
    """
    source = SCAFFOLDS / language
    if not source.is_dir():
        raise ScaffoldError(f"no starter course for language '{language}'")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} exists and is not empty; choose a new folder")
    course_title = title or target.resolve().name.replace("-", " ").replace("_", " ").title()
    course_id = str(uuid.uuid4())  # random: no two courses share one, whatever their titles
    try:
        return _write_course(source, target, course_title, course_id)
    except OSError as error:
        raise cannot_write(target, error) from None


def _write_course(source: Path, target: Path, course_title: str, course_id: str) -> list[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".seminarkit-new-", dir=target.parent))
    try:
        written: list[Path] = []
        for path in sorted(source.rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(source)
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8").replace("__TITLE__", course_title)
            text = text.replace("__COURSE_ID__", course_id)
            destination.write_text(text, encoding="utf-8")
            written.append(target / relative)
        schema = staging / SCHEMA_PATH
        schema.parent.mkdir(parents=True, exist_ok=True)
        schema.write_text(
            json.dumps(exercise_json_schema(), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        written.append(target / SCHEMA_PATH)
        (staging / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        written.append(target / ".gitignore")
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written
