"""Render the print documents as HTML, from `templates/print/`, without MkDocs."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown as python_markdown
from jinja2 import Environment

from ..directives import mkdocs_extensions
from ..i18n import default_list, number, seminar_dates, short_date
from ..images import Attributes, attribute, locate, rewrite_images, sizes_as_css, with_src
from ..markdown import SeminarkitExtension
from ..mdrender import MarkdownRenderer
from ..model.agenda import Row
from ..model.course import Course
from ..model.exercises import AUTO_CHECKED_TYPES, ExerciseBase
from ..model.lessons import Directive, Lesson
from ..model.room import Participant, card_font_size, contents_font_size, duration
from ..outputs import published
from ..problems import Problem
from ..rendering import PageContext, Rendered
from ..resources import outside
from ..templating import make_environment, objectives_html, under_title
from .addresses import PrintAddresses
from .documents import (
    ROOM_KINDS,
    Document,
    certificate_modules,
    plan_documents,
    trainer_document,
)

_ATTRIBUTE = re.compile(r'\b(id|href|src)="([^"]*)"')
#: WeasyPrint's log messages for an image it could not load or draw (`weasyprint.images`).
_WEASYPRINT_IMAGE = re.compile(
    r"^Failed to (?:load|render SVG) image (?:at )?'?(?P<url>[^'\s]+)'?(?::\s*(?P<reason>.+))?$",
    re.DOTALL,
)
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_INTERNAL_HREF = re.compile(r'\shref="#([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')


def without_dead_links(html: str) -> str:
    """`html` with every link to an anchor it does not hold turned into plain text (the `href`
    removed, the words kept): a page links to a page that is in the site but not in this
    document (the reader holds no progress page, a worksheet no other module), which in print
    would be a link to nowhere and a WeasyPrint warning."""
    ids = set(_ID.findall(html))

    def keep(match: re.Match[str]) -> str:
        anchor = match.group(1)
        return match.group(0) if anchor in ids or unquote(anchor) in ids else ""

    return _INTERNAL_HREF.sub(keep, html)


#: Types whose answers the solution key can show even without a `solution` text.
_KEYED_TYPES = (*AUTO_CHECKED_TYPES, "scenario", "self-assessment")


def has_key(exercise: ExerciseBase) -> bool:
    """Whether the solution key has something to show for this exercise."""
    return exercise.type in _KEYED_TYPES or bool(exercise.solution)


@dataclass
class PrintDocument:
    """A document rendered to HTML, ready for WeasyPrint."""

    document: Document
    html: str
    problems: list[Problem] = field(default_factory=list)


class PrintRenderer:
    """Renders lessons and exercises for paper: worksheets, reader chapters, the solution key."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.root = Path(course.root)
        self.docs = self.root / course.config.docs_dir
        configs = dict(course.config.mdx_configs)
        configs["toc"] = {**dict(configs.get("toc") or {}), "permalink": False}
        self.docs_uri = self.docs.as_uri() + "/"
        self.markdown = MarkdownRenderer(
            [*course.config.markdown_extensions, PrintAddresses()],
            configs,
            postprocess=self.images_for_print,
        )
        self.env: Environment = make_environment(
            course.language, self.markdown, self.root, course.config.options.templates_dir
        )
        self.extension = SeminarkitExtension(renderer=self)
        # The same extensions as the web pages, so a directive line stands where it does there.
        names = mkdocs_extensions(course.config.markdown_extensions)
        self._pages = python_markdown.Markdown(
            extensions=[*names, self.extension, PrintAddresses()], extension_configs=configs
        )
        self.documents = plan_documents(course)
        self.trainer = trainer_document(course)
        self._sheets: dict[tuple[int, bool, bool, bool, bool, bool], tuple[ExerciseBase, str]] = {}
        """Exercises rendered, by the exercise object and the flags (the solution key and the
        trainer guide print the same solutions); the object is kept so its id stays its."""

    # -- directives -------------------------------------------------------------------------

    def render(self, directive: Directive, page: PageContext) -> Rendered:
        """A directive inside a lesson of the reader."""
        if directive.name == "exercise":
            exercise = self.course.exercises[directive.argument]
            return Rendered(self.exercise(exercise, solutions=False, standalone=False))
        if directive.name == "exercises":
            return Rendered(self._template("print/exercise-index.html", rows=self._index_rows()))
        if directive.name == "downloads":
            documents = [o.document for o in published(self.course) if o.document is not None]
            return Rendered(self._template("print/downloads.html", documents=documents))
        if directive.name == "agenda":
            return Rendered(self._template("print/agenda.html", agenda=self.course.agenda()))
        # The learner's progress and similar web-only views have no place on paper.
        return Rendered("")

    def exercise(
        self,
        exercise: ExerciseBase,
        *,
        solutions: bool,
        standalone: bool,
        copy: bool = False,
        secrets: bool = False,
        cards_only: bool = False,
    ) -> str:
        """One exercise as a worksheet (blank) or as its solution (filled in).

        `copy` marks a second rendering in the same document (a copy sheet), so ids stay unique.
        `secrets` prints what only one role may know on its role card: trainer material only.
        `cards_only` leaves out everything but a role-play's cut-out cards (the role-card PDF).
        """
        key = (id(exercise), solutions, standalone, copy, secrets, cards_only)
        done = self._sheets.get(key)
        if done is not None and done[0] is exercise:
            return done[1]
        template = self.env.get_template(f"print/{exercise.type}.html")
        html = template.render(
            exercise=exercise,
            course=self.course,
            domid=f"ex-{exercise.key}{'-copy' if copy else ''}",
            solutions=solutions,
            standalone=standalone,
            secrets=secrets,
            cards_only=cards_only,
        ).strip()
        self._sheets[key] = (exercise, html)
        return html

    # -- documents --------------------------------------------------------------------------

    def render_document(self, document: Document) -> PrintDocument:
        """The whole document as one HTML string, with every problem found on the way."""
        lessons = [self._lesson(path) for path in document.lessons]
        problems: list[Problem] = []
        if document.kind == "trainer":
            html = self._trainer_html(document, lessons)
        elif document.kind in ROOM_KINDS:
            html = self._room_html(document)
        elif document.kind == "reader":
            chapters = []
            for lesson in lessons:
                html, found = self.lesson_html(lesson)
                html = under_title(html, objectives_html(self.env, lesson.objectives))
                problems.extend(found)
                chapters.append({"lesson": lesson, "html": html})
            html = self._template("print/reader.html", document=document, chapters=chapters)
        else:
            solutions = document.kind == "solutions"
            cards = document.kind == "role-cards"
            modules = []
            for lesson in lessons:
                exercises = [self.course.exercises[i] for i in dict.fromkeys(lesson.exercise_ids)]
                if solutions:
                    exercises = [e for e in exercises if has_key(e)]
                if cards:
                    exercises = [e for e in exercises if e.type == "role-play"]
                sheets = [
                    self.exercise(
                        e,
                        solutions=solutions,
                        standalone=not solutions and not cards,
                        secrets=cards,
                        cards_only=cards,
                    )
                    for e in exercises
                ]
                if sheets:  # a module none of whose exercises has a key prints no bare heading
                    modules.append({"lesson": lesson, "sheets": sheets})
            html = self._template("print/sheets.html", document=document, modules=modules)
        return PrintDocument(document, without_dead_links(html), problems)

    def _trainer_html(self, document: Document, lessons: list[Lesson]) -> str:
        """The trainer guide in running order: the agenda, then each lesson with its input
        parts, exercises and breaks in between at their clock times, and the schedule's
        fixed blocks before and after the lessons they stand next to."""
        agenda = self.course.agenda()
        rows = agenda.rows
        parts: list[dict[str, Any]] = []
        materials: dict[str, list[str]] = {}
        copy_sheets = []
        for row in rows:
            for material in row.block.materials:
                materials.setdefault(material, []).append(row.block.title)

        def fixed(path: str, *, before: bool) -> list[Row]:
            return [r for r in rows if r.block.anchor == path and r.block.before == before]

        for lesson in lessons:
            parts += [{"fixed": row} for row in fixed(lesson.path, before=True)]
            own = [i for i, row in enumerate(rows) if row.block.lesson == lesson.path]
            steps: list[dict[str, Any]] = []
            for row in rows[own[0] : own[-1] + 1] if own else []:
                step: dict[str, Any] = {"row": row}
                if row.block.exercise is not None:
                    exercise = self.course.exercises[row.block.exercise]
                    step["exercise"] = exercise
                    step["html"] = self.exercise(exercise, solutions=True, standalone=False)
                    if exercise.type == "role-play":
                        copy_sheets.append(
                            self.exercise(
                                exercise, solutions=False, standalone=True, copy=True, secrets=True
                            )
                        )
                steps.append(step)
            self_study = [
                self.course.exercises[exercise_id]
                for exercise_id in dict.fromkeys(lesson.exercise_ids)
                if agenda.row_of(exercise_id) is None
            ]
            parts.append(
                {
                    "lesson": lesson,
                    "start": rows[own[0]].start_clock if own else "",
                    "end": rows[own[-1]].end_clock if own else "",
                    "steps": steps,
                    "self_study": self_study,
                }
            )
            parts += [{"fixed": row} for row in fixed(lesson.path, before=False)]
        return self._template(
            "print/trainer.html",
            document=document,
            agenda=agenda,
            parts=parts,
            materials=sorted(
                materials.items(), key=lambda item: self.markdown.plain(item[0]).casefold()
            ),
            copy_sheets=copy_sheets,
        )

    def _room_html(self, document: Document) -> str:
        """A document of the seminar-room pack. Name cards and certificates: one per participant;
        without a list `room.seats` blank name cards and one blank certificate to copy. Sign-in
        sheets: one per seminar day, a row per participant or `room.seats` blank rows. The
        feedback form is anonymous: one to copy."""
        course = self.course
        options = course.config.options
        room, schedule, language = options.room, options.schedule, course.language
        listed: list[Participant | None] = list(course.participants or [])
        blank = 1 if document.kind in ("certificates", "feedback") else room.seats
        copies: list[Participant | None] = (
            [None] if document.kind == "feedback" else listed or [None] * blank
        )
        dates = schedule.dates
        length = duration(course.agenda())
        modules = certificate_modules(course)
        feedback = room.feedback
        return self._template(
            "print/room.html",
            document=document,
            copies=copies,
            days=[
                {"number": day, "date": short_date(dates[day - 1], language) if dates else ""}
                for day in range(1, schedule.day_count + 1)
            ],
            when=seminar_dates(dates, language) if dates else options.date or "",
            signed=", ".join(
                part
                for part in (options.place, seminar_dates(dates[-1:], language) if dates else "")
                if part
            ),
            length=length,
            hours=number(length.hours, language),
            units=number(length.units, language),
            modules=modules,
            contents_size=contents_font_size(
                [" · ".join([lesson.title, *lesson.objectives]) for lesson in modules]
            ),
            trainer=room.trainer or options.author or course.config.site_author,
            ratings=feedback.ratings or default_list("feedback_rating", language),
            questions=feedback.questions
            if feedback.questions is not None
            else default_list("feedback_question", language),
            scale=feedback.scale or default_list("scale", language),
            card_size=card_font_size,
        )

    def lesson_html(self, lesson: Lesson) -> tuple[str, list[Problem]]:
        """A lesson's body as HTML for print: ids made unique, links and images resolved."""
        self.extension.current_page = lesson.path
        self.extension.current_file = lesson.file
        self.extension.line_offset = lesson.body_line - 1
        self._pages.reset()
        html = self.images_for_print(self._pages.convert(lesson.body), lesson.path)
        return self._relink(html, lesson)

    def images_for_print(self, html: str, page: str | None) -> str:
        """Every `<img>` pointed at its file by the rule of `seminarkit.images` (relative to
        `page`, or below docs/ for exercise texts when `page` is `None`) and sized with CSS.
        An image that cannot be shown loses its `src`, so its alt text is printed instead (the
        loader has reported it). Images already pointed at their file are left as they are."""
        return rewrite_images(html, lambda attributes: self._print_image(attributes, page))

    def _print_image(self, attributes: Attributes, page: str | None) -> Attributes:
        src = attribute(attributes, "src")
        if src is not None and not src.startswith(self.docs_uri):
            ref = locate(src, page)
            if not ref.inline:
                known = self.course.images.get(ref.path) if ref.path else None
                usable = ref.path is not None and (known is None or known.usable)
                attributes = with_src(
                    attributes, (self.docs / str(ref.path)).as_uri() if usable else None
                )
        return sizes_as_css(attributes)

    def image_warnings(self, document: str, message: str) -> list[Problem]:
        """WeasyPrint's message that it could not load or draw an image, as warnings naming the
        document and each exercise or page file that shows the image (else the document only);
        an empty list for any other message."""
        match = _WEASYPRINT_IMAGE.match(message)
        if match is None:
            return []
        uri, reason = match.group("url"), match.group("reason") or "WeasyPrint cannot draw it"
        if "No such file" in reason:
            reason = "no such file"
        inside = uri.startswith(self.docs_uri)
        path = unquote(uri.removeprefix(self.docs_uri)) if inside else uri
        shown = f"{self.course.config.docs_dir}/{path}" if inside else path
        known = self.course.images.get(path)
        text = f"could not put image '{shown}' into {document}: {reason}"
        return [
            Problem(file, 0, 0, "", text, "warning")
            for file in (known.used_by if known and known.used_by else [document])
        ]

    # -- helpers ----------------------------------------------------------------------------

    def _template(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(
            course=self.course, stylesheet=self.stylesheet().as_uri(), **context
        )

    def _lesson(self, path: str) -> Lesson:
        lesson = self.course.lesson_by_path(path)
        assert lesson is not None, path
        return lesson

    def _index_rows(self) -> list[dict[str, Any]]:
        return [
            {"exercise": exercise, "lesson": self.course.lesson_of(exercise.key)}
            for exercise in self.course.exercises_in_order()
        ]

    def _relink(self, html: str, lesson: Lesson) -> tuple[str, list[Problem]]:
        problems: list[Problem] = []
        prefix = lesson.slug
        located = _LineFinder(lesson)
        folder = posixpath.dirname(lesson.path)

        def replace(match: re.Match[str]) -> str:
            name, value = match.group(1), match.group(2)
            if name == "id":
                return match.group(0) if value.startswith("ex-") else f'id="{prefix}--{value}"'
            if name == "href":
                return self._href(value, lesson, folder, prefix, problems)
            return self._src(value, lesson, folder, problems)

        html = _ATTRIBUTE.sub(replace, html)
        return html, [located(problem) for problem in problems]

    def _href(
        self, value: str, lesson: Lesson, folder: str, prefix: str, problems: list[Problem]
    ) -> str:
        if value.startswith("#"):
            anchor = value[1:]
            return (
                f'href="#{anchor}"' if anchor.startswith("ex-") else f'href="#{prefix}--{anchor}"'
            )
        # Mail links come as character references (`<a@b.org>`, pymdownx.magiclink).
        if _REMOTE.match(unescape(value)):
            return f'href="{value}"'
        path, _, anchor = value.partition("#")
        target = locate(path, lesson.path).path if path else lesson.path
        if target is None:
            problems.append(
                Problem(lesson.file, 0, 0, "", f"link '{value}' is outside docs/", "error")
            )
            return 'href=""'
        if target.endswith(".md"):
            other = self.course.lesson_by_path(target)
            if other is None:
                problems.append(
                    Problem(lesson.file, 0, 0, "", f"broken link to '{value}': no page {target}")
                )
                return 'href=""'
            if anchor.startswith("ex-"):
                return f'href="#{anchor}"'
            return f'href="#{other.slug}--{anchor}"' if anchor else f'href="#{other.slug}"'
        file = self.docs / target
        if not file.is_file() or outside(file, self.root):
            problems.append(
                Problem(lesson.file, 0, 0, "", f"broken link to '{value}': no file docs/{target}")
            )
            return 'href=""'
        return f'href="{file.as_uri()}"'

    def _src(self, value: str, lesson: Lesson, folder: str, problems: list[Problem]) -> str:
        if value.startswith(self.docs_uri):  # an image, resolved by `images_for_print`
            return f'src="{value}"'
        if _REMOTE.match(value):
            if value.startswith("data:"):
                return f'src="{value}"'
            problems.append(
                Problem(lesson.file, 0, 0, "", f"remote image '{value}': put the file under docs/")
            )
            return 'src=""'
        path = locate(value, lesson.path).path
        file = self.docs / (path or "..")
        if path is None or not file.is_file() or outside(file, self.root):
            problems.append(
                Problem(lesson.file, 0, 0, "", f"missing image '{value}' (no file {file})")
            )
            return 'src=""'
        return f'src="{file.as_uri()}"'

    def stylesheet(self) -> Path:
        """The print stylesheet (a course may override `templates/print/print.css`)."""
        source = self.env.loader.get_source(self.env, "print/print.css")  # type: ignore[union-attr]
        return Path(str(source[1]))


class _LineFinder:
    """Puts the line of the lesson where a link or image target is written into a problem."""

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson

    def __call__(self, problem: Problem) -> Problem:
        target = problem.message.split("'")[1] if "'" in problem.message else ""
        index = self.lesson.body.find(target) if target else -1
        if index < 0:
            return problem
        line = self.lesson.body_line + self.lesson.body.count("\n", 0, index)
        return Problem(problem.file, line, 0, problem.key_path, problem.message)
