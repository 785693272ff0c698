"""A PDF worker parses the print stylesheet and loads its fonts once (`pdf._parsed_stylesheet`):
every document still records the files it depends on, a changed stylesheet is parsed again,
its warnings reach every document, and no font copies stay in the temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seminarkit.print import pdf

BUILT_IN = pdf.BUILT_IN_TEMPLATES / "print" / "print.css"
#: CSS pixels per millimetre (WeasyPrint lays out in CSS pixels, 96 per inch).
PX_PER_MM = 96 / 25.4


def page(stylesheet: Path, body: str = "<p>Hallo</p>") -> str:
    """A print document that links `stylesheet` as the print templates do."""
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>T</title>'
        f'<link rel="stylesheet" href="{stylesheet.as_uri()}"></head><body>{body}</body></html>'
    )


def test_every_document_records_the_stylesheet_and_its_fonts(tmp_path: Path) -> None:
    for _ in range(2):  # the second one reuses the parsed stylesheet
        reads: dict[str, str | None] = {}
        document = pdf.lay_out(page(BUILT_IN), str(tmp_path), str(BUILT_IN), reads)
        assert reads[str(BUILT_IN)] is not None
        fonts = [path for path in reads if path.endswith(".woff")]
        assert len(fonts) >= 4, reads
        assert len(document.pages) == 1
    assert any(key[0] == str(BUILT_IN) for key in pdf._STYLESHEETS)


def test_the_parsed_stylesheet_styles_the_document(tmp_path: Path) -> None:
    """The built-in page size and margins apply (A4, 22 mm top margin), not WeasyPrint's own."""
    document = pdf.lay_out(page(BUILT_IN), str(tmp_path), str(BUILT_IN))
    box = document.pages[0]._page_box
    assert box.margin_width() == pytest.approx(210 * PX_PER_MM, abs=1)
    assert box.margin_top == pytest.approx(22 * PX_PER_MM, abs=0.5)


def test_a_changed_stylesheet_is_parsed_again(tmp_path: Path) -> None:
    sheet = tmp_path / "print.css"
    sheet.write_text("@page { size: A4 }", encoding="utf-8")
    first = pdf.lay_out(page(sheet), str(tmp_path), str(sheet))
    sheet.write_text("@page { size: A5 }", encoding="utf-8")
    second = pdf.lay_out(page(sheet), str(tmp_path), str(sheet))
    assert first.pages[0].width == pytest.approx(210 * PX_PER_MM, abs=1)
    assert second.pages[0].width == pytest.approx(148 * PX_PER_MM, abs=1)


def test_stylesheet_warnings_reach_every_document(tmp_path: Path) -> None:
    sheet = tmp_path / "print.css"
    sheet.write_text("p { colr: red }", encoding="utf-8")
    for _ in range(2):
        with pdf._collecting_warnings() as warnings:
            pdf.lay_out(page(sheet), str(tmp_path), str(sheet))
        assert any("colr" in warning for warning in warnings), warnings


def test_the_document_own_style_still_wins(tmp_path: Path) -> None:
    """The templates' `<style>` (the page footer) and `style` attributes come after the
    stylesheet in the cascade, as when the stylesheet was linked."""
    sheet = tmp_path / "print.css"
    sheet.write_text("p.x { margin-left: 10mm } @page { size: A4 }", encoding="utf-8")
    body = '<p class="x" style="margin-left: 20mm">Hallo</p>'
    document = pdf.lay_out(page(sheet, body), str(tmp_path), str(sheet))
    html_box = document.pages[0]._page_box.children[0]
    paragraph = html_box.children[0].children[0]
    assert paragraph.margin_left == pytest.approx(20 * PX_PER_MM, abs=0.5)


def test_a_build_leaves_no_fonts_in_the_temporary_folder(course_copy: Path, tmp_path: Path) -> None:
    """WeasyPrint copies the fonts of every document into the temporary folder and removes them
    only when the document is collected; pool workers end without collecting. A build of the
    fixture course (a dozen documents on two workers) leaves nothing there."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "seminarkit", "pdf", str(course_copy)],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "PDFs" in result.stdout
    assert sorted(path.name for path in temporary.iterdir()) == []


FORKED_AFTER_PARSING = """
import json, sys
from pathlib import Path
from seminarkit.loader import load_course
from seminarkit.print import pdf
from seminarkit.print.renderer import PrintRenderer

temporary, course, out = (Path(arg) for arg in sys.argv[1:4])
sheet = pdf.BUILT_IN_TEMPLATES / "print" / "print.css"
page = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>T</title>'
    f'<link rel="stylesheet" href="{sheet.as_uri()}"></head><body><p>Hallo</p></body></html>'
)
pdf.lay_out(page, str(out), str(sheet))
own = sorted(path.name for path in temporary.iterdir())
renderer = PrintRenderer(load_course(course))
with pdf.pdf_workers():  # forked now: the workers have this process's stylesheet too
    pdf.build_pdfs(renderer, out, documents=renderer.documents[:4], log=lambda line: None)
after = sorted(path.name for path in temporary.iterdir())
print(json.dumps([own, after]))
"""


def test_workers_forked_after_parsing_leave_no_fonts(course_copy: Path, tmp_path: Path) -> None:
    """A process that parsed the stylesheet itself (as the tests do) and then forks PDF
    workers: each worker parses the course's stylesheet for its own folders and removes its
    font copies when it ends, and leaves the parent's folder, which the parent still holds;
    the parent removes its own when it ends."""
    temporary, out = tmp_path / "tmp", tmp_path / "out"
    temporary.mkdir()
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", FORKED_AFTER_PARSING, str(temporary), str(course_copy), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary), pdf.CACHE_ENV: str(tmp_path / "cache")},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    own, after = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(own) == 1 and own[0].startswith("weasyprint-"), own
    assert after == own  # the workers' folders are gone, the parent's is still there
    assert sorted(path.name for path in temporary.iterdir()) == []
