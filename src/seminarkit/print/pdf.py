"""Turn rendered print documents into PDFs: in parallel, cached by content, written atomically."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .. import __version__
from ..files import copy_atomically, replacing
from ..problems import CourseError, Problem
from .documents import Document
from .renderer import PrintDocument, PrintRenderer

CACHE_DIR = ".seminarkit-cache/pdf"
#: seminarkit's own templates, stylesheet and fonts: the PDFs may load them, whichever
#: stylesheet a course uses.
BUILT_IN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: Timestamp for everything WeasyPrint and fontTools date (font tables), unless the environment
#: sets SOURCE_DATE_EPOCH: unchanged input gives byte-identical PDFs. (2000-01-01T00:00:00Z)
DEFAULT_SOURCE_DATE_EPOCH = "946684800"
#: Tagged PDF for screen readers; measured at well under 25 % extra time (see the bench).
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker process needs to write one PDF."""

    filename: str
    html: str
    stylesheet: str
    base_url: str
    target: str
    key: str
    roots: tuple[str, ...] = ()
    """More folders whose files the PDF may load (the course folder), besides `base_url`
    and the stylesheet's folder."""


@dataclass(frozen=True)
class BuiltPdf:
    """A finished PDF: where it is, how big, how many pages, how long it took."""

    filename: str
    title: str
    path: Path
    pages: int
    size: int
    seconds: float
    cached: bool


def _local_fetcher(roots: tuple[str, ...], refused: list[str]) -> Any:
    """A WeasyPrint URL fetcher for data: URLs and local files whose real path (`..` and
    symlinks resolved) lies in one of the folders `roots`; never the network. A second guard
    behind the loader's check: every URL it refuses is added to `refused`."""
    from weasyprint.urls import URLFetcher

    bases = tuple(os.path.realpath(root) for root in roots)

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not (url.startswith("data:") or _inside(url, bases)):
                refused.append(url)
                raise ValueError(f"refusing to load {url}: print documents use course files only")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file", "data"))


def _inside(url: str, bases: tuple[str, ...]) -> bool:
    """Whether a file: URL names a file whose real path lies in one of the folders `bases`."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return False
    real = os.path.realpath(unquote(parts.path))
    return any(os.path.commonpath([real, base]) == base for base in bases)


def write_pdf(job: PdfJob) -> tuple[int, float, list[str]]:
    """Worker: render one document to `job.target` atomically; (pages, seconds, warnings)."""
    from weasyprint import HTML

    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    warnings: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    handler = _Collect(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    started = time.perf_counter()
    try:
        refused: list[str] = []
        roots = (job.base_url, str(Path(job.stylesheet).parent), *job.roots)
        fetcher = _local_fetcher(roots, refused)
        document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render()
        with replacing(Path(job.target)) as temporary:
            document.write_pdf(  # attachments are fetched only now
                temporary,
                pdf_identifier=job.key[:32].encode("ascii"),
                pdf_variant=PDF_VARIANT,
            )
            if refused:  # never keep (or cache) a PDF that lacks a file the course refers to
                raise ValueError(
                    "it refers to files outside the course folder: "
                    + ", ".join(sorted(set(refused)))
                )
    finally:
        logger.removeHandler(handler)
    return len(document.pages), time.perf_counter() - started, warnings


def content_key(rendered: PrintDocument, stylesheet: Path, root: Path) -> str:
    """A hash of everything that shapes the PDF: HTML, CSS, fonts, images, tool versions.

    Absolute paths are left out, so the same course in another folder gets the same key.
    """
    import weasyprint

    digest = hashlib.sha256()
    html = rendered.html.replace(root.as_uri(), "").replace(stylesheet.parent.as_uri(), "")
    epoch = os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    for part in (__version__, weasyprint.__version__, PDF_VARIANT, epoch, html):
        digest.update(part.encode("utf-8"))
    for path in sorted(stylesheet.parent.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode("utf-8"))
            digest.update(path.read_bytes())
    for uri in sorted(set(_local_files(rendered.html))):
        path = Path(unquote(uri))  # file URIs percent-encode spaces and umlauts
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _local_files(html: str) -> Iterable[str]:
    marker = 'src="file://'
    start = html.find(marker)
    while start >= 0:
        end = html.find('"', start + len(marker))
        yield html[start + len(marker) : end]
        start = html.find(marker, end)


def build_pdfs(
    renderer: PrintRenderer,
    output: Path,
    *,
    documents: list[Document] | None = None,
    log: Callable[[str], None] = print,
    workers: int | None = None,
    warn: Callable[[Problem], None] | None = None,
) -> list[BuiltPdf]:
    """Render every planned document and write the PDFs to `output`; unchanged ones from cache.

    Every problem (broken link) is raised at once before any PDF is written; a WeasyPrint
    failure names the document. Files appear atomically, so a failed build leaves the PDFs of
    the last good build in place. Warnings (an image WeasyPrint could not load, also replayed
    for a PDF taken from the cache) go to `warn`, by default to `log`.
    """
    report = warn or (lambda problem: log(str(problem)))
    wanted = renderer.documents if documents is None else documents
    rendered = [renderer.render_document(document) for document in wanted]
    problems = [problem for item in rendered for problem in item.problems]
    if any(problem.severity == "error" for problem in problems):
        raise CourseError(_unique(problems))
    for problem in _unique(problems):
        report(problem)
    stylesheet = renderer.stylesheet()
    cache = Path(renderer.course.root) / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[PrintDocument, PdfJob]] = []
    for item in rendered:
        key = content_key(item, stylesheet, Path(renderer.course.root))
        target = cache / f"{item.document.stem}-{key[:16]}.pdf"
        jobs.append(
            (
                item,
                PdfJob(
                    item.document.filename,
                    item.html,
                    str(stylesheet),
                    str(renderer.docs),
                    str(target),
                    key,
                    (renderer.course.root, str(BUILT_IN_TEMPLATES)),
                ),
            )
        )
    pending = [(item, job) for item, job in jobs if not Path(job.target).is_file()]
    results: dict[str, tuple[int, float, list[str]]] = {}
    if pending:
        count = workers or min(len(pending), os.cpu_count() or 1, 2)
        with ProcessPoolExecutor(max_workers=count) as pool:
            futures = {job.filename: pool.submit(write_pdf, job) for _, job in pending}
            for _, job in pending:
                try:
                    results[job.filename] = futures[job.filename].result()
                except Exception as error:  # a WeasyPrint failure names the document
                    raise CourseError(
                        [Problem(job.filename, 0, 0, "", f"could not build this PDF: {error}")]
                    ) from None
                pages, seconds, warnings = results[job.filename]
                for warning in warnings:
                    _weasyprint_warning(renderer, job.filename, warning, log, report)
                _remember(job, pages, warnings)
                log(f"{job.filename}: {pages} pages in {seconds:.1f} s")
    cleanup = {Path(job.target).name for _, job in jobs}
    built: list[BuiltPdf] = []
    output.mkdir(parents=True, exist_ok=True)
    for item, job in jobs:
        cached = job.filename not in results
        pages = results[job.filename][0] if not cached else _recall(job)
        seconds = results[job.filename][1] if not cached else 0.0
        if cached:
            for warning in _recall_warnings(job):
                _weasyprint_warning(renderer, job.filename, warning, log, report)
            log(f"{job.filename}: {pages} pages, unchanged")
        destination = output / job.filename
        copy_atomically(Path(job.target), destination)
        built.append(
            BuiltPdf(
                job.filename,
                item.document.title,
                destination,
                pages,
                destination.stat().st_size,
                seconds,
                cached,
            )
        )
    for item, _ in jobs:
        _prune(cache, item.document.stem, cleanup)
    return built


def _weasyprint_warning(
    renderer: PrintRenderer,
    filename: str,
    warning: str,
    log: Callable[[str], None],
    report: Callable[[Problem], None],
) -> None:
    """An image WeasyPrint could not load becomes a warning naming the files that show it."""
    problems = renderer.image_warnings(filename, warning)
    for problem in problems:
        report(problem)
    if not problems:
        log(f"WeasyPrint warning in {filename}: {warning}")


def _remember(job: PdfJob, pages: int, warnings: list[str]) -> None:
    meta = {"pages": pages, "warnings": warnings}
    Path(job.target).with_suffix(".json").write_text(json.dumps(meta), "utf-8")


def _recall_warnings(job: PdfJob) -> list[str]:
    meta = Path(job.target).with_suffix(".json")
    return list(json.loads(meta.read_text("utf-8")).get("warnings", [])) if meta.is_file() else []


def _recall(job: PdfJob) -> int:
    meta = Path(job.target).with_suffix(".json")
    return int(json.loads(meta.read_text("utf-8"))["pages"]) if meta.is_file() else 0


def _prune(cache: Path, stem: str, keep: set[str]) -> None:
    """Drop older cached versions of one document."""
    for old in cache.glob(f"{stem}-*.pdf"):
        if old.name not in keep and old.name.removeprefix(f"{stem}-").count("-") == 0:
            old.unlink(missing_ok=True)
            old.with_suffix(".json").unlink(missing_ok=True)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
