"""Big but valid YAML is read; alias bombs, alias cycles and absurd nesting are refused quickly
with a located problem, never a traceback. Times are CPU seconds of this process."""

from __future__ import annotations

import time

import pytest

from seminarkit.loader import parse_exercise
from seminarkit.yamlsource import MAX_ALIAS_EXPANSION, parse_yaml

FILE = "exercises/big.yml"


def big_quiz(size: int) -> bytes:
    """A valid quiz of at least `size` bytes without a single alias."""
    parts = ["type: quiz\ntitle: Big\nduration: 30\nquestions:\n"]
    total, number = 0, 0
    while total < size:
        part = (
            f"  - text: Question {number}, which answer is right, and why does it matter?\n"
            f"    options:\n"
            f"      - text: The first answer of question {number}\n"
            f"        correct: true\n"
            f"        feedback: Right, the first one.\n"
            f"      - text: The second answer of question {number}\n"
            f"      - text: The third answer of question {number}\n"
        )
        parts.append(part)
        total += len(part)
        number += 1
    return "".join(parts).encode("utf-8")


def test_five_megabyte_quiz_without_aliases_loads() -> None:
    raw = big_quiz(5 * 1024 * 1024)
    started = time.process_time()
    exercise, problems = parse_exercise(raw, FILE)
    seconds = time.process_time() - started
    assert problems == []
    assert exercise is not None and len(exercise.questions) > 15_000  # type: ignore[attr-defined]
    print(f"5 MB quiz: {seconds:.2f} s CPU")  # measured: about 3 s on the reference machine
    assert seconds < 60


def test_aliases_that_really_repeat_values_are_fine() -> None:
    options = "\n".join(f"      - text: Option {n}" for n in range(1, 9))
    questions = "\n".join(f"  - text: Question {n}?\n    options: *options" for n in range(2, 300))
    raw = (
        "type: quiz\ntitle: Shared options\nduration: 5\nquestions:\n"
        "  - text: Question 1?\n    options: &options\n      - text: Option 0\n"
        "        correct: true\n" + options + "\n" + questions + "\n"
    ).encode("utf-8")
    exercise, problems = parse_exercise(raw, FILE)
    assert problems == [], [str(p) for p in problems]
    assert exercise is not None and len(exercise.questions) == 299  # type: ignore[attr-defined]


def _laughs(open_: str, close: str, item: str) -> str:
    """The billion laughs: nine levels, each repeating the one before nine times."""
    lines = [f"a: &a {open_}{', '.join([item] * 9)}{close}"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        values = ", ".join(item.replace("lol", f"*{previous}").replace('"', "") for _ in range(9))
        lines.append(f"{name}: &{name} {open_}{values}{close}")
    return "\n".join(lines) + "\n"


BOMBS = {
    "lists": _laughs("[", "]", '"lol"'),
    "mappings": "a: &a {x: 1, y: 2, z: 3}\n"
    + "".join(
        f"k{n}: &k{n} {{" + ", ".join(f"m{j}: *k{n - 1}" for j in range(10)) + "}\n"
        for n in range(1, 12)
    ).replace("*k0", "*a"),
    "one long text": 'a: &a "'
    + "lol" * 1000
    + '"\n'
    + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 9) + "]\n"
        for n in range(8)
    ),
    "block style": "a: &a\n  - lol\n  - lol\n"
    + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)}\n" + "".join(f"  - *{chr(97 + n)}\n" for _ in range(9))
        for n in range(9)
    ),
}


@pytest.mark.parametrize("name", BOMBS)
def test_alias_bombs_are_refused_in_well_under_a_second(name: str) -> None:
    started = time.process_time()
    _, problems = parse_yaml(BOMBS[name], FILE)
    seconds = time.process_time() - started
    assert len(problems) == 1 and "alias bomb" in problems[0].message
    assert f"{MAX_ALIAS_EXPANSION:,}" in problems[0].message
    assert seconds < 0.5, seconds


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: &x [*x]\n", 1, 4),
        ("title: T\nloop: &x\n  next: *x\n", 2, 7),
        ("a: &x [1, [2, {b: *x}]]\n", 1, 4),
    ],
)
def test_alias_inside_its_own_anchor_is_a_located_problem(
    text: str, line: int, column: int
) -> None:
    _, problems = parse_yaml(text, FILE)
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (line, column)
    assert "refers to the value itself" in problems[0].message


def test_absurd_nesting_is_a_problem_not_a_crash() -> None:
    deep = "a:\n" + "".join("  " * (depth + 1) + f"k{depth}:\n" for depth in range(5000))
    _, problems = parse_yaml(deep, FILE)
    assert len(problems) == 1 and problems[0].file == FILE
