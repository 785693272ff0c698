"""`seminarkit new`: a small course that builds out of the box."""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from pathlib import Path

from .files import cannot_write
from .model.exercises import exercise_json_schema

SCAFFOLDS = Path(__file__).parent / "scaffold"
SCHEMA_PATH = "schema/exercise.schema.json"


class ScaffoldError(Exception):
    """The target folder cannot take a new course."""


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
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written
