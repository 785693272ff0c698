"""The `seminarkit.markdown` Python-Markdown extension: renders `:::` directives.

Works under MkDocs (the plugin hands it the loaded course) and in any host that runs
Python-Markdown extensions (it then loads the course from `course_dir` itself).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from .loader import load_course
from .model.course import Course
from .model.lessons import scan_directives
from .problems import CourseError, Problem, did_you_mean
from .rendering import DirectiveRenderer, DirectiveUnavailable, PageContext
from .web import WebRenderer, images_for_page

_PRIORITY = 28
"""After whitespace normalisation (30), before fenced code (25) and raw HTML (20)."""
_IMAGES_PRIORITY = 35
"""Before the raw HTML postprocessor (30) puts the stashed HTML back into the page."""


class DirectivePreprocessor(Preprocessor):
    """Replaces each directive line with what the renderer makes of it."""

    def __init__(self, md: Markdown, extension: SeminarkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.own_html.clear()
        found = {item.line: item for item in scan_directives("\n".join(lines), 1)}
        if not found:
            return lines
        renderer = self.extension.renderer()
        page = self.extension.page()
        output: list[str] = []
        for number, line in enumerate(lines, start=1):
            item = found.get(number)
            if item is None:
                output.append(line)
                continue
            if item.directive is None:
                raise self.extension.error(number, item.error or "malformed directive")
            directive = item.directive
            if directive.name == "exercise" and directive.argument not in renderer.course.exercises:
                hint = did_you_mean(directive.argument, renderer.course.exercises)
                raise self.extension.error(number, f"unknown exercise '{directive.argument}'{hint}")
            try:
                rendered = renderer.render(directive, page)
            except DirectiveUnavailable as error:
                raise self.extension.error(number, str(error)) from None
            if rendered.markdown:
                output.extend(["", *rendered.text.split("\n"), ""])
            else:
                output.extend(["", *self.stashed(rendered.text), ""])
        return output

    def stashed(self, html: str) -> list[str]:
        """Lines for rendered HTML: its outer tags stay raw, so hosts see the exercise's id
        (MkDocs checks anchors), and the inside is stashed, so Markdown does not parse it again.
        """
        first, _, rest = html.partition("\n")
        inner, _, last = rest.rpartition("\n")
        if first.startswith("<") and first.endswith(">") and last.startswith("</") and inner:
            return [first, self.store(inner), last]
        return [self.store(html)]

    def store(self, html: str) -> str:
        """Stash rendered HTML, remembering that it is ours (its images point where they should)."""
        placeholder = self.md.htmlStash.store(html)
        self.extension.own_html.add(self.md.htmlStash.html_counter - 1)
        return placeholder


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
        self.own_html: set[int] = set()
        """Indexes of the HTML stash whose images already point where they should (directive
        output, raw HTML already made relative to the page), for the page being rendered."""

    def use_course(self, course: Course) -> None:
        """Render from this already validated course (the MkDocs plugin calls this)."""
        self._course = course
        self._renderer = None

    def use_renderer(self, renderer: DirectiveRenderer) -> None:
        """Render directives with this renderer (web or print)."""
        self._course = renderer.course
        self._renderer = renderer

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

    def error(self, line: int, message: str) -> CourseError:
        """A problem located on the page being rendered."""
        where = self.current_file or "<page>"
        return CourseError([Problem(where, line + self.line_offset, 0, "", message)])

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the directive preprocessor."""
        md.preprocessors.register(DirectivePreprocessor(md, self), "seminarkit", _PRIORITY)
        md.postprocessors.register(
            PageImagesPostprocessor(md, self), "seminarkit-images", _IMAGES_PRIORITY
        )
        md.registerExtension(self)


def makeExtension(**kwargs: Any) -> SeminarkitExtension:
    """Entry point for `markdown_extensions: [seminarkit.markdown]`."""
    return SeminarkitExtension(**kwargs)
