"""Render exercises and the exercise index for the web pages."""

from __future__ import annotations

import posixpath
from pathlib import Path

from jinja2 import Environment

from .mdrender import MarkdownRenderer
from .model.course import Course
from .model.exercises import ExerciseBase
from .model.lessons import Directive
from .rendering import DirectiveUnavailable, PageContext, Rendered
from .templating import make_environment


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

    def render(self, directive: Directive, page: PageContext) -> Rendered:
        """A directive on a web page."""
        if directive.name == "exercise":
            return Rendered(self.exercise(self.course.exercises[directive.argument]))
        if directive.name == "exercises":
            return Rendered(self.index(page.src), markdown=True)
        if directive.name == "progress":
            return Rendered(self.progress(page))
        raise DirectiveUnavailable(
            f"'::: {directive.name}' is not available in this version of seminarkit"
        )

    def exercise(self, exercise: ExerciseBase) -> str:
        """The exercise as complete HTML (cached: an exercise renders once per build)."""
        cached = self._html.get(exercise.key)
        if cached is None:
            template = self.env.get_template(f"web/{exercise.type}.html")
            cached = template.render(
                exercise=exercise,
                course=self.course,
                domid=f"ex-{exercise.key}",
                content_hash=exercise.content_hash(),
            ).strip()
            self._html[exercise.key] = cached
        return cached

    def progress(self, page: PageContext) -> str:
        """The `::: progress` overview of every self-study exercise (filled in by the script)."""
        raise DirectiveUnavailable("'::: progress' is not available in this version of seminarkit")

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
