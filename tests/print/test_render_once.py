"""Each page is laid out once, and a build with unchanged sources renders no print HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

from seminarkit.loader import load_course
from seminarkit.print.documents import Document
from seminarkit.print.pdf import build_pdfs
from seminarkit.print.renderer import PrintDocument, PrintRenderer
from seminarkit.problems import Problem

from .conftest import PdfBuild

MODULES = ("worksheets-basics.pdf", "worksheets-practice.pdf")
ALL = "worksheets-all.pdf"


class CountingRenderer(PrintRenderer):
    """The real print renderer, counting the documents it renders to HTML."""

    rendered: list[str]

    def render_document(self, document: Document) -> PrintDocument:
        self.rendered.append(document.filename)
        return super().render_document(document)


def _build(course: Path, output: Path) -> tuple[CountingRenderer, list[str], list[Problem]]:
    """Build every PDF of `course`; the renderer, the log and the warnings."""
    renderer = CountingRenderer(load_course(course))
    renderer.rendered = []
    log: list[str] = []
    warnings: list[Problem] = []
    build_pdfs(renderer, output, log=log.append, warn=warnings.append)
    return renderer, log, warnings


def _pages(build: PdfBuild, filename: str) -> list[str]:
    return [page.extract_text() for page in build.reader(filename).pages]


def test_all_modules_worksheets_are_the_module_pages(fixture_pdfs: PdfBuild) -> None:
    whole = _pages(fixture_pdfs, ALL)
    parts = [text for name in MODULES for text in _pages(fixture_pdfs, name)]
    assert whole == parts
    # Each module keeps its own page numbers, as on its own worksheets.
    basics = len(_pages(fixture_pdfs, MODULES[0]))
    assert whole[0].rstrip().endswith(f"Page 1 of {basics}")
    assert whole[basics].rstrip().endswith(f"Page 1 of {len(parts) - basics}")
    reader = fixture_pdfs.reader(ALL)
    assert reader.metadata is not None
    assert reader.metadata.title == "Fixture Course – Worksheets: all modules"
    assert "/StructTreeRoot" in reader.trailer["/Root"], "tagged PDF (PDF/UA)"


def test_unchanged_sources_render_no_print_html(fixture_pdfs: PdfBuild, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(fixture_pdfs.course, course)  # with its warm cache: the cache moves along
    renderer, log, _ = _build(course, tmp_path / "warm")
    assert renderer.rendered == []
    assert len(log) == len(renderer.documents)
    assert all(line.endswith("unchanged") for line in log)
    for name in (*MODULES, ALL):
        assert (tmp_path / "warm" / name).read_bytes() == (fixture_pdfs.output / name).read_bytes()
    # Any source file counts, even one no PDF shows: the HTML is rendered and compared again,
    # and every PDF is still taken from the cache.
    (course / "docs" / "notes.txt").write_text("not a page\n", "utf-8")
    renderer, log, _ = _build(course, tmp_path / "again")
    assert renderer.rendered == [document.filename for document in renderer.documents]
    assert all(line.endswith("unchanged") for line in log)


def test_warnings_come_again_without_rendering(fixture_pdfs: PdfBuild, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(fixture_pdfs.course, course)
    page = course / "docs" / "basics.md"
    page.write_text(page.read_text("utf-8") + "\nSiehe 漢字.\n", "utf-8")
    renderer, _, first = _build(course, tmp_path / "one")
    assert renderer.rendered, "a changed page renders the print HTML again"
    assert any("漢" in problem.message for problem in first)
    renderer, _, second = _build(course, tmp_path / "two")
    assert renderer.rendered == []
    assert second == first
