"""`seminarkit check` reads most exercise files in a forked process (seminarkit.forking): the
course it loads is the same as one read in a single process, problems (with their places)
included, also where the child cannot help and the parent does its part itself."""

from __future__ import annotations

import math
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from seminarkit.cli import main
from seminarkit.forking import CHUNK, MIN_ITEMS, SplitMap
from seminarkit.loader import load_course
from seminarkit.model.course import Course
from seminarkit.problems import format_report

from .conftest import FIXTURE_COURSE, FIXTURES, IGNORED

#: A valid exercise whose image is missing (a located problem found from its YAML positions,
#: which the child does not send: the parent parses such a file again).
PICTURE = """type: reflection
title: A picture
duration: 5
intro: |
  Look at the plan.

  ![Plan](img/missing-plan.png)
prompts:
  - text: What do you see?
"""


@pytest.fixture(scope="module")
def big_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course with its exercises copied many times (more than `MIN_ITEMS`),
    the broken course's exercises and a missing image last, so the child reads them."""
    course = tmp_path_factory.mktemp("forked") / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    originals = sorted((course / "exercises").rglob("*.yml"))
    for number in range(MIN_ITEMS // len(originals) + 2):
        folder = course / "exercises" / f"copies-{number:02d}"
        folder.mkdir()
        for original in originals:
            text = original.read_text(encoding="utf-8")
            # Copies without an own id take the file name; those with one clash (a problem).
            (folder / f"c{number:02d}-{original.name}").write_text(text, encoding="utf-8")
    shutil.copytree(FIXTURES / "broken-course" / "exercises", course / "exercises" / "zz-broken")
    (course / "exercises" / "zz-picture.yml").write_text(PICTURE, encoding="utf-8")
    return course


def _summary(course: Course) -> dict[str, object]:
    return {
        "problems": [str(problem) for problem in course.problems],
        "exercises": {
            key: (exercise.source, exercise.model_dump(mode="json"))
            for key, exercise in course.exercises.items()
        },
        "order": list(course.exercises),
        "broken": sorted(course.broken_exercises),
        "images": sorted(course.images),
        "lessons": [lesson.path for lesson in course.lessons],
    }


def test_forked_loading_gives_the_same_course(big_course: Path) -> None:
    alone = _summary(load_course(big_course))
    forked = _summary(load_course(big_course, fork=True))
    assert forked == alone
    problems = alone["problems"]
    assert isinstance(problems, list)
    text = "\n".join(problems)
    # The course has problems of every kind the child may meet, with their places.
    assert "exercises/zz-picture.yml:7:" in text and "missing-plan.png" in text
    assert "exercises/zz-broken/b/kaputt.yml:" in text
    assert "is already used by" in text
    assert len(alone["exercises"]) > MIN_ITEMS  # type: ignore[arg-type]


def test_check_command_reports_the_same_as_one_process(big_course: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(big_course)])
    assert result.exit_code == 1
    assert format_report(load_course(big_course).problems) in result.output


def _pid(_: int) -> int:
    return os.getpid()


def _both_take_part(folder: Path, pause: float = 0.0) -> Callable[[int], tuple[int, int]]:
    """An item's work (its square and the process id) at which each process waits, at its
    first item, until the other has started one, so both take part whatever the machine's
    speed; `pause`: seconds each item takes besides."""
    parent = os.getpid()

    def work(number: int) -> tuple[int, int]:
        me = "parent" if os.getpid() == parent else "child"
        started, other = folder / me, folder / ("child" if me == "parent" else "parent")
        if not started.exists():
            started.touch()
            deadline = time.monotonic() + 30
            while not other.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        time.sleep(pause)
        return number * number, os.getpid()

    return work


def test_split_map_shares_the_chunks_and_keeps_the_order(tmp_path: Path) -> None:
    """The child takes chunks while this process is still busy elsewhere; this one joins in
    when asked for the results, and the results keep the items' order."""
    parent = os.getpid()
    items = list(range(20 * CHUNK + 3))
    split = SplitMap(_both_take_part(tmp_path), items)
    results = split.results()
    assert [square for square, _ in results] == [n * n for n in items]
    pids = [pid for _, pid in results]
    assert parent in pids and len(set(pids)) == 2
    # Whole chunks: each process did CHUNK items in a row (the last chunk is shorter).
    for start in range(0, len(items), CHUNK):
        assert len(set(pids[start : start + CHUNK])) == 1


def test_split_map_turns_what_the_child_sent_with_received(tmp_path: Path) -> None:
    """`received` runs on the child's results only, and a chunk it fails on is done here."""
    parent = os.getpid()
    work = _both_take_part(tmp_path, pause=0.001)  # both take several chunks
    failed: list[int] = []

    def received(result: tuple[int, int]) -> tuple[int, int]:
        if not failed:  # the first chunk the child sends
            failed.append(result[0])
            raise ValueError("this chunk is done again by the parent")
        return -result[0], result[1]

    items = list(range(20 * CHUNK))
    results = SplitMap(work, items, received=received).results()
    assert [abs(square) for square, _ in results] == [n * n for n in items]
    by_child = [square for square, pid in results if pid != parent]
    assert by_child and all(square <= 0 for square in by_child)
    assert all(square >= 0 for square, pid in results if pid == parent)
    assert failed
    first = math.isqrt(failed[0])  # the item whose square the child sent first
    assert all(pid == parent for _, pid in results[first : first + CHUNK])


def test_split_map_without_fork_does_everything_here() -> None:
    items = list(range(3 * MIN_ITEMS))
    split = SplitMap(_pid, items, fork=False)
    assert split._child is None
    assert set(split.results()) == {os.getpid()}


def test_split_map_does_the_work_here_when_the_child_fails() -> None:
    parent = os.getpid()

    def only_here(number: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child cannot do this")
        return number + 1

    assert SplitMap(only_here, list(range(100))).results() == list(range(1, 101))


def test_split_map_error_here_is_raised_and_the_child_stopped() -> None:
    def fails_here(number: int) -> int:
        if number == 3:
            raise ValueError("three")
        return number

    split = SplitMap(fails_here, list(range(100)))
    child = split._child
    with pytest.raises(ValueError, match="three"):
        split.results()
    assert child is not None and child.exitcode is not None


def test_small_lists_are_done_here() -> None:
    items = list(range(MIN_ITEMS - 1))
    assert set(SplitMap(_pid, items).results()) == {os.getpid()}
