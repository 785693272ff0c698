"""The flagship course meets its brief: enough exercises, every type twice, a day that fits."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from seminarkit.loader import load_course
from seminarkit.model.exercises import AUTO_CHECKED_TYPES, EXERCISE_TYPES

from .prose import DOCS, LESSONS, REPO, lesson_body, markdown_to_prose, prose_words

COURSE = load_course(REPO)
MODULES = [lesson for lesson in COURSE.lessons if lesson.path[:2].isdigit()]
SEMINAR_MINUTES = 8 * 60 - 60 - 2 * 15


def test_course_loads_without_problems() -> None:
    assert [str(p) for p in COURSE.problems] == []


def test_eight_modules_in_nav_order() -> None:
    assert [lesson.path[:2] for lesson in MODULES] == [f"{n:02d}" for n in range(1, 9)]
    paths = [lesson.path for lesson in COURSE.lessons]
    assert paths[0] == "index.md"
    assert {"trainer.md", "quellen.md"} <= set(paths)


@pytest.mark.parametrize("lesson", MODULES, ids=lambda lesson: lesson.path)
def test_module_has_three_exercises_objectives_and_notes(lesson: object) -> None:
    from seminarkit.model.lessons import Lesson

    assert isinstance(lesson, Lesson)
    assert len(lesson.exercise_ids) >= 3
    assert lesson.duration > 0 and lesson.objectives and lesson.trainer_notes


def test_at_least_thirty_exercises_and_every_type_twice() -> None:
    assert len(COURSE.exercises) >= 30
    counts = Counter(exercise.type for exercise in COURSE.exercises.values())
    assert {kind: counts[kind] for kind in EXERCISE_TYPES if counts[kind] < 2} == {}


def test_auto_checked_exercises_and_scenarios_have_solutions() -> None:
    missing = [
        exercise.key
        for exercise in COURSE.exercises.values()
        if exercise.type in (*AUTO_CHECKED_TYPES, "scenario") and not exercise.solution
    ]
    assert missing == []


def test_seminar_exercises_have_trainer_notes() -> None:
    missing = [e.key for e in COURSE.exercises.values() if e.for_seminar and not e.trainer_notes]
    assert missing == []


def test_one_day_seminar_fits() -> None:
    minutes = sum(lesson.duration for lesson in COURSE.lessons) + sum(
        COURSE.exercises[exercise_id].duration
        for lesson in COURSE.lessons
        for exercise_id in lesson.exercise_ids
        if COURSE.exercises[exercise_id].for_seminar
    )
    assert SEMINAR_MINUTES - 30 <= minutes <= SEMINAR_MINUTES


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_prose_has_900_to_1600_words(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    body = "\n".join(
        line for line in lesson_body(path).splitlines() if not line.lstrip().startswith("|")
    )
    assert 900 <= len(prose_words(markdown_to_prose(body))) <= 1600


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_cites_only_listed_sources(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    body = lesson_body(path)
    assert "\n## Quellen" in body
    text, sources = body.split("\n## Quellen", 1)
    sources_page = (DOCS / "quellen.md").read_text(encoding="utf-8")
    cited = set(
        re.findall(r"([A-ZÄÖÜ][a-zäöüé]+)(?: et al\.| & [A-Z][a-z]+)?,? \(?(\d{4})\)?", text)
    )
    for name, year in cited:
        if name in sources:
            assert year in sources, f"{name} {year} cited but not in the lesson's sources"
            assert name in sources_page, f"{name} missing on the sources page"


def test_no_remote_images_or_mermaid() -> None:
    for page in DOCS.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "```mermaid" not in text
        assert not re.search(r"!\[[^\]]*\]\(https?://", text), page
