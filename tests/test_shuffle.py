"""Shuffled options, items and word banks: fair, stable, and the same on the web and on paper.

`shuffled` picks each order with equal chance from the seed (the exercise id, plus the question
number for quiz options). The seeds below are fixed, so every count here is deterministic; the
bounds are generous (about five standard deviations) so they hold for any fair shuffle.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from markupsafe import Markup

from seminarkit.loader import load_course
from seminarkit.model.course import Course
from seminarkit.model.exercises import Cloze, Matching, Ordering, Quiz
from seminarkit.print.renderer import PrintRenderer
from seminarkit.templating import shuffled
from seminarkit.web import WebRenderer

from .conftest import FIXTURE_COURSE, FIXTURES, REPO

REALWORLD = FIXTURES / "realworld"


def test_two_options_show_the_right_one_first_about_half_the_time() -> None:
    runs = 2000
    first = sum(shuffled(["right", "wrong"], f"quiz-{n}-1")[0] == "right" for n in range(runs))
    assert abs(first - runs / 2) < 5 * math.sqrt(runs / 4), first  # 888..1112


@pytest.mark.parametrize("count", [3, 4])
def test_every_order_is_equally_likely(count: int) -> None:
    orders = math.factorial(count)
    per_order = 400
    seen = Counter(tuple(shuffled(range(count), f"ex-{n}")) for n in range(per_order * orders))
    assert len(seen) == orders, "every order, the original one included, occurs"
    spread = 5 * math.sqrt(per_order)
    assert all(abs(times - per_order) < spread for times in seen.values()), seen


@pytest.mark.parametrize("count", [2, 3, 4])
def test_ordering_items_never_show_the_solution(count: int) -> None:
    others = math.factorial(count) - 1
    seen = Counter(
        tuple(shuffled(range(count), f"steps-{n}", keep_original=False))
        for n in range(300 * others)
    )
    assert tuple(range(count)) not in seen
    assert len(seen) == others, "every other order occurs"


def test_short_lists_come_back_whole() -> None:
    assert shuffled([], "x") == []
    assert shuffled(["only"], "x", keep_original=False) == ["only"]
    assert sorted(shuffled(list("abcdefgh"), "x")) == list("abcdefgh")


#: Pinned orders: a change here reorders every published course's options, so it must be deliberate.
PINNED = {
    "quiz-basics-1": [3, 1, 0, 2, 4],
    "steps": [0, 2, 4, 3, 1],
    "pairs": [0, 4, 2, 3, 1],
}


def test_the_same_seed_gives_the_same_order_in_every_process() -> None:
    """Pinned orders, and whole web pages rendered again in a fresh interpreter whose string
    hashing differs (PYTHONHASHSEED) come out the same: two builds show one order."""
    assert {seed: shuffled(range(5), seed) for seed in PINNED} == PINNED
    keys = [key for root, key in SHUFFLED if root == FIXTURE_COURSE]
    script = (
        "import json, sys; from seminarkit.loader import load_course; "
        "from seminarkit.web import WebRenderer; from seminarkit.templating import shuffled; "
        "course = load_course(sys.argv[1]); renderer = WebRenderer(course); "
        f"print(json.dumps([{{s: shuffled(range(5), s) for s in {list(PINNED)!r}}}, "
        f"[renderer.exercise(course.exercises[k]) for k in {keys!r}]]))"
    )
    course = load_course(FIXTURE_COURSE)
    pages = [WebRenderer(course).exercise(course.exercises[key]) for key in keys]
    hash_seed = "1" if os.environ.get("PYTHONHASHSEED") == "2" else "2"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-c", script, str(FIXTURE_COURSE)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(result.stdout) == [PINNED, pages]


# -- the same order on the web and on paper --------------------------------------------------


def _texts(pattern: str, html: str) -> list[str]:
    """The text content of every match of `pattern`'s first group, in document order."""
    return [Markup(found).striptags() for found in re.findall(pattern, html, re.DOTALL)]


def _web_orders(course: Course, key: str) -> list[list[str]]:
    """What the web page shows shuffled, per question (quiz) or once, as text in page order."""
    exercise = course.exercises[key]
    html = WebRenderer(course).exercise(exercise)
    if isinstance(exercise, Quiz):
        questions = html.split('<fieldset class="sk-question"')[1:]
        return [_texts(r'<label for="[^"]*-o\d+"[^>]*>(.*?)</label>', part) for part in questions]
    if isinstance(exercise, Matching):
        first_menu = html[html.index("<select") : html.index("</select>")]
        return [_texts(r'<option value="[^"]+"[^>]*>(.*?)</option>', first_menu)]
    if isinstance(exercise, Ordering):
        return [_texts(r'<span class="sk-ordering__text"[^>]*>(.*?)</span>\n<label', html)]
    assert isinstance(exercise, Cloze)
    return [_texts(r'<span class="sk-word"[^>]*>(.*?)</span>', html)]


def _paper_orders(course: Course, key: str, solutions: bool) -> list[list[str]]:
    """The same from a worksheet (or the solution key)."""
    exercise = course.exercises[key]
    html = PrintRenderer(course).exercise(exercise, solutions=solutions, standalone=True)
    if isinstance(exercise, Quiz):
        questions = html.split('<li class="sk-question"')[1:]
        return [
            _texts(r'<li[^>]*><span class="sk-box[^"]*"></span> (.*?)\n', part)
            for part in questions
        ]
    if isinstance(exercise, Matching):
        return [_texts(r'<td class="sk-matching__right"[^>]*>(.*?)</td>', html)]
    if isinstance(exercise, Ordering):
        return [_texts(r'<span class="sk-ordering__text"[^>]*>(.*?)</span></li>', html)]
    assert isinstance(exercise, Cloze)
    return [_texts(r'<span class="sk-word"[^>]*>(.*?)</span>', html)]


SHUFFLED = [
    (FIXTURE_COURSE, "quiz-basics"),
    (FIXTURE_COURSE, "pairs"),
    (FIXTURE_COURSE, "steps"),
    (FIXTURE_COURSE, "gaps"),
    (REALWORLD, "inline-quiz"),
    (REALWORLD, "inline-matching"),
    (REALWORLD, "inline-ordering"),
]


@pytest.mark.parametrize(("root", "key"), SHUFFLED, ids=[key for _, key in SHUFFLED])
def test_web_and_paper_show_one_order(root: Path, key: str) -> None:
    course = load_course(root)
    web = _web_orders(course, key)
    assert web and all(len(shown) >= 2 for shown in web), web
    assert _paper_orders(course, key, solutions=False) == web
    if not isinstance(course.exercises[key], Cloze):  # the key has no word bank
        assert _paper_orders(course, key, solutions=True) == web


def test_ordering_is_never_shown_solved() -> None:
    course = load_course(FIXTURE_COURSE)
    steps = course.exercises["steps"]
    assert isinstance(steps, Ordering)
    assert _web_orders(course, "steps") != [list(steps.items)]
