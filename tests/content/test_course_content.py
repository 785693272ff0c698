"""The flagship course meets its brief: enough exercises, every type twice, a day that fits."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from seminarkit.loader import load_course
from seminarkit.model.agenda import minutes_of
from seminarkit.model.exercises import AUTO_CHECKED_TYPES, EXERCISE_TYPES
from seminarkit.model.lessons import Lesson

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
    assert {"trainer.md", "quellen.md", "formulierungen.md"} <= set(paths)


@pytest.mark.parametrize("lesson", MODULES, ids=lambda lesson: lesson.path)
def test_module_has_three_exercises_objectives_and_notes(lesson: Lesson) -> None:
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


MODULE_BUDGET = {
    "01": 40,
    "02": 50,
    "03": 30,
    "04": 45,
    "05": 52,
    "06": 40,
    "07": 40,
    "08": 38,
}
"""Minutes of input plus seminar exercises each module may take (second edition, issue 12):
the day's 390 working minutes less opening 20, buffer 20 and closing 15. The reviewer of the
second edition found module 5 too tight: it takes 7 minutes from module 8 (a shorter 90-day plan
and opening input). Module 2 keeps 50 so that the morning coffee break at 10:30 falls between the
network map and the input on reading its gaps."""
MIN_BUFFER = 20
"""Minutes of `buffer: true` blocks the day keeps free for overruns (review finding B1)."""
AGENDA = COURSE.agenda()


def _seminar_minutes(lesson: Lesson) -> int:
    """A module's input plus the minutes of the seminar exercises it embeds."""
    exercises = [COURSE.exercises.get(exercise_id) for exercise_id in lesson.exercise_ids]
    return lesson.duration + sum(e.duration for e in exercises if e and e.for_seminar)


def test_module_budgets_and_fixed_blocks_fill_the_day() -> None:
    schedule = COURSE.config.options.schedule
    day = minutes_of(schedule.end) - minutes_of(schedule.start)
    breaks = sum(item.minutes for item in schedule.breaks)
    assert day - breaks == SEMINAR_MINUTES
    blocks = sum(item.minutes for item in schedule.blocks)
    assert sum(MODULE_BUDGET.values()) + blocks == SEMINAR_MINUTES


@pytest.mark.parametrize("lesson", MODULES, ids=lambda lesson: lesson.path)
def test_module_fits_its_budget(lesson: Lesson) -> None:
    budget = MODULE_BUDGET[lesson.path[:2]]
    assert _seminar_minutes(lesson) <= budget, (
        f"{lesson.path}: input and seminar exercises take {_seminar_minutes(lesson)} minutes, "
        f"the budget is {budget}"
    )


def test_agenda_ends_by_the_end_of_the_day() -> None:
    assert AGENDA.overflow == 0, AGENDA.warnings
    assert AGENDA.finish <= AGENDA.end, f"the day ends at {AGENDA.finish_clock}"


def test_agenda_keeps_a_buffer() -> None:
    assert AGENDA.buffer >= MIN_BUFFER


def test_day_opens_with_networking_practice_and_closes_with_a_round() -> None:
    rows = AGENDA.days[0].rows
    opening, closing = rows[0].block, AGENDA.days[-1].rows[-1].block
    assert opening.kind == "fixed" and not opening.buffer
    assert opening.anchor == MODULES[0].path and opening.before
    assert opening.mode in ("pair", "group") and 15 <= opening.minutes <= 25
    assert opening.notes, "the opening needs notes for the trainer"
    assert closing.kind == "fixed" and not closing.buffer
    assert closing.anchor == MODULES[-1].path and not closing.before
    assert 10 <= closing.minutes <= 20 and closing.notes
    assert re.search(r"Feedback|Rückmeld", closing.title + closing.notes)


def test_more_pair_and_group_work_than_solo_work() -> None:
    minutes: Counter[str] = Counter()
    for row in AGENDA.rows:
        if row.block.kind == "exercise":
            minutes[row.block.mode] += row.block.minutes
    assert minutes["pair"] + minutes["group"] > minutes["solo"], dict(minutes)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_prose_has_900_to_1600_words(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    body = "\n".join(
        line for line in lesson_body(path).splitlines() if not line.lstrip().startswith("|")
    )
    assert 900 <= len(prose_words(markdown_to_prose(body))) <= 1600


def test_no_remote_images_or_mermaid() -> None:
    for page in DOCS.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "```mermaid" not in text
        assert not re.search(r"!\[[^\]]*\]\(https?://", text), page
