"""`seminarkit export moodle|gift` through click's CliRunner."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from seminarkit.cli import main

from ..conftest import FIXTURES
from .gift_reader import read_gift


def test_moodle_to_the_sites_downloads_by_default(course_copy: Path) -> None:
    result = CliRunner().invoke(main, ["export", "moodle", str(course_copy)])
    assert result.exit_code == 0, result.output
    target = course_copy / "site" / "downloads" / "moodle.xml"
    assert ET.parse(target).getroot().tag == "quiz"
    lines = result.output.splitlines()
    assert lines[0] == (
        "exported 5 exercises as 7 questions: quiz-basics, statements, gaps, pairs, steps"
    )
    assert (
        "skipped reflect: reflection exercises have no right or wrong answers to check "
        "(they stay in the course and its PDFs)"
    ) in lines
    assert lines[-1] == f"wrote {target}"


def test_gift_to_a_file_with_skips_and_notes(course_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "bank.gift.txt"
    result = CliRunner().invoke(main, ["export", "gift", str(course_copy), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert len(read_gift(target.read_text(encoding="utf-8"))) == 8
    assert (
        "skipped steps: GIFT has no ordering question; import this exercise from the Moodle "
        "XML file"
    ) in result.output
    assert "note gaps: GIFT takes one gap per question" in result.output
    assert not (course_copy / "site").exists()


def test_standard_output_gets_only_the_file(course_copy: Path) -> None:
    result = CliRunner().invoke(main, ["export", "gift", str(course_copy), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("$CATEGORY: $course$/top/Fixture Course/Basics\n")
    assert len(read_gift(result.stdout)) == 8
    assert result.stderr.startswith("exported 4 exercises as 8 questions")
    assert "wrote" not in result.stderr


def test_a_broken_course_writes_nothing() -> None:
    broken = FIXTURES / "broken-course"
    result = CliRunner().invoke(main, ["export", "moodle", str(broken)])
    assert result.exit_code == 1
    assert "problems" in result.output and "Traceback" not in result.output
    assert not (broken / "site").exists()
