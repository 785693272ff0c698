"""Real WeasyPrint PDFs of the fixture course, built once per session and read with pypdf."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from seminarkit.loader import load_course
from seminarkit.print.pdf import BuiltPdf, build_pdfs
from seminarkit.print.renderer import PrintRenderer

from ..conftest import FIXTURE_COURSE, IGNORED


@dataclass
class PdfBuild:
    """PDFs of one build with the log lines it wrote."""

    course: Path
    output: Path
    built: list[BuiltPdf]
    log: list[str]

    def reader(self, filename: str) -> PdfReader:
        """A pypdf reader of one PDF."""
        return PdfReader(self.output / filename)

    def text(self, filename: str) -> str:
        """All text of one PDF, pages joined."""
        return "\n".join(page.extract_text() or "" for page in self.reader(filename).pages)


def build(course: Path, output: Path) -> PdfBuild:
    """Build every PDF of `course` into `output`."""
    log: list[str] = []
    built = build_pdfs(PrintRenderer(load_course(course)), output, log=log.append)
    return PdfBuild(course, output, built, log)


@pytest.fixture(scope="session")
def fixture_pdfs(tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    """The fixture course's PDFs, from a private copy (so the cache starts empty)."""
    root = tmp_path_factory.mktemp("print")
    course = root / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    return build(course, root / "pdf")
