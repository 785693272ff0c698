"""Page breaks in every PDF of the flagship and the fixture courses.

- No page ends with a heading or a box title ("Lösung", "Hinweise für die Seminarleitung", an
  exercise's kicker and title, a trainer guide's time line) and no page holds nothing but such
  titles:
  read back from the real PDFs with pypdf, as text lines with their height on the page.
- A reflection prompt shares its page with its first two answer lines. The lines are borders
  without text, so this is read from WeasyPrint's own layout of each lesson that has a prompt.
- A table that breaks leaves at least two rows under its header at the page foot and takes at
  least two to the next page; the reader leaves no page less than a quarter full before an
  exercise (it flows), while every worksheet starts a page of its own: read from WeasyPrint's
  layout of every document.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader

from seminarkit.loader import load_course
from seminarkit.print.documents import Document, role_card_document
from seminarkit.print.pdf import build_pdfs
from seminarkit.print.renderer import PrintRenderer

from ..conftest import FIXTURE_COURSE, FIXTURES, IGNORED, REPO
from .boxes import boxes, classes, page_boxes, render, text_of

REALWORLD = FIXTURES / "realworld"
COURSES = {"flagship": REPO, "fixture": FIXTURE_COURSE, "realworld": REALWORLD}
MM = 72 / 25.4
#: Text this close to the top or bottom edge is a running header or footer (print.css puts the
#: body 22 mm below the top and 20 mm above the bottom).
HEADER, FOOTER = 20 * MM, 15 * MM
TITLE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "caption", "summary"})
#: Box titles and the lines that introduce an exercise.
TITLE_CLASSES = frozenset(
    {"sk-label", "admonition-title", "sk-sheet__kicker", "sk-trainer-when", "sk-card__kicker"}
)
VOID = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"})


class _Titles(HTMLParser):
    """The text of every heading and box title of a print document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: set[str] = set()
        self._open: list[tuple[str, bool, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        names = set((dict(attrs).get("class") or "").split())
        self._open.append((tag, tag in TITLE_TAGS or bool(names & TITLE_CLASSES), []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Self-closing SVG shapes hold no text."""

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, is_title, parts = self._open.pop()
            text = "".join(parts)
            if is_title and text.strip():
                self.titles.add(" ".join(text.split()))
            if self._open:
                self._open[-1][2].append(text)
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)


def titles(html: str) -> set[str]:
    """Headings and box titles of a print document's HTML, white space folded."""
    parser = _Titles()
    parser.feed(html)
    parser.close()
    return parser.titles


def body_lines(page: PageObject) -> list[str]:
    """The page's text lines from top to bottom, without running header and footer."""
    height = float(page.mediabox.height)
    rows: dict[int, list[tuple[float, str]]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        if text.strip() and FOOTER < y < height - HEADER:
            rows.setdefault(round(y), []).append((x, text))

    page.extract_text(visitor_text=visit)
    lines = (
        " ".join("".join(text for _, text in sorted(rows[y])).split())
        for y in sorted(rows, reverse=True)
    )
    return [line for line in lines if line.strip("•◦▪0123456789. ")]  # not a list marker alone


def ends_with_title(lines: list[str], known: set[str]) -> bool:
    """Whether the last line, or the last two (a title that wraps), are a title."""
    last = lines[-2:]
    joined = {lines[-1], " ".join(last)}
    if last[0].endswith("-"):  # hyphenated at the line end
        joined.add(last[0][:-1] + last[-1])
    return bool(joined & known)


@dataclass
class CoursePdfs:
    """Every PDF of one course and the renderer that made them."""

    name: str
    renderer: PrintRenderer
    output: Path

    def documents(self) -> Iterator[Document]:
        """Reader, worksheets, solution key, trainer guide and role cards."""
        yield from self.renderer.documents
        yield self.renderer.trainer
        cards = role_card_document(self.renderer.course)
        if cards is not None:
            yield cards


@pytest.fixture(scope="module", params=list(COURSES))
def course_pdfs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> CoursePdfs:
    """All PDFs of a course. The flagship builds in place, sharing the PDF cache of its site
    build; the fixture courses from a copy."""
    name = request.param
    root = tmp_path_factory.mktemp(f"breaks-{name}")
    course = COURSES[name]
    if course != REPO:
        course = Path(shutil.copytree(course, root / "course", ignore=IGNORED))
    renderer = PrintRenderer(load_course(course))
    output = root / "pdf"
    pdfs = CoursePdfs(name, renderer, output)
    build_pdfs(renderer, output, documents=list(pdfs.documents()), log=lambda _: None)
    return pdfs


def test_no_page_ends_with_a_heading_or_box_title(course_pdfs: CoursePdfs) -> None:
    problems = []
    for document in course_pdfs.documents():
        known = titles(course_pdfs.renderer.render_document(document).html)
        reader = PdfReader(course_pdfs.output / document.filename)
        for number, page in enumerate(reader.pages, start=1):
            lines = body_lines(page)
            where = f"{document.filename} page {number}"
            if number == 1 and document.kind in ("reader", "trainer"):
                continue  # the cover
            if not lines:
                problems.append(f"{where} is empty")
                continue
            if ends_with_title(lines, known):
                problems.append(f"{where} ends with {lines[-1]!r}")
            if all(any(line in title for title in known) for line in lines):
                problems.append(f"{where} holds only {lines!r}")
    assert problems == []


def test_titles_and_lines_are_read_from_the_pdf(course_pdfs: CoursePdfs) -> None:
    """The check above sees what it looks for: titles, and body text up to the page foot."""
    document = course_pdfs.renderer.documents[0]
    known = titles(course_pdfs.renderer.render_document(document).html)
    reader = PdfReader(course_pdfs.output / document.filename)
    pages = [body_lines(page) for page in reader.pages]
    found = {line for lines in pages for line in lines}
    assert len(found & known) >= 3
    footer = re.compile(r"(Page|Seite) \d+ (of|von) \d+")
    assert not any(footer.search(line) for lines in pages for line in lines)
    assert any(footer.search(page.extract_text()) for page in reader.pages)


def reflection_lessons(renderer: PrintRenderer) -> Iterator[tuple[Document, str]]:
    """Each lesson with a reflection, laid out alone in the reader and on its worksheets (a
    chapter and a sheet always start a page, so alone they break exactly as in the whole PDF)."""
    course = renderer.course
    for document in renderer.documents:
        for path in document.lessons:
            lesson = course.lesson_by_path(path)
            assert lesson is not None
            if not any(course.exercises[key].type == "reflection" for key in lesson.exercise_ids):
                continue
            if document.kind == "reader" or (
                document.kind == "worksheets" and len(document.lessons) == 1
            ):
                yield dataclasses.replace(document, lessons=(path,)), path


def test_a_prompt_shares_its_page_with_its_first_two_answer_lines(
    course_pdfs: CoursePdfs,
) -> None:
    checked, problems = 0, []
    for document, path in reflection_lessons(course_pdfs.renderer):
        pages = page_boxes(render(course_pdfs.renderer, document))
        page_of: dict[int, list[int]] = {}  # id(element) -> pages it has boxes on
        prompts = []
        for number, page in enumerate(pages, start=1):
            for box in page:
                element = getattr(box, "element", None)
                if element is None:
                    continue
                page_of.setdefault(id(element), []).append(number)
                if "sk-prompt" in classes(element) and element not in prompts:
                    prompts.append(element)
        for prompt in prompts:
            text = [child for child in prompt if "sk-lines" not in classes(child)]
            lines = [line for child in prompt if "sk-lines" in classes(child) for line in child]
            if not lines:
                continue  # the solution key has no answer lines
            checked += 1
            last_text_page = max(page for child in text for page in page_of[id(child)])
            first_lines = {page for line in lines[:2] for page in page_of[id(line)]}
            if first_lines != {last_text_page}:
                words = " ".join("".join(prompt.itertext()).split())[:60]
                problems.append(
                    f"{document.kind} of {path}: prompt {words!r} on page {last_text_page}, "
                    f"its first answer lines on {sorted(first_lines)}"
                )
    assert problems == []
    assert checked > 0


#: A page filled less than this (of its body height) before an exercise is a hole in the reader.
HOLE = 0.25


@pytest.fixture(scope="module")
def layouts(course_pdfs: CoursePdfs) -> dict[str, tuple[Document, list[Any]]]:
    """WeasyPrint's page boxes of every document of the course, by file name."""
    return {
        document.filename: (
            document,
            [page._page_box for page in render(course_pdfs.renderer, document).pages],
        )
        for document in course_pdfs.documents()
    }


def body_rows(table: Any) -> list[Any]:
    """The rows of a table box on one page, without its (repeated) header and footer rows."""
    return [
        row
        for group in table.children
        if not (getattr(group, "is_header", False) or getattr(group, "is_footer", False))
        for row in getattr(group, "children", ())
        if type(row).__name__ == "TableRowBox"
    ]


def table_splits(pages: list[Any]) -> list[tuple[int, str, int, int, int]]:
    """(page, first words of the table, its body rows on that page, on the page before it and on
    the page after it) for every page a table shows on; 0 where it does not show."""
    rows: list[dict[int, int]] = []
    words: dict[int, str] = {}
    for page in pages:
        here: dict[int, int] = {}
        for box in boxes(page):
            if type(box).__name__ == "TableBox" and box.element is not None:
                here[id(box.element)] = here.get(id(box.element), 0) + len(body_rows(box))
                words.setdefault(id(box.element), text_of(box.element)[:50])
        rows.append(here)
    return [
        (
            number,
            words[table],
            count,
            rows[number - 2].get(table, 0) if number > 1 else 0,
            rows[number].get(table, 0) if number < len(rows) else 0,
        )
        for number, here in enumerate(rows, start=1)
        for table, count in here.items()
    ]


def test_a_table_breaks_with_two_rows_on_either_page(
    layouts: dict[str, tuple[Document, list[Any]]],
) -> None:
    problems, broken = [], 0
    for filename, (_, pages) in layouts.items():
        for number, words, count, before, after in table_splits(pages):
            if after:
                broken += 1
            if after and count < 2:
                problems.append(f"{filename} page {number}: header and {count} row(s) of {words!r}")
            if before and not after and count < 2:
                problems.append(f"{filename} page {number}: last row alone of {words!r}")
    assert problems == []


def fill(page: Any) -> float:
    """How much of the page's body height its content takes, 0 to 1: down to the lowest line,
    image or empty box (a block that goes on on the next page reaches down to the page foot)."""
    html = page.children[0]  # the others are the running header's and footer's margin boxes
    bottoms = [
        box.position_y + box.margin_height()
        for box in boxes(html)
        if box.height and (type(box).__name__ == "LineBox" or not getattr(box, "children", ()))
    ]
    top = page.content_box_y()
    return float((max(bottoms, default=top) - top) / page.height)


def sheets_on(page: Any) -> list[Any]:
    """The box of each exercise sheet (`.sk-sheet`) on this page, top first."""
    found: dict[int, Any] = {}
    for box in boxes(page):
        element = getattr(box, "element", None)
        if element is not None and "sk-sheet" in classes(element):
            found.setdefault(id(element), box)
    return list(found.values())


def starts_page(page: Any, box: Any) -> bool:
    """Whether a box is the first thing on the page's body (within 12 mm of its top)."""
    return bool(box.position_y - page.content_box_y() < 12 * 96 / 25.4)


def test_the_reader_leaves_no_hole_before_an_exercise(
    layouts: dict[str, tuple[Document, list[Any]]],
) -> None:
    """And the worksheets keep one sheet to a page."""
    problems, sheets = [], 0
    for filename, (document, pages) in layouts.items():
        seen: set[int] = set()
        for number, page in enumerate(pages, start=1):
            here = sheets_on(page)
            if document.kind == "worksheets" and len(here) > 1:
                problems.append(f"{filename} page {number}: {len(here)} worksheets")
            for sheet in here:
                if id(sheet.element) in seen:
                    continue
                seen.add(id(sheet.element))
                sheets += 1
                if document.kind != "reader" or number == 1 or not starts_page(page, sheet):
                    continue
                before = fill(pages[number - 2])
                if before < HOLE:
                    words = text_of(sheet.element)[:50]
                    problems.append(
                        f"{filename} page {number - 1} is {before:.0%} full before {words!r}"
                    )
    assert sheets > 0
    assert problems == []
