"""The preview tells the truth: `mkdocs serve` marks the files only `seminarkit build` makes,
and a course that breaks shows its problems on every page until it is fixed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from seminarkit.preview import mark_unbuilt, problem_list, show, site_path, wrap
from seminarkit.problems import Problem

from .conftest import FIXTURE_COURSE, IGNORED, MKDOCS

NOTE_EN = "made by <code>seminarkit build</code>"


@pytest.mark.parametrize(
    ("href", "page", "path"),
    [
        ("downloads/reader.pdf", "", "downloads/reader.pdf"),
        ("../downloads/reader.pdf", "basics/", "downloads/reader.pdf"),
        ("../downloads/a%20b.pdf#page=2", "part/lesson.html", "downloads/a b.pdf"),
        ("/downloads/sheets.pdf", "a/b/", "downloads/sheets.pdf"),
        ("downloads/x.pdf", "part/", "part/downloads/x.pdf"),
        ("https://example.org/downloads/x.pdf", "", None),
        ("#top", "basics/", None),
    ],
)
def test_site_path(href: str, page: str, path: str | None) -> None:
    assert site_path(href, page) == path


def test_links_to_unbuilt_files_become_a_note() -> None:
    html = (
        '<p><a href="../downloads/reader.pdf" download>Reader</a>, '
        "<a class='x' href='../downloads/seminar.ics'>Calendar</a>, "
        '<a href="../downloads/handout.pdf">Handout</a>, '
        '<a href="../basics/">Basics</a>, <a href="https://example.org/downloads/x.pdf">x</a></p>'
    )
    built = mark_unbuilt(html, "lesson/", lambda path: path == "downloads/handout.pdf", "en")
    assert 'href="../downloads/reader.pdf"' not in built and "seminar.ics" not in built
    assert built.count(NOTE_EN) == 2
    assert f'<span class="sk-unbuilt">Reader <small>({NOTE_EN})</small></span>' in built
    for kept in ("../downloads/handout.pdf", "../basics/", "https://example.org/downloads/x.pdf"):
        assert f'href="{kept}"' in built  # exists in the preview, another page, another site
    german = mark_unbuilt(html, "lesson/", lambda _: False, "de")
    assert "wird von <code>seminarkit build</code> erstellt" in german


def test_problem_list_replaces_the_content_only_while_there_are_problems() -> None:
    page = f"<header>Site</header><article>{wrap('<h1>Lesson</h1><p>Text</p>')}</article>"
    problems = [
        Problem("exercises/b.yml", 4, 3, "questions[0].text", "is required"),
        Problem("docs/a.md", 7, 0, "", "unknown exercise 'quizz'"),
    ]
    shown = show(page, problems, "de")
    assert shown.startswith('<header>Site</header><article><div class="sk-problems"')
    assert "<p>Text</p>" not in shown and "Der Kurs hat Probleme" in shown
    assert shown.index("docs/a.md:7: unknown") < shown.index(
        "exercises/b.yml:4:3: questions[0].text: is required"
    )
    assert "2 problems in 2 files" in shown
    assert (
        show(page, [], "de") == "<header>Site</header><article><h1>Lesson</h1><p>Text</p></article>"
    )
    assert "&lt;b&gt;" in problem_list([Problem("x.yml", 1, 1, "", "<b>")], "en")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A copy of the fixture course under a real `mkdocs serve` (livereload on)."""
    course = tmp_path_factory.mktemp("preview") / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    process = subprocess.Popen(
        [str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=course,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(MKDOCS.parent), **_pythonpath()},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base, lambda page: "Fixture Course" in page, process)
        yield course, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _pythonpath() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "HOME", "LANG")}


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for(
    url: str, wanted: Callable[[str], bool], process: subprocess.Popen[Any] | None = None
) -> str:
    """The page once it is what we wait for (the server rebuilds on its own time)."""
    deadline = time.monotonic() + 180
    page = ""
    while time.monotonic() < deadline:
        assert process is None or process.poll() is None, "the server stopped"
        try:
            page = fetch(url)
            if wanted(page):
                return page
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed what was expected:\n{page[-2000:]}")


def test_serve_marks_the_downloads_as_made_by_build(served: tuple[Path, str]) -> None:
    _, base = served
    page = fetch(base)
    downloads = page[page.index('<ul class="sk-downloads">') :]
    downloads = downloads[: downloads.index("</ul>")]
    assert "<a " not in downloads and "downloads/" not in downloads
    assert downloads.count(NOTE_EN) == downloads.count("<li") > 3
    assert "sk-problems" not in page


def test_a_broken_course_shows_its_problems_until_fixed(served: tuple[Path, str]) -> None:
    course, base = served
    exercise = course / "exercises" / "basics" / "quiz-basics.yml"
    lesson = course / "docs" / "basics.md"
    good_exercise, good_lesson = exercise.read_text("utf-8"), lesson.read_text("utf-8")
    try:
        exercise.write_text(good_exercise.replace("type: quiz", "type: quizz"), "utf-8")
        page = wait_for(base + "basics.html", lambda page: "sk-problems" in page)
        assert "exercises/basics/quiz-basics.yml:2:7: type:" in page
        assert 'id="ex-quiz-basics"' not in page and "did you mean" in page
        assert "exercises/basics/quiz-basics.yml:2:7" in fetch(base)  # on every page
        # a second mistake on a page, found while rendering it, joins the list
        exercise.write_text(good_exercise, "utf-8")
        lesson.write_text(good_lesson + "\n::: exercise no-such-one\n", "utf-8")
        page = wait_for(
            base + "basics.html", lambda page: "no-such-one" in page and "sk-problems" in page
        )
        assert "docs/basics.md:" in page and "unknown exercise" in page
        assert "sk-problems" in fetch(base)
    finally:
        exercise.write_text(good_exercise, "utf-8")
        lesson.write_text(good_lesson, "utf-8")
    page = wait_for(base + "basics.html", lambda page: "sk-problems" not in page)
    assert 'id="ex-quiz-basics"' in page and "seminarkit:page" not in page


def test_seminarkit_serve_strict_starts_on_a_broken_course(tmp_path: Path) -> None:
    """`seminarkit serve --strict` on a course that is broken from the start: the pages show
    the problems (a strict build would abort on them and serve nothing), then the course."""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    exercise = course / "exercises" / "practice" / "map.yml"
    good = exercise.read_text("utf-8")
    exercise.write_text(good.replace("duration:", "duraton:", 1), "utf-8")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    command = [str(MKDOCS.parent / "python"), "-m", "seminarkit", "serve", "--strict"]
    process = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}", str(course)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PATH": str(MKDOCS.parent), **_pythonpath()},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        page = wait_for(base + "practice/index.html", lambda page: "sk-problems" in page, process)
        assert "exercises/practice/map.yml:" in page and "duraton" in page
        exercise.write_text(good, "utf-8")
        page = wait_for(
            base + "practice/index.html", lambda page: "sk-problems" not in page, process
        )
        assert 'class="sk-exercise' in page
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "exercises/practice/map.yml:" in output and "Traceback" not in output
