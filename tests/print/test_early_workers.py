"""A build that will lay out PDFs starts its PDF workers before MkDocs builds the pages, so
they load WeasyPrint and the hyphenation dictionaries meanwhile (the flagship's cold build
went from 20.0 s to 17.2 s), and hands them the layouts then, so they lay out PDFs while
MkDocs builds the pages; a build with nothing to lay out starts none; a failed build ends
them and writes no PDF. The builds are real `mkdocs build`s with a MkDocs hook that looks
on."""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pypdf import PdfReader

from seminarkit.print import pdf

from ..conftest import mkdocs_build

#: A MkDocs hook: for each page, the number of this process's children (the PDF workers)
#: when MkDocs turns the page's Markdown into HTML; it breaks the page `SK_BREAK` names.
HOOK = """
import json, multiprocessing, os, pathlib, time

def on_page_markdown(markdown, page, **kwargs):
    with open(os.environ["SK_SEEN"], "a", encoding="utf-8") as seen:
        children = len(multiprocessing.active_children())
        seen.write(json.dumps([page.file.src_uri, children]) + "\\n")
    if page.file.src_uri == os.environ.get("SK_WAIT"):
        cache = pathlib.Path(os.environ["SEMINARKIT_CACHE_DIR"])
        deadline = time.monotonic() + 120
        while not any(cache.rglob("*.pdf")) and time.monotonic() < deadline:
            time.sleep(0.05)
        pathlib.Path(os.environ["SK_SEEN"] + ".laid").write_text(
            json.dumps(sorted(path.name for path in cache.rglob("*.pdf"))), encoding="utf-8"
        )
    if page.file.src_uri == os.environ.get("SK_BREAK"):
        raise RuntimeError("broken on purpose")
    return markdown
"""


@pytest.fixture
def watched(course_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture course with the hook; what it sees goes to `seen.jsonl`."""
    (course_copy / "hooks.py").write_text(HOOK, encoding="utf-8")
    config = course_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hooks.py\n", "utf-8")
    monkeypatch.setenv("SK_SEEN", str(tmp_path / "seen.jsonl"))
    monkeypatch.setenv(pdf.CACHE_ENV, str(tmp_path / "cache"))
    return course_copy


def _seen(tmp_path: Path) -> dict[str, int]:
    """The workers each page saw, by page; the record is emptied."""
    record = tmp_path / "seen.jsonl"
    lines = record.read_text(encoding="utf-8").splitlines()
    record.unlink()
    return {page: children for page, children in map(json.loads, lines)}


def test_workers_start_before_the_pages_only_when_pdfs_are_due(
    watched: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(watched, site)
    assert result.returncode == 0, result.stderr
    cold = _seen(tmp_path)
    assert len(cold) >= 3 and set(cold.values()) == {pdf._CORES}, cold
    assert len(PdfReader(site / "downloads" / "course-reader.pdf").pages) > 3
    result = mkdocs_build(watched, site)  # nothing changed: every PDF comes from the cache
    assert result.returncode == 0, result.stderr
    assert set(_seen(tmp_path).values()) == {0}
    (watched / "docs" / "basics.md").write_text(
        (watched / "docs" / "basics.md").read_text(encoding="utf-8") + "\nOne more line.\n",
        encoding="utf-8",
    )
    result = mkdocs_build(watched, site)  # a lesson changed: its PDFs are due again
    assert result.returncode == 0, result.stderr
    assert set(_seen(tmp_path).values()) == {pdf._CORES}


def test_pdfs_are_laid_out_while_mkdocs_builds_the_pages(
    watched: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page waits until a worker has written a PDF into the cache: it would wait in vain
    if the layouts started after the pages."""
    monkeypatch.setenv("SK_WAIT", "basics.md")
    site = tmp_path / "site"
    result = mkdocs_build(watched, site)
    assert result.returncode == 0, result.stderr
    laid = json.loads((tmp_path / "seen.jsonl.laid").read_text(encoding="utf-8"))
    assert laid, "no PDF was laid out while MkDocs built the pages"
    assert len(PdfReader(site / "downloads" / "course-reader.pdf").pages) > 3


def _loaded(_: object) -> tuple[bool, int]:
    """In a worker: whether WeasyPrint's PDF writer is loaded, and how many hyphenation
    dictionaries pyphen keeps."""
    import pyphen  # type: ignore[import-untyped]

    return "weasyprint.pdf" in sys.modules, len(pyphen.hdcache)


def test_started_workers_have_weasyprint_and_the_dictionaries_loaded() -> None:
    with pdf.pdf_workers():
        pdf.start_pdf_workers(("de", "xx-unknown"))
        with pdf._pool(1) as pool:
            assert pool.submit(_loaded, None).result(timeout=120) == (True, 1)
        with pdf.pdf_workers(), pdf._pool(1) as inner:  # a block inside: the same pool
            assert inner is pool
    assert pdf._shared_pool == []


def test_a_failed_build_ends_its_pdf_workers(
    watched: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SK_BREAK", "basics.md")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(watched)
    config = load_config(str(watched / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(RuntimeError, match="broken on purpose"):
        build(config)
    assert set(_seen(tmp_path).values()) == {pdf._CORES}  # they had started
    assert multiprocessing.active_children() == []
    assert pdf._shared_pool == []
    assert not list((tmp_path / "site").rglob("*.pdf"))  # the layouts begun wrote no PDF
    temporary = [path for path in (tmp_path / "cache").rglob(".*.pdf")]  # files.TEMPORARY_PREFIX
    assert temporary == []
