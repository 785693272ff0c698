"""Lean exercise pages (issue 15): the words seminarkit.js shows come once per page, not once per
exercise, and the search index holds what an exercise says once, without the form's repeated
words and buttons (nor, as before, any solution: tests/test_trainer_control.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from seminarkit.loader import load_course
from seminarkit.search_index import without_unindexed
from seminarkit.web import WebRenderer

from .conftest import FIXTURE_COURSE, IGNORED, mkdocs_build

#: A page whose only exercise stands in an admonition, one with an exercise twice in a tab-less
#: list item and a page without exercises but with other directives.
EXTRA_PAGES = {
    "nested.md": "# Nested\n\n!!! note\n\n    ::: exercise steps\n\nAfter.\n",
    "listed.md": "# Listed\n\n- first\n\n    ::: exercise tick\n\n- second\n",
    "plain.md": "# Plain\n\n::: agenda\n\nNo exercise here.\n",
}
_WORDS = re.compile(r'<template class="sk-ui" data-search-exclude>(.*?)</template>', re.DOTALL)
_DATA = re.compile(r'<template class="sk-data" data-search-exclude>(.*?)</template>', re.DOTALL)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course with the extra pages, built strictly without PDFs."""
    root = tmp_path_factory.mktemp("lean")
    course = root / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    config = course / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace("  - seminarkit:\n", "  - seminarkit:\n      pdf: false\n")
    nav = "".join(f"  - {name}\n" for name in EXTRA_PAGES)
    config.write_text(text.replace("plugins:\n", nav + "plugins:\n", 1), "utf-8")
    for name, page in EXTRA_PAGES.items():
        (course / "docs" / name).write_text(page, "utf-8")
    result = mkdocs_build(course, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def _pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text("utf-8")
        for path in sorted(site.rglob("*.html"))
        if "assets" not in path.parts
    }


def test_words_once_on_every_page_with_exercises(site: Path) -> None:
    pages = _pages(site)
    counts = {
        name: (html.count('class="sk-exercise '), len(_WORDS.findall(html)))
        for name, html in pages.items()
    }
    with_exercises = {name for name, (exercises, _) in counts.items() if exercises}
    assert {"basics.html", "nested.html", "listed.html"} <= with_exercises
    assert counts["basics.html"][0] == 6
    assert {name: words for name, (_, words) in counts.items() if name in with_exercises} == {
        name: 1 for name in with_exercises
    }
    assert [name for name, (exercises, words) in counts.items() if words and not exercises] == []
    words = json.loads(_WORDS.findall(pages["basics.html"])[0])
    assert words["right"] == "Correct." and words["why"]["file"]  # what the script reads


def test_exercise_data_holds_no_words(site: Path) -> None:
    found = [
        json.loads(data)
        for html in _pages(site).values()
        for data in _DATA.findall(html)
        if '"key"' in data  # the exercises' data, not the progress view's
    ]
    assert len(found) >= 12
    assert [sorted(data) for data in found if sorted(data) != ["course", "key", "title"]] == []


def _index(site: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads(
        (site / "search" / "search_index.json").read_text("utf-8")
    )["docs"]
    return docs


def test_search_index_holds_what_an_exercise_says_once(site: Path) -> None:
    text = " ".join(f"{doc['title']} {doc['text']}" for doc in _index(site))
    basics = " ".join(doc["text"] for doc in _index(site) if doc["location"].startswith("basics"))
    # The choices of a matching exercise: searchable, once (under its first item).
    for choice in ("Structural holes", "Bridging capital", "Dunbar's number"):
        assert basics.count(choice) == 1, choice
    # The matching items and true/false statements themselves stay.
    assert "Granovetter" in text and "Putnam" in text
    # The form's own words and the buttons are no search result.
    for words in ("please choose", "Try again", "Mark as done", "Print", "↑", "Position"):
        assert words not in text, words
    assert not re.search(r"\btrue false\b", text)


def _sections(html: str) -> list[tuple[str | None, str, str]]:
    """What Material's search indexes of `html`: (id, title, text) of each section it keeps."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [
        (section.id, "".join(section.title), "".join(section.text))
        for section in parser.data
        if not section.is_excluded()
    ]


def test_search_reads_the_same_without_excluded_content() -> None:
    """Every exercise of the fixture (hints and solutions with nested blocks among them), as
    the indexer sees it with and without the content of the excluded elements."""
    course = load_course(FIXTURE_COURSE)
    renderer = WebRenderer(course)
    exercises = list(course.exercises.values())
    nested = (
        "<div>\n<details><summary>More</summary>\n<div>Penguin umbrella</div>\n</details>\n</div>"
    )
    exercises.append(exercises[0].model_copy(update={"id": "nested-hint", "hints": [nested]}))
    blocks = [renderer.exercise(exercise) for exercise in exercises]
    page = "<h1 id='top'>Page</h1>\n" + "\n<h2 id='next'>Next</h2>\n".join(blocks)
    page += "\n" + renderer.page_words()
    lean = without_unindexed(page)
    assert len(lean) < 0.9 * len(page)
    assert "sk-unindexed" in lean and "Penguin" in page and "Penguin" not in lean
    assert _sections(lean) == _sections(page)
