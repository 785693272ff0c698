"""The images part of the real-world fixture course: where it is and what its images are."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import FIXTURES, IGNORED

REALWORLD = FIXTURES / "realworld"
QUIZ = "exercises/images/images-quiz.yml"
"""Embedded two folders deep (docs/images/module-1/lesson.md); images in every kind of field."""
GAPS = "exercises/images/images-gaps.yml"
"""Embedded at the top (docs/images.md): an SVG in a cloze text."""
DEEP_PAGE = "docs/images/module-1/lesson.md"
TOP_PAGE = "docs/images.md"
CHART = "docs/images/img/chart.png"
PLAN = "docs/images/img/Größe plan.png"
ARROW = "docs/images/img/arrow.svg"
FLIPCHART = "docs/images/module-1/img/flipchart.png"


def copy_realworld(target: Path) -> Path:
    """A writable copy of the real-world course (no build output, no caches)."""
    shutil.copytree(REALWORLD, target, ignore=IGNORED)
    return target


def edit(course: Path, file: str, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in one file of `course`."""
    path = course / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
