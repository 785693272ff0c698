"""Right-to-left exercises on paper keep their reading order (fixture: realworld's rtl.md).

Two independent reads of the worksheet: WeasyPrint's layout (where every stretch of text and
every blank sits on its line) and the real PDF read back with pypdf in layout mode (its words
where they are printed: right-to-left words come out with their letters reversed).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import InlineBlockBox, LineBox, TextBox

from seminarkit.loader import load_course
from seminarkit.print.direction import first_strong_direction, resolve_auto_direction
from seminarkit.print.documents import Document
from seminarkit.print.pdf import build_pdfs
from seminarkit.print.renderer import PrintRenderer

from ..conftest import FIXTURES, IGNORED
from .boxes import boxes, classes, page_boxes, render

REALWORLD = FIXTURES / "realworld"
#: Words of the Hebrew cloze (exercises/rtl/he-cloze.yml) in reading order, one per phrase.
HEBREW_WORDS = ["נבנית", "קראתי", "מאמר", "חלשים", "והוא", "שינה"]


@dataclass
class Worksheet:
    """The rtl lesson's worksheets: WeasyPrint's pages and the built PDF."""

    pages: list[list[Any]]
    pdf: Path


@pytest.fixture(scope="module")
def worksheet(tmp_path_factory: pytest.TempPathFactory) -> Worksheet:
    root = tmp_path_factory.mktemp("rtl-print")
    course = Path(shutil.copytree(REALWORLD, root / "course", ignore=IGNORED))
    renderer = PrintRenderer(load_course(course))
    document: Document = next(
        d for d in renderer.documents if d.kind == "worksheets" and d.lessons == ("rtl.md",)
    )
    built = build_pdfs(renderer, root / "pdf", documents=[document], log=lambda _: None)
    return Worksheet(page_boxes(render(renderer, document)), built[0].path)


def leaves(line: LineBox) -> list[tuple[str, float]]:
    """What a line shows, in reading (DOM) order: each text and each blank with its left x."""
    found: list[tuple[str, float]] = []
    for box in boxes(line):
        if isinstance(box, TextBox) and box.text.strip():
            found.append((box.text.strip(), box.position_x))
        elif isinstance(box, InlineBlockBox) and "sk-blank" in classes(box.element):
            found.append(("[blank]", box.position_x))
    return found


def cloze_lines(worksheet: Worksheet) -> dict[str, list[list[tuple[str, float]]]]:
    """The lines of every cloze paragraph, by exercise id."""
    owner: dict[int, str] = {}  # id(paragraph element) -> id of its sheet
    for page in worksheet.pages:
        for box in page:
            if "sk-sheet" in classes(getattr(box, "element", None)):
                sheet = box.element.get("id")
                for element in box.element.iter():
                    if "sk-cloze" in classes(element):
                        owner.update({id(paragraph): sheet for paragraph in element})
    found: dict[str, list[list[tuple[str, float]]]] = {}
    for page in worksheet.pages:
        for box in page:
            if isinstance(box, LineBox) and id(box.element) in owner:
                found.setdefault(owner[id(box.element)], []).append(leaves(box))
    return found


def test_every_cloze_line_reads_from_right_to_left(worksheet: Worksheet) -> None:
    lines = cloze_lines(worksheet)
    assert sorted(lines) == ["ex-ar-cloze", "ex-he-cloze", "ex-he-cloze-bank"]
    for key, paragraph in lines.items():
        assert sum(text == "[blank]" for line in paragraph for text, _ in line) >= 2, key
        for line in paragraph:
            xs = [x for _, x in line]
            assert xs == sorted(xs, reverse=True), f"{key}: {line}"


def test_gaps_at_start_and_end_stay_at_the_right_and_left_end(worksheet: Worksheet) -> None:
    paragraph = cloze_lines(worksheet)["ex-he-cloze"]
    first, last = paragraph[0], paragraph[-1]
    assert first[0][0] == "[blank]" and first[0][1] == max(x for _, x in first)
    assert last[-1][0] == "[blank]" and last[-1][1] == min(x for _, x in last)


def test_quiz_boxes_stand_right_of_right_to_left_options(worksheet: Worksheet) -> None:
    checked = 0
    for page in worksheet.pages:
        for box in page:
            element = getattr(box, "element", None)
            if isinstance(box, LineBox) and element is not None and element.get("dir") == "rtl":
                found = [b for b in boxes(box) if "sk-box" in classes(b.element)]
                texts = [b for b in boxes(box) if isinstance(b, TextBox) and b.text.strip()]
                if found and texts and element.tag == "li":
                    checked += 1
                    assert found[0].position_x > max(t.position_x for t in texts)
    assert checked >= 3


def test_the_pdf_prints_hebrew_in_reading_order(worksheet: Worksheet) -> None:
    text = PdfReader(worksheet.pdf).pages[0].extract_text(extraction_mode="layout")
    lines = text.splitlines()
    where = []
    for word in HEBREW_WORDS:
        printed = word[::-1]  # glyphs in the order they stand on paper, left to right
        hits = [
            (number, match.start())
            for number, line in enumerate(lines)
            for match in re.finditer(rf"(?<![\u0590-\u05ff]){printed}(?![\u0590-\u05ff])", line)
        ]
        assert len(hits) == 1, (word, hits)
        where.append(hits[0])
    # Reading order: down the lines, and on a line from right to left.
    assert where == sorted(where, key=lambda hit: (hit[0], -hit[1]))
    latin = next(line for line in lines if "Granovetter" in line)
    assert latin.index("Mark") < latin.index("Granovetter")  # a left-to-right name inside


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("שלום world", "rtl"),
        ("2024 – مرحبا", "rtl"),  # digits and punctuation are not strong
        ("LinkedIn ב-2024", "ltr"),
        ("«123» …", None),
        ("", None),
    ],
)
def test_first_strong_character_decides(text: str, direction: str | None) -> None:
    assert first_strong_direction(text) == direction


def test_auto_directions_are_resolved_as_html_does() -> None:
    root = HTML(
        string='<div dir="auto"><b dir="ltr">Name</b> <bdi>Ok</bdi> 12 <span>שלום</span></div>'
        '<p dir="auto">— 42 —</p><p dir="AUTO"><textarea>abc</textarea>مرحبا</p><bdi>شكرا</bdi>'
    ).etree_element
    assert resolve_auto_direction(root) == 3
    div, p_neutral, p_textarea, bdi_ar = root.find("body")  # type: ignore[misc]
    assert div.get("dir") == "rtl"  # its own `dir` and `bdi` children do not count
    assert div.find("bdi").get("dir") == "ltr"  # type: ignore[union-attr]
    assert p_neutral.get("dir") is None  # nothing strong: inherits
    assert p_textarea.get("dir") == "rtl"  # a textarea's text does not count
    assert bdi_ar.get("dir") == "rtl"
