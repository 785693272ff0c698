"""Render Markdown fields of exercises with the course's own Markdown extensions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import markdown
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

    def block(self, text: str | None, page: str | None = None) -> Markup:
        """Markdown to HTML blocks (paragraphs, lists, tables)."""
        if not text:
            return Markup("")
        cached = self._cache.get((text, page))
        if cached is None:
            self._md.reset()
            html = self._md.convert(text)
            if self._postprocess is not None:
                html = self._postprocess(html, page)
            cached = Markup(html)
            self._cache[(text, page)] = cached
        return cached

    def inline(self, text: str | None, page: str | None = None) -> Markup:
        """Markdown for places that take phrasing content only (labels, legends, cells)."""
        html = str(self.block(text, page)).strip()
        paragraphs = _PARAGRAPH.findall(html)
        if paragraphs and not _PARAGRAPH.sub("", html).strip():
            return Markup("<br>".join(paragraphs))
        return Markup(html)
