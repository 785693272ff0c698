"""The image rule (one for every output) and the loader's check of every image a course shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from seminarkit.cli import main
from seminarkit.images import (
    attribute,
    dimension_problem,
    html_dimension,
    image_tags,
    locate,
    rewrite_images,
    sizes_as_css,
    url_path,
    with_src,
)
from seminarkit.loader import load_course
from seminarkit.problems import Problem

from .realworld_images import (
    ARROW,
    CHART,
    DEEP_PAGE,
    FLIPCHART,
    GAPS,
    PLAN,
    QUIZ,
    REALWORLD,
    TOP_PAGE,
    copy_realworld,
    edit,
)


@pytest.mark.parametrize(
    ("src", "page", "path", "suffix"),
    [
        # Exercise images (no page) start at docs/, however deep the embedding page lies.
        ("images/img/chart.png", None, "images/img/chart.png", ""),
        ("/images/img/chart.png", None, "images/img/chart.png", ""),
        ("./images/../images/img/chart.png", None, "images/img/chart.png", ""),
        # A page's own images are relative to the page; `/` starts at docs/ there too.
        ("img/x.png", "a/b/lesson.md", "a/b/img/x.png", ""),
        ("../x.png", "a/b/lesson.md", "a/x.png", ""),
        ("/img/x.png", "a/b/lesson.md", "img/x.png", ""),
        # URLs: percent escapes decoded for the file, query and fragment kept for the web.
        ("img/Gr%C3%B6%C3%9Fe%20plan.png?v=2#top", None, "img/Größe plan.png", "?v=2#top"),
        ("img/Größe plan.png", None, "img/Größe plan.png", ""),
    ],
)
def test_the_rule(src: str, page: str | None, path: str, suffix: str) -> None:
    ref = locate(src, page)
    assert (ref.path, ref.suffix, ref.problem) == (path, suffix, "")


@pytest.mark.parametrize(
    ("src", "page", "words"),
    [
        ("../x.png", None, "outside docs/"),
        ("../../../x.png", "a/lesson.md", "outside docs/"),
        ("https://example.org/x.png", None, "remote image"),
        ("//example.org/x.png", None, "remote image"),
        ("file:///etc/hosts", None, "is a file: URL"),
        ("  ", None, "empty image path"),
    ],
)
def test_the_rule_refuses(src: str, page: str | None, words: str) -> None:
    ref = locate(src, page)
    assert ref.path is None and words in ref.problem


def test_data_urls_stand_as_they_are() -> None:
    ref = locate("data:image/png;base64,iVBORw0KGgo=")
    assert ref.inline and ref.path is None and not ref.problem


def test_url_path_encodes_spaces_and_umlauts() -> None:
    assert url_path("../img/Größe plan.png") == "../img/Gr%C3%B6%C3%9Fe%20plan.png"


@pytest.mark.parametrize(
    ("value", "css", "fine"),
    [
        ("60", "60px", True),
        ("60px", "60px", True),
        (" 2.5 ", "2.5px", True),
        ("50%", "50%", True),
        ("3cm", "3px", False),
        ("1em", "1px", False),
        ("auto", None, False),
        ("0", None, False),
    ],
)
def test_sizes_are_read_as_browsers_read_them(value: str, css: str | None, fine: bool) -> None:
    assert html_dimension(value) == css
    problem = dimension_problem("width", value)
    assert (problem == "") is fine
    if not fine:
        assert f'style="width: {value}"' in problem


def test_sizes_become_css_once_and_the_authors_style_wins() -> None:
    html = '<p><img alt="a" src="x.png" width="60" height="40%" style="width: 2cm"></p>'
    once = rewrite_images(html, sizes_as_css)
    (tag,) = image_tags(once)
    assert attribute(tag, "style") == "height: 40%; width: 2cm"
    assert rewrite_images(once, sizes_as_css) == once


def test_rewriting_touches_img_tags_only() -> None:
    html = (
        '<p>a > b <IMG SRC=\'one.png\' alt="x > y"> <code>&lt;img src="no.png"&gt;</code>'
        '<img src="two.png" alt="&quot;q&quot;" /><video src="v.mp4"></video></p>'
    )
    rewritten = rewrite_images(html, lambda tag: with_src(tag, "new/" + str(attribute(tag, "src"))))
    assert rewritten == (
        '<p>a > b <img src="new/one.png" alt="x &gt; y"> <code>&lt;img src="no.png"&gt;</code>'
        '<img src="new/two.png" alt="&quot;q&quot;" /><video src="v.mp4"></video></p>'
    )
    dropped = rewrite_images(html, lambda tag: with_src(tag, None))
    assert dropped.count("src=") == 2 and "one.png" not in dropped and "two.png" not in dropped


def test_the_fixture_course_has_no_image_problems() -> None:
    course = load_course(REALWORLD, strict=True)
    assert course.problems == []
    for file in (CHART, PLAN, ARROW, FLIPCHART):
        image = course.images[file.removeprefix("docs/")]
        assert image.data == (REALWORLD / file).read_bytes()
    assert course.images["images/img/chart.png"].used_by == [QUIZ]
    assert course.images["images/img/arrow.svg"].used_by == [GAPS, QUIZ]
    assert course.images["images/module-1/img/flipchart.png"].used_by == [DEEP_PAGE]


def _problems(course: Path, strict: bool = False) -> list[Problem]:
    return load_course(course, strict=strict).problems


def _line_of(course: Path, file: str, text: str) -> int:
    lines = (course / file).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_a_missing_exercise_image_names_file_line_and_key(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    edit(course, QUIZ, "images/img/arrow.svg", "images/img/pfeil.svg")
    (problem,) = _problems(course)
    assert problem.severity == "warning"
    assert (problem.file, problem.line) == (QUIZ, _line_of(course, QUIZ, "pfeil.svg"))
    assert (
        problem.column
        == (course / QUIZ)
        .read_text("utf-8")
        .split("\n")[problem.line - 1]
        .index("images/img/pfeil.svg")
        + 1
    )
    assert problem.key_path == "questions[0].options[0].text"
    assert problem.message == (
        "missing image 'images/img/pfeil.svg' (no file docs/images/img/pfeil.svg)"
    )
    (strict,) = _problems(course, strict=True)
    assert strict.severity == "error"


def test_an_exercise_image_written_relative_to_its_page_gets_a_hint(tmp_path: Path) -> None:
    """The issue's case: it showed on the web by accident, relative to the embedding page."""
    course = copy_realworld(tmp_path / "course")
    edit(course, QUIZ, "hints:\n", "hints:\n  - '![Sketch](img/flipchart.png)'\n")
    (problem,) = _problems(course)
    assert (problem.file, problem.key_path) == (QUIZ, "hints[0]")
    assert problem.message == (
        "missing image 'img/flipchart.png' (no file docs/img/flipchart.png); image paths in "
        "exercises start at docs/, whichever page embeds them: write "
        "'images/module-1/img/flipchart.png'"
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"this is not a picture", "not an image file Pillow can read"),
        (None, "the image data is damaged"),
        (b"<html><body>hello</body></html>", "not an image file Pillow can read"),
    ],
)
def test_an_unreadable_image_is_a_warning_in_every_file_that_shows_it(
    tmp_path: Path, content: bytes | None, words: str
) -> None:
    course = copy_realworld(tmp_path / "course")
    chart = course / CHART
    chart.write_bytes(content if content is not None else chart.read_bytes()[:200])
    problems = _problems(course)
    assert {p.severity for p in problems} == {"warning"}
    assert {p.key_path for p in problems} == {"intro", "hints[0]", "solution", "trainer_notes"}
    for problem in problems:
        assert problem.file == QUIZ
        assert problem.message.startswith(
            "unreadable image 'images/img/chart.png' (docs/images/img/chart.png): "
        )
        assert words in problem.message


def test_an_svg_that_is_not_svg_is_unreadable(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    (course / ARROW).write_text("<html><body>no drawing</body></html>", "utf-8")
    problems = _problems(course)
    assert {p.file for p in problems} == {QUIZ, GAPS}
    assert all("not an SVG file (its root element is <html>)" in p.message for p in problems)


def test_page_images_and_trainer_notes_are_relative_to_the_page(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    (course / FLIPCHART).unlink()
    problems = _problems(course)
    assert [(p.file, p.key_path, p.line) for p in problems] == [
        (DEEP_PAGE, "trainer_notes", _line_of(course, DEEP_PAGE, "![Flipchart sketch]")),
        (DEEP_PAGE, "", _line_of(course, DEEP_PAGE, '<img src="img/flipchart.png"')),
    ]
    assert problems[0].message == (
        "missing image 'img/flipchart.png' (no file docs/images/module-1/img/flipchart.png)"
    )


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('images/img/logo.png){ width="48" }', "https://example.org/logo.png)", "remote image"),
        ('images/img/logo.png){ width="48" }', "../logo.png)", "outside docs/"),
        ('{ width="48" }', '{ width="3cm" }', 'width="3cm" is read as 3px by browsers'),
    ],
)
def test_other_image_problems_of_a_page(tmp_path: Path, old: str, new: str, words: str) -> None:
    course = copy_realworld(tmp_path / "course")
    edit(course, TOP_PAGE, old, new)
    (problem,) = _problems(course)
    assert problem.file == TOP_PAGE and problem.line == _line_of(course, TOP_PAGE, "![Course logo]")
    assert words in problem.message


def test_check_reports_image_warnings_and_fails_with_strict(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    (course / PLAN).unlink()
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(course)])
    assert result.exit_code == 0, result.output
    assert (
        f"{QUIZ}:" in result.output and "warning: questions[0].text: missing image" in result.output
    )
    strict = runner.invoke(main, ["check", "--strict", str(course)])
    assert strict.exit_code == 1
    assert "2 problems in 1 file" in strict.output
