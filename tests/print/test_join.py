"""`join.join_pdfs` keeps one part open at a time and checks the page numbers' page count.

The parts are real WeasyPrint PDFs (PDF/UA, as the print build writes them); which files the
process holds open or mapped is read from Linux's /proc while the join runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from weasyprint import HTML

from seminarkit.print import join


def _parts(folder: Path, count: int, pages: int = 2) -> list[Path]:
    """`count` tagged PDFs of `pages` pages each, every page with a heading and a paragraph."""
    paths = []
    for number in range(count):
        body = "".join(
            f'<h1 style="break-before: page">Teil {number} Seite {page}</h1><p>Text {page}</p>'
            for page in range(pages)
        )
        path = folder / f"part-{number}.pdf"
        HTML(string=f"<html lang='de'><body>{body}</body></html>").write_pdf(
            path, pdf_variant="pdf/ua-1"
        )
        paths.append(path)
    return paths


def _held(paths: list[Path]) -> set[Path]:
    """Those of `paths` this process has open (/proc/self/fd) or mapped (/proc/self/maps)."""
    names = {str(path.resolve()): path for path in paths}
    held = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target in names:
            held.add(names[target])
    maps = Path("/proc/self/maps").read_text()
    held.update(path for name, path in names.items() if name in maps)
    return held


def test_one_part_is_open_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = _parts(tmp_path, 4)
    seen: list[set[Path]] = []
    opened = pikepdf.Pdf.open

    def watched(path: Path, *args: Any, **kwargs: Any) -> pikepdf.Pdf:
        seen.append(_held(parts))  # what is still held when the next part is opened
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(pikepdf.Pdf, "open", watched)
    assert join.join_pdfs(parts, tmp_path / "joined.pdf", title="Ganz") == 8
    assert seen and all(held == set() for held in seen)
    assert _held(parts) == set()
    text = [page.extract_text() for page in PdfReader(tmp_path / "joined.pdf").pages]
    assert [line.splitlines()[0] for line in text] == [
        f"Teil {number} Seite {page}" for number in range(4) for page in range(2)
    ]


def test_page_numbers_of_another_count_are_refused(tmp_path: Path) -> None:
    parts = _parts(tmp_path, 2)
    (tmp_path / "numbers").mkdir()
    stamps = _parts(tmp_path / "numbers", 1, pages=3)
    with pytest.raises(ValueError, match="3 pages of page numbers for 4 pages"):
        join.join_pdfs(parts, tmp_path / "joined.pdf", stamps=stamps)
    assert not (tmp_path / "joined.pdf").exists()


def test_a_join_apart_writes_the_same_document(tmp_path: Path) -> None:
    parts = _parts(tmp_path, 3)
    here, apart = tmp_path / "here.pdf", tmp_path / "apart.pdf"
    assert join.join_pdfs(parts, here, title="Ganz", stubs=[frozenset({"x"})]) == 6
    assert join.join_apart(parts, apart, title="Ganz", stubs=[frozenset({"x"})]) == 6
    assert apart.read_bytes() == here.read_bytes()  # deterministic_id: same objects, same bytes


def test_a_join_apart_raises_its_failures(tmp_path: Path) -> None:
    parts = _parts(tmp_path, 1)
    (tmp_path / "broken.pdf").write_text("no PDF", "utf-8")
    with pytest.raises(ValueError, match=r"broken\.pdf"):
        join.join_apart([*parts, tmp_path / "broken.pdf"], tmp_path / "joined.pdf")
    with pytest.raises(OSError) as raised:
        join.join_apart(parts, tmp_path / "missing" / "joined.pdf")
    assert raised.value.filename == str(tmp_path / "missing" / "joined.pdf")
    assert not (tmp_path / "joined.pdf").exists()


def test_long_documents_are_joined_apart() -> None:
    from seminarkit.print.pdf import _joining

    assert _joining(join.APART_PAGES) is join.join_pdfs
    assert _joining(join.APART_PAGES + 1) is join.join_apart
