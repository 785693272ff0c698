"""Nothing from outside the course folder gets in: an exercise folder outside the course and
exercise links leading out of it are refused (a located error); a template folder outside the
course is a warning, because a folder shared by several courses is a legitimate use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seminarkit.loader import load_course

from .conftest import FIXTURE_COURSE, IGNORED, mkdocs_build

BROKEN_OUTSIDE = "type: quiz\ntitle: [unclosed\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the fixture course, with a broken exercise file beside it (outside the
    course), so any read from outside shows up as a problem."""
    target = tmp_path / "work" / "course"
    shutil.copytree(FIXTURE_COURSE, target, ignore=IGNORED)
    (tmp_path / "outside.yml").write_text(BROKEN_OUTSIDE, encoding="utf-8")
    (tmp_path / "work" / "also-outside.yml").write_text(BROKEN_OUTSIDE, encoding="utf-8")
    return target


def with_options(course: Path, *lines: str) -> int:
    """Add plugin options to mkdocs.yml; the line number of the first one."""
    config = course / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    head, _, tail = text.partition("  - seminarkit:\n")
    config.write_text(
        head + "  - seminarkit:\n" + "".join(f"      {line}\n" for line in lines) + tail,
        encoding="utf-8",
    )
    return head.count("\n") + 2


def strings(problems: object) -> list[str]:
    return [str(problem) for problem in problems]  # type: ignore[attr-defined]


@pytest.mark.parametrize("folder", ["../..", "..", "/etc", "exercises/../../.."])
def test_exercises_dir_outside_the_course_is_refused_with_its_line(
    course: Path, folder: str
) -> None:
    line = with_options(course, f"exercises_dir: {folder}")
    loaded = load_course(course)
    (problem,) = loaded.errors
    assert problem.file == "mkdocs.yml" and (problem.line, problem.column) == (line, 22)
    assert problem.key_path == "plugins[2].seminarkit.exercises_dir"
    assert f"'{folder}' is outside the course folder" in problem.message
    assert loaded.exercises == {}, "nothing is read from outside"


def test_mkdocs_build_names_the_option(course: Path, tmp_path: Path) -> None:
    line = with_options(course, "exercises_dir: ../..")
    result = mkdocs_build(course, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (
        f"mkdocs.yml:{line}:22: plugins[2].seminarkit.exercises_dir: '../..' is outside"
        in result.stderr
    )
    assert "outside.yml" not in result.stderr


def test_exercise_links_leading_out_are_refused(course: Path, tmp_path: Path) -> None:
    exercises = course / "exercises"
    (exercises / "linked.yml").symlink_to(tmp_path / "outside.yml")
    (exercises / "shared").symlink_to(tmp_path / "work", target_is_directory=True)
    (exercises / "here.yml").symlink_to(exercises / "basics" / "reflect.yml")
    (exercises / "again").symlink_to(exercises / "practice", target_is_directory=True)
    problems = strings(load_course(course).errors)
    assert sorted(problems) == [
        f"exercises/linked.yml: this link leads out of the course folder (to "
        f"{tmp_path / 'outside.yml'}); put the exercise files themselves into the course",
        f"exercises/shared: this link leads out of the course folder (to "
        f"{tmp_path / 'work'}); put the exercise files themselves into the course",
    ]


def test_exercise_folder_that_is_a_link_out_of_the_course(course: Path, tmp_path: Path) -> None:
    outside = tmp_path / "shared-exercises"
    shutil.move(course / "exercises", outside)
    (course / "exercises").symlink_to(outside, target_is_directory=True)
    (problem,) = load_course(course).errors
    assert problem.file == "exercises" and problem.line == 0
    assert f"outside the course folder (it is {outside})" in problem.message


def test_templates_dir_outside_is_a_warning_and_is_used(course: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared-templates" / "web"
    shared.mkdir(parents=True)
    line = with_options(course, "templates_dir: ../../shared-templates")
    loaded = load_course(course)
    assert loaded.errors == []
    (warning,) = [w for w in loaded.warnings if "templates_dir" in w.key_path]
    assert (warning.file, warning.line, warning.column) == ("mkdocs.yml", line, 22)
    assert "outside the course folder" in warning.message and warning.severity == "warning"
    strict = load_course(course, strict=True)
    assert [p.key_path for p in strict.errors] == ["plugins[2].seminarkit.templates_dir"]


def test_folders_inside_the_course_are_fine(course: Path) -> None:
    (course / "more").mkdir()
    shutil.move(course / "exercises", course / "more" / "exercises")
    with_options(course, "exercises_dir: more/exercises", "templates_dir: ./templates")
    loaded = load_course(course)
    assert loaded.problems == [] and len(loaded.exercises) == 12
