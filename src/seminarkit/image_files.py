"""Read and check every image a course shows, once, when the course is loaded.

Images in exercises and pages are found with the rule of `seminarkit.images`; each file is read
and decoded the way WeasyPrint does (SVG with ElementTree, everything else with Pillow), so an
image that could not appear in a PDF is reported here, with the exercise or page file, line and
key path, before anything is built. Problems are warnings (errors when `strict`), because the
pages still build: the alt text stands in for the image.

The same pass checks every other file the rendered HTML would load (`seminarkit.resources`:
`<source>`, `<object>`, `<link>`, CSS `url()`, `<a rel="attachment">`, ...). A reference that
would load a file from outside the course (`../` out of `docs/`, a `file:` URL, a symlink whose
target lies outside the course folder) is always an error, because the file would be published
on the site or embedded in a PDF.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .images import (
    Attributes,
    ImageFile,
    attribute,
    dimension_problem,
    image_tags,
    locate,
)
from .mdrender import MarkdownRenderer
from .model.lessons import Lesson
from .problems import KeyPath, Problem, Severity, format_key_path
from .resources import Reference, outside, references
from .yamlsource import YamlDocument

_SVG_SUFFIXES = (".svg", ".svgz")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_REMEMBERED = 2048
"""Texts whose images are remembered between loads (one course's pages and exercise fields)."""
_RENDERED: dict[tuple[str, str], tuple[list[Attributes], list[Reference]]] = {}
#: Text that may render to a tag or CSS that loads a file (a quick test before rendering).
_MAY_LOAD = (b"![", b"<", b"src", b"href", b"url(", b"attachment")


def might_load_files(text: str | bytes) -> bool:
    """A quick test before rendering Markdown: whether the text (or its UTF-8 bytes) may load
    any file, whatever the case of its letters.

    The test lowers the UTF-8 bytes, ASCII letters only: the same as `text.lower()` for these
    markers, as the only other characters that lower to ASCII letters are the Kelvin sign (k)
    and the dotted capital I (i), in none of them, and a byte of a multi-byte character is
    never ASCII. Several times faster than `str.lower` on German text, which looks up every
    non-ASCII character (that was a tenth of `seminarkit check` on a catalogue).
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    lower = data.lower()
    return any(marker in lower for marker in _MAY_LOAD)


def may_show_images(source: bytes) -> bool:
    """Whether an exercise file (its bytes) may show an image: a text that may load a file
    has its marker in the file itself, unless written with escapes (`"\\x3c"`). Most files
    do not, and `CourseImages.exercise` needs no walk through their values."""
    return b"\\" in source or might_load_files(source)


def decode_problem(data: bytes, suffix: str) -> str:
    """Why WeasyPrint could not draw these image bytes, or an empty string. Like WeasyPrint,
    an `.svg` is parsed as SVG, anything else by Pillow and then, failing that, as SVG."""
    if suffix.lower() in _SVG_SUFFIXES:
        return _svg_problem(data)
    problem = _raster_problem(data)
    if problem and data.lstrip()[:1] == b"<" and not _svg_problem(data):
        return ""
    return problem


def _svg_problem(data: bytes) -> str:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return f"not a readable SVG file ({error})"
    name = root.tag.rpartition("}")[2]
    return "" if name == "svg" else f"not an SVG file (its root element is <{name}>)"


def _raster_problem(data: bytes) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        # verify() checks the file's structure (chunks, checksums) even where WeasyPrint has
        # told Pillow to accept truncated images; load() decodes what verify() does not check.
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except UnidentifiedImageError:
        return "not an image file Pillow can read (PNG, JPEG, GIF, WebP, ...)"
    except Exception as error:  # truncated or corrupt data: Pillow raises many kinds
        return f"the image data is damaged ({error})"
    return ""


class CourseImages:
    """Every image file the course refers to, by path below `docs/`, with its problems."""

    def __init__(
        self,
        docs: Path,
        docs_dir: str,
        extensions: list[Any],
        configs: dict[str, Any],
        lessons: list[Lesson],
        *,
        strict: bool = False,
        root: Path | None = None,
    ) -> None:
        self.docs = docs
        self.root = docs.parent if root is None else root
        self.docs_dir = docs_dir
        self.files: dict[str, ImageFile] = {}
        self.lessons = lessons
        self.severity: Severity = "error" if strict else "warning"
        self._extensions = extensions
        self._configs = configs
        self._markdown: MarkdownRenderer | None = None

    def file(self, path: str) -> ImageFile:
        """The image at `path` below `docs/`, read and checked once."""
        found = self.files.get(path)
        if found is None:
            target = self.docs / path
            if (target.exists() or target.is_symlink()) and outside(target, self.root):
                found = ImageFile(path, None, _symlink_out(f"{self.docs_dir}/{path}"))
                found.leaks = True
            elif not target.is_file():
                found = ImageFile(path, None, f"no file {self.docs_dir}/{path}", missing=True)
            else:
                data = target.read_bytes()
                problem = decode_problem(data, target.suffix)
                found = ImageFile(path, None if problem else data, problem)
            self.files[path] = found
        return found

    def exercise(
        self, exercise_id: str, file: str, document: YamlDocument, text: str
    ) -> list[Problem]:
        """Problems with the images in every text of one exercise file."""
        problems: list[Problem] = []
        if not may_show_images(text.encode("utf-8", "surrogatepass")):
            return problems
        for path, value in _strings(document.data, ()):
            if not might_load_files(value):
                continue
            mark = document.mark(path)
            where = _Where(file, text, mark.line, mark.column, format_key_path(path))
            problems.extend(self._check(value, None, where, exercise_id))
        return problems

    def lesson(self, lesson: Lesson, text: str) -> list[Problem]:
        """Problems with the images in a page's body and its trainer notes (relative to it)."""
        problems: list[Problem] = []
        if lesson.trainer_notes and might_load_files(lesson.trainer_notes):
            where = _Where(lesson.file, text, 1, 0, "trainer_notes")
            problems.extend(self._check(lesson.trainer_notes, lesson.path, where))
        if might_load_files(lesson.body):
            where = _Where(lesson.file, text, lesson.body_line, 0, "")
            problems.extend(self._check(lesson.body, lesson.path, where))
        return problems

    def _check(
        self, markdown: str, page: str | None, where: _Where, exercise_id: str = ""
    ) -> list[Problem]:
        problems: list[Problem] = []
        images, others = self._rendered(markdown)
        for attributes in images:
            src = attribute(attributes, "src")
            if src is None:
                continue
            errors: list[str] = []
            messages = [
                dimension_problem(name, value)
                for name, value in attributes
                if name in ("width", "height") and value is not None
            ]
            ref = locate(src, page)
            if ref.problem:
                (errors if ref.leaks else messages).append(ref.problem)
            elif ref.path is not None:
                image = self.file(ref.path)
                if where.file not in image.used_by:
                    image.used_by.append(where.file)
                if image.leaks:
                    errors.append(f"image '{src}': {image.problem}")
                elif image.missing:
                    hint = self._hint(src, ref.path, exercise_id)
                    messages.append(f"missing image '{src}' ({image.problem}){hint}")
                elif image.problem:
                    messages.append(
                        f"unreadable image '{src}' ({self.docs_dir}/{ref.path}): {image.problem}"
                    )
            problems.extend(where.problems(src, messages, self.severity))
            problems.extend(where.problems(src, errors, "error"))
        for reference in others:
            message, leaks = self._reference_problem(reference, page)
            problems.extend(
                where.problems(reference.value, [message], "error" if leaks else self.severity)
            )
        return problems

    def _reference_problem(self, reference: Reference, page: str | None) -> tuple[str, bool]:
        """What is wrong with a file reference other than `<img src>`, and whether that is always
        an error (it would take a file from outside the course, or fail the PDFs); `("", False)`
        when nothing is."""
        value = reference.value.strip()
        if not value or value.startswith("#") or value[:5].lower() == "data:":
            return "", False
        if reference.link:
            return self._link_problem(value, page)
        what = f"{reference.what} '{reference.value}'"
        if value[:5].lower() == "file:":
            return (
                f"{what}: a file: URL would load a file from outside the course; put the file "
                f"under {self.docs_dir}/ and write its path",
                True,
            )
        ref = locate(value, page)
        if ref.leaks:
            return f"{what} is outside {self.docs_dir}/; put the file under {self.docs_dir}/", True
        if ref.problem:  # a remote URL
            return (
                f"{what} is remote; put the file under {self.docs_dir}/ (the site works "
                "offline and the PDFs load local files only)",
                reference.attachment,
            )
        target = self.docs / str(ref.path)
        if (target.exists() or target.is_symlink()) and outside(target, self.root):
            return f"{what}: {_symlink_out(self.docs_dir + '/' + str(ref.path))}", True
        if not target.is_file():
            return f"{what}: no file {self.docs_dir}/{ref.path}", False
        return "", False

    def _link_problem(self, value: str, page: str | None) -> tuple[str, bool]:
        """A page's link to another page or a file, checked as the print renderer resolves it
        (a broken link fails the PDFs); links in exercises and to the web are not checked."""
        if page is None or _SCHEME.match(value) or value.startswith("//"):
            return "", False
        ref = locate(value.partition("#")[0] or page, page)
        if ref.path is None:
            return f"link '{value}' is outside {self.docs_dir}/; put the file under docs/", True
        if ref.path.endswith(".md"):
            if any(lesson.path == ref.path for lesson in self.lessons):
                return "", False
            return f"broken link to '{value}': no page {ref.path}", True
        target = self.docs / ref.path
        if target.is_file() and outside(target, self.root):
            return f"link '{value}': {_symlink_out(self.docs_dir + '/' + ref.path)}", True
        if not target.is_file():
            return f"broken link to '{value}': no file {self.docs_dir}/{ref.path}", True
        return "", False

    def _rendered(self, markdown: str) -> tuple[list[Attributes], list[Reference]]:
        """The `<img>` tags and the other file references the Markdown renders to; remembered
        across loads of the course, so `mkdocs serve` renders only what changed."""
        key = (repr((self._extensions, self._configs)), markdown)
        found = _RENDERED.get(key)
        if found is None:
            if self._markdown is None:
                self._markdown = MarkdownRenderer(self._extensions, self._configs)
            html = str(self._markdown.block(markdown))
            found = (list(image_tags(html)), references(html))
            if len(_RENDERED) >= _REMEMBERED:
                _RENDERED.clear()
            _RENDERED[key] = found
        return found

    def _hint(self, src: str, path: str, exercise_id: str) -> str:
        """For an exercise image written relative to the page that embeds it (which the web
        showed by accident before): where the file is and how to write its path."""
        if not exercise_id:
            return ""
        for lesson in self.lessons:
            if exercise_id not in lesson.exercise_ids:
                continue
            ref = locate(src, lesson.path)
            if ref.path and ref.path != path and (self.docs / ref.path).is_file():
                return (
                    f"; image paths in exercises start at {self.docs_dir}/, whichever page "
                    f"embeds them: write '{ref.path}'"
                )
        return ""


class _Where:
    """Where a text stands in its file, to point at the line that names an image."""

    def __init__(self, file: str, text: str, line: int, column: int, key_path: str) -> None:
        self.file = file
        self.text = text
        self.line = line
        self.column = column
        self.key_path = key_path

    def find(self, src: str) -> tuple[int, int]:
        """Line and column of `src` at or after the text's start, else the text's start."""
        lines = self.text.split("\n")
        offset = sum(len(line) + 1 for line in lines[: max(self.line - 1, 0)])
        # the value where it starts (after a quote, `(`, `=` or a space) before anywhere else,
        # so `/etc/x` is not found inside `../etc/x`
        found = re.compile(r"(?<![^\s\"'(=])" + re.escape(src)).search(self.text, offset)
        index = found.start() if found else self.text.find(src, offset)
        if index < 0:
            return self.line, self.column
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def problems(self, value: str, messages: list[str], severity: Severity) -> list[Problem]:
        """A problem per non-empty message, at the line that names `value`."""
        line, column = self.find(value)
        return [
            Problem(self.file, line, column, self.key_path, message, severity)
            for message in messages
            if message
        ]


def _symlink_out(path: str) -> str:
    return (
        f"{path} is a symlink to a file outside the course folder; copy the file into the "
        "course instead (it would be published and embedded in the PDFs)"
    )


def _strings(value: Any, path: KeyPath) -> list[tuple[KeyPath, str]]:
    """Every string in plain YAML data with its key path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [
            found for index, item in enumerate(value) for found in _strings(item, (*path, index))
        ]
    return []
