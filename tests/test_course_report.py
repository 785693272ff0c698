"""The whole-course report: every problem at once, with file and line, snapshot-tested."""

from __future__ import annotations

from pathlib import Path

from seminarkit.loader import load_course
from seminarkit.problems import format_report

from .conftest import FIXTURE_COURSE, FIXTURES

SNAPSHOT = Path(__file__).parent / "snapshots" / "broken-course.txt"


def test_report_of_a_broken_course_matches_snapshot(update_goldens: bool) -> None:
    course = load_course(FIXTURES / "broken-course")
    report = format_report(course.problems) + "\n"
    if update_goldens:
        SNAPSHOT.write_text(report, encoding="utf-8")
    assert report == SNAPSHOT.read_text(encoding="utf-8")


def test_broken_course_lists_every_kind_of_problem() -> None:
    course = load_course(FIXTURES / "broken-course")
    messages = [str(p) for p in course.problems]
    assert any("docs/index.md:3: unknown exercise 'netzwerkarte'" in m for m in messages)
    assert any("did you mean 'exercise'" in m for m in messages)
    assert any("already used by exercises/a/netzwerkkarte.yml" in m for m in messages)
    assert any("warning: no page embeds exercise 'vergessen'" in m for m in messages)
    # A page that embeds a broken exercise gets no second, misleading "unknown exercise".
    assert not any("unknown exercise 'kaputt'" in m for m in messages)


def test_strict_turns_unembedded_warning_into_error() -> None:
    course = load_course(FIXTURES / "broken-course", strict=True)
    unembedded = [p for p in course.problems if "vergessen" in p.message]
    assert [p.severity for p in unembedded] == ["error"]


def test_fixture_course_is_clean_and_ordered_by_nav() -> None:
    course = load_course(FIXTURE_COURSE)
    assert course.problems == []
    assert [lesson.path for lesson in course.lessons] == [
        "index.md",
        "basics.md",
        "practice/index.md",
    ]
    assert course.lessons[2].title == "Practice"
    assert course.lessons[1].duration == 15
    assert course.lesson_of("map") is course.lessons[2]
    assert len(course.exercises) == 12


def test_directive_in_code_fence_is_ignored() -> None:
    course = load_course(FIXTURE_COURSE)
    assert course.lessons[0].exercise_ids == []


def test_schedule_problems_name_mkdocs_yml_line_and_key(course_copy: Path) -> None:
    config = course_copy / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace('start: "09:00"', 'start: "9 Uhr"').replace(
        "after: basics.md", "after: basic.md"
    )
    config.write_text(text, "utf-8")
    course = load_course(course_copy)
    messages = [str(p) for p in course.problems]
    line = text.splitlines().index('        start: "9 Uhr"') + 1
    assert messages == [
        f"mkdocs.yml:{line}:16: plugins[2].seminarkit.schedule.start: expected a clock time "
        'such as "09:30" (in quotes), got "9 Uhr"'
    ]
    config.write_text(text.replace('start: "9 Uhr"', 'start: "09:00"'), "utf-8")
    (problem,) = load_course(course_copy).problems
    assert problem.key_path == "plugins[2].seminarkit.schedule.breaks[1].after"
    assert "no page 'basic.md'" in problem.message and "did you mean 'basics.md'" in problem.message
