"""The command line through click's CliRunner."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from seminarkit.cli import main

from .conftest import FIXTURE_COURSE, FIXTURES


def test_check_clean_course_prints_one_line_with_counts() -> None:
    result = CliRunner().invoke(main, ["check", str(FIXTURE_COURSE)])
    assert result.exit_code == 0
    assert result.output.strip() == (
        "ok: 3 pages, 12 exercises (12 types, 11 for the seminar) in Fixture Course"
    )


def test_check_broken_course_lists_all_and_fails() -> None:
    result = CliRunner().invoke(main, ["check", str(FIXTURES / "broken-course")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "10 problems and 1 warning in 6 files"
    assert "Traceback" not in result.output


def test_check_strict_fails_on_unembedded(course_copy: Path) -> None:
    (course_copy / "exercises" / "extra.yml").write_text(
        "type: checklist\ntitle: X\nduration: 5\nitems: [a]\n", encoding="utf-8"
    )
    assert CliRunner().invoke(main, ["check", str(course_copy)]).exit_code == 0
    strict = CliRunner().invoke(main, ["check", "--strict", str(course_copy)])
    assert strict.exit_code == 1 and "no page embeds exercise 'extra'" in strict.output


def test_check_without_mkdocs_yml(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1 and "no mkdocs.yml" in result.output


def test_new_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code != 0 and "not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_new_english_course_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "negotiation"
    result = CliRunner().invoke(main, ["new", str(target), "--language", "en"])
    assert result.exit_code == 0, result.output
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Negotiation"' in config
    course_id = re.search(r"^      course_id: ([0-9a-f-]{36})$", config, re.MULTILINE)
    assert course_id, config
    again = tmp_path / "negotiation-2"
    assert CliRunner().invoke(main, ["new", str(again), "--title", "Negotiation"]).exit_code == 0
    assert course_id.group(1) not in (again / "mkdocs.yml").read_text(encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--strict", str(target)])
    assert check.exit_code == 0, check.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".seminarkit-new")]


def test_schema_command_prints_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert schema["discriminator"]["propertyName"] == "type"
    assert len(schema["oneOf"]) == 12


def _command(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m seminarkit ARGS` in a fresh process, its output in pipes."""
    return subprocess.run(
        [sys.executable, "-m", "seminarkit", *args], capture_output=True, text=True, check=False
    )


def test_check_in_a_fresh_process_ends_with_its_whole_output_and_code(tmp_path: Path) -> None:
    """`run` ends the process after `check` without Python's teardown: the output written to
    a pipe is all there, and the exit code is check's."""
    clean = _command("check", str(FIXTURE_COURSE))
    assert clean.returncode == 0
    assert clean.stdout.strip().startswith("ok: 3 pages, 12 exercises")
    broken = _command("check", str(FIXTURES / "broken-course"))
    assert broken.returncode == 1
    assert broken.stderr.strip().splitlines()[-1] == "10 problems and 1 warning in 6 files"
    assert "Traceback" not in broken.stdout + broken.stderr
    missing = _command("check", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "no mkdocs.yml" in missing.stdout + missing.stderr
    usage = _command("check", "--no-such-option")
    assert usage.returncode == 2 and "No such option" in usage.stderr


def test_other_commands_end_as_usual_in_a_fresh_process() -> None:
    version = _command("--version")
    assert version.returncode == 0 and "seminarkit" in version.stdout
    schema = _command("schema")
    assert schema.returncode == 0 and json.loads(schema.stdout)["title"].startswith("seminarkit")
