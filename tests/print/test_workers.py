"""The PDF workers of a build: one pool for all its documents, streams compressed faster."""

from __future__ import annotations

import gc
import multiprocessing
import shutil
from pathlib import Path

import pydyf  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader

from seminarkit.loader import load_course
from seminarkit.print import pdf
from seminarkit.print.pdf import (
    PAUSED_HTML,
    PDF_VARIANT,
    PdfJob,
    _compress_faster,
    build_pdfs,
    lay_out,
    pdf_workers,
    write_pdf,
)
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


def _collections(job: PdfJob) -> list[int]:
    """The cycle collector's runs while a worker writes `job`: their generations."""
    runs: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        write_pdf(job)
    finally:
        gc.callbacks.remove(seen)
    return runs


def test_a_layout_runs_without_cycle_collections_and_is_freed_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document up to `PAUSED_HTML` long is laid out and written with the collector paused
    (it made a tenth of the work), then collected once; a longer one keeps the collector."""
    stylesheet = tmp_path / "print.css"
    stylesheet.write_text("body { font-size: 10pt }", "utf-8")
    body = "".join(f"<h2>Abschnitt {n}</h2><p>{'Wort ' * 80}</p>" for n in range(60))
    html = f"<html lang='de'><body>{body}</body></html>"
    assert len(html) <= PAUSED_HTML

    def job(name: str) -> PdfJob:
        target = str(tmp_path / name)
        return PdfJob(name, html, str(stylesheet), str(tmp_path), target, "0" * 64)

    assert gc.isenabled()
    runs = _collections(job("short.pdf"))
    # At most one run before the layout starts, then the full one after it.
    assert runs[-1] == 2 and len(runs) <= 2, runs
    assert gc.isenabled()
    assert len(PdfReader(tmp_path / "short.pdf").pages) > 3
    monkeypatch.setattr(pdf, "PAUSED_HTML", len(html) - 1)
    runs = _collections(job("long.pdf"))
    assert runs[-1] == 2 and len(runs) > 10, runs  # the collector ran during the layout
    assert gc.isenabled()


def test_the_collector_is_back_on_after_a_failed_layout(tmp_path: Path) -> None:
    job = PdfJob(
        "x.pdf",
        '<p><img src="file:///etc/hostname"></p>',  # outside the course: refused
        str(tmp_path / "missing.css"),
        str(tmp_path),
        str(tmp_path / "x.pdf"),
        "0" * 64,
    )
    with pytest.raises((ValueError, OSError)):
        write_pdf(job)
    assert gc.isenabled()
