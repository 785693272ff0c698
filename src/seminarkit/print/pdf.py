"""Turn rendered print documents into PDFs: in parallel, cached by content, written atomically.

The cache (`cache_folder`: `.seminarkit-cache/pdf/` in the course unless the `cache_dir` option or
`SEMINARKIT_CACHE_DIR` say otherwise) holds one entry per document version, a pair of files
`<stem>-<key>.pdf` and `<stem>-<key>.json`:

- the key hashes what is known before rendering: the HTML (every template, lesson and exercise
  is already in it), the plugin options, the versions of seminarkit and the PDF libraries and
  the PDF settings;
- the JSON, written last and atomically, lists every file WeasyPrint read while rendering
  (stylesheets, fonts, images, wherever they are referenced from) with the SHA-256 of its
  content, and the page count, size and SHA-256 of the PDF.

A document laid out in pieces (`pieces.split_document`) also keeps an entry per piece,
`<stem>.piece-<key>.pdf` and `.json`, keyed by the piece's HTML (`_piece_entry`) and checked in
the same way (`_recall_piece`): after an edit, only the pieces whose HTML or files changed are
laid out again; a build removes the pieces of such a document that it did not use.

Documents that print the participant list (`Document.personal`: the seminar-room pack with a
list) are cached in `PRIVATE_CACHE` inside the folder they are written to, the trainer folder,
so that the list never reaches the shared cache; their entries in the other cache are removed.
They never use the source index (the list may live outside the course): their cache entries
are found from their print HTML, which holds the names.

An entry is used only when its JSON is whole, the PDF matches it and every file read still has
the same content (a file that was missing must still be missing); anything else is discarded
and built again, never a crash and never a wrong page count.

A build holds a shared lock on the cache while it runs; the first build that finds no other one
running removes what killed builds left (temporary files, an entry without its JSON).
The PDF workers end with the build that started them, even after `kill -9` (`_end_with_build`).
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import functools
import gc
import glob
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.util
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from html import unescape
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .. import __version__, collector
from ..files import (
    TEMPORARY_PREFIX,
    CannotWrite,
    cannot_write,
    copy_atomically,
    ensure_folder,
    replacing,
    write_atomically,
)
from ..model.course import CACHE_ENV, DEFAULT_CACHE_DIR, Course
from ..problems import CourseError, Problem
from . import pieces as pieces_html
from .direction import resolve_auto_direction
from .documents import Document
from .glyphs import missing_glyphs
from .pieces import Split, split_document
from .renderer import PrintDocument, PrintRenderer

if sys.platform != "win32":
    import fcntl

#: The PDF cache of a course with default options, relative to the course folder.
CACHE_DIR = f"{DEFAULT_CACHE_DIR}/pdf"
CACHE_HINT = (
    f"set `cache_dir` in mkdocs.yml or the environment variable {CACHE_ENV} to a writable folder"
)
#: seminarkit's own templates, stylesheet and fonts: the PDFs may load them, whichever
#: stylesheet a course uses.
BUILT_IN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_LOCK = "lock"
#: Where documents that print the participant list (`Document.personal`) are cached: inside
#: the folder they are written to (the trainer folder), never in the shared cache.
PRIVATE_CACHE = ".seminarkit-cache"
#: Distributions whose version changes the PDF bytes.
_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pillow", "tinycss2", "cssselect2")
#: Version of the cache entry format; entries of another version are built again.
_ENTRY_VERSION = 2
#: Timestamp for everything WeasyPrint and fontTools date (font tables), unless the environment
#: sets SOURCE_DATE_EPOCH: unchanged input gives byte-identical PDFs. (2000-01-01T00:00:00Z)
DEFAULT_SOURCE_DATE_EPOCH = "946684800"
#: Tagged PDF for screen readers; measured at well under 25 % extra time (see the bench).
PDF_VARIANT = "pdf/ua-1"
#: WeasyPrint says this for every font of every document when the system lacks HarfBuzz-Subset
#: (Debian: libharfbuzz-subset0); the PDFs are fine, so a build (one process) says it once.
SUBSET_NOTICE = "Using fontTools instead of HarfBuzz-Subset"
_said_once: set[str] = set()
#: Progress for a console that shows it (`seminarkit build`): `announce_pdfs` tells how many
#: documents a build makes (record attribute `pdf_total`), then one record per finished document
#: (`pdf_done`: its file name). Not below the `mkdocs` logger, so `mkdocs build` shows none.
PROGRESS = logging.getLogger("seminarkit.progress")
#: OS errors that mean a full or read-only disk, not a broken document.
_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}
_TEMPORARY_HINT = (
    "WeasyPrint keeps the fonts there while it renders; free some space or set TMPDIR "
    "to another folder"
)
#: prctl(2) option: the signal a process gets when its parent ends (Linux).
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker process needs to write one PDF."""

    filename: str
    html: str
    stylesheet: str
    base_url: str
    target: str
    key: str
    root: str = ""
    """The course folder: files read below it are listed relative to it in the cache entry."""
    roots: tuple[str, ...] = ()
    """More folders whose files the PDF may load (the course folder, the built-in templates),
    besides `base_url` and the stylesheet's folder."""
    parts: tuple[str, ...] = ()
    """File names of the documents whose pages make up this one (the all-modules worksheets)."""
    context: str = ""
    """`content_key` of the document without its HTML: with a piece's HTML, the piece's key."""

    @property
    def entry(self) -> Path:
        """The JSON half of the cache entry."""
        return Path(self.target).with_suffix(".json")


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


def _local_fetcher(
    roots: tuple[str, ...],
    reads: dict[str, str | None] | None = None,
    refused: list[str] | None = None,
) -> Any:
    """A WeasyPrint URL fetcher for data: URLs and local files whose real path (`..` and
    symlinks resolved) lies in one of the folders `roots`; never the network. A second guard
    behind the loader's check: every URL it refuses is added to `refused`.

    Every local file it is asked for goes into `reads` (path -> SHA-256 of the bytes it
    returned, None if it could not be read), so the cache knows what the PDF depends on.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    bases = tuple(os.path.realpath(root) for root in roots)

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not (url.startswith("data:") or _inside(url, bases)):
                if refused is not None:
                    refused.append(url)
                raise ValueError(f"refusing to load {url}: print documents use course files only")
            if reads is None or not url.startswith("file:"):
                return super().fetch(url, headers)
            path = url2pathname(urlsplit(url).path)
            try:
                response = super().fetch(url, headers)
                try:
                    body = response.read()
                finally:
                    response.close()
            except Exception:
                reads[path] = None
                raise
            reads[path] = hashlib.sha256(body).hexdigest()
            return URLFetcherResponse(response.url, body, response.headers, response.status)

    return LocalFetcher(allowed_protocols=("file", "data"))


def _inside(url: str, bases: tuple[str, ...]) -> bool:
    """Whether a file: URL names a file whose real path lies in one of the folders `bases`."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return False
    real = os.path.realpath(unquote(parts.path))
    return any(os.path.commonpath([real, base]) == base for base in bases)


def lay_out(
    html: str,
    base_url: str,
    stylesheet: str,
    reads: dict[str, str | None] | None = None,
    *,
    roots: tuple[str, ...] = (),
    refused: list[str] | None = None,
) -> Any:
    """WeasyPrint's paginated `weasyprint.Document` of a print document: files only from below
    `base_url` (the docs folder), the stylesheet's folder and `roots` (each one read goes into
    `reads`, each one refused into `refused`, see `_local_fetcher`), `dir="auto"` resolved.

    The stylesheet the document links (`<link rel="stylesheet" href="...">` with the URI of
    `stylesheet`, as the print templates write it) is parsed once per process and reused
    (`_parsed_stylesheet`): its files count as read by every document that uses it."""
    from weasyprint import HTML

    folders = (base_url, str(Path(stylesheet).parent), *roots)
    fetcher = _local_fetcher(folders, reads, refused)
    link = f'<link rel="stylesheet" href="{Path(stylesheet).as_uri()}">'
    if link not in html:
        parsed = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        resolve_auto_direction(parsed.etree_element)
        return parsed.render()
    shared = _parsed_stylesheet(stylesheet, folders)
    if reads is not None:
        reads.update(shared.reads)
    if refused is not None:
        refused.extend(shared.refused)
    for warning in shared.warnings:  # into the caller's `_collecting_warnings`
        logging.getLogger("weasyprint").warning("%s", warning)
    parsed = HTML(string=html.replace(link, "", 1), base_url=base_url, url_fetcher=fetcher)
    resolve_auto_direction(parsed.etree_element)
    return parsed.render(
        stylesheets=[shared.css],
        font_config=shared.font_config,
        counter_style=shared.counter_style,
    )


@dataclass(frozen=True)
class _Stylesheet:
    """A print stylesheet parsed by WeasyPrint with its fonts (`@font-face`) loaded, and what
    parsing it read (path -> SHA-256, see `_local_fetcher`), refused and warned about."""

    css: Any
    font_config: Any
    counter_style: Any
    reads: dict[str, str | None]
    refused: tuple[str, ...]
    warnings: tuple[str, ...]
    stamps: dict[str, tuple[int, int] | None]
    """Modification time (ns) and size of each file read, to see that none changed."""
    owner: int
    """The process that parsed it: WeasyPrint keeps the copies of its fonts in a temporary
    folder of that process's, removed when the font configuration is freed."""


#: The stylesheets parsed by this process, or by the process it was forked from (a PDF worker
#: uses those too), by (stylesheet path, folders it may load from).
_STYLESHEETS: dict[tuple[str, tuple[str, ...]], _Stylesheet] = {}
#: The processes that will drop their own stylesheets when they end (`_forget_stylesheets`).
_FORGETTING: set[int] = set()


def _stamp(path: str) -> tuple[int, int] | None:
    """Modification time in nanoseconds and size of the file `path`; None if it is missing."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _parsed_stylesheet(stylesheet: str, folders: tuple[str, ...]) -> _Stylesheet:
    """`stylesheet` parsed once per process: parsing it and loading its ten fonts costs WeasyPrint
    about 0.24 s (WOFF fonts are turned into TrueType with fontTools), more than laying out a
    page, and a build lays out dozens of documents (every module's worksheets are one).

    Parsed again when a file it read changed since (modification time or size). Its rules
    join the cascade as a user stylesheet, below the document's own `<style>` and `style`
    attributes, as the linked stylesheet did; the print templates mark nothing `!important`
    in those."""
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.text.fonts import FontConfiguration

    key = (stylesheet, folders)
    known = _STYLESHEETS.get(key)
    if known is not None and all(_stamp(path) == stamp for path, stamp in known.stamps.items()):
        return known
    reads: dict[str, str | None] = {}
    refused: list[str] = []
    font_config = FontConfiguration()
    counter_style = CounterStyle()
    with _collecting_warnings() as warnings:
        css = CSS(
            url=Path(stylesheet).as_uri(),
            url_fetcher=_local_fetcher(folders, reads, refused),
            font_config=font_config,
            counter_style=counter_style,
        )
    parsed = _Stylesheet(
        css,
        font_config,
        counter_style,
        reads,
        tuple(refused),
        tuple(warnings),
        {path: _stamp(path) for path in reads},
        os.getpid(),
    )
    if os.getpid() not in _FORGETTING:  # once per process, forked ones too
        _FORGETTING.add(os.getpid())
        atexit.register(_forget_stylesheets)  # this process, when it ends normally
        multiprocessing.util.Finalize(None, _forget_stylesheets, exitpriority=1)  # a worker
    _STYLESHEETS[key] = parsed
    return parsed


def _forget_stylesheets() -> None:
    """Drop the stylesheets this process parsed, so that WeasyPrint removes the copies of their
    fonts it keeps in the temporary folder (a pool worker ends without finalizing objects).

    Those a worker was forked with stay: their folder is the parent's, which still uses it.
    (A worker forked from a process that had parsed a stylesheet used to register no cleanup
    for its own, and left a folder of 3.2 MB in /tmp each time: 46 in one run of
    tests/print.)"""
    for key in [key for key, sheet in _STYLESHEETS.items() if sheet.owner == os.getpid()]:
        del _STYLESHEETS[key]
    gc.collect()


_T = TypeVar("_T")
_Result = tuple[int, float, list[str]]
"""Pages, seconds and WeasyPrint's warnings of one written PDF."""


@contextmanager
def _collecting_warnings(into: list[str] | None = None) -> Iterator[list[str]]:
    """WeasyPrint's warnings while the block runs, added to `into` (else a new list)."""
    warnings: list[str] = [] if into is None else into

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    handler = _Collect(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield warnings
    finally:
        logger.removeHandler(handler)


def _lay_out_job(job: PdfJob, reads: dict[str, str | None], refused: list[str]) -> Any:
    """`lay_out` for a worker: a full disk or read-only temporary folder is `CannotWrite`."""
    try:
        return lay_out(
            job.html, job.base_url, job.stylesheet, reads, roots=job.roots, refused=refused
        )
    except OSError as error:
        if error.errno not in _DISK_ERRORS:
            raise
        # WeasyPrint writes the fonts of @font-face rules into the temporary folder.
        folder = error.filename or tempfile.gettempdir()
        raise cannot_write(folder, error, _TEMPORARY_HINT) from None


def _write_entry(
    job: PdfJob,
    write: Callable[[Path], int],
    reads: dict[str, str | None],
    refused: list[str],
    warnings: list[str],
) -> int:
    """Write the cache entry of `job`: the PDF atomically (`write` writes it to the path given
    and returns its page count), then the JSON that makes the entry whole; the page count."""
    try:
        with replacing(Path(job.target)) as temporary:
            pages = write(temporary)
            if refused:  # never keep (or cache) a PDF that lacks a file the course refers to
                raise ValueError(
                    "it refers to files outside the course folder: "
                    + ", ".join(sorted(set(refused)))
                )
            written = temporary.read_bytes()
        entry = {
            "version": _ENTRY_VERSION,
            "pages": pages,
            "warnings": warnings,
            "size": len(written),
            "sha256": hashlib.sha256(written).hexdigest(),
            "files": {
                _stored_path(path, job.root): digest for path, digest in sorted(reads.items())
            },
        }
        write_atomically(job.entry, json.dumps(entry, indent=1).encode("utf-8"))
    except CannotWrite as error:
        raise CannotWrite(error.path, error.reason, CACHE_HINT) from None
    return pages


def write_pdf(job: PdfJob) -> _Result:
    """Worker: render one document into its cache entry; (pages, seconds, warnings).

    The PDF is written atomically first, then the JSON that makes the entry whole. A write that
    fails raises `CannotWrite` naming the cache file, or the temporary folder where WeasyPrint
    keeps the fonts while it renders.
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    _remember_page_references()
    _compress_faster()
    started = time.perf_counter()
    reads: dict[str, str | None] = {}
    refused: list[str] = []
    with _released(job.html), _collecting_warnings() as warnings:
        document = _lay_out_job(job, reads, refused)
        pages = _write_entry(job, _writer(job, document), reads, refused, warnings)
        del document
    return pages, time.perf_counter() - started, warnings


def _writer(job: PdfJob, document: Any, variant: str | None = PDF_VARIANT) -> Callable[[Path], int]:
    """A `_write_entry` writer for a laid-out WeasyPrint document (tagged unless `variant` is
    None)."""

    def write(path: Path) -> int:
        document.write_pdf(  # attachments are fetched only now
            path, pdf_identifier=job.key[:32].encode("ascii"), pdf_variant=variant
        )
        return len(document.pages)

    return write


#: The longest HTML (characters) laid out with the cycle collector paused (`_released`): the
#: pieces of long documents and the short documents themselves.
PAUSED_HTML = 2 * pieces_html.BUDGET


@contextmanager
def _released(html: str) -> Iterator[None]:
    """The block that lays out and writes the document `html`, with the cycle collector
    paused (`collector.paused`) when it is at most `PAUSED_HTML` long, then the document
    freed at once by a full collection.

    Paused: a reader piece makes over a million boxes, styles and text layouts that live
    until it is written, and the collector's runs over them took a tenth of a worker's time
    (0.2 of 2 s a piece, measured with `gc.callbacks` on the 664-page reader) and freed
    nothing. Only up to a size: the garbage cycles a paused layout makes are freed only at
    its end, which added 15 MB (7 %) to the 213 MB of the longest layout of the catalogue
    (the front matter of its trainer guide, an agenda of 100 lessons; issue 15), and the
    front matter of a document is as long as its course.

    Freed at once: WeasyPrint's boxes and fonts hold reference cycles, which only the cycle
    collector frees, and a worker that ends first (it exits without running finalizers) left
    each document's fonts in the temporary folder, 3.2 MB a document (found as 10,000
    `weasyprint-*` folders, 27 GB, in /tmp). The next document starts from the memory this
    one used."""
    try:
        with collector.paused() if len(html) <= PAUSED_HTML else nullcontext():
            yield
    finally:
        gc.collect()


@dataclass(frozen=True)
class _Laid:
    """A piece of a long document, laid out and written by a worker (`write_piece`): where
    its PDF is and what the joining needs of it."""

    path: str
    pages: int
    seconds: float
    warnings: list[str]
    reads: dict[str, str | None]
    refused: list[str]
    names: list[str]
    """The page name of each page ('' for none), for the page numbers (`pieces.numbering`)."""
    anchors: dict[str, int]
    """The page (from 0) of each anchor (`id`) in the piece."""


def write_piece(job: PdfJob, keep: bool = False) -> _Laid:
    """Worker: lay out one piece of a long document (`job.html`) and write it, tagged, to
    `job.target`; with `keep`, as a cache entry of its own (`_piece_entry`), the PDF
    atomically, then the JSON of what it gives the joining (see `_Laid`)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    _remember_page_references()
    _compress_faster()
    started = time.perf_counter()
    reads: dict[str, str | None] = {}
    refused: list[str] = []
    with _released(job.html), _collecting_warnings() as warnings:
        document = _lay_out_job(job, reads, refused)
        try:
            with replacing(Path(job.target)) as temporary:
                pages = _writer(job, document)(temporary)
        except CannotWrite as error:
            raise CannotWrite(error.path, error.reason, CACHE_HINT) from None
        names = [page._page_box.page_type.name or "" for page in document.pages]
        anchors: dict[str, int] = {}
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:  # an element on several pages is on each one's list
                anchors.setdefault(anchor, index)
        del document
    seconds = time.perf_counter() - started
    laid = _Laid(job.target, pages, seconds, warnings, reads, refused, names, anchors)
    if keep and not refused:
        _store_piece(job, laid)
    return laid


def _store_piece(job: PdfJob, laid: _Laid) -> None:
    """Write the JSON half of a piece's cache entry (the PDF is written): what `_Laid` holds,
    with the size and SHA-256 of the PDF and the files read, as in a document's entry."""
    written = Path(laid.path).read_bytes()
    facts = {
        "version": _ENTRY_VERSION,
        "pages": laid.pages,
        "warnings": laid.warnings,
        "names": laid.names,
        "anchors": laid.anchors,
        "size": len(written),
        "sha256": hashlib.sha256(written).hexdigest(),
        "files": {
            _stored_path(path, job.root): digest for path, digest in sorted(laid.reads.items())
        },
    }
    try:
        write_atomically(Path(laid.path).with_suffix(".json"), json.dumps(facts).encode("utf-8"))
    except CannotWrite as error:
        raise CannotWrite(error.path, error.reason, CACHE_HINT) from None


def _recall_piece(path: Path, root: str, digests: dict[Path, str | None]) -> _Laid | None:
    """The cache entry of a piece (`write_piece` with `keep`) if it is whole and every file it
    read is unchanged, else None (a damaged or outdated entry is removed)."""
    entry = path.with_suffix(".json")
    if not path.exists() or not entry.exists():
        return None
    try:
        facts = json.loads(entry.read_text("utf-8"))
        data = path.read_bytes()
        whole = (
            facts["version"] == _ENTRY_VERSION
            and facts["size"] == len(data)
            and facts["sha256"] == hashlib.sha256(data).hexdigest()
        )
        files: dict[str, str | None] = facts["files"]
        laid = _Laid(
            str(path),
            int(facts["pages"]),
            0.0,
            [str(warning) for warning in facts["warnings"]],
            {str(Path(root, name)): digest for name, digest in files.items()},
            [],
            [str(name) for name in facts["names"]],
            {str(anchor): int(page) for anchor, page in facts["anchors"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        whole = False
    if whole and all(_digest(Path(root, name), digests) == files[name] for name in files):
        return laid
    path.unlink(missing_ok=True)
    entry.unlink(missing_ok=True)
    return None


def _piece_entry(job: PdfJob, html: str) -> Path:
    """Where the cache keeps a piece of `job` with this HTML: named by the document's stem and
    a hash of the HTML and the document's `context` (absolute paths left out, as in
    `content_key`), so an unchanged piece of a changed document is not laid out again."""
    stylesheet = Path(job.stylesheet).parent.as_uri()
    relative = html.replace(Path(job.root).as_uri(), "").replace(stylesheet, "")
    digest = hashlib.sha256(f"{job.context}\0{relative}".encode()).hexdigest()
    return Path(job.target).with_name(
        f"{Path(job.target).stem.rsplit('-', 1)[0]}{_PIECE}{digest[:16]}.pdf"
    )


def write_numbering(
    job: PdfJob, split: Split, names: list[str], first: int = 1, total: int | None = None
) -> str:
    """Worker: lay out the page numbers of pages `first`, `first` + 1, ... (of `total`) of a
    split document, which have the page names `names` (`pieces.numbering`), and write them,
    untagged (they are drawn as an artifact), to `job.target`; that path."""
    reads: dict[str, str | None] = {}
    html = pieces_html.numbering(split, names, first, total)
    with _released(html), _collecting_warnings():
        document = _lay_out_job(replace(job, html=html), reads, [])
        try:
            _writer(job, document, None)(Path(job.target))
        except OSError as error:
            raise cannot_write(job.target, error) from None
        del document
    return job.target


def write_front(job: PdfJob, split: Split, laid: list[_Laid]) -> _Laid:
    """Worker: lay out the front matter of a split document again, its contents showing the
    page numbers of the pieces laid out (`laid`: the front matter, then the body pieces), and
    write it to `job.target`.

    Its own page count moves the numbers, so it is laid out again until the count it was
    numbered for is the count it has (at most four times)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    _remember_page_references()
    _compress_faster()
    count = laid[0].pages
    for _ in range(4):
        numbers: dict[str, int] = {}
        offset = count
        for piece, stubs in zip(laid[1:], split.stubs[1:], strict=True):
            for anchor, index in piece.anchors.items():
                if anchor not in stubs:  # the first element with an id is its target
                    numbers.setdefault(anchor, offset + index + 1)
            offset += piece.pages
        html, _ = pieces_html.linked(split.front, numbers)
        result = write_piece(replace(job, html=html))
        if result.pages == count:
            break
        count = result.pages
    return result


def write_split(
    job: PdfJob, split: Split, laid: list[_Laid], numbers: list[str], front: _Laid | None
) -> dict[str, _Result]:
    """Worker: write the cache entry of a document laid out in pieces (`pieces.split_document`)
    as their PDFs joined (`laid`: the front matter, then the body pieces; `front`: the front
    matter laid out again with the contents' page numbers, if it has any) with the page
    numbers (`numbers`: PDFs of consecutive pages, see `write_numbering`) drawn under the
    pages; the result by file
    name (see `write_pdf`). The page numbers and the front matter laid out again are removed;
    the pieces stay in the cache."""
    started = time.perf_counter()
    if front is not None and front.pages != laid[0].pages:  # the contents grew by a page
        names = front.names + [name for piece in laid[1:] for name in piece.names]
        numbers = [write_numbering(replace(job, target=numbers[0]), split, names), *numbers[1:]]
        for path in numbers[1:]:
            Path(path).unlink(missing_ok=True)
        numbers = numbers[:1]
    parts = [front or laid[0], *laid[1:]]
    reads: dict[str, str | None] = {}
    refused: list[str] = []
    warnings: list[str] = []
    for piece in parts:
        reads.update(piece.reads)
        refused.extend(piece.refused)
        warnings.extend(w for w in piece.warnings if w not in warnings)
    paths = [Path(piece.path) for piece in parts]
    stamps = [Path(name) for name in numbers]
    join = _joining(sum(piece.pages for piece in parts))
    try:
        pages = _write_entry(
            job,
            lambda path: join(
                paths,
                path,
                title=_title(job.html) or None,
                stamps=stamps,
                stubs=split.stubs,
            ),
            reads,
            refused,
            warnings,
        )
    finally:
        for done in {*stamps, *([Path(front.path)] if front is not None else [])}:
            done.unlink(missing_ok=True)  # the pieces stay in the cache
    seconds = sum(piece.seconds for piece in laid) + time.perf_counter() - started
    return {job.filename: (pages, seconds, warnings)}


def write_joined(whole: PdfJob, parts: tuple[PdfJob, ...]) -> dict[str, _Result]:
    """Worker: write the cache entry of `whole` as its parts' cached PDFs, page after page
    (the all-modules worksheets: each module keeps its own page numbers, "page 2 of 7"); the
    result by file name (see `write_pdf`). Its files read and warnings are the parts'."""
    started = time.perf_counter()
    reads: dict[str, str | None] = {}
    warnings: list[str] = []
    count = 0
    for part in parts:
        facts = json.loads(part.entry.read_text("utf-8"))
        count += int(facts["pages"])
        files = facts["files"].items()
        reads.update({str(Path(part.root, name)): digest for name, digest in files})
        warnings.extend(w for w in facts["warnings"] if w not in warnings)
    paths = [Path(part.target) for part in parts]
    title = _title(whole.html) or None
    join = _joining(count)
    pages = _write_entry(whole, lambda path: join(paths, path, title=title), reads, [], warnings)
    return {whole.filename: (pages, time.perf_counter() - started, warnings)}


def _joining(pages: int) -> Callable[..., int]:
    """The join for a document of `pages` pages: `join.join_pdfs` in this worker, or for more
    than `join.APART_PAGES` pages `join.join_apart`, in a process of its own, so the worker
    does not keep the memory of a long join (pikepdf is imported only for a join)."""
    from . import join

    return join.join_apart if pages > join.APART_PAGES else join.join_pdfs


@contextmanager
def _naming(filename: str) -> Iterator[None]:
    """A failure in the block, other than a write, names the document `filename`."""
    try:
        yield
    except CannotWrite:
        raise
    except Exception as error:
        raise _Failed(filename, str(error)) from None


_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def _title(html: str) -> str:
    """The text of a document's `<title>`, as WeasyPrint puts it into the PDF's metadata."""
    match = _TITLE.search(html)
    return unescape(match.group(1)).strip() if match else ""


def _remember_page_references() -> None:
    """Make pydyf's `PDF.page_references` cheap to ask for again.

    pydyf (0.11 to at least 0.13) builds the tuple of every page's reference on each access,
    and WeasyPrint's PDF/UA tagging asks for it once per tagged box: quadratic in the pages of
    a document, the larger part of writing a long reader. The tuple is kept until a page is
    added (`add_page` only ever extends `Kids`)."""
    import pydyf  # type: ignore[import-untyped]

    current = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(current, property) or getattr(current.fget, "remembered", False):
        return
    build = current.fget
    assert build is not None

    def page_references(pdf: Any) -> Any:
        kids = len(pdf.pages["Kids"])
        known = pdf.__dict__.get("_seminarkit_page_references")
        if known is None or known[0] != kids:
            known = (kids, build(pdf))
            pdf.__dict__["_seminarkit_page_references"] = known
        return known[1]

    page_references.remembered = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


#: zlib level of the PDF's streams (pages, fonts, object streams). pydyf (0.11 to at least
#: 0.13) hard-codes 9, which took about a quarter of writing a PDF; 6 (zlib's default) takes
#: a quarter of that time for 1-2 % more bytes (measured on a 223-page reader: 2.15 s -> 0.60 s,
#: 2.73 MB -> 2.77 MB of streams). The pages look the same: Flate is lossless.
COMPRESSION_LEVEL = 6


def _compress_faster() -> None:
    """Make pydyf compress the streams of a PDF with `COMPRESSION_LEVEL` instead of 9.

    Replaces `pydyf.Stream.data` by the same code with another level, once per process; a
    pydyf whose `Stream.data` is no longer the property this was written for is left alone."""
    import zlib

    import pydyf

    current = pydyf.Stream.__dict__.get("data")
    if not isinstance(current, property) or getattr(current.fget, "faster", False):
        return
    to_bytes = getattr(pydyf, "_to_bytes", None)
    if to_bytes is None:
        return

    def data(stream: Any) -> bytes:
        body = b"\n".join(to_bytes(item) for item in stream.stream)
        extra = pydyf.Dictionary(stream.extra.copy())
        if stream.compress:
            extra["Filter"] = "/FlateDecode"
            compressor = zlib.compressobj(level=COMPRESSION_LEVEL)
            body = compressor.compress(body) + compressor.flush()
        extra["Length"] = len(body)
        return b"\n".join((extra.data, b"stream", body, b"endstream"))

    data.faster = True  # type: ignore[attr-defined]
    data.original = current.fget  # type: ignore[attr-defined]
    pydyf.Stream.data = property(data)


def _stored_path(path: str, root: str) -> str:
    """A file read while rendering, relative to the course when inside it (the cache moves
    with the course), else absolute."""
    if root:
        try:
            return Path(path).relative_to(root).as_posix()
        except ValueError:
            pass
    return path


def content_key(rendered: PrintDocument, stylesheet: Path, root: Path, options: str = "") -> str:
    """A hash of what shapes the PDF and is known before rendering: HTML, options, versions.

    Files the document reads (stylesheets, fonts, images) are checked through the cache entry,
    see `_recall`. Absolute paths are left out, so the same course in another folder gets the
    same key.
    """
    digest = hashlib.sha256()
    html = rendered.html.replace(root.as_uri(), "").replace(stylesheet.parent.as_uri(), "")
    epoch = os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    parts = (
        __version__,
        *_library_versions(),
        PDF_VARIANT,
        f"zlib-{COMPRESSION_LEVEL}",
        epoch,
        options,
        html,
    )
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _library_versions() -> tuple[str, ...]:
    return _versions(_LIBRARIES)


def cache_folder(course: Course) -> Path:
    """The PDF cache: `$SEMINARKIT_CACHE_DIR/pdf`, else `<cache_dir option>/pdf`.

    Either may be relative (to the course folder) or absolute; a read-only checkout points it
    at a writable folder.
    """
    configured = os.environ.get(CACHE_ENV) or course.config.options.cache_dir
    return Path(course.root, configured) / "pdf"


def announce_pdfs(count: int) -> None:
    """Tell a progress display that this build makes `count` PDF documents in all."""
    PROGRESS.info("%d PDF documents", count, extra={"pdf_total": count})


def _finished(filename: str, pages: int, cached: bool) -> None:
    PROGRESS.info(
        "%s: %d page%s%s",
        filename,
        pages,
        "" if pages == 1 else "s",
        " (unchanged)" if cached else "",
        extra={"pdf_done": filename},
    )


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

    Every problem (broken link, missing image) is raised at once before any PDF is written;
    a WeasyPrint failure names the document. Files appear atomically, so a failed build leaves
    the PDFs of the last good build in place. A folder that cannot be written raises
    `CannotWrite`. Warnings (an image WeasyPrint could not load, also replayed for a PDF taken
    from the cache; a character no print font has) go to `warn`, by default to `log`.

    When no source changed since a build of the same documents (`source_key`), the cached
    PDFs are used without rendering any print HTML; the warnings of that build are replayed.
    """
    wanted = renderer.documents if documents is None else documents
    begun = begin_pdf_sets(renderer, [(output, wanted)], log=log, workers=workers, warn=warn)
    return begun.finish()[0]


def begin_pdf_sets(
    renderer: PrintRenderer,
    sets: list[tuple[Path, list[Document]]],
    *,
    log: Callable[[str], None] = print,
    workers: int | None = None,
    warn: Callable[[Problem], None] | None = None,
    digests: dict[Path, str | None] | None = None,
) -> PdfSets:
    """`build_pdfs` for several sets of (output folder, documents) at once, such as the site's
    and the trainer's, begun: every set's print HTML rendered and every problem reported
    (errors raise `CourseError`, nothing is laid out), and the layouts handed to the workers,
    which go on while this process does other work, such as MkDocs building the pages.
    `PdfSets.finish` waits for them and writes the PDFs: one list per set, in the order of its
    documents. Call `finish` or `close`. `digests`: the SHA-256 of files already hashed in
    this build (see `lay_out_ahead`), by path.

    The documents of all sets share one queue, largest first, so that a long document of the
    last set does not start when the other worker has nothing left to do (measured on a
    30 x 5 catalogue: the trainer guide ran alone for the last third of the cold build)."""
    report = warn or (lambda problem: log(str(problem)))
    digests = Digests() if digests is None else digests
    planned: list[list[_Batch]] = []
    stack = ExitStack()
    try:
        locked: set[Path] = set()

        def lock(cache: Path) -> Path:
            if cache not in locked:
                stack.enter_context(_using_cache(cache))
                locked.add(cache)
            return cache

        for output, wanted in sets:
            personal = [document for document in wanted if document.personal]
            shared = [document for document in wanted if not document.personal]
            batches: list[_Batch] = []
            if shared:
                cache = lock(cache_folder(renderer.course))
                batches.append(_prepare(renderer, output, shared, cache, digests, log, report))
            private = output / PRIVATE_CACHE
            if personal:
                batches.append(
                    _prepare(renderer, output, personal, lock(private), digests, log, report)
                )
            elif private.is_dir():  # the list was removed: no copy of it stays behind
                _prune(private, None, set())
            planned.append(batches)
        hashed: dict[Path, str | None] = {}  # the files the cached pieces read, hashed once
        plans = [plan for batches in planned for batch in batches for plan in _plan(batch, hashed)]
        runner = _Runner(plans, log)
        if plans:
            runner.start(stack.enter_context(_pool(workers or _CORES)))
    except BaseException:
        stack.close()
        raise
    return PdfSets(renderer, sets, planned, runner, stack, log, report)


class PdfSets:
    """PDF sets begun by `begin_pdf_sets`: their print HTML rendered, their layouts under way."""

    def __init__(
        self,
        renderer: PrintRenderer,
        sets: list[tuple[Path, list[Document]]],
        planned: list[list[_Batch]],
        runner: _Runner,
        stack: ExitStack,
        log: Callable[[str], None],
        report: Callable[[Problem], None],
    ) -> None:
        self.renderer = renderer
        self._sets = sets
        self._planned = planned
        self._runner = runner
        self._stack = stack
        self._log = log
        self._report = report

    def finish(self) -> list[list[BuiltPdf]]:
        """Wait for the layouts and write the PDFs: one list per set, in the order of its
        documents; a worker's failure raises (a `CourseError` naming the document, or
        `CannotWrite`)."""
        try:
            try:
                self._runner.run()
            finally:  # after a failure too
                self._runner.remove_temporaries()
            self._runner.prune_pieces()
            built_sets: list[list[BuiltPdf]] = []
            for (_, wanted), batches in zip(self._sets, self._planned, strict=True):
                built = [
                    item
                    for batch in batches
                    for item in _finish(self.renderer, batch, self._log, self._report)
                ]
                order = {document.filename: index for index, document in enumerate(wanted)}
                built_sets.append(sorted(built, key=lambda item: order[item.filename]))
            return built_sets
        finally:
            self._stack.close()

    def close(self) -> None:
        """Give up: the layouts not started are cancelled (those running end in the pool),
        nothing is written to the output folders, the cache locks are released."""
        try:
            self._runner.cancel()
            self._runner.remove_temporaries()
        finally:
            self._stack.close()


def lay_out_ahead(
    renderer: PrintRenderer,
    sets: list[tuple[Path, list[Document]]],
    digests: dict[Path, str | None],
) -> bool:
    """Whether `begin_pdf_sets(renderer, sets)` will lay out PDFs, known from the sources
    alone: the source index (`source_key`) of some set's documents is not in the cache. The
    files hashed go into `digests`, for `begin_pdf_sets`. Personal documents are not counted
    (their cache has no index: they are known only from their print HTML)."""
    cache = cache_folder(renderer.course)
    for _, wanted in sets:
        shared = [document for document in wanted if not document.personal]
        key = source_key(renderer, shared, digests) if shared else ""
        if shared and not (cache / _index_name(shared, key)).is_file():
            return True
    return False


@dataclass
class _Batch:
    """Documents of one set that share one cache folder, between planning and writing: their
    jobs, the warnings found, the cache entries recalled and the results of those rendered."""

    output: Path
    wanted: list[Document]
    cache: Path
    jobs: list[PdfJob]
    problems: list[Problem]
    known: dict[str, tuple[int, list[str]] | None]
    pending: set[str]
    index: Path | None
    """The source index to write after rendering (None: recalled from it, or personal)."""
    results: dict[str, _Result] = field(default_factory=dict)


def _prepare(
    renderer: PrintRenderer,
    output: Path,
    wanted: list[Document],
    cache: Path,
    digests: dict[Path, str | None],
    log: Callable[[str], None],
    report: Callable[[Problem], None],
) -> _Batch:
    """Plan documents that share one cache folder (held locked by the caller). Documents of the
    shared cache use the source index; personal ones do not, and their private cache keeps this
    build's entries only (a list that changed leaves no copy of the old one behind)."""
    root = Path(renderer.course.root)
    indexed = not any(document.personal for document in wanted)
    index = cache / _index_name(wanted, source_key(renderer, wanted, digests) if indexed else "")
    recalled = _recall_index(index, root, cache, digests, log) if indexed else None
    if recalled is not None:
        jobs, problems, known = recalled
        for problem in problems:
            report(problem)
        return _Batch(output, wanted, cache, jobs, problems, known, set(), None)
    jobs, problems = _render_html(renderer, wanted, cache)
    for problem in problems:
        report(problem)
    known = {job.filename: _recall(job, digests, log) for job in jobs}
    pending = {job.filename for job in jobs if known[job.filename] is None}
    for filename, facts in known.items():
        if facts is not None:
            _finished(filename, facts[0], cached=True)
    return _Batch(output, wanted, cache, jobs, problems, known, pending, index if indexed else None)


def _finish(
    renderer: PrintRenderer,
    batch: _Batch,
    log: Callable[[str], None],
    report: Callable[[Problem], None],
) -> list[BuiltPdf]:
    """Copy the PDFs of a rendered `batch` into its output folder, replay their warnings, prune
    its cache and write its source index."""
    ensure_folder(batch.output)
    built: list[BuiltPdf] = []
    for document, job in zip(batch.wanted, batch.jobs, strict=True):
        cached = job.filename not in batch.results
        if cached:
            pages, warnings = batch.known[job.filename] or (0, [])
            seconds = 0.0
        else:
            pages, seconds, warnings = batch.results[job.filename]
        for warning in _without_repeats(warnings):
            _weasyprint_warning(renderer, job.filename, warning, log, report)
        if cached:
            log(f"{job.filename}: {pages} pages, unchanged")
        destination = batch.output / job.filename
        copy_atomically(Path(job.target), destination)
        built.append(
            BuiltPdf(
                job.filename,
                document.title,
                destination,
                pages,
                destination.stat().st_size,
                seconds,
                cached,
            )
        )
    keep = {Path(job.target).stem for job in batch.jobs}
    if batch.index is None and any(document.personal for document in batch.wanted):
        _prune(batch.cache, None, keep)
    else:
        _prune(batch.cache, {document.stem for document in batch.wanted}, keep)
    if batch.index is not None:
        _write_index(batch.index, batch.jobs, batch.problems)
    return built


#: Distributions whose version changes the print HTML (besides seminarkit itself).
_HTML_LIBRARIES = ("markdown", "pymdown-extensions", "jinja2", "markupsafe", "pyyaml")
#: Version of the source index format (`_write_index`).
_INDEX_VERSION = 1
#: seminarkit's own code: a change to it (even without a new version number) is a change.
_PACKAGE = Path(__file__).resolve().parent.parent


class Digests(dict[Path, "str | None"]):
    """The SHA-256 of files by path, each file hashed once per build (`_digest`), and what
    `source_key` made of the course's and seminarkit's files and the libraries' versions,
    made once per build too: a build asks for up to five keys (the site's and the trainer's
    documents before the pages and again before the PDFs, and the exports), and listing the
    2,160 files of the 100 x 5 catalogue took 0.05 s each time."""

    sources: str | None = None


def source_key(
    renderer: PrintRenderer, documents: list[Document], digests: dict[Path, str | None]
) -> str:
    """A hash of everything the print HTML of `documents` is made from, known before
    rendering it: the documents planned, the course configuration file and options, the
    content of every file below the docs, exercise and template folders, seminarkit's code,
    templates and fonts, and the versions of seminarkit and the libraries that render.

    Files are hashed once per build (`digests`, shared with `_recall`; a `Digests` also keeps
    the part made of the files). Paths are taken relative to the course, so a moved course
    keeps its key.
    """
    course = renderer.course
    options = course.config.options
    digest = hashlib.sha256()
    parts = [
        _sources(renderer, digests),
        PDF_VARIANT,
        os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH),
        options.model_dump_json(exclude={"cache_dir"}),
        json.dumps(
            [course.config.markdown_extensions, course.config.mdx_configs],
            sort_keys=True,
            default=_stable_name,
        ),
        repr([(d.kind, d.filename, d.title, d.lessons) for d in documents]),
    ]
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _sources(renderer: PrintRenderer, digests: dict[Path, str | None]) -> str:
    """The part of `source_key` made of files and versions: a hash of the versions of
    seminarkit and the libraries that render, and of every file of the course (mkdocs.yml,
    the docs, exercise and template folders) and of seminarkit's code, templates and fonts,
    with its path and content. Kept in `digests` when it is a `Digests`."""
    if isinstance(digests, Digests) and digests.sources is not None:
        return digests.sources
    course = renderer.course
    root = Path(course.root)
    options = course.config.options
    digest = hashlib.sha256()
    for version in (__version__, *_library_versions(), *_versions(_HTML_LIBRARIES)):
        digest.update(f"{version}\0".encode())
    folders = [
        ("course", root, [root / "mkdocs.yml"]),
        ("course", root, _files(root / course.config.docs_dir)),
        ("course", root, _files(root / options.exercises_dir)),
        ("course", root, _files(root / options.templates_dir)),
        ("seminarkit", _PACKAGE, _files(_PACKAGE, (".py", ".html", ".css", ".woff"))),
    ]
    for label, base, files in folders:
        for path in files:
            name = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
            digest.update(f"{label}:{name}:{_digest(path, digests)}\0".encode())
    found = digest.hexdigest()
    if isinstance(digests, Digests):
        digests.sources = found
    return found


def _files(folder: Path, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """Every file below `folder`, sorted; only those ending in `suffixes` when given.

    Links are followed (MkDocs follows them too), each real folder once, so a link to a
    folder above it ends; the PDF cache and `__pycache__` are left out."""
    found: list[Path] = []
    seen: set[str] = set()
    for current, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(current)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = sorted(f for f in folders if f not in (DEFAULT_CACHE_DIR, "__pycache__"))
        found += [Path(current, n) for n in names if not suffixes or n.endswith(suffixes)]
    return sorted(found)


@functools.cache
def _versions(names: tuple[str, ...]) -> tuple[str, ...]:
    """`name=version` of each distribution (`=none` where it is not installed), looked up once
    per process: the libraries this process has imported do not change while it runs, and
    reading the metadata of six distributions for each of a catalogue's 206 documents took
    0.8 s of its print HTML (`content_key`)."""
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return tuple(versions)


def _stable_name(value: Any) -> str:
    """A name for a configuration value JSON cannot hold (a function given by
    `!!python/name:`) that is the same in every process, unlike its `repr`."""
    kind = value if isinstance(value, type) or callable(value) else type(value)
    return f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', repr(kind))}"


def _index_name(documents: list[Document], key: str) -> str:
    """The source index of one set of documents (the site's or the trainer's) at one
    `source_key`: `<documents>-<key>.index`, beside the cache entries."""
    names = hashlib.sha256("\0".join(d.filename for d in documents).encode()).hexdigest()
    return f"sources-{names[:8]}-{key[:16]}.index"


def _recall_index(
    index: Path,
    root: Path,
    cache: Path,
    digests: dict[Path, str | None],
    log: Callable[[str], None],
) -> tuple[list[PdfJob], list[Problem], dict[str, tuple[int, list[str]] | None]] | None:
    """The jobs (cache entries, no HTML), warnings and recalled entries (`_recall`) of the
    build that wrote `index`, if it is readable and every entry it names is whole and
    current; else None."""
    try:
        facts = json.loads(index.read_text("utf-8"))
        if facts["version"] != _INDEX_VERSION:
            return None
        jobs = [
            PdfJob(
                str(d["filename"]), "", "", "", str(cache / d["entry"]), str(d["key"]), str(root)
            )
            for d in facts["documents"]
        ]
        problems = [Problem(*fields) for fields in facts["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    known: dict[str, tuple[int, list[str]] | None] = {}
    for job in jobs:
        known[job.filename] = _recall(job, digests, log)
        if known[job.filename] is None:
            return None
    return jobs, problems, known


def _write_index(index: Path, jobs: list[PdfJob], problems: list[Problem]) -> None:
    """Remember which cache entries and warnings the current sources gave, for the next
    build (`_recall_index`); older indexes of the same documents are removed."""
    facts = {
        "version": _INDEX_VERSION,
        "documents": [
            {"filename": job.filename, "entry": Path(job.target).name, "key": job.key}
            for job in jobs
        ],
        "problems": [
            [p.file, p.line, p.column, p.key_path, p.message, p.severity] for p in problems
        ],
    }
    try:
        write_atomically(index, json.dumps(facts, indent=1).encode("utf-8"))
    except CannotWrite as error:
        raise CannotWrite(error.path, error.reason, CACHE_HINT) from None
    prefix = index.name.rsplit("-", 1)[0]
    for old in index.parent.glob(f"{prefix}-*.index"):
        if old != index:
            old.unlink(missing_ok=True)


def _render_html(
    renderer: PrintRenderer, wanted: list[Document], cache: Path
) -> tuple[list[PdfJob], list[Problem]]:
    """Render the print HTML of `wanted`: a job per document (its cache entry named by the
    HTML's `content_key`) and the warnings found on the way; errors raise `CourseError`."""
    rendered = [renderer.render_document(document) for document in wanted]
    problems = [problem for item in rendered for problem in item.problems]
    if any(problem.severity == "error" for problem in problems):
        raise CourseError(_unique(problems))
    problems = _unique(problems)
    stylesheet = renderer.stylesheet()
    # Characters no print font draws: warnings naming the file and the PDFs.
    problems.extend(missing_glyphs(renderer.course, rendered, stylesheet))
    root = Path(renderer.course.root)
    options = renderer.course.config.options.model_dump_json(exclude={"cache_dir"})
    jobs: list[PdfJob] = []
    for item in rendered:
        key = content_key(item, stylesheet, root, options)
        target = cache / f"{item.document.stem}-{key[:16]}.pdf"
        job = PdfJob(
            item.document.filename,
            item.html,
            str(stylesheet),
            str(renderer.docs),
            str(target),
            key,
            str(root),
            (str(root), str(BUILT_IN_TEMPLATES)),
            _parts(item.document, wanted),
            content_key(replace(item, html=""), stylesheet, root, options),
        )
        jobs.append(job)
    return jobs, problems


def _parts(document: Document, wanted: list[Document]) -> tuple[str, ...]:
    """The file names of the documents whose pages make up `document`, if it is the
    all-modules worksheets and every module's worksheets are built with it; else ()."""
    if document.kind != "worksheets" or len(document.lessons) < 2:
        return ()
    single = {
        d.lessons[0]: d.filename for d in wanted if d.kind == "worksheets" and len(d.lessons) == 1
    }
    if not all(lesson in single for lesson in document.lessons):
        return ()
    return tuple(single[lesson] for lesson in document.lessons)


_Call = tuple[Callable[..., Any], tuple[Any, ...], int]
"""A worker function, its arguments and its size for scheduling (characters of HTML)."""


@dataclass
class _Plan:
    """How one pending document gets into its cache entry: stages of worker calls. The calls
    of a stage run in any order on any worker; a stage (given the results of the stages
    before) starts when the one before is done and, for the first, the plans in `waits`."""

    name: str
    batch: _Batch
    stages: list[Callable[[list[list[Any]]], list[_Call]]]
    waits: list[_Plan] = field(default_factory=list)
    results: list[list[Any]] = field(default_factory=list)
    left: int = 0
    """Calls of the current stage not done yet."""
    complete: bool = False
    temporary: list[Path] = field(default_factory=list)
    """Files the plan's calls write and its last removes, removed in any case."""
    pieces: set[str] = field(default_factory=set)
    """Names (without suffix) of the cache entries of its pieces, if it is laid out in pieces."""


def _plan(batch: _Batch, digests: dict[Path, str | None]) -> list[_Plan]:
    """The plans of a batch's pending documents.

    - A document of up to `pieces.BUDGET` characters: `write_pdf`.
    - A longer one with piece marks (`pieces.split_document`): `write_piece` of its front
      matter and of each piece; then `write_numbering`, and `write_front` if the front
      matter links to the pieces (its contents); then `write_split`.
    - A document made of others (`PdfJob.parts`, the all-modules worksheets): `write_joined`
      of the parts' PDFs once the parts not cached are written, so each page is laid out
      once."""
    by_name = {job.filename: job for job in batch.jobs}
    plans: dict[str, _Plan] = {}
    for job in batch.jobs:
        if job.filename in batch.pending and not job.parts:
            plans[job.filename] = _split_plan(job, batch, digests)
    for job in batch.jobs:
        if job.filename in batch.pending and job.parts:
            parts = tuple(by_name[name] for name in job.parts)
            waits = [plans[name] for name in job.parts if name in plans]
            plans[job.filename] = _Plan(
                job.filename, batch, [_once((_write_joined, (job, parts), 0))], waits
            )
    return list(plans.values())


def _once(call: _Call) -> Callable[[list[list[Any]]], list[_Call]]:
    """A stage of one call."""
    return lambda _: [call]


def _stylesheet_text(job: PdfJob) -> list[str]:
    """The print stylesheet of a job, as CSS text (none where it cannot be read: WeasyPrint
    reports that when it lays the document out)."""
    try:
        return [Path(job.stylesheet).read_text(encoding="utf-8")]
    except (OSError, UnicodeDecodeError):
        return []


def _split_plan(job: PdfJob, batch: _Batch, digests: dict[Path, str | None]) -> _Plan:
    """The plan of one document not made of others (see `_plan`); `digests` as in `_recall`."""
    split = split_document(job.html, pieces_html.BUDGET, _stylesheet_text(job))
    if split is None:
        return _Plan(job.filename, batch, [_once((_write_one, (job,), len(job.html)))])
    plan = _Plan(job.filename, batch, [])

    def temporary(part: str) -> PdfJob:
        name = f"{TEMPORARY_PREFIX}{Path(job.target).stem}.{os.getpid()}.{part}.pdf"
        path = Path(job.target).with_name(name)
        plan.temporary.append(path)
        return replace(job, target=str(path))

    # Each piece is a cache entry of its own: after an edit, only the pieces whose HTML (or a
    # file they read) changed are laid out again.
    known: dict[int, _Laid] = {}
    first: list[_Call] = []
    for index, html in enumerate([pieces_html.linked(split.front)[0], *split.body]):
        entry = _piece_entry(job, html)
        plan.pieces.add(entry.stem)
        laid = _recall_piece(entry, job.root, digests)
        if laid is not None:
            known[index] = laid
        else:
            first.append(
                (_write_piece, (replace(job, html=html, target=str(entry)), True), len(html))
            )
    quiet = replace(split, body=())
    numbers = [temporary(f"numbers{index}") for index in range(_CORES)]
    again = temporary("front")

    def pieces(results: list[list[Any]]) -> list[_Laid]:
        new = iter(results[0])
        return [
            known[index] if index in known else next(new) for index in range(len(split.body) + 1)
        ]

    def second(results: list[list[Any]]) -> list[_Call]:
        laid = pieces(results)
        names = [name for piece in laid for name in piece.names]
        calls: list[_Call] = []
        # The page numbers side by side, on every worker: a page takes about 7 ms.
        size = max(-(-len(names) // _CORES), _NUMBERING_PAGES)
        for index, start in enumerate(range(0, len(names), size)):
            chunk = names[start : start + size]
            args = (numbers[index], quiet, chunk, start + 1, len(names))
            calls.append((_write_numbering, args, len(chunk)))
        if split.stubs[0] & {anchor for piece in laid[1:] for anchor in piece.anchors}:
            calls.append((_write_front, (again, quiet, laid), len(split.front)))
        return calls

    def last(results: list[list[Any]]) -> list[_Call]:
        stamps = [path for path in results[1] if isinstance(path, str)]
        front_again = results[1][-1] if isinstance(results[1][-1], _Laid) else None
        return [(_write_split, (job, quiet, pieces(results), stamps, front_again), 0)]

    plan.stages = [lambda _: first, second, last]
    return plan


class _Runner:
    """Builds the cache entries of the pending jobs of `plans` (`_plan`) in worker processes,
    into each batch's `results` (pages, seconds, WeasyPrint's warnings by file name).

    The first stages of all plans go into one queue, largest first; a later stage is queued
    when the one before is done. Each worker writes its PDFs straight into the cache, so only
    small results come back. `start` queues what can start; `run` goes on until every plan is
    done."""

    def __init__(self, plans: list[_Plan], log: Callable[[str], None]) -> None:
        self.plans = plans
        self.log = log
        self.pool: ProcessPoolExecutor | None = None
        self.running: dict[Future[Any], tuple[_Plan, int]] = {}

    def start(self, pool: ProcessPoolExecutor) -> None:
        """Queue the stages that can start, in `pool`."""
        self.pool = pool
        while self._advance():
            pass

    def run(self) -> None:
        """Go on until every plan is done; a worker's failure raises (see `_outcome`), the
        calls not started cancelled."""
        if self.pool is None:
            return
        while True:
            if self._advance():
                continue  # a stage without calls, or a plan that waited, may go on now
            if not self.running:
                break
            finished, _ = wait(list(self.running), return_when=FIRST_COMPLETED)
            for future in finished:
                plan, index = self.running.pop(future)
                try:
                    result = _outcome(plan.name, future)
                except BaseException:
                    self.cancel()  # what has not started (a shared pool goes on)
                    raise
                plan.results[-1][index] = result
                plan.left -= 1
                if isinstance(result, dict):  # a cache entry written
                    for filename, (pages, seconds, warnings) in result.items():
                        plan.batch.results[filename] = (pages, seconds, warnings)
                        self.log(f"{filename}: {pages} pages in {seconds:.1f} s")
                        _finished(filename, pages, cached=False)

    def _advance(self) -> bool:
        """Queue the next stage of every plan that may go on; whether any did (or ended)."""
        assert self.pool is not None
        calls: list[tuple[_Plan, int, _Call]] = []
        advanced = False
        for plan in self.plans:
            if plan.complete or plan.left:
                continue
            if len(plan.results) == len(plan.stages):
                plan.complete = advanced = True
                continue
            if plan.results or all(other.complete for other in plan.waits):
                advanced = True
                stage = plan.stages[len(plan.results)](plan.results)
                plan.results.append([None] * len(stage))
                plan.left = len(stage)
                calls += [(plan, index, call) for index, call in enumerate(stage)]
        for plan, index, (call, args, _) in sorted(calls, key=lambda c: c[2][2], reverse=True):
            self.running[self.pool.submit(call, *args)] = (plan, index)
        return advanced

    def cancel(self) -> None:
        """Cancel the calls not started."""
        for future in self.running:
            future.cancel()

    def remove_temporaries(self) -> None:
        """Remove the files the plans' calls wrote for their last call."""
        for path in (path for plan in self.plans for path in plan.temporary):
            path.unlink(missing_ok=True)

    def prune_pieces(self) -> None:
        """Remove older pieces of the documents laid out in pieces."""
        for plan in self.plans:
            if plan.pieces:
                stem = next(iter(plan.pieces)).split(_PIECE)[0]
                for old in Path(plan.batch.cache).glob(f"{glob.escape(stem)}{_PIECE}*"):
                    if old.stem not in plan.pieces:
                        old.unlink(missing_ok=True)


def _outcome(name: str, future: Future[Any]) -> Any:
    """The result of a worker's task for the document `name`; its failure as a `CourseError`
    naming the document (a full or read-only disk stays `CannotWrite`)."""
    try:
        return future.result()
    except CannotWrite:  # the cache or the temporary folder, full or read-only
        raise
    except BrokenProcessPool:
        raise CourseError(
            [
                Problem(
                    name,
                    0,
                    0,
                    "",
                    "could not build this PDF: a PDF worker process ended unexpectedly "
                    "(out of memory?)",
                )
            ]
        ) from None
    except _Failed as failed:  # a WeasyPrint failure names the document
        raise CourseError(
            [Problem(failed.filename, 0, 0, "", f"could not build this PDF: {failed}")]
        ) from None
    except Exception as error:
        raise CourseError([Problem(name, 0, 0, "", f"could not build this PDF: {error}")]) from None


#: Pages of page numbers worth a worker of their own (`_split_plan`).
_NUMBERING_PAGES = 100
#: PDF worker processes at most: WeasyPrint uses one core each; more would only add memory.
_CORES = min(os.cpu_count() or 1, 2)
_shared_pool: list[ProcessPoolExecutor | None] = []
"""The pool of the innermost `pdf_workers` block (None until first needed); empty outside."""


def _new_pool(count: int, languages: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """`count` worker processes forked from this one (on Linux), ending with it; each loads
    WeasyPrint and the hyphenation dictionaries of `languages` when it starts (`_warm_up`)."""
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    return ProcessPoolExecutor(
        max_workers=count,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(), languages),
    )


@contextmanager
def pdf_workers() -> Iterator[None]:
    """One pool of PDF worker processes for every `build_pdfs` in the block (the site's and
    the trainer's documents, shared and personal ones), started when a PDF is first to be
    rendered (or by `start_pdf_workers`) and ended with the block. A block inside another
    one uses the outer block's pool.

    A worker pays for loading WeasyPrint and its hyphenation dictionaries once (about 1.5 s
    of CPU time each on the bench machine) instead of once per `build_pdfs` and cache folder.
    The pool has `_CORES` workers, whatever `workers` the calls in the block ask for."""
    if _shared_pool:
        yield
        return
    _shared_pool.append(None)
    try:
        yield
    finally:
        pool = _shared_pool.pop()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def start_pdf_workers(languages: tuple[str, ...]) -> None:
    """Start the pool of the enclosing `pdf_workers` block now, its workers loading WeasyPrint
    and the hyphenation dictionaries of `languages` (`_warm_up`, about 1.6 s each) while this
    process does other work, such as MkDocs building the pages; nothing if it has started.

    Raises `RuntimeError` outside a `pdf_workers` block."""
    if not _shared_pool:
        raise RuntimeError("start_pdf_workers() needs an enclosing pdf_workers() block")
    if _shared_pool[-1] is None:
        pool = _new_pool(_CORES, languages)
        try:
            pool.submit(int)  # a task makes the pool fork all its workers now
        except OSError:  # no process can be started now: the PDFs try again when due
            pool.shutdown(wait=False, cancel_futures=True)
            return
        _shared_pool[-1] = pool


@contextmanager
def _pool(count: int) -> Iterator[ProcessPoolExecutor]:
    """The pool of the enclosing `pdf_workers` block, started now if it has none yet; outside
    one, a pool of `count` workers that ends with the block."""
    if not _shared_pool:
        with _new_pool(count) as pool:
            yield pool
        return
    shared = _shared_pool[-1]
    if shared is None:
        shared = _shared_pool[-1] = _new_pool(_CORES)
    yield shared


class _Failed(Exception):
    """A document WeasyPrint could not build: its file name and the reason (picklable)."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(filename, reason)
        self.filename = filename
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _write_one(job: PdfJob) -> dict[str, _Result]:
    """Worker: `write_pdf` of one job, by file name; a failure other than a write names it."""
    return _naming_failures(job.filename, lambda: {job.filename: write_pdf(job)})


def _write_piece(job: PdfJob, keep: bool) -> _Laid:
    """Worker: `write_piece`, its failure naming the document."""
    return _naming_failures(job.filename, lambda: write_piece(job, keep))


def _write_numbering(job: PdfJob, split: Split, names: list[str], first: int, total: int) -> str:
    """Worker: `write_numbering`, its failure naming the document."""
    return _naming_failures(job.filename, lambda: write_numbering(job, split, names, first, total))


def _write_front(job: PdfJob, split: Split, laid: list[_Laid]) -> _Laid:
    """Worker: `write_front`, its failure naming the document."""
    return _naming_failures(job.filename, lambda: write_front(job, split, laid))


def _write_split(
    job: PdfJob, split: Split, laid: list[_Laid], numbers: list[str], front: _Laid | None
) -> dict[str, _Result]:
    """Worker: `write_split`, its failure naming the document."""
    return _naming_failures(job.filename, lambda: write_split(job, split, laid, numbers, front))


def _write_joined(whole: PdfJob, parts: tuple[PdfJob, ...]) -> dict[str, _Result]:
    """Worker: `write_joined`, its failure naming the document."""
    return _naming_failures(whole.filename, lambda: write_joined(whole, parts))


def _naming_failures(filename: str, call: Callable[[], _T]) -> _T:
    """`call()`; a failure other than a write raised as `_Failed` naming `filename`."""
    try:
        return call()
    except CannotWrite:
        raise
    except Exception as error:
        raise _Failed(filename, str(error)) from None


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


def _without_repeats(warnings: list[str]) -> list[str]:
    """The warnings of one document, with WeasyPrint's subsetting notice once per process."""
    kept = []
    for warning in warnings:
        if warning.startswith(SUBSET_NOTICE):
            if SUBSET_NOTICE in _said_once:
                continue
            _said_once.add(SUBSET_NOTICE)
        kept.append(warning)
    return kept


def _start_worker(build: int, languages: tuple[str, ...]) -> None:
    """Pool initializer: end with the build (`_end_with_build`), load what every document
    needs (`_warm_up`), then freeze what the worker holds so far (`gc.freeze`).

    What the worker inherited from the build (its pages, the course) and loaded here is never
    garbage: the collections after each document (`_released`) skip it instead of copying
    every page of it that they touch (copy-on-write)."""
    _end_with_build(build)
    _warm_up(languages)
    gc.freeze()


def _end_with_build(build: int) -> None:
    """The worker ends when the build process `build` ends, however it ends.

    On Linux the kernel kills the worker when its parent dies (prctl PR_SET_PDEATHSIG with
    SIGKILL), even in the middle of rendering; the pool forks its workers from the thread that
    calls `build_pdfs`, which outlives them. Elsewhere a daemon thread checks twice a second
    whether the parent is still the build. A build that died before this ran is caught by
    comparing the parent process id with `build`.
    """
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(build,), daemon=True).start()
    if os.getppid() != build:
        os._exit(1)


def _warm_up(languages: tuple[str, ...]) -> None:
    """Load WeasyPrint with its PDF writer (0.6 s on the bench machine) and the hyphenation
    dictionaries of `languages` (pyphen keeps them per process; 1.0 s for German), which the
    first document would load otherwise. A language pyphen does not know is left out."""
    import pyphen  # type: ignore[import-untyped]
    import weasyprint.pdf  # noqa: F401  (the writer and its font subsetter)

    for language in languages:
        known = pyphen.language_fallback(language)  # as WeasyPrint looks it up
        if known:
            pyphen.Pyphen(lang=known)


def _watch_parent(build: int) -> None:
    while os.getppid() == build:
        time.sleep(0.5)
    os._exit(1)


@contextmanager
def _using_cache(cache: Path) -> Iterator[None]:
    """Create the cache folder and hold a shared lock on it for one build.

    When no other build holds the lock, what killed builds left behind is removed first.
    """
    ensure_folder(cache, CACHE_HINT)
    try:
        handle = open(cache / _LOCK, "ab")  # noqa: SIM115 - held for the whole block
    except OSError as error:
        raise cannot_write(cache, error, CACHE_HINT) from None
    with handle:
        if sys.platform != "win32":
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another build uses the cache: leave its files alone
                pass
            else:
                _remove_leftovers(cache)
            fcntl.flock(handle, fcntl.LOCK_SH)
        yield


#: Between a document's stem and a piece's key in the name of a piece's cache entry.
_PIECE = ".piece-"
_ENTRY = re.compile(r"^(?P<entry>.+-[0-9a-f]{16})\.(?:pdf|json)$")


def _remove_leftovers(cache: Path) -> None:
    """Temporary files of killed builds and entries that lack one of their two files."""
    names = {path.name for path in cache.iterdir() if path.is_file()}
    for name in names:
        match = _ENTRY.match(name)
        incomplete = match is not None and not (
            f"{match['entry']}.pdf" in names and f"{match['entry']}.json" in names
        )
        if name.startswith(TEMPORARY_PREFIX) or incomplete:
            (cache / name).unlink(missing_ok=True)


def _recall(
    job: PdfJob, digests: dict[Path, str | None], log: Callable[[str], None]
) -> tuple[int, list[str]] | None:
    """Page count and WeasyPrint warnings of the cache entry of `job` if it is whole and
    current, else None.

    A damaged entry (unreadable or incomplete JSON, a PDF of another size or hash, one half
    missing) and an outdated one (a file it read has changed) are removed, so they are built
    again.
    """
    pdf, entry = Path(job.target), job.entry
    if not pdf.exists() and not entry.exists():
        return None
    try:
        facts = json.loads(entry.read_text("utf-8"))
        pages, size, files = facts["pages"], facts["size"], facts["files"]
        warnings = facts["warnings"]
        whole = (
            facts.get("version") == _ENTRY_VERSION
            and isinstance(pages, int)
            and pages > 0
            and isinstance(files, dict)
            and isinstance(warnings, list)
        )
        data = pdf.read_bytes() if whole else b""
        whole = whole and size == len(data) and facts["sha256"] == hashlib.sha256(data).hexdigest()
    except (OSError, ValueError, KeyError, TypeError):
        whole = False
    if not whole:
        log(f"{job.filename}: the cached copy is damaged or incomplete; building it again")
    elif any(_digest(Path(job.root, name), digests) != files[name] for name in files):
        whole = False
    if whole:
        return int(pages), [str(warning) for warning in warnings]
    pdf.unlink(missing_ok=True)
    entry.unlink(missing_ok=True)
    return None


def _digest(path: Path, digests: dict[Path, str | None]) -> str | None:
    """SHA-256 of a file's content, None if it cannot be read; once per build and file."""
    if path not in digests:
        try:
            digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digests[path] = None
    return digests[path]


def _prune(cache: Path, stems: set[str] | None, keep: set[str]) -> None:
    """Drop older cached versions of the documents `stems` (both halves of each entry); of
    every document when `stems` is None. The folder is listed once, whatever the number of
    documents (once per document, pruning the 100 x 5 catalogue's 109 took 0.18 s of a
    warm build)."""
    for old in cache.iterdir():
        found = _ENTRY_NAME.match(old.name)
        if found and (stems is None or found[1] in stems) and old.stem not in keep:
            old.unlink(missing_ok=True)


#: A cache entry's file: `<stem>-<key16>.pdf` or `.json` (the stem in group 1).
_ENTRY_NAME = re.compile(r"^(.+)-[0-9a-f]{16}\.(?:pdf|json)$")


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
