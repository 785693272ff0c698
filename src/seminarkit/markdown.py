"""The `seminarkit.markdown` Python-Markdown extension: renders `:::` directives.

Works under MkDocs (the plugin hands it the loaded course) and in any host that runs
Python-Markdown extensions (it then loads the course from `course_dir` itself). Such a host
ships no plugin assets, so a page with a directive then carries the stylesheet and script inline
(`StandaloneAssetsTreeprocessor`); the page being rendered comes from the host's page context
where it offers one (Zensical's `rendering_context` preprocessor, with `page.path`, `page.url`).
"""

from __future__ import annotations

from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as etree

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .directives import Placement, marker_numbers, register_directives
from .loader import load_course
from .model.course import Course
from .problems import CourseError, Problem, did_you_mean
from .rendering import DirectiveRenderer, DirectiveUnavailable, PageContext, Rendered
from .shipping import shipped
from .web import WebRenderer, images_for_page

_IMAGES_PRIORITY = 35
"""Before the raw HTML postprocessor (30) puts the stashed HTML back into the page."""
_RESET_PRIORITY = 200
"""First of all preprocessors: a new page starts with no stashed HTML of ours."""
_ASSETS_PRIORITY = 1
"""Last of the tree processors (after `toc`, 5): the assets are no heading's text."""
_HOST_CONTEXT = "rendering_context"
"""Zensical's preprocessor that holds the page being rendered (`page.path`, `page.url`)."""


class PageStartPreprocessor(Preprocessor):
    """Forgets which stash entries were ours on the page before (hosts reuse the extension)."""

    def __init__(self, md: Markdown, extension: SeminarkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.own_html.clear()
        self.extension.directives_on_page = False
        if not self.extension.hosted and _HOST_CONTEXT in self.md.preprocessors:
            page = getattr(self.md.preprocessors[_HOST_CONTEXT], "page", None)
            path, url = getattr(page, "path", None), getattr(page, "url", None)
            if isinstance(path, str) and path:
                self.extension.current_page = path
                self.extension.current_url = url if isinstance(url, str) and url else None
                self.extension.current_file = f"{self.extension.docs_name()}/{path}"
        return lines


class StandaloneAssetsTreeprocessor(Treeprocessor):
    """Outside the MkDocs plugin (which ships them as files): a web page with a directive gets
    seminarkit's stylesheet and script inline, minified, once, at its end. A tree processor,
    so it runs once per page (postprocessors also run on each heading for the table of
    contents)."""

    def __init__(self, md: Markdown, extension: SeminarkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        extension = self.extension
        if extension.hosted or not extension.directives_on_page:
            return
        if not isinstance(extension.renderer(), WebRenderer):
            return
        css = shipped("seminarkit.css").decode("utf-8")
        script = shipped("seminarkit.js").decode("utf-8").replace("</", "<\\/")
        html = f"<style>{css}</style>\n<script>{script}</script>"
        extension.own_html.add(len(self.md.htmlStash.rawHtmlBlocks))
        etree.SubElement(root, "p").text = self.md.htmlStash.store(html)


class PageImagesPostprocessor(Postprocessor):
    """Raw HTML images of a web page (`<img src>`, which MkDocs leaves as written) made relative
    to the page's URL like its Markdown images, so they show with directory URLs too."""

    def __init__(self, md: Markdown, extension: SeminarkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        candidates = [
            index
            for index, block in enumerate(stash)
            if isinstance(block, str)
            and index not in self.extension.own_html
            and "<img" in block.lower()
        ]
        if candidates and isinstance(self.extension.renderer(), WebRenderer):
            page = self.extension.page()
            for index in candidates:
                stash[index] = images_for_page(str(stash[index]), page, page.src)
                # Postprocessors run more than once (`toc` runs them on each heading): once done,
                # an entry is left alone like the directives' own.
                self.extension.own_html.add(index)
        return text


class SeminarkitExtension(Extension):
    """Python-Markdown extension entry point (`seminarkit.markdown`)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "course_dir": [".", "Course folder (with mkdocs.yml) when not run by the plugin."],
        }
        course = kwargs.pop("course", None)
        renderer = kwargs.pop("renderer", None)
        super().__init__(**kwargs)
        self._course: Course | None = course
        self._renderer: DirectiveRenderer | None = renderer
        self.current_page: str | None = None
        self.current_url: str | None = None
        self.current_file: str | None = None
        self.line_offset = 0
        self.hosted = course is not None or renderer is not None
        """Whether a program runs this extension with its course (the MkDocs plugin, which
        ships the assets as files; the print renderer), not a host from `mkdocs.yml`."""
        self.directives_on_page = False
        self.collected: list[Problem] | None = None
        """When a list (the plugin while serving): the pages' problems go here instead of
        failing the build, and the page keeps the directives that rendered."""
        self.own_html: set[int] = set()
        """Indexes of the HTML stash whose images already point where they should (directive
        output, raw HTML already made relative to the page), for the page being rendered."""

    def use_course(self, course: Course) -> None:
        """Render from this already validated course (the MkDocs plugin calls this)."""
        self._course = course
        self._renderer = None
        self.hosted = True

    def use_renderer(self, renderer: DirectiveRenderer) -> None:
        """Render directives with this renderer (web or print)."""
        self._course = renderer.course
        self._renderer = renderer
        self.hosted = True

    def docs_name(self) -> str:
        """The docs folder's name, for error positions (`docs/page.md:3:1`)."""
        return Path(self._course.config.docs_dir).name if self._course else "docs"

    def page(self) -> PageContext:
        """The page being rendered: its source path and its URL in the output."""
        src = self.current_page or "index.md"
        return PageContext(src, self.current_url or src.removesuffix(".md") + ".html")

    def renderer(self) -> DirectiveRenderer:
        """The renderer, loading the course on first use when no plugin provided it."""
        if self._renderer is None:
            if self._course is None:
                course = load_course(Path(str(self.getConfig("course_dir"))))
                if course.errors:
                    raise CourseError(course.errors)
                self._course = course
            self._renderer = WebRenderer(self._course)
        return self._renderer

    def problem(self, line: int, message: str) -> Problem:
        """A problem located on the page being rendered."""
        where = self.current_file or "<page>"
        return Problem(where, line + self.line_offset, 0, "", message)

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the directive processors, rendering what they find on the page, and the
        page's own raw HTML images."""
        register_directives(md, partial(self.render_placements, md))
        md.preprocessors.register(
            PageStartPreprocessor(md, self), "seminarkit-page", _RESET_PRIORITY
        )
        md.postprocessors.register(
            PageImagesPostprocessor(md, self), "seminarkit-images", _IMAGES_PRIORITY
        )
        md.treeprocessors.register(
            StandaloneAssetsTreeprocessor(md, self), "seminarkit-assets", _ASSETS_PRIORITY
        )
        md.registerExtension(self)

    def render_placements(
        self, md: Markdown, placements: list[Placement], root: etree.Element
    ) -> None:
        """Replace each directive line that renders with its output, or raise every problem
        of the page at once."""
        problems: list[Problem] = []
        outputs: dict[int, list[etree.Element]] = {}
        exercises = False
        for placement in placements:
            item = placement.directive_line(1)
            if item is None:
                continue
            if item.directive is None:
                problems.append(self.problem(item.line, item.error or "malformed directive"))
                continue
            directive = item.directive
            renderer = self.renderer()
            if directive.name == "exercise" and directive.argument not in renderer.course.exercises:
                hint = did_you_mean(directive.argument, renderer.course.exercises)
                problems.append(
                    self.problem(item.line, f"unknown exercise '{directive.argument}'{hint}")
                )
                continue
            try:
                rendered = renderer.render(directive, self.page())
            except DirectiveUnavailable as error:
                problems.append(self.problem(item.line, str(error)))
                continue
            outputs[placement.key] = _elements(md, rendered, self.own_html)
            self.directives_on_page = True
            exercises = exercises or directive.name == "exercise"
        if problems and self.collected is None:
            raise CourseError(problems)
        if self.collected is not None:
            self.collected += problems
        _splice(root, [p for p in placements if p.key in outputs], outputs)
        words = self._renderer
        if exercises and isinstance(words, WebRenderer):  # once per page, after the last block
            root.extend(_elements(md, Rendered(words.page_words()), self.own_html))


def _elements(md: Markdown, rendered: Rendered, own: set[int]) -> list[etree.Element]:
    """A directive's output as elements of the page.

    Markdown output is parsed as blocks (inline Markdown and the host's link handling follow).
    HTML keeps its outer element in the tree, so hosts see its id (MkDocs checks anchors), and
    stashes the inside, so Markdown does not parse it again. The stash entries are added to
    `own` (their images already point where they should on this page).
    """
    if rendered.markdown:
        holder = etree.Element("div")
        md.parser.parseChunk(holder, rendered.text.strip("\n"))
        return list(holder)
    html = rendered.text.strip()
    if not html:
        return []
    first, _, rest = html.partition("\n")
    inner, _, last = rest.rpartition("\n")
    opening = _OpeningTag.parse(first)
    if opening is not None and inner and last == f"</{opening[0]}>":
        element = etree.Element(opening[0])
        element.attrib.update(opening[1])  # a valueless attribute (None) stays bare
        element.text = AtomicString(md.htmlStash.store(f"\n{inner}\n"))
        own.add(md.htmlStash.html_counter - 1)
        return [element]
    paragraph = etree.Element("p")
    paragraph.text = AtomicString(md.htmlStash.store(html))
    own.add(md.htmlStash.html_counter - 1)
    return [paragraph]


def _splice(
    root: etree.Element, placements: list[Placement], outputs: dict[int, list[etree.Element]]
) -> None:
    """Put the outputs where their markers stand, splitting the text around them into
    paragraphs. A `p` host is replaced (its inline children, such as a footnote's back link,
    end the last paragraph); a list item or definition keeps the text before the first marker.
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    hosts = {id(p.host): p.host for p in placements if p.host is not None}
    for host in hosts.values():
        parts = marker_numbers(host.text or "")
        children = list(host) if host.tag == "p" else []
        pieces: list[etree.Element] = []
        for index, part in enumerate(parts):
            if isinstance(part, int):
                pieces.extend(outputs.get(part, []))
                continue
            if index == 0 and host.tag != "p":
                continue  # stays the host's own text
            last = index == len(parts) - 1
            if part.strip() or (last and children):
                paragraph = etree.Element("p")
                paragraph.text = part.strip("\n") or None
                paragraph.extend(children if last else [])
                pieces.append(paragraph)
        if host.tag == "p":
            parent = parents[host]
            position = list(parent).index(host)
            if pieces:
                pieces[-1].tail = host.tail
            parent[position : position + 1] = pieces
        else:
            lead = parts[0] if parts and isinstance(parts[0], str) else ""
            host.text = lead.rstrip() or None
            host[0:0] = pieces


class _OpeningTag(HTMLParser):
    """Reads the tag name and attributes of one opening tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, dict[str, Any]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is None:
            self.found = (tag, dict(attrs))

    @classmethod
    def parse(cls, line: str) -> tuple[str, dict[str, Any]] | None:
        """(tag, attributes) when the line is exactly one opening tag."""
        if not (line.startswith("<") and line.endswith(">")) or line.startswith("</"):
            return None
        parser = cls()
        parser.feed(line)
        parser.close()
        return parser.found


def makeExtension(**kwargs: Any) -> SeminarkitExtension:
    """Entry point for `markdown_extensions: [seminarkit.markdown]`."""
    return SeminarkitExtension(**kwargs)
