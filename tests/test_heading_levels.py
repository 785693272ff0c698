"""Exercise titles sit one level below the heading of the section they stand in."""

from __future__ import annotations

from seminarkit.directives import scan_directives
from seminarkit.loader import load_course
from seminarkit.rendering import PageContext
from seminarkit.web import WebRenderer

from .conftest import FIXTURE_COURSE


def test_section_level_follows_the_last_heading_outside_code() -> None:
    body = "# T\n\n::: exercise a\n\n## S\n\n```\n# not a heading\n```\n\n::: exercise b\n"
    levels = [item.directive.section_level for item in scan_directives(body, 1) if item.directive]
    assert levels == [1, 2]


def test_title_level_in_rendered_html() -> None:
    course = load_course(FIXTURE_COURSE)
    renderer = WebRenderer(course)
    page = PageContext("basics.md", "basics.html")
    (directive,) = [
        d for d in course.lesson_by_path("basics.md").directives if d.argument == "reflect"
    ]
    assert '<h2 class="sk-exercise__title"' in renderer.render(directive, page).text
    assert '<h4 class="sk-exercise__title"' in renderer.exercise(course.exercises["reflect"], 3)
