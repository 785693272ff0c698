"""The course: lessons in nav order, exercises by id, and how they refer to each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..i18n import normalise_language
from ..images import ImageFile
from ..problems import Problem, did_you_mean
from .agenda import Agenda, Block, FixedBlock, Schedule, compute_agenda
from .exercises import ExerciseBase, Text
from .lessons import InputPart, Lesson
from .room import Participant, Room

#: Where built PDFs are cached unless `cache_dir` or SEMINARKIT_CACHE_DIR say otherwise.
DEFAULT_CACHE_DIR = ".seminarkit-cache"
#: The environment variable that overrides the `cache_dir` option.
CACHE_ENV = "SEMINARKIT_CACHE_DIR"

Place = Literal["site", "trainer"]

#: Where the SCORM package goes, or `off` (YAML reads a bare `off` as `false`: both mean off).
ScormPlace = Literal["site", "trainer", "off", False]
#: Why a SCORM package cannot be made of a site with directory URLs (`lesson/` links need a web
#: server that maps them to `lesson/index.html`; a learning platform serves files).
SCORM_NEEDS_FILES = (
    "the SCORM package needs pages that open from files: add the `offline` plugin "
    "or `use_directory_urls: false` to mkdocs.yml"
)


class Publish(BaseModel):
    """Where each answer-revealing output goes: `site` publishes it in `site/downloads/` (for
    self-study courses), `trainer` keeps it beside the trainer guide (for seminars)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    solutions: Place = Field("site", description="The solution key PDF: site or trainer.")
    moodle: Place = Field("site", description="The Moodle XML question bank: site or trainer.")
    gift: Place = Field("site", description="The GIFT question bank: site or trainer.")
    scorm: ScormPlace = Field(
        False,
        description="The SCORM 1.2 package of the whole site for a learning platform: "
        "off (default), site or trainer.",
    )
    qti: Place = Field("site", description="The IMS QTI 2.1 package: site or trainer.")


class CourseOptions(BaseModel):
    """Options of the `seminarkit` plugin entry in `mkdocs.yml`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    course_id: Text | None = Field(
        None,
        description="Stable id of the course: learners' browsers keep their answers under it. "
        "Never change it; without it the course title (site_name) serves as the id.",
    )
    exercises_dir: Text = Field("exercises", description="Folder of exercise YAML files.")
    templates_dir: Text = Field("templates", description="Folder of template overrides.")
    pdf: bool = Field(True, description="Build the PDFs after the site (never in `mkdocs serve`).")
    subtitle: Text | None = Field(None, description="Subtitle on the cover of the reader.")
    author: Text | None = Field(None, description="Author or trainer, on covers and in metadata.")
    date: Text | None = Field(None, description="Date on the cover, e.g. '12. März 2027'.")
    place: Text | None = Field(None, description="Place on the cover, e.g. 'Linz'.")
    schedule: Schedule = Field(default_factory=Schedule, description="Seminar days and breaks.")
    trainer_dir: Text = Field(
        "trainer", description="Folder (beside the site) for trainer material, never published."
    )
    trainer_in_site: bool = Field(
        False, description="Also put the trainer guide into site/downloads (published!)."
    )
    cache_dir: Text = Field(
        DEFAULT_CACHE_DIR,
        description="Folder for the PDF cache (relative to the course or absolute); "
        "the environment variable SEMINARKIT_CACHE_DIR wins.",
    )
    publish: Publish = Field(
        default_factory=Publish,
        description="Where the solution key and the LMS exports go: site (default) or trainer.",
    )
    mastery_score: int | None = Field(
        None,
        ge=0,
        le=100,
        description="SCORM package: the score (0-100, share of auto-checked self-study exercises "
        "answered correctly) to pass once every self-study exercise is done; without it the "
        "learning platform hears `completed`.",
    )
    room: Room = Field(
        default_factory=Room,
        description="The seminar-room pack under the trainer folder: name cards, sign-in "
        "sheets, certificates of attendance, feedback form.",
    )


@dataclass
class CourseConfig:
    """What seminarkit needs from `mkdocs.yml`."""

    site_name: str
    language: str = "en"
    docs_dir: str = "docs"
    site_dir: str = "site"
    use_directory_urls: bool = True
    markdown_extensions: list[Any] = field(default_factory=list)
    mdx_configs: dict[str, Any] = field(default_factory=dict)
    options: CourseOptions = field(default_factory=CourseOptions)
    site_description: str = ""
    site_author: str = ""
    marks: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    """Line and column of each plugin option value, by key path below the plugin entry."""
    options_path: str = ""
    """Where the plugin options stand in mkdocs.yml, e.g. `plugins[2].seminarkit`."""


@dataclass
class Course:
    """A loaded course: everything the renderers need, plus every problem found."""

    root: str
    config: CourseConfig
    lessons: list[Lesson] = field(default_factory=list)
    exercises: dict[str, ExerciseBase] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken_exercises: set[str] = field(default_factory=set)
    """Ids of exercise files that failed to load (pages embedding them add no extra problem)."""
    images: dict[str, ImageFile] = field(default_factory=dict)
    """Every image file the pages and exercises show, by path below `docs/` (read by the
    loader, checked as WeasyPrint reads images)."""
    participants: list[Participant] | None = field(default=None, repr=False)
    """The participant list of `room.participants` (personal data: only the seminar-room
    pack prints it); None without a list."""

    @property
    def language(self) -> str:
        """`de` or `en`."""
        return normalise_language(self.config.language)

    @property
    def course_id(self) -> str:
        """The id learners' answers are stored under: the `course_id` option, else `site_name`
        (what seminarkit 0.1 stored them under, so courses without the option keep theirs)."""
        return self.config.options.course_id or self.config.site_name

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop a build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth telling but not fatal (unless strict)."""
        return [p for p in self.problems if p.severity == "warning"]

    def lesson_of(self, exercise_id: str) -> Lesson | None:
        """The first page (in nav order) that embeds the exercise."""
        for lesson in self.lessons:
            if exercise_id in lesson.exercise_ids:
                return lesson
        return None

    def lesson_by_path(self, path: str) -> Lesson | None:
        """The page at `path` below `docs/`."""
        for lesson in self.lessons:
            if lesson.path == path:
                return lesson
        return None

    def agenda_blocks(self) -> list[Block]:
        """What takes time in the room, in running order: for each lesson in nav order, the
        fixed blocks before it, its input parts and seminar exercises in page order (see
        `Lesson.timeline`), the fixed blocks after it."""
        fixed = self.config.options.schedule.blocks
        blocks: list[Block] = []
        for lesson in self.lessons:
            if not lesson.in_nav:
                continue
            blocks += [_fixed(item) for item in fixed if item.before == lesson.path]
            for step in lesson.timeline:
                if isinstance(step, InputPart):
                    title = step.title or lesson.title
                    blocks.append(
                        Block("input", title, step.minutes, lesson.path, markdown=bool(step.title))
                    )
                    continue
                exercise = self.exercises.get(step)
                if exercise is None or not exercise.for_seminar:
                    continue
                blocks.append(
                    Block(
                        "exercise",
                        exercise.title,
                        exercise.duration,
                        lesson.path,
                        exercise.mode,
                        tuple(exercise.materials),
                        exercise.key,
                        markdown=True,
                    )
                )
            blocks += [_fixed(item) for item in fixed if item.after == lesson.path]
        return blocks

    def agenda(self) -> Agenda:
        """The seminar schedule with clock times."""
        agenda = compute_agenda(self.agenda_blocks(), self.config.options.schedule)
        agenda.titles = {lesson.path: lesson.title for lesson in self.lessons}
        return agenda

    def exercises_in_order(self) -> list[ExerciseBase]:
        """Embedded exercises in page order, then any that no page embeds, by id."""
        ordered: dict[str, ExerciseBase] = {}
        for lesson in self.lessons:
            for exercise_id in lesson.exercise_ids:
                if exercise_id in self.exercises:
                    ordered.setdefault(exercise_id, self.exercises[exercise_id])
        for exercise_id in sorted(self.exercises):
            ordered.setdefault(exercise_id, self.exercises[exercise_id])
        return list(ordered.values())


def check_references(course: Course, *, strict: bool = False) -> list[Problem]:
    """Problems with directives: unknown ids, duplicates on one page, unembedded exercises."""
    problems: list[Problem] = []
    embedded: set[str] = set()
    for lesson in course.lessons:
        seen_here: dict[str, int] = {}
        for directive in lesson.directives:
            if directive.name != "exercise":
                continue
            exercise_id = directive.argument
            if exercise_id in course.broken_exercises:
                continue
            if exercise_id not in course.exercises:
                hint = did_you_mean(exercise_id, course.exercises)
                problems.append(
                    Problem(
                        lesson.file,
                        directive.line,
                        0,
                        "",
                        f"unknown exercise '{exercise_id}'{hint}",
                    )
                )
                continue
            if exercise_id in seen_here:
                problems.append(
                    Problem(
                        lesson.file,
                        directive.line,
                        0,
                        "",
                        f"exercise '{exercise_id}' is already embedded on this page "
                        f"(line {seen_here[exercise_id]}); embed it once per page",
                    )
                )
            seen_here.setdefault(exercise_id, directive.line)
            embedded.add(exercise_id)
    for exercise_id, exercise in sorted(course.exercises.items()):
        if exercise_id not in embedded:
            problems.append(
                Problem(
                    exercise.source,
                    1,
                    1,
                    "",
                    f"no page embeds exercise '{exercise_id}' "
                    f"(add '::: exercise {exercise_id}' to a page)",
                    "error" if strict else "warning",
                )
            )
    return problems


def _fixed(item: FixedBlock) -> Block:
    """A fixed block of the schedule as a block of the agenda."""
    return Block(
        "fixed",
        item.title,
        item.minutes,
        "",
        item.mode,
        tuple(item.materials),
        anchor=item.anchor,
        before=item.before is not None,
        notes=item.notes,
        buffer=item.buffer,
        markdown=True,
    )
