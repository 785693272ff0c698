"""Characters that no print font can draw: found in each document's HTML, located in its sources.

WeasyPrint hands text to Pango, which silently takes a system font for a character the
stylesheet's fonts lack (another typeface on paper, different on every machine) and draws an
empty box when no font has it. Both are caught before layout by comparing the text of each
document with the character maps (cmap) of the fonts the print stylesheet declares with
`@font-face`: every font-family stack there ends in those fonts (templates/print/fonts/README.md).
A stylesheet without `@font-face` uses system fonts on purpose and is not checked.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..loader import CONFIG_FILE
from ..model.course import Course
from ..problems import Problem
from .renderer import PrintDocument

#: Elements whose text is never drawn on the page (document metadata, SVG titles).
_HIDDEN = frozenset({"head", "title", "desc", "script", "style", "template"})
#: Default-ignorable code points outside category Cf that Pango draws as nothing: the combining
#: grapheme joiner, Hangul fillers, Mongolian and other variation selectors (Unicode
#: DerivedCoreProperties.txt, Default_Ignorable_Code_Point).
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0000, 0xE0FFF),
)
#: How many characters one warning names before it says "and N more".
_SHOWN = 8


def drawn(char: str) -> bool:
    """Whether `char` needs a glyph: not white space, a control or a default-ignorable character
    such as a soft hyphen, a zero-width joiner or an emoji variation selector (U+FE0F)."""
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return False
    code = ord(char)
    return not any(low <= code <= high for low, high in _IGNORABLE_RANGES)


class _TextCollector(HTMLParser):
    """The characters of an HTML document that end up on the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The text of an HTML document that is drawn: body text, not the head or SVG titles."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def font_faces(stylesheet: Path) -> list[tuple[Path, tuple[tuple[int, int], ...]]]:
    """Each `@font-face` of a stylesheet: its local font file and its `unicode-range` (empty
    when the face has none). `local()` and remote sources are left out; so are missing files,
    which WeasyPrint skips as well."""
    import tinycss2

    faces: list[tuple[Path, tuple[tuple[int, int], ...]]] = []
    rules = tinycss2.parse_stylesheet(
        stylesheet.read_text("utf-8"), skip_comments=True, skip_whitespace=True
    )
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or rule.content is None:
            continue
        files: list[Path] = []
        ranges: list[tuple[int, int]] = []
        for declaration in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if declaration.type != "declaration":
                continue
            if declaration.lower_name == "src":
                files.extend(_local_urls(declaration.value, stylesheet.parent))
            elif declaration.lower_name == "unicode-range":
                ranges.extend(
                    (token.start, token.end)
                    for token in declaration.value
                    if token.type == "unicode-range"
                )
        faces.extend((file, tuple(ranges)) for file in files[:1])
    return faces


def _local_urls(tokens: Iterable[object], folder: Path) -> Iterable[Path]:
    for token in tokens:
        kind = getattr(token, "type", "")
        url = ""
        if kind == "url":
            url = str(getattr(token, "value", ""))
        elif kind == "function" and getattr(token, "lower_name", "") == "url":
            strings = [a for a in getattr(token, "arguments", []) if a.type == "string"]
            url = strings[0].value if strings else ""
        if not url:
            continue
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path))
        elif parsed.scheme:
            continue
        else:
            path = folder / unquote(parsed.path)
        if path.is_file():
            yield path


@functools.lru_cache(maxsize=8)
def _coverage(stylesheet: Path, stamp: tuple[int, int]) -> frozenset[int] | None:
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    read = 0
    for file, ranges in font_faces(stylesheet):
        try:
            cmap = set(TTFont(str(file), lazy=True, fontNumber=0).getBestCmap() or {})
        except Exception:  # not a font fontTools can read: WeasyPrint cannot load it either
            continue
        read += 1
        if ranges:
            cmap = {code for code in cmap if any(low <= code <= high for low, high in ranges)}
        covered |= cmap
    return frozenset(covered) if read else None


def coverage(stylesheet: Path) -> frozenset[int] | None:
    """Every code point some `@font-face` font of the stylesheet draws; None when it declares
    no font that can be read (system fonts then, and nothing to check against)."""
    status = stylesheet.stat()
    return _coverage(stylesheet.resolve(), (status.st_mtime_ns, status.st_size))


def missing(text: str, covered: frozenset[int]) -> list[str]:
    """Characters of `text` (composed as HarfBuzz composes them, NFC) no covered font draws,
    in order of first appearance."""
    composed = unicodedata.normalize("NFC", text)
    absent = {char for char in set(composed) if ord(char) not in covered and drawn(char)}
    return sorted(absent, key=composed.index)


def describe(char: str) -> str:
    """`丁 (U+4E01 CJK UNIFIED IDEOGRAPH-4E01)`; private-use characters have no name."""
    name = unicodedata.name(char, "")
    return f"{char} (U+{ord(char):04X}{' ' + name if name else ''})"


def missing_glyphs(
    course: Course, documents: Sequence[PrintDocument], stylesheet: Path
) -> list[Problem]:
    """One warning per source file for the characters no print font draws, located at the first
    of them in the file and naming every document they print in. Characters found in no source
    file (a template override, say) are reported against the document itself."""
    covered = coverage(stylesheet)
    if covered is None:
        return []
    sources = _Sources(Path(course.root))
    # file -> character -> the documents it prints in
    where: dict[str, dict[str, list[str]]] = {}
    for item in documents:
        # Markup is ASCII: parse the HTML only when its raw text has a suspect at all.
        chars = missing(item.html, covered) and missing(page_text(item.html), covered)
        primary, secondary = _candidates(course, item) if chars else ([], [])
        for char in chars:
            files = [f for f in primary if char in sources.text(f)]
            files = files or [f for f in secondary if char in sources.text(f)]
            for file in files or [item.document.filename]:
                where.setdefault(file, {}).setdefault(char, []).append(item.document.filename)
    return sorted(_warning(file, found, sources) for file, found in where.items())


def _warning(file: str, found: dict[str, list[str]], sources: _Sources) -> Problem:
    places = [sources.position(file, char) for char in found]
    line, column = min((place for place in places if place), default=(0, 0))
    names = [describe(char) for char in found]
    if len(names) > _SHOWN:
        names = [*names[:_SHOWN], f"and {len(names) - _SHOWN} more"]
    printed = sorted({document for documents in found.values() for document in documents})
    what = "they print in another typeface or as empty boxes"
    if len(found) == 1:
        what = "it prints in another typeface or as an empty box"
    message = f"no print font has {', '.join(names)}: {what} in {', '.join(printed)}"
    return Problem(file, line, column, "", message, "warning")


def _candidates(course: Course, item: PrintDocument) -> tuple[list[str], list[str]]:
    """Source files of a document: its pages and their exercises first, then the rest that can
    print in it (every exercise title is in the reader's index; mkdocs.yml gives names)."""
    primary: list[str] = []
    for path in item.document.lessons:
        lesson = course.lesson_by_path(path)
        if lesson is None:
            continue
        primary.append(lesson.file)
        primary.extend(
            course.exercises[key].source for key in lesson.exercise_ids if key in course.exercises
        )
    secondary = [e.source for e in course.exercises.values() if e.source not in primary]
    return list(dict.fromkeys(primary)), [*secondary, CONFIG_FILE]


class _Sources:
    """Source files read once, as NFC text, by path relative to the course folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.texts: dict[str, str] = {}

    def text(self, file: str) -> str:
        if file not in self.texts:
            path = self.root / file
            raw = path.read_text("utf-8", errors="replace") if path.is_file() else ""
            self.texts[file] = unicodedata.normalize("NFC", raw)
        return self.texts[file]

    def position(self, file: str, char: str) -> tuple[int, int] | None:
        """1-based line and column of the first `char` in `file`; None when not there."""
        text = self.text(file) if file in self.texts else ""
        index = text.find(char)
        if index < 0:
            return None
        line_start = text.rfind("\n", 0, index) + 1
        return text.count("\n", 0, index) + 1, index - line_start + 1
