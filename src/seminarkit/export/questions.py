"""The questions both export formats share: texts already rendered to HTML (no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

Entry = tuple[str, str]
"""(exercise id, text): why an exercise or part of it was skipped, or how it changed."""


@dataclass(frozen=True, kw_only=True)
class BankQuestion:
    """What every exported question has; texts are HTML, `name` is plain text."""

    exercise_id: str
    name: str
    text: str
    general_feedback: str
    hints: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """One answer of a multiple-choice question; `fraction` in percent of the mark."""

    text: str
    fraction: Decimal
    feedback: str


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(BankQuestion):
    """A quiz question: one right answer (`single`) or several."""

    single: bool
    shuffle: bool
    choices: tuple[Choice, ...]


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(BankQuestion):
    """One statement of a true-false exercise."""

    answer: bool


@dataclass(frozen=True, kw_only=True)
class MatchingQuestion(BankQuestion):
    """Pairs of (left HTML, right plain text); an empty left marks a distractor."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, kw_only=True)
class ClozeQuestion(BankQuestion):
    """A cloze text: HTML `segments` around the gaps, each gap with its accepted answers."""

    segments: tuple[str, ...]
    gaps: tuple[tuple[str, ...], ...]
    case_sensitive: bool

    def html(self, text: Callable[[str], str], gap: Callable[[int, tuple[str, ...]], str]) -> str:
        """Intro and text with every HTML piece passed through `text`, each gap through `gap`."""
        pieces = [text(f"{self.text}\n{self.segments[0]}" if self.text else self.segments[0])]
        for number, (answers, segment) in enumerate(
            zip(self.gaps, self.segments[1:], strict=True), start=1
        ):
            pieces.append(gap(number, answers))
            pieces.append(text(segment))
        return "".join(pieces)


@dataclass(frozen=True, kw_only=True)
class OrderingQuestion(BankQuestion):
    """Items (inline HTML) in their correct order."""

    items: tuple[str, ...]


ExportQuestion = (
    ChoiceQuestion | TrueFalseQuestion | MatchingQuestion | ClozeQuestion | OrderingQuestion
)


@dataclass(frozen=True)
class Category:
    """The questions of one module, under `$course$/top/<site name>/<module title>`."""

    names: tuple[str, ...]
    questions: tuple[ExportQuestion, ...]


def category_path(names: tuple[str, ...]) -> str:
    """Moodle's category path: `$course$/top/A/B`, a `/` inside a name written as `//`."""
    parts = ["$course$", "top"]
    for name in names:
        part = one_line(name).replace("/", "//")
        if part.startswith("/"):
            part = " " + part
        if part.endswith("/"):
            part += " "
        parts.append(part)
    return "/".join(parts)


def one_line(text: str) -> str:
    """A name on one line, whitespace runs collapsed."""
    return " ".join(text.split())


def numbered(title: str, number: int, count: int) -> str:
    """`Title 2` when an exercise gives several questions, else just `Title`."""
    return f"{one_line(title)} {number}" if count > 1 else one_line(title)


def shown_texts(question: ExportQuestion) -> list[str]:
    """Every HTML text of a question that an LMS shows, hints aside."""
    texts = [question.text, question.general_feedback]
    if isinstance(question, ChoiceQuestion):
        texts += [part for choice in question.choices for part in (choice.text, choice.feedback)]
    elif isinstance(question, MatchingQuestion):
        texts += [left for left, _ in question.pairs]
    elif isinstance(question, ClozeQuestion):
        texts += list(question.segments)
    elif isinstance(question, OrderingQuestion):
        texts += list(question.items)
    return texts
