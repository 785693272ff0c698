"""Every rule of the exercise format, each with an invalid case (and the valid one next to it)."""

from __future__ import annotations

import time
from textwrap import dedent

import pytest

from seminarkit.loader import parse_exercise
from seminarkit.problems import Problem

FILE = "exercises/sample.yml"


def check(text: str | bytes, file: str = FILE) -> list[Problem]:
    """Problems of one exercise file's content."""
    raw = text if isinstance(text, bytes) else dedent(text).lstrip("\n").encode("utf-8")
    exercise, problems = parse_exercise(raw, file)
    assert (exercise is None) == bool(problems)
    return problems


def only(problems: list[Problem]) -> Problem:
    """The single problem of a list."""
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


QUIZ = """
type: quiz
title: T
duration: 5
questions:
  - text: Q?
    options:
      - text: A
        correct: true
      - text: B
"""


def test_valid_quiz_has_no_problem() -> None:
    assert check(QUIZ) == []


# (name, yaml, line, column, key path, words the message must contain)
INVALID = [
    (
        "tab indentation",
        "type: quiz\ntitle: T\n\tduration: 5\n",
        3,
        1,
        "",
        "tab character",
    ),
    (
        "unclosed quote",
        'type: quiz\ntitle: "T\nduration: 5\n',
        2,
        8,
        "",
        "never closed",
    ),
    ("empty file", "", 1, 1, "", "the file is empty"),
    ("only a comment", "# nothing here\n", 1, 1, "", "the file is empty"),
    ("a list at the top", "- type: quiz\n", 1, 1, "", "expected a mapping"),
    (
        "unknown type",
        "type: quizz\ntitle: T\nduration: 5\n",
        1,
        7,
        "type",
        "unknown exercise type 'quizz' (did you mean 'quiz'?)",
    ),
    ("missing type", "title: T\nduration: 5\n", 1, 1, "", "missing required key 'type'"),
    (
        "missing title",
        "type: checklist\nduration: 5\nitems: [a]\n",
        1,
        1,
        "title",
        "missing required key 'title'",
    ),
    (
        "duration as a word",
        "type: checklist\ntitle: T\nduration: ten\nitems: [a]\n",
        3,
        11,
        "duration",
        'expected a whole number, got "ten"',
    ),
    (
        "duration zero",
        "type: checklist\ntitle: T\nduration: 0\nitems: [a]\n",
        3,
        11,
        "duration",
        "at least 1, got 0",
    ),
    (
        "duration too long",
        "type: checklist\ntitle: T\nduration: 481\nitems: [a]\n",
        3,
        11,
        "duration",
        "at most 480",
    ),
    (
        "answer ja",
        "type: true-false\ntitle: T\nduration: 5\nstatements:\n  - text: S\n    answer: ja\n",
        6,
        13,
        "statements[0].answer",
        'expected true or false, got "ja"',
    ),
    (
        "answer yes is not YAML 1.2 true",
        "type: true-false\ntitle: T\nduration: 5\nstatements:\n  - text: S\n    answer: yes\n",
        6,
        13,
        "statements[0].answer",
        'expected true or false, got "yes"',
    ),
    (
        "unknown key with suggestion",
        "type: checklist\ntitle: T\nduration: 5\nitmes: [a]\n",
        4,
        1,
        "itmes",
        "unknown key 'itmes' (did you mean 'items'?)",
    ),
    (
        "non-slug id",
        "id: Meine Karte\ntype: checklist\ntitle: T\nduration: 5\nitems: [a]\n",
        1,
        5,
        "id",
        "lowercase letters, digits and single hyphens",
    ),
    (
        "bad mode with suggestion",
        "type: checklist\ntitle: T\nduration: 5\nmode: soло\nitems: [a]\n",
        4,
        7,
        "mode",
        "expected 'solo', 'pair', 'group' or 'plenary'",
    ),
    (
        "bad use",
        "type: checklist\ntitle: T\nduration: 5\nuse: [seminar, selfstudy]\nitems: [a]\n",
        4,
        16,
        "use[1]",
        "did you mean 'self-study'?",
    ),
    (
        "a list where a mapping belongs",
        "type: reflection\ntitle: T\nduration: 5\nprompts:\n  - [a, b]\n",
        5,
        5,
        "prompts[0]",
        "expected a mapping (key: value pairs), got a list of 2 items",
    ),
    (
        "a mapping where a list belongs",
        "type: checklist\ntitle: T\nduration: 5\nitems:\n  a: b\n",
        5,
        3,
        "items",
        "expected a list, got a mapping",
    ),
    (
        "empty title",
        'type: checklist\ntitle: ""\nduration: 5\nitems: [a]\n',
        2,
        8,
        "title",
        "expected a text, got an empty one",
    ),
    (
        "quiz question without a correct option",
        QUIZ.replace("        correct: true\n", ""),
        7,
        7,
        "questions[0].options",
        "no option is marked 'correct: true'",
    ),
    (
        "quiz question with one option",
        "type: quiz\ntitle: T\nduration: 5\nquestions:\n  - text: Q\n    options:\n"
        "      - text: A\n        correct: true\n",
        7,
        7,
        "questions[0].options",
        "at least 2 items, got a list of 1 item",
    ),
    (
        "quiz single choice with two correct options",
        QUIZ.replace("      - text: B\n", "      - text: B\n        correct: true\n"),
        5,
        5,
        "questions[0]",
        "'multiple' is not true",
    ),
    (
        "cloze without gaps",
        "type: cloze\ntitle: T\nduration: 5\ntext: No gaps here.\n",
        4,
        7,
        "text",
        "has no gaps",
    ),
    (
        "cloze with an empty alternative",
        "type: cloze\ntitle: T\nduration: 5\ntext: A [[b|]] c.\n",
        4,
        9,
        "text",
        "gap 1 has an empty answer",
    ),
    (
        "cloze with an unclosed gap",
        "type: cloze\ntitle: T\nduration: 5\ntext: A [[b]] c [[d.\n",
        4,
        17,
        "text",
        "not closed",
    ),
    (
        "matching with one pair",
        "type: matching\ntitle: T\nduration: 5\npairs:\n  - left: a\n    right: b\n",
        5,
        3,
        "pairs",
        "at least 2 items",
    ),
    (
        "matching with a distractor that is a right item",
        "type: matching\ntitle: T\nduration: 5\npairs:\n  - left: a\n    right: b\n"
        "  - left: c\n    right: d\ndistractors: [d]\n",
        9,
        15,
        "distractors[0]",
        "cannot be a distractor",
    ),
    (
        "ordering with one item",
        "type: ordering\ntitle: T\nduration: 5\nitems: [only]\n",
        4,
        8,
        "items",
        "at least 2 items",
    ),
    (
        "ordering with a repeated item",
        "type: ordering\ntitle: T\nduration: 5\nitems: [a, b, a]\n",
        4,
        15,
        "items[2]",
        "appears twice",
    ),
    (
        "self-assessment bands with a gap",
        "type: self-assessment\ntitle: T\nduration: 5\nstatements:\n  - text: s1\n  - text: s2\n"
        "evaluation:\n  - {min: 2, max: 4, text: low}\n  - {min: 7, max: 10, text: high}\n",
        8,
        3,
        "evaluation",
        "totals 5 to 6 are not covered by any band",
    ),
    (
        "self-assessment bands that overlap",
        "type: self-assessment\ntitle: T\nduration: 5\nstatements:\n  - text: s1\n  - text: s2\n"
        "evaluation:\n  - {min: 2, max: 6, text: low}\n  - {min: 6, max: 10, text: high}\n",
        9,
        5,
        "evaluation[1]",
        "totals 6 are covered by evaluation[0] too",
    ),
    (
        "self-assessment band beyond the possible totals",
        "type: self-assessment\ntitle: T\nduration: 5\nscale: [no, yes]\nstatements:\n"
        "  - text: s1\nevaluation:\n  - {min: 1, max: 3, text: all}\n",
        8,
        5,
        "evaluation[0]",
        "outside the possible totals 1 to 2",
    ),
    (
        "role-play phases that do not add up",
        "type: role-play\ntitle: T\nduration: 30\nroles:\n  - {name: A, brief: a}\n"
        "  - {name: B, brief: b}\nphases:\n  - {title: P1, minutes: 10}\n"
        "  - {title: P2, minutes: 15}\n",
        3,
        11,
        "duration",
        "phases add up to 25 minutes, but duration is 30",
    ),
    (
        "role-play with one role",
        "type: role-play\ntitle: T\nduration: 10\nroles:\n  - {name: A, brief: a}\n"
        "phases:\n  - {title: P1, minutes: 10}\n",
        5,
        3,
        "roles",
        "at least 2 items",
    ),
    (
        "scenario with no choices",
        "type: scenario\ntitle: T\nduration: 5\nsituation: S\nquestion: Q?\n",
        1,
        1,
        "choices",
        "missing required key 'choices'",
    ),
    (
        "scenario with an empty choice list",
        "type: scenario\ntitle: T\nduration: 5\nsituation: S\nquestion: Q?\nchoices: []\n",
        6,
        10,
        "choices",
        "at least 2 items, got a list of 0 items",
    ),
    (
        "network map with too many rings",
        "type: network-map\ntitle: T\nduration: 5\nrings: [a, b, c, d, e, f, g]\n",
        4,
        8,
        "rings",
        "at most 6 items",
    ),
    (
        "action plan with a word for rows",
        "type: action-plan\ntitle: T\nduration: 5\nrows: drei\n",
        4,
        7,
        "rows",
        'expected a whole number, got "drei"',
    ),
    (
        "reflection with a negative line count",
        "type: reflection\ntitle: T\nduration: 5\nprompts:\n  - text: p\n    lines: -1\n",
        6,
        12,
        "prompts[0].lines",
        "at least 1",
    ),
    (
        "duplicate key",
        "type: checklist\ntitle: T\ntitle: U\nduration: 5\nitems: [a]\n",
        3,
        1,
        "title",
        "appears twice",
    ),
    (
        "python tag is refused, not executed",
        "type: checklist\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\n"
        "duration: 5\nitems: [a]\n",
        2,
        8,
        "title",
        "the tag '!!python/object/apply:os.system' is not allowed",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "key_path", "words"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_exercise_is_reported_precisely(
    text: str, line: int, column: int, key_path: str, words: str
) -> None:
    problem = only(check(text))
    assert problem.file == FILE
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert problem.key_path == key_path, str(problem)
    assert words in problem.message, str(problem)
    assert "Error" not in problem.message and "pydantic" not in problem.message


VALID = [
    (
        "quiz with several correct options",
        QUIZ.replace("      - text: B\n", "      - text: B\n        correct: true\n").replace(
            "  - text: Q?\n", "  - text: Q?\n    multiple: true\n"
        ),
    ),
    (
        "self-assessment bands that cover every total",
        "type: self-assessment\ntitle: T\nduration: 5\nstatements:\n  - text: s1\n"
        "  - text: s2\n    reverse: true\nevaluation:\n  - {min: 2, max: 5, text: low}\n"
        "  - {min: 6, max: 10, text: high}\n",
    ),
    (
        "role-play whose phases add up",
        "type: role-play\ntitle: T\nduration: 25\nroles:\n  - {name: A, brief: a}\n"
        "  - {name: B, brief: b}\nphases:\n  - {title: P1, minutes: 10}\n"
        "  - {title: P2, minutes: 15}\n",
    ),
    ("cloze with alternatives", "type: cloze\ntitle: T\nduration: 5\ntext: A [[b|B]] c [[d]].\n"),
    (
        "matching with a shared right item",
        "type: matching\ntitle: T\nduration: 5\npairs:\n  - {left: a, right: x}\n"
        "  - {left: b, right: x}\n  - {left: c, right: y}\n",
    ),
    ("numbers as text", "type: ordering\ntitle: 2024\nduration: 5\nitems: [1995, 2013]\n"),
    ("network map with defaults", "type: network-map\ntitle: T\nduration: 5\n"),
    ("action plan with defaults", "type: action-plan\ntitle: T\nduration: 5\n"),
    (
        "aliases within reason",
        "type: checklist\ntitle: &t Title\nduration: 5\nitems: [*t, other]\n",
    ),
    ("a byte-order mark", "\ufefftype: checklist\ntitle: T\nduration: 5\nitems: [a]\n"),
]


@pytest.mark.parametrize("text", [case[1] for case in VALID], ids=[case[0] for case in VALID])
def test_valid_variants_pass(text: str) -> None:
    assert check(text) == []


def test_id_defaults_to_file_name() -> None:
    exercise, _ = parse_exercise(
        b"type: checklist\ntitle: T\nduration: 5\nitems: [a]\n", "exercises/a/meine-liste.yml"
    )
    assert exercise is not None and exercise.key == "meine-liste"


def test_file_name_that_is_no_slug_needs_an_id() -> None:
    problem = only(
        check("type: checklist\ntitle: T\nduration: 5\nitems: [a]\n", "exercises/Meine Liste.yml")
    )
    assert problem.key_path == "id" and "not a valid id" in problem.message


def test_latin1_file_names_line_and_column() -> None:
    problem = only(check("type: checklist\ntitle: Übung\n".encode("latin-1")))
    assert (problem.line, problem.column) == (2, 8)
    assert "not UTF-8" in problem.message and "Latin-1" in problem.message


def test_several_problems_in_one_file_are_all_reported() -> None:
    problems = check("type: checklist\ntitle: T\nduration: ten\nitmes: [a]\nmode: alone\n")
    # The missing `items` is not repeated: the unknown `itmes` already suggests it.
    assert {p.key_path for p in problems} == {"duration", "itmes", "mode"}


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    started = time.perf_counter()
    problem = only(check("\n".join(lines) + "\n"))
    assert time.perf_counter() - started < 5
    assert "alias bomb" in problem.message


def test_python_tag_does_not_run(tmp_path: pytest.TempPathFactory) -> None:
    marker = "/tmp/seminarkit-must-not-exist"
    check(f"type: checklist\ntitle: !!python/object/apply:os.system ['touch {marker}']\n")
    import os

    assert not os.path.exists(marker)
