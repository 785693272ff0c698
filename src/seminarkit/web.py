"""Render exercises and the exercise index for the web pages."""

from __future__ import annotations

import posixpath
from pathlib import Path

from jinja2 import Environment

from .images import Attributes, attribute, locate, rewrite_images, url_path, with_src
from .mdrender import MarkdownRenderer
from .model.course import Course
from .model.exercises import ExerciseBase
from .model.lessons import Directive
from .outputs import DOWNLOADS, published
from .rendering import DirectiveUnavailable, PageContext, Rendered, page_url
from .templating import make_environment


def images_for_page(html: str, page: PageContext, own: str | None = None) -> str:
    """HTML with each image's `src` relative to the URL of `page`, by the rule of
    `seminarkit.images`: an exercise's images are found below docs/ (the site root) whichever
    page embeds them; a page's own images (`own` is its path below docs/) relative to it."""

    def point(attributes: Attributes) -> Attributes:
        src = attribute(attributes, "src")
        ref = locate(src, own) if src is not None else None
        if ref is None or ref.path is None:
            return attributes
        return with_src(attributes, url_path(page.href(ref.path)) + ref.suffix)

    return rewrite_images(html, point)


class WebRenderer:
    """Turns exercises of one course into HTML through `templates/web/<type>.html`."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.markdown = MarkdownRenderer(
            course.config.markdown_extensions, course.config.mdx_configs
        )
        self.env: Environment = make_environment(
            course.language,
            self.markdown,
            Path(course.root),
            course.config.options.templates_dir,
        )
        self._html: dict[str, str] = {}
        self._words: str | None = None

    def render(self, directive: Directive, page: PageContext) -> Rendered:
        """A directive on a web page."""
        if directive.name == "exercise":
            exercise = self.course.exercises[directive.argument]
            html = self.exercise(exercise, directive.section_level)
            return Rendered(images_for_page(html, page))
        if directive.name == "exercises":
            return Rendered(self.index(page.src), markdown=True)
        if directive.name == "progress":
            return Rendered(self.progress(page))
        if directive.name == "input":  # a mark for the agenda; nothing to show on the page
            return Rendered("")
        if directive.name == "agenda":
            hrefs = {
                lesson.path: page.href(page_url(lesson.path, self.course.config.use_directory_urls))
                for lesson in self.course.lessons
            }
            template = self.env.get_template("web/agenda.html")
            return Rendered(template.render(agenda=self.course.agenda(), hrefs=hrefs).strip())
        if directive.name == "downloads":
            template = self.env.get_template("web/downloads.html")
            html = template.render(outputs=published(self.course), page=page, downloads=DOWNLOADS)
            return Rendered(html.strip())
        raise DirectiveUnavailable(
            f"'::: {directive.name}' is not available in this version of seminarkit"
        )

    def exercise(self, exercise: ExerciseBase, section_level: int = 2) -> str:
        """The exercise as complete HTML, its title one level below the section it stands in
        (cached: an exercise renders once per build and heading level)."""
        level = min(max(section_level + 1, 2), 5)
        key = f"{exercise.key}/{level}"
        cached = self._html.get(key)
        if cached is None:
            template = self.env.get_template(f"web/{exercise.type}.html")
            cached = template.render(
                exercise=exercise,
                course=self.course,
                domid=f"ex-{exercise.key}",
                content_hash=exercise.content_hash(),
                level=level,
            ).strip()
            self._html[key] = cached
        return cached

    def page_words(self) -> str:
        """The words seminarkit.js shows on exercises, once per page that embeds any
        (`web/_words.html`, rendered once per build)."""
        if self._words is None:
            self._words = self.env.get_template("web/_words.html").render().strip()
        return self._words

    def progress(self, page: PageContext) -> str:
        """The `::: progress` overview of every self-study exercise (filled in by the script)."""
        rows = [
            {
                "exercise": exercise,
                "lesson": self.course.lesson_of(exercise.key),
                "link": self.exercise_link(exercise, page),
                "hash": exercise.content_hash(),
            }
            for exercise in self.course.exercises_in_order()
            if exercise.for_self_study
        ]
        ids = [exercise.key for exercise in self.course.exercises_in_order()]
        template = self.env.get_template("web/progress.html")
        return template.render(rows=rows, ids=ids, course=self.course).strip()

    def exercise_link(self, exercise: ExerciseBase, page: PageContext) -> str | None:
        """A link from `page` to the exercise on the first page that embeds it, if any."""
        lesson = self.course.lesson_of(exercise.key)
        if lesson is None:
            return None
        url = page_url(lesson.path, self.course.config.use_directory_urls)
        return f"{page.href(url)}#ex-{exercise.key}"

    def index(self, page_path: str) -> str:
        """The `::: exercises` index as Markdown, with links relative to `page_path`."""
        rows = []
        here = posixpath.dirname(page_path)
        for exercise in self.course.exercises_in_order():
            lesson = self.course.lesson_of(exercise.key)
            link = None
            if lesson is not None:
                target = posixpath.relpath(lesson.path, here or ".")
                link = f"{target}#ex-{exercise.key}"
            rows.append({"exercise": exercise, "lesson": lesson, "link": link})
        template = self.env.get_template("web/exercises.md")
        return template.render(rows=rows, course=self.course)
