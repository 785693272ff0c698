"""The auto-checkable exercises of a course as a question bank both export formats share (no I/O).

Markdown is rendered here, once, with the course's own extensions; the writers only arrange and
escape. Every exercise ends up either in the bank or in `skipped` with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from markupsafe import escape

from ..mdrender import MarkdownRenderer
from ..model.course import Course
from ..model.exercises import (
    Cloze,
    ExerciseBase,
    Matching,
    Ordering,
    Question,
    Quiz,
    TrueFalse,
)
from ..model.rules import cloze_gaps
from ..templating import render_cloze, shuffled
from .grades import HUNDRED, split_hundred
from .questions import (
    Category,
    Choice,
    ChoiceQuestion,
    ClozeQuestion,
    Entry,
    ExportQuestion,
    MatchingQuestion,
    OrderingQuestion,
    TrueFalseQuestion,
    numbered,
    one_line,
)
from .words import words


class _Common(TypedDict):
    """The fields every question of one exercise shares."""

    exercise_id: str
    name: str
    hints: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass
class Bank:
    """Every exportable question by module, and what could not be exported (with reasons)."""

    categories: list[Category] = field(default_factory=list)
    skipped: list[Entry] = field(default_factory=list)
    notes: list[Entry] = field(default_factory=list)


class _Builder:
    """Turns exercises into bank questions with the course's Markdown and words."""

    def __init__(self, course: Course) -> None:
        self.md = MarkdownRenderer(course.config.markdown_extensions, course.config.mdx_configs)
        self.words = words(course.language)

    def block(self, text: str | None) -> str:
        """Markdown to HTML blocks."""
        return str(self.md.block(text)).strip()

    def inline(self, text: str) -> str:
        """A short text (option, item) to phrasing HTML: its inline Markdown rendered."""
        return str(self.md.text(text))

    def plain(self, text: str) -> str:
        """A short text without its Markdown syntax, where Moodle takes plain text only."""
        return self.md.plain(text)

    def feedback(
        self, exercise: ExerciseBase, explanation: str | None = None, *, siblings: int = 1
    ) -> str:
        """General feedback: the explanation, then the exercise's solution under its label.

        The solution answers the whole exercise; a question with `siblings` would give their
        answers away with it (Moodle shows general feedback as soon as one question is done),
        so there only the question's own explanation is used.
        """
        parts = [self.block(explanation)] if explanation else []
        if exercise.solution and siblings == 1:
            label = f"<p><strong>{escape(self.words['solution'])}</strong></p>"
            parts.append(f"{label}\n{self.block(exercise.solution)}")
        return "\n".join(parts)

    def lead(self, exercise: ExerciseBase, text: str = "") -> str:
        """The question text: the exercise's intro, then the question's own text."""
        return "\n".join(part for part in (self.block(exercise.intro), text) if part)

    def common(self, exercise: ExerciseBase, number: int = 1, count: int = 1) -> _Common:
        """The fields every question of `exercise` shares; the name is the title as plain text,
        numbered when the exercise gives `count` > 1 questions."""
        return {
            "exercise_id": exercise.key,
            "name": numbered(self.plain(exercise.title), number, count),
            "hints": tuple(self.block(hint) for hint in exercise.hints),
            "tags": tuple(one_line(tag) for tag in exercise.tags),
        }

    def quiz(self, exercise: Quiz, skipped: list[Entry]) -> list[ExportQuestion]:
        """One multiple-choice question per quiz question that Moodle can grade."""
        questions: list[ExportQuestion] = []
        count = len(exercise.questions)
        for number, question in enumerate(exercise.questions, start=1):
            fractions = _fractions(question)
            if fractions is None:
                skipped.append(
                    (
                        exercise.key,
                        f"question {number}: Moodle's grade steps cannot split 100 % over "
                        f"{len(question.correct_indexes)} correct and "
                        f"{len(question.options) - len(question.correct_indexes)} wrong options "
                        "(at most 20 of each)",
                    )
                )
                continue
            choices = tuple(
                Choice(self.inline(option.text), fraction, self.block(option.feedback))
                for option, fraction in zip(question.options, fractions, strict=True)
            )
            questions.append(
                ChoiceQuestion(
                    **self.common(exercise, number, count),
                    text=self.lead(exercise, self.block(question.text)),
                    general_feedback=self.feedback(exercise, question.explanation, siblings=count),
                    single=not question.multiple,
                    shuffle=exercise.shuffle,
                    choices=choices,
                )
            )
        return questions

    def true_false(self, exercise: TrueFalse) -> list[ExportQuestion]:
        """One true-false question per statement."""
        count = len(exercise.statements)
        return [
            TrueFalseQuestion(
                **self.common(exercise, number, count),
                text=self.lead(exercise, self.block(statement.text)),
                general_feedback=self.feedback(exercise, statement.explanation, siblings=count),
                answer=statement.answer,
            )
            for number, statement in enumerate(exercise.statements, start=1)
        ]

    def matching(self, exercise: Matching, notes: list[Entry]) -> list[ExportQuestion]:
        """One matching question: left items as HTML; right items as plain text, as in the web
        page's menus (Moodle shows them in a menu as well)."""
        pairs = [(self.inline(pair.left), self.plain(pair.right)) for pair in exercise.pairs]
        pairs += [("", self.plain(extra)) for extra in exercise.distractors]
        if len(pairs) < 3:
            notes.append(
                (
                    exercise.key,
                    "Moodle's question editor wants at least three answers: the question "
                    "imports and works, but add a distractor before editing it in Moodle",
                )
            )
        return [
            MatchingQuestion(
                **self.common(exercise),
                text=self.lead(exercise) or f"<p>{escape(self.words['match'])}</p>",
                general_feedback=self.feedback(exercise),
                pairs=tuple(pairs),
            )
        ]

    def cloze(self, exercise: Cloze) -> list[ExportQuestion]:
        """One cloze question: the rendered text cut at the gaps, the word bank in front."""
        gaps = cloze_gaps(exercise.text)
        marker = _marker(exercise.text)
        html = str(render_cloze(exercise.text, self.md, lambda number, _: f"{marker}{number}X"))
        segments: list[str] = []
        rest = html.strip()
        for number in range(1, len(gaps) + 1):
            before, _, rest = rest.partition(f"{marker}{number}X")
            segments.append(before)
        segments.append(rest)
        lead = self.lead(exercise)
        if exercise.word_bank:
            bank = " · ".join(str(escape(gap.answer)) for gap in shuffled(gaps, exercise.key))
            label = escape(self.words["word_bank"])
            lead = "\n".join(
                part for part in (lead, f"<p><strong>{label}:</strong> {bank}</p>") if part
            )
        return [
            ClozeQuestion(
                **self.common(exercise),
                text=lead,
                general_feedback=self.feedback(exercise),
                segments=tuple(segments),
                gaps=tuple(gap.answers for gap in gaps),
                case_sensitive=exercise.case_sensitive,
            )
        ]

    def ordering(self, exercise: Ordering) -> list[ExportQuestion]:
        """One ordering question with the items in their right order."""
        return [
            OrderingQuestion(
                **self.common(exercise),
                text=self.lead(exercise) or f"<p>{escape(self.words['order'])}</p>",
                general_feedback=self.feedback(exercise),
                items=tuple(self.inline(item) for item in exercise.items),
            )
        ]

    def questions(self, exercise: ExerciseBase, bank: Bank) -> list[ExportQuestion]:
        """The bank questions of one exercise; reasons for what is left out go to `bank`."""
        if isinstance(exercise, Quiz | TrueFalse):
            found = (
                self.quiz(exercise, bank.skipped)
                if isinstance(exercise, Quiz)
                else self.true_false(exercise)
            )
            if exercise.solution and len(found) > 1:
                bank.notes.append(
                    (
                        exercise.key,
                        f"the solution answers all {len(found)} questions at once, so it is "
                        "not in their feedback (it would give the others away); each keeps "
                        "its own explanation",
                    )
                )
            return found
        if isinstance(exercise, Matching):
            return self.matching(exercise, bank.notes)
        if isinstance(exercise, Cloze):
            return self.cloze(exercise)
        if isinstance(exercise, Ordering):
            return self.ordering(exercise)
        bank.skipped.append(
            (
                exercise.key,
                f"{exercise.type} exercises have no right or wrong answers to check "
                "(they stay in the course and its PDFs)",
            )
        )
        return []


def _fractions(question: Question) -> list[Decimal] | None:
    """Grades per option: 100/0 for one right answer; else right ones add up to 100 and wrong
    ones to -100, so that ticking every box scores nothing."""
    correct = question.correct_indexes
    if not question.multiple:
        return [
            HUNDRED if index in correct else Decimal(0) for index in range(len(question.options))
        ]
    wrong = [index for index in range(len(question.options)) if index not in correct]
    plus = split_hundred(len(correct))
    minus = split_hundred(len(wrong)) if wrong else []
    if plus is None or minus is None:
        return None
    grades: list[Decimal] = []
    for index in range(len(question.options)):
        grades.append(plus.pop(0) if index in correct else -minus.pop(0))
    return grades


def _marker(text: str) -> str:
    """A gap placeholder that does not occur in the text."""
    marker = "SKEXPORTGAP"
    while marker in text:
        marker += "Q"
    return marker


def build_bank(course: Course) -> Bank:
    """The question bank of a loaded, valid course: one category per module in nav order."""
    builder = _Builder(course)
    bank = Bank()
    site = one_line(course.config.site_name)
    modules: dict[str, list[ExportQuestion]] = {}
    for exercise in course.exercises_in_order():
        lesson = course.lesson_of(exercise.key)
        module = one_line(lesson.title) if lesson else builder.words["more_exercises"]
        found = builder.questions(exercise, bank)
        if found:
            modules.setdefault(module, []).extend(found)
    bank.categories = [
        Category((site, module), tuple(questions)) for module, questions in modules.items()
    ]
    return bank
