"""Which PDFs a course gets, with names in the course language (no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..model.course import Course
from ..model.lessons import Lesson

Kind = Literal[
    "reader",
    "worksheets",
    "solutions",
    "trainer",
    "role-cards",
    "name-cards",
    "sign-in",
    "certificates",
    "feedback",
]
#: The seminar-room pack, in build order; each stays with the trainer.
ROOM_KINDS: tuple[Kind, ...] = ("name-cards", "sign-in", "certificates", "feedback")

_NAMES = {
    "de": {
        "reader": ("kursunterlagen", "Kursunterlagen"),
        "worksheets": ("arbeitsblaetter", "Arbeitsblätter"),
        "all": ("alle", "alle Module"),
        "solutions": ("loesungen", "Lösungen"),
        "trainer": ("trainerleitfaden", "Trainerleitfaden"),
        "role-cards": ("rollenkarten", "Rollenkarten"),
        "name-cards": ("namensschilder", "Namensschilder"),
        "sign-in": ("anwesenheitslisten", "Anwesenheitslisten"),
        "certificates": ("teilnahmebescheinigungen", "Teilnahmebescheinigungen"),
        "feedback": ("feedbackbogen", "Feedbackbogen"),
    },
    "en": {
        "reader": ("course-reader", "Course reader"),
        "worksheets": ("worksheets", "Worksheets"),
        "all": ("all", "all modules"),
        "solutions": ("solutions", "Solutions"),
        "trainer": ("trainer-guide", "Trainer guide"),
        "role-cards": ("role-cards", "Role cards"),
        "name-cards": ("name-cards", "Name cards"),
        "sign-in": ("sign-in-sheets", "Sign-in sheets"),
        "certificates": ("certificates", "Certificates of attendance"),
        "feedback": ("feedback-form", "Feedback form"),
    },
}


@dataclass(frozen=True)
class Document:
    """One PDF: what goes into it and where it is written."""

    kind: Kind
    filename: str
    title: str
    lessons: tuple[str, ...]
    """Lesson paths (below docs/) the document covers, in nav order."""
    personal: bool = False
    """It prints the participant list: cached only inside the folder it is written to."""

    @property
    def stem(self) -> str:
        """The file name without `.pdf`."""
        return self.filename.removesuffix(".pdf")


def in_reader(lesson: Lesson) -> bool:
    """Pages go into the reader unless their front matter says `print: false`."""
    return lesson.meta.get("print", True) is not False


def modules_with_exercises(course: Course) -> list[Lesson]:
    """Lessons that embed at least one exercise, in nav order."""
    return [lesson for lesson in course.lessons if lesson.exercise_ids and lesson.in_nav]


def plan_documents(course: Course) -> list[Document]:
    """The reader, one worksheet PDF per module and one for all, and the solution key."""
    names = _NAMES[course.language]
    reader_name, reader_title = names["reader"]
    sheets_name, sheets_title = names["worksheets"]
    all_name, all_title = names["all"]
    solutions_name, solutions_title = names["solutions"]
    modules = modules_with_exercises(course)
    documents = [
        Document(
            "reader",
            f"{reader_name}.pdf",
            reader_title,
            tuple(lesson.path for lesson in course.lessons if lesson.in_nav and in_reader(lesson)),
        )
    ]
    for lesson in modules:
        documents.append(
            Document(
                "worksheets",
                f"{sheets_name}-{lesson.slug}.pdf",
                f"{sheets_title}: {lesson.title}",
                (lesson.path,),
            )
        )
    every_module = tuple(lesson.path for lesson in modules)
    if len(modules) > 1:
        documents.append(
            Document(
                "worksheets",
                f"{sheets_name}-{all_name}.pdf",
                f"{sheets_title}: {all_title}",
                every_module,
            )
        )
    if modules:
        documents.append(
            Document("solutions", f"{solutions_name}.pdf", solutions_title, every_module)
        )
    return documents


def trainer_document(course: Course) -> Document:
    """The trainer guide: schedule, notes, solutions; never part of the published site."""
    name, title = _NAMES[course.language]["trainer"]
    lessons = tuple(lesson.path for lesson in course.lessons if lesson.in_nav and lesson.duration)
    return Document("trainer", f"{name}.pdf", title, lessons)


def role_card_document(course: Course) -> Document | None:
    """The cut-out role cards of every role-play, secrets included (trainer material only);
    `None` when no page in the nav embeds a role-play."""
    lessons = tuple(
        lesson.path
        for lesson in modules_with_exercises(course)
        if any(course.exercises[i].type == "role-play" for i in lesson.exercise_ids)
    )
    if not lessons:
        return None
    name, title = _NAMES[course.language]["role-cards"]
    return Document("role-cards", f"{name}.pdf", title, lessons)


def certificate_modules(course: Course) -> list[Lesson]:
    """The lessons the seminar runs, in the order of the agenda: each once, at its first block."""
    paths = dict.fromkeys(row.block.lesson for row in course.agenda().rows)
    lessons = [course.lesson_by_path(path) for path in paths if path]
    return [lesson for lesson in lessons if lesson is not None]


def room_documents(course: Course) -> list[Document]:
    """The seminar-room pack: name cards, a sign-in sheet per day, certificates of attendance
    and the feedback form. With a participant list all but the (anonymous) feedback form are
    `personal`; without one they are blank (see `PrintRenderer._room_html`)."""
    names = _NAMES[course.language]
    listed = bool(course.participants)
    modules = tuple(lesson.path for lesson in certificate_modules(course))
    return [
        Document(
            kind,
            f"{names[kind][0]}.pdf",
            names[kind][1],
            modules if kind == "certificates" else (),
            personal=listed and kind != "feedback",
        )
        for kind in ROOM_KINDS
    ]


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def site_zip_name(course: Course) -> str:
    """`erfolgreich-netzwerken.zip` from the site name: the whole site for a USB stick."""
    slug = re.sub(r"[^a-z0-9]+", "-", course.config.site_name.lower().translate(_FOLD)).strip("-")
    return f"{slug or 'site'}.zip"
