"""The content hash covers what an answer is made of, and nothing else."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from seminarkit.loader import load_course
from seminarkit.model.exercises import EXERCISE_ADAPTER, ExerciseBase

from ..conftest import FIXTURE_COURSE

COURSE = load_course(FIXTURE_COURSE)
BY_TYPE = {exercise.type: exercise for exercise in COURSE.exercises.values()}
Change = Callable[[dict[str, Any]], None]


def changed(exercise: ExerciseBase, change: Change) -> ExerciseBase:
    """The exercise with one change made to its data, validated again."""
    data = copy.deepcopy(exercise.model_dump(mode="json", exclude_none=True))
    change(data)
    return EXERCISE_ADAPTER.validate_python(data)


def setter(key: str, value: Any) -> Change:
    return lambda data: data.__setitem__(key, value)


def first(key: str, field: str, value: Any) -> Change:
    """Set a field of the first item of a list."""
    return lambda data: data[key][0].__setitem__(field, value)


def swap_rights(data: dict[str, Any]) -> None:
    """Matching: the first two left items swap their right items (the key, not the question)."""
    first_pair, second_pair = data["pairs"][:2]
    first_pair["right"], second_pair["right"] = second_pair["right"], first_pair["right"]


def move_correct(data: dict[str, Any]) -> None:
    """Quiz: another option of the first question is the correct one."""
    for option in data["questions"][0]["options"][:2]:
        option["correct"] = not option.get("correct", False)


COMMON: list[Change] = [
    setter("duration", 45),
    setter("title", "A new title"),
    setter("objectives", ["Something else"]),
    setter("materials", ["Pens", "Paper"]),
    setter("hints", ["Another hint", "And one more"]),
    setter("solution", "A better model answer."),
    setter("trainer_notes", "New notes."),
    setter("tags", ["new"]),
    setter("mode", "plenary"),
    setter("use", ["self-study"]),
    setter("intro", "A new introduction."),
]

KEEPS: dict[str, list[Change]] = {
    "reflection": [first("prompts", "lines", 12)],
    "quiz": [
        lambda data: data["questions"][0]["options"][1].__setitem__("feedback", "New feedback."),
        first("questions", "explanation", "Another explanation."),
        setter("shuffle", False),
        move_correct,
    ],
    "true-false": [first("statements", "answer", True), first("statements", "explanation", "So.")],
    "cloze": [
        lambda data: data.__setitem__("text", data["text"].replace("[[", "[[other|", 1)),
        setter("case_sensitive", True),
        setter("word_bank", True),
    ],
    "matching": [swap_rights],
    "ordering": [],
    "self-assessment": [first("statements", "reverse", True), first("evaluation", "text", "New.")],
    "checklist": [],
    "scenario": [
        first("choices", "consequence", "Something else."),
        first("choices", "recommended", True),
    ],
    "role-play": [
        first("roles", "brief", "New brief."),
        first("phases", "minutes", 3),
        setter("observation", ["New"]),
    ],
    "network-map": [setter("rings", ["Near", "Far"]), setter("sectors", ["Work", "Home"])],
    "action-plan": [],
}

CHANGES: dict[str, list[Change]] = {
    "reflection": [
        first("prompts", "text", "A new question?"),
        lambda data: data["prompts"].append({"text": "More?"}),
    ],
    "quiz": [
        first("questions", "text", "A new question?"),
        lambda data: data["questions"][0]["options"][0].__setitem__("text", "A new option"),
        lambda data: data["questions"][0]["options"].append({"text": "One more option"}),
        first("questions", "multiple", True),
    ],
    "true-false": [first("statements", "text", "A new statement.")],
    "cloze": [
        lambda data: data.__setitem__("text", "New words. " + data["text"]),
        lambda data: data.__setitem__("text", data["text"] + " And [[one]] more gap."),
    ],
    "matching": [first("pairs", "left", "Someone else"), setter("distractors", ["Another"])],
    "ordering": [
        lambda data: data["items"].reverse(),
        lambda data: data["items"].__setitem__(0, "A new step"),
    ],
    "self-assessment": [
        first("statements", "text", "A new statement"),
        setter("scale", ["no", "yes"]),
    ],
    "checklist": [lambda data: data["items"].__setitem__(0, "A new item")],
    "scenario": [
        setter("situation", "Another situation."),
        setter("question", "What now?"),
        first("choices", "text", "Another choice"),
    ],
    "role-play": [],
    "network-map": [setter("columns", ["Name", "Notes"]), setter("rows", 7)],
    "action-plan": [
        setter("prompts", ["Another prompt"]),
        setter("columns", ["Goal"]),
        setter("rows", 9),
    ],
}


def test_every_type_is_covered() -> None:
    assert sorted(KEEPS) == sorted(CHANGES) == sorted(BY_TYPE)


@pytest.mark.parametrize("kind", sorted(BY_TYPE))
def test_edits_that_keep_the_question_keep_the_hash(kind: str) -> None:
    exercise = BY_TYPE[kind]
    for index, change in enumerate(COMMON + KEEPS[kind]):
        assert changed(exercise, change).content_hash() == exercise.content_hash(), index


@pytest.mark.parametrize("kind", sorted(BY_TYPE))
def test_edits_of_the_question_change_the_hash(kind: str) -> None:
    exercise = BY_TYPE[kind]
    for index, change in enumerate(CHANGES[kind]):
        assert changed(exercise, change).content_hash() != exercise.content_hash(), index


def test_the_legacy_hash_is_the_hash_of_everything_shown() -> None:
    reflect = COURSE.exercises["reflect"]
    assert reflect.legacy_content_hash() != reflect.content_hash()
    assert changed(reflect, setter("duration", 45)).legacy_content_hash() != (
        reflect.legacy_content_hash()
    )
    assert changed(reflect, setter("tags", ["x"])).legacy_content_hash() == (
        reflect.legacy_content_hash()
    )
