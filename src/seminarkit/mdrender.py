"""Render Markdown fields of exercises with the course's own Markdown extensions.

Two kinds of field: Markdown fields (`intro`, `solution`, a question's `text`...) may hold blocks
(lists, code, tables); short texts (options, items, labels, titles) take inline Markdown only
(`*emphasis*`, `` `code` ``, links), so "1. Mai" stays a date and never becomes a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import EmptyBlockProcessor, ParagraphProcessor
from markupsafe import Markup

#: MkDocs always adds these; exercise fields get them too so they read like the pages.
_BASE_EXTENSIONS = ("tables", "fenced_code")
#: Left out for exercise fields: our own extension (no nesting) and the table of contents.
_SKIPPED = {"seminarkit", "seminarkit.markdown", "toc", "markdown.extensions.toc"}
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def _extension_name(extension: Any) -> str:
    return extension if isinstance(extension, str) else type(extension).__module__


class MarkdownRenderer:
    """A reusable Markdown converter with a cache, for the many small fields of exercises."""

    def __init__(
        self,
        extensions: Iterable[Any] = (),
        configs: dict[str, Any] | None = None,
        postprocess: Callable[[str, str | None], str] | None = None,
    ) -> None:
        """`postprocess(html, page)` finishes every rendered text, e.g. resolves its images;
        `page` is the page a text belongs to (`None` for exercise texts)."""
        chosen = [e for e in extensions if _extension_name(e) not in _SKIPPED]
        for base in _BASE_EXTENSIONS:
            if base not in chosen:
                chosen.append(base)
        wanted = {name: value for name, value in (configs or {}).items() if name not in _SKIPPED}
        self._md = markdown.Markdown(extensions=chosen, extension_configs=wanted)
        self._postprocess = postprocess
        self._cache: dict[tuple[str, str | None], Markup] = {}
        # Short texts get a converter of their own; extension objects (not names) are left out
        # there, as one object cannot serve two converters.
        self._short = markdown.Markdown(
            extensions=[e for e in chosen if isinstance(e, str)], extension_configs=wanted
        )
        self._short.parser = _paragraphs_only(self._short)
        self._short_cache: dict[tuple[str, str | None], Markup] = {}

    def block(self, text: str | None, page: str | None = None) -> Markup:
        """Markdown to HTML blocks (paragraphs, lists, tables)."""
        return self._converted(self._md, self._cache, text, page, Markup)

    def inline(self, text: str | None, page: str | None = None) -> Markup:
        """A Markdown field for places that take phrasing content only (labels, legends, cells)."""
        return _unwrapped(str(self.block(text, page)))

    def text(self, text: str | None, page: str | None = None) -> Markup:
        """A short text (an option, an item, a label, a title): inline Markdown only, as phrasing
        HTML. Block syntax stays text (`1. Mai`, `# 1`, `- x`); a blank line becomes `<br>`."""
        return self._converted(self._short, self._short_cache, text, page, _unwrapped)

    def plain(self, text: str | None) -> str:
        """A short text without its Markdown syntax, for places that cannot hold markup (a
        `<select>`'s options, attributes, SVG labels, exported names, calendar entries): the text
        content of `text()`, entities resolved, whitespace collapsed (MarkupSafe's `striptags`).
        Returned unescaped; Jinja's autoescape or the output format escapes it."""
        return self.text(text).striptags()

    def _converted(
        self,
        md: markdown.Markdown,
        cache: dict[tuple[str, str | None], Markup],
        text: str | None,
        page: str | None,
        finish: Callable[[str], Markup],
    ) -> Markup:
        """`text` converted by `md`, post-processed for `page` and passed through `finish`, once
        per text and page (`cache`)."""
        if not text:
            return Markup("")
        cached = cache.get((text, page))
        if cached is None:
            md.reset()
            html = md.convert(text)
            if self._postprocess is not None:
                html = self._postprocess(html, page)
            cached = finish(html)
            cache[(text, page)] = cached
        return cached


def _paragraphs_only(md: markdown.Markdown) -> BlockParser:
    """A block parser that knows paragraphs only: every block of a short text is a paragraph,
    while inline patterns and tree processors of the course's extensions still apply."""
    parser = BlockParser(md)
    parser.blockprocessors.register(EmptyBlockProcessor(parser), "empty", 100)
    parser.blockprocessors.register(ParagraphProcessor(parser), "paragraph", 10)
    return parser


def _unwrapped(html: str) -> Markup:
    """HTML of one or more paragraphs as phrasing content: `<p>a</p><p>b</p>` -> `a<br>` and
    `b` on the next line (the line break keeps the words apart in the text content, too)."""
    html = html.strip()
    paragraphs = _PARAGRAPH.findall(html)
    if paragraphs and not _PARAGRAPH.sub("", html).strip():
        return Markup("<br>\n".join(paragraphs))
    return Markup(html)
