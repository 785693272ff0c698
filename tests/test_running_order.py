"""The running order: input split around exercises, fixed blocks of the schedule, and one
sequence in the web agenda, the reader, the trainer guide and the calendar (real builds)."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from seminarkit.loader import load_course
from seminarkit.model.agenda import Row
from seminarkit.model.course import Course

from .conftest import FIXTURE_COURSE, IGNORED, mkdocs_build
from .test_trainer_control import SECRET, _with_secret

#: A participant of the seminar-room pack, written as German Excel saves a list.
PARTICIPANT = "Quirinus Zwetschgenbaum"

FIXED_BLOCKS = """\
        blocks:
          - title: Opening round
            minutes: 20
            before: basics.md
            mode: pair
            materials: [Name cards]
            notes: "FIXED-NOTE-7731: pairs introduce each other."
          - {title: Buffer, minutes: 10, after: basics.md, buffer: true}
          - {title: Closing round, minutes: 15, after: practice/index.md}
"""


def split_input(course: Path, duration: str = "duration: 15") -> None:
    """Basics gets its 15 minutes of input in two parts around its first two exercises, and
    the schedule fixed blocks and a longer second day."""
    page = course / "docs" / "basics.md"
    text = page.read_text(encoding="utf-8").replace("duration: 15", duration)
    text = text.replace("::: exercise reflect", "::: input 5 Warm-up talk\n\n::: exercise reflect")
    text = text.replace(
        "::: exercise statements", "::: input 10 Weak and *strong* ties\n\n::: exercise statements"
    )
    page.write_text(text, encoding="utf-8")
    config = course / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace('end: "11:30"', 'end: "12:30"')
    text = text.replace("        breaks:\n", FIXED_BLOCKS + "        breaks:\n")
    config.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Path, Path]:
    """The fixture course with split input and fixed blocks, built with all outputs."""
    root = tmp_path_factory.mktemp("order")
    course = _with_secret(root, None)  # a role with a secret brief, too
    split_input(course)
    (course / "private").mkdir()
    (course / "private" / "liste.csv").write_bytes(
        f"Name;Organisation\r\n{PARTICIPANT};Obstbau AG\r\n".encode("cp1252")
    )
    config = course / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - seminarkit:\n", "  - seminarkit:\n      room: {participants: private/liste.csv}\n"
    )
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(course, root / "site")
    assert result.returncode == 0, result.stderr
    assert PARTICIPANT not in result.stderr + result.stdout
    return load_course(course), root / "site", course / "trainer"


def label(row: Row) -> str:
    """How a row names its block in the agenda table."""
    return row.block.title


def test_input_parts_stand_between_exercises_in_page_order() -> None:
    course_dir = FIXTURE_COURSE
    course = load_course(course_dir)
    before = [(b.kind, b.title) for b in course.agenda_blocks()]
    assert before[0] == ("input", "Basics")  # no parts: the whole input first, as before
    assert before[1][0] == "exercise"


def test_course_blocks_follow_the_page(built: tuple[Course, Path, Path]) -> None:
    course, _, _ = built
    order = [(b.kind, b.title) for b in course.agenda_blocks()]
    assert order[:4] == [
        ("fixed", "Opening round"),
        ("input", "Warm-up talk"),
        ("exercise", "Who helped you?"),
        ("exercise", "Weak ties"),
    ]
    assert order[4] == ("input", "Weak and *strong* ties")
    assert order.index(("fixed", "Buffer")) < order.index(("input", "Practice"))
    assert order[-1] == ("fixed", "Closing round")
    agenda = course.agenda()
    assert agenda.buffer == 10
    basics = course.lesson_by_path("basics.md")
    assert basics is not None and basics.duration == 15
    # a break after a lesson follows the fixed blocks after it
    titles = [row.block.title for row in agenda.rows]
    assert titles.index("Stretch") == titles.index("Buffer") + 1


class _Rows(HTMLParser):
    """The cell texts of every table row of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def expected(course: Course) -> list[tuple[str, str]]:
    """(clock span, title) of every agenda row, in order."""
    rows = course.agenda().rows
    return [(f"{row.start_clock}–{row.end_clock}", course_plain(course, row)) for row in rows]


def course_plain(course: Course, row: Row) -> str:
    return re.sub(r"[*_`]", "", row.block.title)


def follow(text: str, sequence: list[tuple[str, str]], within: int = 80) -> None:
    """Each (clock, title) pair appears in `text` in order: the clock, then the title after it
    (at most `within` characters on)."""
    cursor = 0
    flat = re.sub(r"\s+", " ", text)
    for clock, title in sequence:
        at = flat.find(clock, cursor)
        assert at >= 0, f"{clock} {title} missing after position {cursor}"
        named = flat.find(title, at)
        assert named >= 0 and named - at < within, f"{title} does not follow {clock}"
        cursor = named + len(title)


def test_web_agenda_shows_the_running_order(built: tuple[Course, Path, Path]) -> None:
    course, site, _ = built
    parser = _Rows()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    rows = [(row[0], row[1]) for row in parser.rows if row and re.match(r"\d\d:\d\d–", row[0])]
    wanted = expected(course)
    assert len(rows) == len(wanted)
    for (clock, title), (want_clock, want_title) in zip(rows, wanted, strict=True):
        assert clock == want_clock and want_title in title
    assert "FIXED-NOTE-7731" not in (site / "index.html").read_text(encoding="utf-8")


def test_calendar_has_the_same_sequence(built: tuple[Course, Path, Path]) -> None:
    course, site, _ = built
    ics = (site / "downloads" / "seminar.ics").read_bytes().decode("utf-8")
    ics = ics.replace("\r\n ", "").replace("\r\n", "\n")  # unfolded
    days = re.findall(r"^DESCRIPTION:(.*)$", ics, re.M)
    assert len(days) == len(course.agenda().days) == ics.count("BEGIN:VEVENT")
    lines = [line for day in days for line in day.split("\\n")]
    wanted = expected(course)
    assert len(lines) == len(wanted)
    for line, (clock, title) in zip(lines, wanted, strict=True):
        assert line.startswith(f"{clock} ") and title.replace(",", "\\,") in line
    assert "FIXED-NOTE-7731" not in ics


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_reader_agenda_has_the_same_sequence(built: tuple[Course, Path, Path]) -> None:
    course, site, _ = built
    reader = next((site / "downloads").glob("*reader*.pdf"), None) or next(
        p for p in (site / "downloads").glob("*.pdf") if "course" in p.name.lower()
    )
    text = pdf_text(reader)
    follow(text, expected(course))
    assert "FIXED-NOTE-7731" not in text


def test_trainer_guide_runs_in_the_same_order(built: tuple[Course, Path, Path]) -> None:
    course, _, trainer = built
    guide = trainer / "trainer-guide.pdf"
    text = pdf_text(guide)
    follow(text, expected(course))  # the agenda table
    assert "keeps 10 minutes of buffer free" in re.sub(r"\s+", " ", text)
    body = re.sub(r"\s+", " ", text)
    body = body[body.index("FIXED-NOTE-7731") - 400 :]
    # then the sections, breaks between lessons aside, in the same order with clock times
    in_sections = [
        (clock, title)
        for (clock, title), row in zip(expected(course), course.agenda().rows, strict=True)
        if row.block.kind != "break"
    ]
    follow(body, in_sections, within=300)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("duration: 15", "duration: 20"), "duration is 20 minutes, but the '::: input' parts"),
        (("::: input 5 Warm-up talk", "::: input five"), "'::: input' takes the minutes"),
        (("::: input 5 Warm-up talk", "::: input 0"), "'::: input' takes the minutes"),
    ],
)
def test_bad_input_parts_are_reported_with_their_line(
    tmp_path: Path, change: tuple[str, str], words: str
) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    split_input(course)
    page = course / "docs" / "basics.md"
    page.write_text(page.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    problems = [p for p in load_course(course).errors if words in p.message]
    assert problems, load_course(course).errors
    assert problems[0].file == "docs/basics.md" and problems[0].line > 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("before: basics.md", "before: basic.md"), "no page 'basic.md' in the nav"),
        (("after: basics.md, buffer", "after: basics.md, before: index.md, buffer"), "not both"),
        (("minutes: 20", "minutes: 0"), "whole number of at least 1"),
    ],
)
def test_bad_fixed_blocks_are_reported_with_their_key(
    tmp_path: Path, change: tuple[str, str], words: str
) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    split_input(course)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    errors = load_course(course).errors
    problems = [p for p in errors if words in p.message]
    assert problems, errors
    assert problems[0].file == "mkdocs.yml" and problems[0].line > 0
    assert "schedule.blocks" in problems[0].key_path


def test_overflow_is_still_reported(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    split_input(course)
    config = course / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace('end: "12:30"', 'end: "10:00"')
    config.write_text(text, encoding="utf-8")
    agenda = load_course(course).agenda()
    assert agenda.overflow > 0 and "does not fit" in agenda.warnings[0]


def test_one_build_with_secret_roles_participants_and_fixed_blocks(
    built: tuple[Course, Path, Path],
) -> None:
    """Secret briefs stay on the role cards, names on the room pack, fixed blocks count."""
    course, site, trainer = built
    assert SECRET in pdf_text(trainer / "role-cards.pdf")
    assert PARTICIPANT in pdf_text(trainer / "name-cards.pdf")
    certificate = re.sub(r"\s+", " ", pdf_text(trainer / "certificates.pdf"))
    assert PARTICIPANT in certificate
    taught = sum(row.block.minutes for row in course.agenda().rows if row.block.kind != "break")
    hours = int(taught / 60 * 2) / 2
    assert f"{hours:g} hours" in certificate
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".ics", ".xml", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET not in text and PARTICIPANT not in text, path
    for pdf in (site / "downloads").glob("*.pdf"):
        text = pdf_text(pdf)
        assert SECRET not in text and PARTICIPANT not in text, pdf
