"""The PDF workers of a build: one pool for all its documents, streams compressed faster."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pydyf  # type: ignore[import-untyped]
from pypdf import PdfReader

from seminarkit.loader import load_course
from seminarkit.print.pdf import PDF_VARIANT, _compress_faster, build_pdfs, lay_out, pdf_workers
from seminarkit.print.renderer import PrintRenderer

from ..conftest import FIXTURE_COURSE, IGNORED

#: The second byte of a zlib stream names its level class: 0x9C for 6 (the default), 0xDA for 9.
ZLIB_DEFAULT, ZLIB_BEST = b"\x78\x9c", b"\x78\xda"


def _workers() -> set[int]:
    return {process.pid for process in multiprocessing.active_children() if process.pid}


def test_one_pool_serves_every_build_pdfs_of_a_block(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    renderer = PrintRenderer(load_course(course))
    first, second = renderer.documents[1], renderer.documents[2]
    assert _workers() == set()
    with pdf_workers():
        built = build_pdfs(renderer, tmp_path / "site", documents=[first], log=lambda _: None)
        started = _workers()
        built += build_pdfs(renderer, tmp_path / "trainer", documents=[second], log=lambda _: None)
        assert started and _workers() == started, "the second call reuses the same workers"
        assert len(started) <= 2
    assert _workers() == set(), "the workers end with the block"
    assert [item.filename for item in built] == [first.filename, second.filename]
    assert all(not item.cached and item.pages > 0 for item in built)
    for item in built:
        assert len(PdfReader(item.path).pages) == item.pages


def test_faster_compression_keeps_every_page(tmp_path: Path) -> None:
    renderer = PrintRenderer(load_course(FIXTURE_COURSE))
    item = renderer.render_document(renderer.documents[0])
    document = lay_out(item.html, str(renderer.docs), str(renderer.stylesheet()))
    _compress_faster()
    faster = pydyf.Stream.__dict__["data"]
    document.write_pdf(tmp_path / "faster.pdf", pdf_variant=PDF_VARIANT)
    try:
        pydyf.Stream.data = property(faster.fget.original)
        document.write_pdf(tmp_path / "best.pdf", pdf_variant=PDF_VARIANT)
    finally:
        pydyf.Stream.data = faster
    fast, best = PdfReader(tmp_path / "faster.pdf"), PdfReader(tmp_path / "best.pdf")
    assert len(fast.pages) == len(best.pages) == len(document.pages)
    for mine, theirs in zip(fast.pages, best.pages, strict=True):
        contents, original = mine["/Contents"].get_object(), theirs["/Contents"].get_object()
        assert contents["/Filter"] == "/FlateDecode"
        assert contents._data[:2] == ZLIB_DEFAULT and original._data[:2] == ZLIB_BEST
        assert contents.get_data() == original.get_data()
    assert fast.outline and len(fast.outline) == len(best.outline)
    assert "/StructTreeRoot" in fast.trailer["/Root"]
    assert fast.metadata == best.metadata
