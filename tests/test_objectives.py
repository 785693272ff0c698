"""A lesson's objectives (front matter `objectives`) in a box under its title: web and reader."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from seminarkit.mdrender import MarkdownRenderer
from seminarkit.templating import make_environment, objectives_html, under_title

from .conftest import FIXTURE_COURSE, IGNORED, mkdocs_build

BOX = '<div class="sk-objectives">'


@pytest.mark.parametrize(
    ("html", "placed"),
    [
        (
            '<h1 id="a">A<a href="#a">¶</a></h1><p>x</p>',
            '<h1 id="a">A<a href="#a">¶</a></h1>\nB<p>x</p>',
        ),
        ("<p>x</p><h1>Later</h1>", "<p>x</p><h1>Later</h1>\nB"),  # under the first h1 only
        ("<p>no title</p>", "B\n<p>no title</p>"),
        ("<h2>Part</h2>", "B\n<h2>Part</h2>"),
    ],
)
def test_under_title(html: str, placed: str) -> None:
    assert under_title(html, "B") == placed
    assert under_title(html, "") == html


def test_objectives_box_in_the_course_language() -> None:
    env = make_environment("de", MarkdownRenderer([], {}))
    html = objectives_html(env, ["Sie nennen *drei* Wege", "Sie üben"])
    assert html.startswith(BOX) and '<p class="sk-label">Lernziele</p>' in html
    assert '<li dir="auto">Sie nennen <em>drei</em> Wege</li>' in html
    assert objectives_html(env, []) == ""


def test_web_lesson_shows_its_objectives_under_the_title(built_fixture: Path) -> None:
    page = (built_fixture / "basics.html").read_text("utf-8")
    article = page[page.index("<article") :]
    assert re.search(
        r"</h1>\s*" + re.escape(BOX) + r"\s*<p class=\"sk-label\">Objectives</p>", article
    )
    assert '<li dir="auto">You try every kind of check.</li>' in article
    assert article.index(BOX) < article.index("Umlauts survive print")
    assert page.count(BOX) == 1
    assert BOX not in (built_fixture / "index.html").read_text("utf-8")  # no objectives


def test_reader_shows_the_objectives_under_the_lesson_title(built_fixture: Path) -> None:
    reader = PdfReader(built_fixture / "downloads" / "course-reader.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    at = flat.index("Basics Objectives")
    assert flat.index("You try every kind of check.", at) < flat.index("Umlauts survive", at)


def test_page_without_a_heading_has_the_box_first(tmp_path: Path) -> None:
    """Title from the front matter (Material writes the h1): the box opens the content."""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    config = course / "mkdocs.yml"
    text = config.read_text("utf-8").replace("language: en", "language: de")
    config.write_text(
        text.replace("  - seminarkit:\n", "  - seminarkit:\n      pdf: false\n"), "utf-8"
    )
    lesson = course / "docs" / "basics.md"
    lesson.write_text(lesson.read_text("utf-8").replace("# Basics\n", "", 1), "utf-8")
    result = mkdocs_build(course, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "basics.html").read_text("utf-8")
    content = page[page.index('<article class="md-content__inner md-typeset">') :]
    assert re.match(
        r'<article class="md-content__inner md-typeset">\s*(<a[^>]*>.*?</a>\s*)*<h1>Basics</h1>\s*'
        + re.escape(BOX)
        + r'\s*<p class="sk-label">Lernziele</p>',
        content,
        re.S,
    ), content[:800]
