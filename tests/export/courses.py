"""Tiny courses written into a temporary folder, with exercise files dumped from Python data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from seminarkit.loader import load_course
from seminarkit.model.course import Course


def write_course(
    root: Path,
    pages: dict[str, list[dict[str, Any]]],
    *,
    site_name: str = "Kurs",
    language: str = "de",
    unembedded: list[dict[str, Any]] | None = None,
) -> Path:
    """A course whose nav lists `pages` (title -> exercises, each with its `id`) in order."""
    (root / "docs").mkdir(parents=True)
    (root / "exercises").mkdir()
    nav = []
    for number, (title, exercises) in enumerate(pages.items(), start=1):
        page = f"page-{number}.md"
        nav.append({title: page})
        lines = [f"# {title}", ""] + [f"::: exercise {exercise['id']}\n" for exercise in exercises]
        (root / "docs" / page).write_text("\n".join(lines), encoding="utf-8")
    for exercise in [e for exercises in pages.values() for e in exercises] + (unembedded or []):
        data = {key: value for key, value in exercise.items() if key != "id"}
        (root / "exercises" / f"{exercise['id']}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    config = {
        "site_name": site_name,
        "theme": {"name": "material", "language": language},
        "nav": nav,
        "plugins": ["seminarkit"],
    }
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return root


def load_clean(root: Path) -> Course:
    """Load a course and insist that it has no errors."""
    course = load_course(root)
    assert not course.errors, [str(problem) for problem in course.errors]
    return course


def quiz(exercise_id: str, *questions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A quiz exercise."""
    return {
        "id": exercise_id,
        "type": "quiz",
        "title": extra.pop("title", "Quiz"),
        "duration": 5,
        "questions": list(questions),
        **extra,
    }
