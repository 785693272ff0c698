"""Where the `:::` directive lines of a page stand, as the page's own Markdown reads it.

A directive line renders wherever Markdown would put a paragraph of its own: at the top of the
page, in an admonition (`!!!`), a collapsible block (`???`), a content tab (`===`), a list item,
a blockquote, a definition, a footnote or an HTML element with the `markdown` attribute. Rather
than guess those containers, the page goes through the host's Markdown with the course's
extensions (`register_directives`):

1. `DirectiveMarker`, a preprocessor that runs after fenced code is stashed (so code never gets
   a marker) and before raw HTML is, puts a marker where the `:::` of each directive line stands
   and surrounds the line with blank lines: a block of its own, placed by its indentation like
   any block after a blank line. In a list item, the item's text column (2 spaces after `- `,
   3 after `1. `) also counts as inside the item: the line gets the 4 spaces Python-Markdown
   asks for. A line that seems to stand in an HTML comment or a code span keeps its place.
   Source line numbers survive the stashed fences through `source_lines`.
2. `DirectivePlacer`, a treeprocessor that runs before inline Markdown, finds every marker in the
   parsed tree and in the raw HTML stash and decides what the line is (`Placement.verdict`):
   `render` (it stands in a paragraph, list item or definition), `literal` (indented code or a
   code span: shown as written), `hidden` (in an HTML comment: as if the line were missing) or
   `error` (somewhere it cannot render, e.g. in raw HTML), and puts `literal` and `hidden` lines
   back as they were written.

The loader runs steps 1 and 2 only (`DirectiveScanner`; pages of plain paragraphs and headings,
most pages, skip Markdown: `plain_page_directives`), so the course model knows which page embeds
which exercise, on which line, at which section level. The renderers run the whole conversion and
put each `render` directive's output in its place (`markdown.SeminarkitExtension`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .model.lessons import DirectiveLine, parse_directive

RECORDER_PRIORITY = 29
"""After whitespace is normalised (30), before fenced code is stashed (25)."""
MARKER_PRIORITY = 22
"""After fenced code is stashed (25), before MkDocs reads raw HTML ids (21) and raw HTML (20)."""
PLACER_PRIORITY = 40
"""After footnotes are placed (50), before code is highlighted (30) and inline Markdown (20)."""
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always loads first (`markdown_extensions` adds to them)."""
OWN_EXTENSIONS = ("seminarkit", "seminarkit.markdown")

Verdict = Literal["render", "literal", "hidden", "error"]

_MARKER = "\x02seminarkit:{}\x03"
_MARKER_RE = re.compile("\x02seminarkit:([0-9]+)\x03")
_CANDIDATE = re.compile(r"^(?P<lead>[ >]*?)(?P<item>(?:[-*+]|[0-9]{1,9}[.)]|:)[ ]+)?:::")
_FENCE = re.compile(r"^(?P<prefix>[ >]*)(?P<fence>`{3,}|~{3,})(?!.*`)")
_QUOTE = re.compile(r"^(?P<quote>(?:[ ]*>[ ]?)*)(?P<indent>[ ]*)(?P<rest>.*)$")
_LIST_ITEM = re.compile(r"^(?P<marker>[-*+]|[0-9]{1,9}[.)])(?P<space>[ ]+)\S")
_PLAIN_START = re.compile(r"""[^\W\d_]|#|\[(?!\^)|[*_](?![\s*_\[])|["'(„“«»]""")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BACKTICKS = re.compile(r"(?<!\\)`+")
_CODE_TAGS = ("pre", "code")
_HOST_TAGS = ("p", "li", "dd")
"""Elements whose text a directive line may stand in (before inline Markdown runs)."""


@dataclass(frozen=True)
class MarkedLine:
    """A directive line as written, behind the marker that stands for it."""

    line: int
    """Line of the converted text, 1-based."""
    text: str
    """The line from `:::` on."""
    protected: bool
    """Whether the line looked like it stood in an HTML comment or a code span that runs over
    several lines (then it is left where it is, without blank lines around it)."""
    blank_before: bool = False
    blank_after: bool = False


@dataclass
class Placement:
    """Where Markdown put one directive line, and what that makes of it."""

    key: int
    """The marker's number (1, 2, ... in page order)."""
    line: int
    """Line of the converted text, 1-based."""
    text: str
    verdict: Verdict
    message: str = ""
    section_level: int = 0
    """Level of the nearest heading before the line (0 before any heading)."""
    host: etree.Element | None = field(default=None, repr=False)
    """The element whose text holds the marker (for `render`)."""

    def directive_line(self, first_line: int) -> DirectiveLine | None:
        """The line as a directive or a located error; None for literal or hidden lines."""
        number = first_line + self.line - 1
        if self.verdict == "error":
            return DirectiveLine(number, None, self.message)
        if self.verdict != "render":
            return None
        parsed = parse_directive(self.text, number)
        if parsed.directive is None:
            return parsed
        return DirectiveLine(
            number, replace(parsed.directive, section_level=self.section_level), None
        )


# -- step 1: mark the lines -------------------------------------------------------------------


def mark_directive_lines(
    lines: Sequence[str], numbers: Sequence[int] | None = None
) -> tuple[list[str], dict[int, MarkedLine]]:
    """Put a marker where each directive line's `:::` stands (see the module docstring).

    `numbers` gives the source line of each directive line in turn (default: its index + 1).
    Returns the new lines and, by marker number (1, 2, ... in page order), what each marker
    stands for.
    """
    output: list[str] = []
    marks: dict[int, MarkedLine] = {}
    in_comment = False
    for index, line in enumerate(lines):
        starts_in_comment = in_comment
        in_comment = _comment_continues(line, in_comment)
        match = _CANDIDATE.match(line)
        if match is None:
            output.append(line)
            continue
        key = len(marks) + 1
        number = numbers[key - 1] if numbers is not None else index + 1
        lead, item = match.group("lead"), match.group("item") or ""
        text = line[match.end() - 3 :]
        marker = _MARKER.format(key)
        if starts_in_comment or _in_code_span(lines, index):
            output.append(f"{lead}{item}{marker}")
            marks[key] = MarkedLine(number, text, True)
            continue
        quote = _QUOTE.match(lead)
        assert quote is not None  # the pattern matches any run of spaces and '>'
        if not item:
            lead = quote.group("quote") + " " * _item_indent(lines, index, quote.group("quote"))
        blank = quote.group("quote").rstrip()
        before = bool(output) and not _is_blank(output[-1], blank)
        after = index + 1 < len(lines) and not _is_blank(lines[index + 1], blank)
        output.extend([blank] if before else [])
        output.append(f"{lead}{item}{marker}")
        output.extend([blank] if after else [])
        marks[key] = MarkedLine(number, text, False, before, after)
    return output, marks


def source_lines(original: Sequence[str], current: Sequence[str]) -> list[int]:
    """The line (1-based) in `original` of each directive line of `current`, the same text
    once fenced code is stashed (a fence's lines become one placeholder line).

    Exact when the fences are where `_fenced_lines` finds them; otherwise each line is matched
    to the next equal line of `original` (only a line number can then be off, never a verdict).
    """
    wanted = [line for line in current if _CANDIDATE.match(line)]
    fenced = _fenced_lines(original)
    every = [(n, line) for n, line in enumerate(original, 1) if _CANDIDATE.match(line)]
    outside = [(n, line) for n, line in every if n - 1 not in fenced]
    if [line for _, line in outside] == wanted:
        return [n for n, _ in outside]
    numbers: list[int] = []
    start = 0
    for line in wanted:
        match = next((k for k in range(start, len(every)) if every[k][1] == line), None)
        numbers.append(every[match][0] if match is not None else 0)
        start = match + 1 if match is not None else start
    return numbers


def _fenced_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines of closed fenced code blocks, fences included, as pymdownx
    superfences finds them (any indentation or blockquote prefix; the closing fence repeats
    the opening one, with the same prefix)."""
    inside: set[int] = set()
    opening: re.Match[str] | None = None
    start = 0
    for index, line in enumerate(lines):
        if opening is None:
            opening = _FENCE.match(line)
            start = index
            continue
        prefix = opening.group("prefix")
        if line.startswith(prefix) and line[len(prefix) :].rstrip() == opening.group("fence"):
            inside.update(range(start, index + 1))
            opening = None
    return inside


def _is_blank(line: str, quote: str) -> bool:
    """Whether a line is empty, within the blockquote `quote` (e.g. `>`, or `` for none)."""
    stripped = line.strip()
    return not stripped or (bool(quote) and stripped == quote.strip())


def _item_indent(lines: Sequence[str], index: int, quote: str) -> int:
    """The indentation to write a directive line with, so that it stays in the list item its
    indentation puts it in.

    CommonMark counts a line as inside a list item when it is indented to the item's text
    (2 spaces for `- `, 3 for `1. `); Python-Markdown, after a blank line, wants 4 spaces more than
    the item's marker. A line indented to the text but not 4 spaces is indented to the 4.
    """
    own = _QUOTE.match(lines[index][len(quote) :])
    indent = len(own.group("indent")) if own else 0
    if indent == 0:
        return 0
    for previous in reversed(lines[:index]):
        found = _QUOTE.match(previous)
        assert found is not None
        if not found.group("rest").strip() or found.group("quote") != quote:
            continue
        column = len(found.group("indent"))
        if column >= indent:
            continue
        item = _LIST_ITEM.match(found.group("rest"))
        if item is None:
            return indent
        space = len(item.group("space"))
        text_column = column + len(item.group("marker")) + (space if space <= 4 else 1)
        return column + 4 if text_column <= indent < column + 4 else indent
    return indent


def _in_code_span(lines: Sequence[str], index: int) -> bool:
    """Whether line `index` lies inside a code span of its paragraph (the lines between blank
    lines), like `` `a<newline>::: exercise x<newline>b` ``."""
    start = index
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = index + 1
    while end < len(lines) and lines[end].strip():
        end += 1
    if start == index and end == index + 1:
        return False
    offset = sum(len(line) + 1 for line in lines[start:index])
    return _within(offset, _code_spans("\n".join(lines[start:end])))


def _comment_continues(line: str, in_comment: bool) -> bool:
    """Whether an HTML comment is still open after this line (code spans ignored)."""
    if "<!--" not in line and (not in_comment or "-->" not in line):
        return in_comment
    position = 0
    text = _BACKTICKS.sub(lambda m: " " * len(m.group(0)), _without_code_spans(line))
    while True:
        if in_comment:
            end = text.find("-->", position)
            if end < 0:
                return True
            in_comment, position = False, end + 3
        else:
            start = text.find("<!--", position)
            if start < 0:
                return False
            in_comment, position = True, start + 4


def _without_code_spans(text: str) -> str:
    """The text with each code span blanked out (same length)."""
    spans = list(_code_spans(text))
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each code span: a run of backticks up to the next run of as many."""
    runs = list(_BACKTICKS.finditer(text))
    index = 0
    while index < len(runs):
        opening = runs[index]
        closing = next(
            (
                later
                for later in range(index + 1, len(runs))
                if len(runs[later].group(0)) == len(opening.group(0))
            ),
            None,
        )
        if closing is None:
            index += 1
            continue
        yield opening.start(), runs[closing].end()
        index = closing + 1


# -- step 2: find the markers in the tree -----------------------------------------------------


class _LineRecorder(Preprocessor):
    """Keeps the lines as they are before fenced code is stashed, for the line numbers."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.lines: list[str] = []

    def run(self, lines: list[str]) -> list[str]:
        self.lines = list(lines)
        return lines


class DirectiveMarker(Preprocessor):
    """Step 1: marks the directive lines of the text being converted (`marks` per run)."""

    def __init__(self, md: markdown.Markdown, recorder: _LineRecorder) -> None:
        super().__init__(md)
        self.recorder = recorder
        self.marks: dict[int, MarkedLine] = {}

    def run(self, lines: list[str]) -> list[str]:
        numbers = source_lines(self.recorder.lines, lines)
        marked, self.marks = mark_directive_lines(lines, numbers)
        return marked


Render = Callable[[list[Placement], etree.Element], None]


class DirectivePlacer(Treeprocessor):
    """Step 2: what each marked line is; `render` (when given) then replaces the markers."""

    def __init__(
        self, md: markdown.Markdown, marker: DirectiveMarker, render: Render | None = None
    ) -> None:
        super().__init__(md)
        self.marker = marker
        self.render = render
        self.placements: list[Placement] = []

    def run(self, root: etree.Element) -> None:
        marks = self.marker.marks
        self.placements = []
        if not marks:
            return
        found: dict[int, Placement] = {}
        self._in_tree(root, marks, found)
        self._in_stash(marks, found)
        for key, mark in marks.items():
            found.setdefault(
                key,
                Placement(
                    key,
                    mark.line,
                    mark.text,
                    "error",
                    f"'{mark.text}' is lost here: a Markdown extension swallowed the line; "
                    "put it on a line of its own between blocks",
                ),
            )
        self.placements = [found[key] for key in sorted(found)]
        if self.render is not None:
            self.render(self.placements, root)

    def _in_tree(
        self, root: etree.Element, marks: dict[int, MarkedLine], found: dict[int, Placement]
    ) -> None:
        level = 0
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = int(element.tag[1])
            for attribute in ("text", "tail"):
                text = getattr(element, attribute)
                if not text or "\x02seminarkit:" not in text:
                    continue
                code = element.tag in _CODE_TAGS or isinstance(text, AtomicString)
                spans = [] if code else list(_code_spans(text))
                comments = [] if code else [m.span() for m in _COMMENT.finditer(text)]
                for match in _MARKER_RE.finditer(text):
                    key = int(match.group(1))
                    mark = marks[key]
                    verdict: Verdict = "render"
                    message = ""
                    if code or _within(match.start(), spans):
                        verdict = "literal"
                    elif _within(match.start(), comments):
                        verdict = "hidden"
                    elif attribute == "tail" or element.tag not in _HOST_TAGS:
                        verdict = "error"
                        where = "after" if attribute == "tail" else "inside"
                        message = (
                            f"'{mark.text}' ends up {where} a <{element.tag}> element here, "
                            "where it cannot render; put it on a line of its own between blocks"
                        )
                    found[key] = Placement(
                        key, mark.line, mark.text, verdict, message, level, element
                    )
                kept = {n for n in found if found[n].verdict == "render"}
                setattr(element, attribute, _restore(text, marks, code, keep=kept))

    def _in_stash(self, marks: dict[int, MarkedLine], found: dict[int, Placement]) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str):
                if "\x02seminarkit:" in block:
                    stash[index] = self._raw(block, marks, found)
                continue
            for element in block.iter():
                for attribute in ("text", "tail"):
                    text = getattr(element, attribute)
                    if text and "\x02seminarkit:" in text:
                        setattr(element, attribute, self._raw(text, marks, found))

    def _raw(self, html: str, marks: dict[int, MarkedLine], found: dict[int, Placement]) -> str:
        """Markers in raw HTML: hidden in a comment, else an error; put the lines back."""
        comments = [m.span() for m in _COMMENT.finditer(html)]
        for match in _MARKER_RE.finditer(html):
            key = int(match.group(1))
            line, text = marks[key].line, marks[key].text
            if _within(match.start(), comments):
                found[key] = Placement(key, line, text, "hidden")
            else:
                found[key] = Placement(
                    key,
                    line,
                    text,
                    "error",
                    f"'{text}' stands in raw HTML, which Markdown does not read; give the HTML "
                    "element around it the 'markdown' attribute (extension md_in_html) or move "
                    "the line out of it",
                )
        return _restore(html, marks, code=False)


def marker_numbers(text: str) -> list[str | int]:
    """The text split at its markers: text pieces and, between them, the markers' numbers."""
    parts: list[str | int] = []
    for index, piece in enumerate(_MARKER_RE.split(text)):
        parts.append(int(piece) if index % 2 else piece)
    return parts


def _within(position: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _restore(text: str, marks: dict[int, MarkedLine], code: bool, keep: Iterable[int] = ()) -> str:
    """The text with each marker (but those in `keep`) put back as the line it stands for.

    In code, the blank lines put around the marker go too, so the code reads as written.
    """
    kept = set(keep)
    result = text
    for match in _MARKER_RE.finditer(text):
        number = int(match.group(1))
        if number in kept:
            continue
        mark = marks[number]
        before = "(?:(?<=\n)\n)?" if code and mark.blank_before else ""
        after = "(?:\n(?=\n))?" if code and mark.blank_after else ""
        pattern = before + re.escape(match.group(0)) + after
        result = re.sub(pattern, _constant(mark.text), result, count=1)
    return type(text)(result)


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement function that returns `text` as it is (no backslash escapes)."""
    return lambda _match: text


# -- the loader's scan --------------------------------------------------------------------------


def register_directives(md: markdown.Markdown, render: Render | None = None) -> DirectivePlacer:
    """Register the recorder, the marker and the placer on `md`; returns the placer."""
    recorder = _LineRecorder(md)
    marker = DirectiveMarker(md, recorder)
    placer = DirectivePlacer(md, marker, render)
    md.preprocessors.register(recorder, "seminarkit-lines", RECORDER_PRIORITY)
    md.preprocessors.register(marker, "seminarkit", MARKER_PRIORITY)
    md.treeprocessors.register(placer, "seminarkit", PLACER_PRIORITY)
    return placer


class _Scanning(Extension):
    """Registers the directive processors without rendering."""

    def __init__(self) -> None:
        super().__init__()
        self.placer: DirectivePlacer | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.placer = register_directives(md)


def is_own_extension(extension: Any) -> bool:
    """Whether a `markdown_extensions` entry is seminarkit's own extension."""
    name = extension if isinstance(extension, str) else type(extension).__module__
    return name in OWN_EXTENSIONS


def plain_page_directives(lines: Sequence[str]) -> list[Placement] | None:
    """The directive lines of a plain page, read without Markdown; None for any other page.

    A plain page has only paragraphs, ATX headings and directive lines, all at column 0: every
    other line starts with a letter or a few characters that start no block (`[` but not `[^`,
    `*` or `_` before a word, quotes, `(`), no HTML comment, no backtick next to a directive
    line. There, Markdown makes every directive line a block of its own at the top level, under
    the last `#` heading: what `DirectiveScanner.parse` finds, only faster (most pages are plain).
    """
    placements: list[Placement] = []
    level = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith(":::"):
            around = lines[max(index - 1, 0) : index + 2]
            if any("`" in near for near in around):
                return None
            placements.append(Placement(len(placements) + 1, index + 1, line, "render", "", level))
            continue
        if "<!--" in line or not _PLAIN_START.match(line):
            return None
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 6)
    return placements


def mkdocs_extensions(extensions: Iterable[Any]) -> list[Any]:
    """The extensions MkDocs runs for `markdown_extensions`: its built-in ones first, then the
    course's, without seminarkit's own (hosts add it themselves)."""
    chosen = [e for e in extensions if not is_own_extension(e)]
    return [*(b for b in MKDOCS_BUILTINS if b not in chosen), *chosen]


class DirectiveScanner:
    """Finds the directive lines of pages with the course's Markdown extensions, as MkDocs
    loads them (its built-in ones first), without rendering anything.

    Raises what Markdown raises for an extension it cannot load (ImportError and the like).
    """

    def __init__(
        self, extensions: Iterable[Any] = (), configs: dict[str, Any] | None = None
    ) -> None:
        chosen = [e for e in extensions if not is_own_extension(e)]
        names = [*(b for b in MKDOCS_BUILTINS if b not in chosen), *chosen]
        wanted = {k: v for k, v in (configs or {}).items() if not is_own_extension(k)}
        self._extension = _Scanning()
        self.md = markdown.Markdown(extensions=[*names, self._extension], extension_configs=wanted)

    def scan(self, body: str, first_line: int) -> list[DirectiveLine]:
        """Every directive line that renders (as a directive or a located error), in order;
        lines in code or comments are left out. `first_line` is the file line of `body`'s first.
        """
        if ":::" not in body:
            return []
        plain = plain_page_directives(body.split("\n"))
        if plain is not None:
            found = (p.directive_line(first_line) for p in plain)
            return [line for line in found if line is not None]
        return self.parse(body, first_line)

    def parse(self, body: str, first_line: int) -> list[DirectiveLine]:
        """`scan` by parsing the page with Markdown, whatever the page."""
        md = self.md
        md.reset()
        lines = body.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
        root = md.parser.parseDocument(lines).getroot()
        assert root is not None
        placer = self._extension.placer
        for treeprocessor in md.treeprocessors:
            result = treeprocessor.run(root)
            root = result if result is not None else root
            if treeprocessor is placer:
                break
        assert placer is not None
        found = (placement.directive_line(first_line) for placement in placer.placements)
        return [line for line in found if line is not None]


def scan_directives(
    body: str,
    first_line: int = 1,
    extensions: Iterable[Any] = (),
    configs: dict[str, Any] | None = None,
) -> list[DirectiveLine]:
    """`DirectiveScanner(extensions, configs).scan(body, first_line)`, for one page."""
    return DirectiveScanner(extensions, configs).scan(body, first_line)
