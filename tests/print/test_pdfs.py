"""Facts about the real PDFs: pages, text, what is absent, bookmarks, metadata, determinism."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from seminarkit.loader import load_course
from seminarkit.print.pdf import CACHE_DIR
from seminarkit.problems import CourseError

from ..conftest import FIXTURE_COURSE, IGNORED
from .conftest import PdfBuild, build

A4 = (595.28, 841.89)
PARTICIPANT = (
    "course-reader.pdf",
    "worksheets-basics.pdf",
    "worksheets-practice.pdf",
    "worksheets-all.pdf",
    "solutions.pdf",
)
SOLUTIONS = (
    "Weak ties; ability and benevolence.",
    "Both myths are common.",
    "Who, what, question.",
    "Trust grows step by step.",
    "Join an open group.",
)
COURSE = load_course(FIXTURE_COURSE)


def squash(text: str) -> str:
    """Text with hyphenation at line ends undone and white space folded."""
    return re.sub(r"\s+", " ", re.sub(r"-\n", "", text))


def test_every_planned_pdf_exists_in_a4(fixture_pdfs: PdfBuild) -> None:
    assert sorted(pdf.filename for pdf in fixture_pdfs.built) == sorted(PARTICIPANT)
    for name in PARTICIPANT:
        reader = fixture_pdfs.reader(name)
        assert len(reader.pages) >= 2
        for page in reader.pages:
            box = page.mediabox
            assert (round(float(box.width), 1), round(float(box.height), 1)) == (
                round(A4[0], 1),
                round(A4[1], 1),
            )


def test_page_counts_are_reported(fixture_pdfs: PdfBuild) -> None:
    for pdf in fixture_pdfs.built:
        assert pdf.pages == len(fixture_pdfs.reader(pdf.filename).pages)
        assert pdf.size == pdf.path.stat().st_size
    assert any(
        re.match(r"course-reader\.pdf: \d+ pages in [\d.]+ s", line) for line in fixture_pdfs.log
    )


def test_reader_has_every_lesson_and_exercise(fixture_pdfs: PdfBuild) -> None:
    text = squash(fixture_pdfs.text("course-reader.pdf"))
    for lesson in COURSE.lessons:
        assert lesson.title in text
    for exercise in COURSE.exercises.values():
        assert exercise.title in text


def test_worksheets_hold_their_module_exercises_with_name_line(fixture_pdfs: PdfBuild) -> None:
    for lesson in COURSE.lessons[1:]:
        text = squash(fixture_pdfs.text(f"worksheets-{lesson.slug}.pdf"))
        others = [e for e in COURSE.exercises if e not in lesson.exercise_ids]
        for exercise_id in lesson.exercise_ids:
            assert COURSE.exercises[exercise_id].title in text
        for exercise_id in others:
            assert COURSE.exercises[exercise_id].title not in text
        assert text.count("Name:") >= len(lesson.exercise_ids)
        assert "Date:" in text


def test_solutions_only_in_the_key(fixture_pdfs: PdfBuild) -> None:
    key = squash(fixture_pdfs.text("solutions.pdf"))
    for solution in SOLUTIONS:
        assert solution in key
        for name in PARTICIPANT[:-1]:
            assert solution not in squash(fixture_pdfs.text(name)), name


def test_trainer_notes_in_no_participant_pdf(fixture_pdfs: PdfBuild) -> None:
    for name in PARTICIPANT:
        assert "SECRET" not in fixture_pdfs.text(name)


def test_umlauts_and_sharp_s_extract_intact(fixture_pdfs: PdfBuild) -> None:
    assert "Grüße aus Zürich, Straße, Übung, Ärger, Öl." in squash(
        fixture_pdfs.text("course-reader.pdf")
    )


def test_bookmarks_per_module(fixture_pdfs: PdfBuild) -> None:
    outline = fixture_pdfs.reader("course-reader.pdf").outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == ["Fixture Course", "Basics", "Practice in the room"]
    sheets = fixture_pdfs.reader("worksheets-all.pdf").outline
    assert [item.title for item in sheets if not isinstance(item, list)] == ["Basics", "Practice"]


def test_metadata_title_author_language(fixture_pdfs: PdfBuild) -> None:
    reader = fixture_pdfs.reader("course-reader.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == "Fixture Course – Course reader"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"], "tagged PDF (PDF/UA)"


def test_internal_links_are_clickable(fixture_pdfs: PdfBuild) -> None:
    reader = fixture_pdfs.reader("course-reader.pdf")
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    internal = [link for link in links if "/Dest" in link or "/GoTo" in str(link.get("/A"))]
    assert len(internal) >= 3  # contents entries and the links between lessons


def test_no_weasyprint_warnings(fixture_pdfs: PdfBuild) -> None:
    assert [line for line in fixture_pdfs.log if "WeasyPrint warning" in line] == []


def test_second_build_is_cached_and_byte_identical(fixture_pdfs: PdfBuild, tmp_path: Path) -> None:
    again = build(fixture_pdfs.course, tmp_path / "again")
    assert all(pdf.cached for pdf in again.built)
    assert all(line.endswith("unchanged") for line in again.log)
    for pdf in again.built:
        assert pdf.path.read_bytes() == (fixture_pdfs.output / pdf.filename).read_bytes()


def test_rebuild_from_scratch_is_byte_identical(fixture_pdfs: PdfBuild, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    fresh = build(course, tmp_path / "fresh")
    assert not any(pdf.cached for pdf in fresh.built)
    for pdf in fresh.built:
        assert pdf.path.read_bytes() == (fixture_pdfs.output / pdf.filename).read_bytes(), pdf


def test_changed_exercise_rebuilds_only_what_contains_it(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    build(course, tmp_path / "one")
    tick = course / "exercises" / "practice" / "tick.yml"
    tick.write_text(tick.read_text("utf-8").replace("Pick three", "Pick four"), "utf-8")
    second = build(course, tmp_path / "two")
    rebuilt = {pdf.filename for pdf in second.built if not pdf.cached}
    assert rebuilt == {"course-reader.pdf", "worksheets-practice.pdf", "worksheets-all.pdf"}
    assert len(list((course / CACHE_DIR).glob("worksheets-practice-*.pdf"))) == 1


def _course_with(tmp_path: Path, text: str) -> Path:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    page = course / "docs" / "basics.md"
    page.write_text(page.read_text("utf-8") + "\n" + text + "\n", "utf-8")
    return course


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[weiter](gibt-es-nicht.md)", "broken link to 'gibt-es-nicht.md'"),
        ("[Datei](fehlt.pdf)", "broken link to 'fehlt.pdf'"),
    ],
)
def test_bad_lesson_content_names_the_lesson_and_keeps_old_pdfs(
    tmp_path: Path, text: str, words: str
) -> None:
    course = _course_with(tmp_path, "")
    output = tmp_path / "pdf"
    first = build(course, output)
    before = {pdf.filename: pdf.path.read_bytes() for pdf in first.built}
    page = course / "docs" / "basics.md"
    lines = page.read_text("utf-8").count("\n")
    page.write_text(page.read_text("utf-8") + text + "\n", "utf-8")
    with pytest.raises(CourseError) as caught:
        build(course, output)
    (problem,) = caught.value.problems
    assert problem.file == "docs/basics.md" and problem.line == lines + 1
    assert words in problem.message
    assert {name: (output / name).read_bytes() for name in before} == before
