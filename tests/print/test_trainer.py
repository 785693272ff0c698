"""The trainer guide, the calendar, and that trainer material never reaches the site."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from seminarkit.calendar import agenda_to_ics, fold
from seminarkit.loader import load_course
from seminarkit.outputs import Outputs, build_outputs, zip_site

from ..conftest import FIXTURE_COURSE, IGNORED


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Outputs]:
    """Everything beside the pages, built for a copy of the fixture course."""
    root = tmp_path_factory.mktemp("outputs")
    course = root / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    return course, build_outputs(load_course(course), root / "site", lambda _: None)


def guide_text(outputs: tuple[Path, Outputs]) -> str:
    course, _ = outputs
    reader = PdfReader(course / "trainer" / "trainer-guide.pdf")
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_guide_is_written_beside_the_site_not_into_it(outputs: tuple[Path, Outputs]) -> None:
    course, built = outputs
    assert [pdf.path for pdf in built.trainer] == [
        course / "trainer" / "trainer-guide.pdf",
        course / "trainer" / "role-cards.pdf",
        course / "trainer" / "name-cards.pdf",
        course / "trainer" / "sign-in-sheets.pdf",
        course / "trainer" / "certificates.pdf",
        course / "trainer" / "feedback-form.pdf",
    ]
    assert not any("trainer" in pdf.filename for pdf in built.downloads)


def test_guide_has_clock_times_breaks_and_days(outputs: tuple[Path, Outputs]) -> None:
    text = guide_text(outputs)
    for fragment in (
        "09:00–09:15",
        "Input – Basics",
        "Coffee",
        "Stretch",
        "Day 2",
        "March 13, 2027",
    ):
        assert fragment in text
    assert "March 12, 2027 · March 13, 2027" in text  # dates as the course language writes them
    assert "2027-03-13" not in text


def test_guide_has_materials_checklist_notes_and_solutions(outputs: tuple[Path, Outputs]) -> None:
    text = guide_text(outputs)
    assert "Materials for the day" in text and "Flipchart" in text
    assert "SECRET-LESSON-NOTE" in text and "SECRET-EXERCISE-NOTE quiz" in text
    assert "Weak ties; ability and benevolence." in text
    assert "Observer sheet: Pitch in threes" in text


def test_self_study_exercises_are_listed_not_scheduled(outputs: tuple[Path, Outputs]) -> None:
    text = guide_text(outputs)
    assert "Self-study exercises (not in the schedule)" in text and "Myths" in text


def test_calendar_has_an_event_per_day(outputs: tuple[Path, Outputs]) -> None:
    _, built = outputs
    (ics,) = [path for path in built.files if path.suffix == ".ics"]
    text = ics.read_bytes().decode("utf-8")
    course = load_course(FIXTURE_COURSE)
    days = course.agenda().days
    assert text.count("BEGIN:VEVENT") == len(days) == 2
    for day in days:  # from the day's first start to its last end
        stamp = day.date.replace("-", "") if day.date else ""
        assert f"DTSTART:{stamp}T{day.rows[0].start_clock.replace(':', '')}00\r\n" in text
        assert f"DTEND:{stamp}T{day.rows[-1].end_clock.replace(':', '')}00\r\n" in text
    assert "SUMMARY:Fixture Course · Day 1\r\n" in text
    assert "SUMMARY:Fixture Course · Day 2\r\n" in text
    unfolded = text.replace("\r\n ", "")
    (first, second) = re.findall(r"^DESCRIPTION:(.*)$", unfolded, re.M)
    running = first.split("\\n")
    assert running[0] == "09:00–09:15 Input – Basics"
    assert "10:08–10:23 Coffee" in running  # breaks are part of the running order
    assert len(running) == len(days[0].rows) and len(second.split("\\n")) == len(days[1].rows)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.endswith("END:VCALENDAR\r\n")


def test_calendar_needs_dates() -> None:
    course = load_course(FIXTURE_COURSE)
    course.config.options.schedule.dates.clear()
    assert agenda_to_ics(course, course.agenda()) is None


def test_fold_keeps_multibyte_characters_whole() -> None:
    line = "DESCRIPTION:" + "Übung für Ärger " * 10
    folded = fold(line).split("\r\n ")
    assert "".join(folded) == line and all(len(part.encode()) <= 75 for part in folded)


def test_trainer_in_site_publishes_on_purpose(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    config = course / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - seminarkit:\n", "  - seminarkit:\n      trainer_in_site: true\n"
        ),
        "utf-8",
    )
    loaded = load_course(course)
    built = build_outputs(loaded, tmp_path / "site", lambda _: None)
    zip_site(loaded, tmp_path / "site")
    assert "trainer-guide.pdf" in [pdf.filename for pdf in built.downloads]
    assert (course / "trainer" / "trainer-guide.pdf").is_file()
    with zipfile.ZipFile(tmp_path / "site" / "downloads" / "fixture-course.zip") as archive:
        assert "site/downloads/trainer-guide.pdf" in archive.namelist()


def test_no_trainer_note_reaches_the_site(built_fixture: Path) -> None:
    for path in built_fixture.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        else:
            text = path.read_text("utf-8", errors="replace")
        assert "SECRET" not in text, path
    assert not (built_fixture / "downloads" / "trainer-guide.pdf").exists()
