"""Directives inside nested blocks, in code and in comments: real `mkdocs build`s, the reader PDF
and the Markdown extension on its own.

The real-world fixture page `docs/nested.md` embeds one exercise in each kind of container and
shows directives that must stay as written (code) or embed nothing (comments). Courses that must
fail, or that leave an exercise unembedded, are tmp copies.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import markdown
import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from seminarkit.cli import main
from seminarkit.directives import mkdocs_extensions
from seminarkit.loader import load_course
from seminarkit.markdown import SeminarkitExtension
from seminarkit.print.renderer import PrintRenderer
from seminarkit.problems import CourseError
from seminarkit.web import WebRenderer

from .conftest import FIXTURES, IGNORED, mkdocs_build

REALWORLD = FIXTURES / "realworld"
NESTED = {
    "nested-note": "Inside a note",
    "nested-tip": "Inside a closed tip",
    "nested-open": "Inside an open tip",
    "nested-tab": "Inside a tab",
    "nested-item": "Inside a numbered item",
    "nested-loose": "Inside a bullet item",
    "nested-deep": "Inside a tab in a note in a list item",
    "nested-quote": "Inside a blockquote",
    "nested-html": "Inside an HTML element with markdown",
}
HIDDEN_EXERCISE = """\
type: quiz
title: Commented out
duration: 5
use: [self-study]
questions:
  - text: Is this exercise on a page?
    options:
      - text: "No"
        correct: true
      - text: "Yes"
"""
HIDDEN_PAGE = """\
# Commented out

<!-- ::: exercise nested-hidden -->

<!--
Not yet:
::: exercise nested-hidden
-->

!!! note
    <!--
    ::: exercise nested-hidden
    -->
    Soon.

## All exercises

::: exercises

## Progress

::: progress
"""


def copy_realworld(target: Path, *, pdf: bool) -> Path:
    """A copy of the real-world course; `pdf=False` builds the site only."""
    shutil.copytree(REALWORLD, target, ignore=IGNORED)
    if not pdf:
        config_file = target / "mkdocs.yml"
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config["plugins"] = [
            {"seminarkit": {"pdf": False}} if plugin == "seminarkit" else plugin
            for plugin in config["plugins"]
        ]
        config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def realworld_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real-world course built once with `mkdocs build --strict`, PDFs included."""
    root = tmp_path_factory.mktemp("realworld")
    course = copy_realworld(root / "course", pdf=True)
    result = mkdocs_build(course, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root / "site"


def visible_text(html: str) -> str:
    """The article of a page without code, comments and the exercises' data templates."""
    article = html[html.index("<article") : html.index("</article>")]
    for pattern in (
        r"<pre.*?</pre>",
        r"<code.*?</code>",
        r"<!--.*?-->",
        r"<template.*?</template>",
    ):
        article = re.sub(pattern, "", article, flags=re.DOTALL)
    return article


def test_every_nested_exercise_renders_once_and_no_directive_shows(realworld_site: Path) -> None:
    html = (realworld_site / "nested.html").read_text(encoding="utf-8")
    for exercise_id in NESTED:
        assert html.count(f'id="ex-{exercise_id}"') == 1, exercise_id
    assert ":::" not in visible_text(html)
    assert "no-such-exercise" not in visible_text(html)


def test_code_keeps_the_directive_as_written(realworld_site: Path) -> None:
    html = (realworld_site / "nested.html").read_text(encoding="utf-8")
    codes = re.findall(r"<code>(.*?)</code>", html, flags=re.DOTALL)
    assert "::: exercise nested-note\n" in codes
    assert codes.count("::: exercise no-such-exercise\n") == 2  # fenced and indented, in a note


def test_comments_stay_comments(realworld_site: Path) -> None:
    html = (realworld_site / "nested.html").read_text(encoding="utf-8")
    assert "<!-- ::: exercise no-such-exercise -->" in html
    assert "<!--\n::: exercise nested-note\n-->" in html
    assert "<!--\n::: exercise no-such-exercise\n-->\nThe comment above hides" in html


def test_the_reader_pdf_contains_every_nested_exercise(realworld_site: Path) -> None:
    reader = PdfReader(realworld_site / "downloads" / "course-reader.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in NESTED.values():
        assert title in text, title
    assert text.count("::: exercise no-such-exercise") == 2  # only the two code blocks


def test_the_model_knows_each_line_and_section() -> None:
    course = load_course(REALWORLD)
    lesson = course.lesson_by_path("nested.md")
    assert lesson is not None
    lines = lesson.body.split("\n")
    found = {d.argument: (d.line, d.section_level) for d in lesson.directives}
    assert list(found) == list(NESTED)
    for exercise_id, (line, level) in found.items():
        assert lines[line - lesson.body_line].endswith(f"::: exercise {exercise_id}")
        assert level == 2


# -- comments: as if the line were missing ------------------------------------------------------


@pytest.fixture(scope="module")
def hidden_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real-world course plus a page that embeds `nested-hidden` in comments only."""
    course = copy_realworld(tmp_path_factory.mktemp("hidden") / "course", pdf=False)
    (course / "exercises" / "nested" / "nested-hidden.yml").write_text(HIDDEN_EXERCISE, "utf-8")
    (course / "docs" / "hidden.md").write_text(HIDDEN_PAGE, encoding="utf-8")
    return course


def test_an_exercise_only_in_comments_is_not_embedded_under_strict(
    hidden_course: Path, tmp_path: Path
) -> None:
    result = mkdocs_build(hidden_course, tmp_path / "site", "--strict")
    assert result.returncode != 0
    assert "no page embeds exercise 'nested-hidden'" in result.stderr
    checked = CliRunner().invoke(main, ["check", "--strict", str(hidden_course)])
    assert checked.exit_code != 0
    assert "no page embeds exercise 'nested-hidden'" in checked.output


def test_nothing_links_to_a_commented_out_exercise(hidden_course: Path, tmp_path: Path) -> None:
    config_file = hidden_course / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["validation"] = {"anchors": "warn"}
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(hidden_course, site)
    assert result.returncode == 0, result.stderr
    assert "anchor" not in result.stderr, result.stderr
    page = (site / "hidden.html").read_text(encoding="utf-8")
    assert 'id="ex-nested-hidden"' not in page
    assert 'href="nested.html#ex-nested-note"' in page  # the index links embedded ones
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "Commented out" in r)
    assert "<a " not in row and "not embedded" in row.lower()
    for built in site.rglob("*.html"):
        assert "#ex-nested-hidden" not in built.read_text(encoding="utf-8"), built


def test_print_leaves_a_commented_out_exercise_out(hidden_course: Path) -> None:
    course = load_course(hidden_course)
    assert course.lesson_of("nested-hidden") is None
    lesson = course.lesson_by_path("hidden.md")
    assert lesson is not None and lesson.exercise_ids == []
    renderer = PrintRenderer(course)
    for document in renderer.documents:
        if document.kind in ("worksheets", "solutions"):
            assert "Commented out" not in renderer.render_document(document).html


# -- lines that cannot render are located errors --------------------------------------------------


def test_a_directive_in_raw_html_fails_the_build_with_its_line(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course", pdf=False)
    page = '# Raw\n\n<div class="box">\n    ::: exercise nested-note\n</div>\n'
    (course / "docs" / "raw.md").write_text(page, encoding="utf-8")
    result = mkdocs_build(course, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/raw.md:4: '::: exercise nested-note' stands in raw HTML" in result.stderr
    assert "Traceback" not in result.stderr


# -- the extension on its own ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def convert() -> Callable[[str], str]:
    """Markdown with the real-world course's extensions and seminarkit, as MkDocs runs them."""
    course = load_course(REALWORLD)
    extension = SeminarkitExtension(renderer=WebRenderer(course))
    md = markdown.Markdown(
        extensions=[*mkdocs_extensions(course.config.markdown_extensions), "footnotes", extension],
        extension_configs=course.config.mdx_configs,
    )

    def run(text: str) -> str:
        md.reset()
        html = md.convert(dedent(text).lstrip("\n"))
        return re.sub(r'<section [^>]*id="(ex-[a-z-]+)".*?</section>', r"[\1]", html, flags=re.S)

    return run


def test_indented_code_reads_as_written(convert: Callable[[str], str]) -> None:
    text = """
        Text.

            one
            ::: exercise nested-note
            two

            three
        """
    assert "<code>one\n::: exercise nested-note\ntwo\n\nthree\n</code>" in convert(text)


def test_a_code_span_over_lines_and_an_inline_comment_stay(convert: Callable[[str], str]) -> None:
    html = convert("Text `a\n::: exercise nested-note\n` and <!-- c\n::: exercise x\n--> end\n")
    assert html == (
        "<p>Text <code>a\n::: exercise nested-note</code> and <!-- c\n::: exercise x\n--> end</p>"
    )


def test_the_exercise_splits_the_paragraph_it_stands_in(convert: Callable[[str], str]) -> None:
    text = """
        !!! note
            Before.
            ::: exercise nested-note
            After.[^1]

        [^1]: A footnote.
        """
    html = convert(text)
    assert "<p>Before.</p>\n[ex-nested-note]\n<p>After.<sup" in html


def test_a_markdown_directive_renders_inside_its_container(convert: Callable[[str], str]) -> None:
    html = convert('??? info "All exercises"\n    ::: exercises\n')
    assert re.search(r"<details class=\"info\">\n<summary>All exercises</summary>\n<table>", html)
    assert '<a href="nested.md#ex-nested-note">Inside a note</a>' in html


def test_every_problem_of_a_page_is_raised_at_once(convert: Callable[[str], str]) -> None:
    text = """
        !!! note
            ::: exercise nested-notes

        > ::: exercize nested-note
        """
    with pytest.raises(CourseError) as raised:
        convert(text)
    messages = [f"{p.line}: {p.message}" for p in raised.value.problems]
    assert messages == [
        "2: unknown exercise 'nested-notes' (did you mean 'nested-note'?)",
        "4: unknown directive '::: exercize' (did you mean 'exercise'?)",
    ]
