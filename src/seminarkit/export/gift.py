"""GIFT (Moodle's plain-text question format) from the course's auto-checkable exercises (no I/O).

Escaping follows Moodle's own GIFT reader and writer (`qformat_gift`): `\\ ~ = # { } :` take a
backslash, a line break is written `\\n`, so every question stays free of blank lines and of lines
that start with `//`. Texts are HTML (`[html]`); answers inherit that format.
"""

from __future__ import annotations

import html

from ..images import attribute, image_tags
from ..model.answers import lms_answers
from ..model.course import Course
from .bank import build_bank
from .grades import percent
from .questions import (
    BankQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    Entry,
    ExportQuestion,
    MatchingQuestion,
    TrueFalseQuestion,
    category_path,
    numbered,
    shown_texts,
)
from .result import ExportResult

_RESERVED = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
#: Moodle reads a leading `[word]` of any text as its format and a leading `%n%` of an answer
#: as its weight; a text that starts so gets an explicit format in front.
_AMBIGUOUS_START = ("[", "%")
#: Moodle's reader swaps escapes for these placeholders and back (`qformat_gift::escapedchar_pre`
#: and `escapedchar_post`), so one written literally comes back as the character it stands for;
#: GIFT has no way to say it.
PLACEHOLDERS = ("&&058;", "&&035;", "&&061;", "&&123;", "&&125;", "&&126;", "&&010", "&&092;")


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped, on one line."""
    return text.translate(_RESERVED)


def html_text(text: str) -> str:
    """An HTML text of an answer or feedback, escaped and safe from format and weight prefixes."""
    value = escape(text)
    return f"[html]{value}" if value.startswith(_AMBIGUOUS_START) else value


def plain_answer(answer: str) -> str:
    """A short answer: `*` is Moodle's wildcard, so a literal one is written `\\*`."""
    value = escape(answer.replace("*", "\\*"))
    return f"[plain]{value}" if value.startswith(_AMBIGUOUS_START) else value


def category_line(names: tuple[str, ...]) -> str:
    """The path after `$CATEGORY:`, taken as it stands except that a backslash is doubled."""
    return category_path(names).replace("\\", "\\\\")


def _general(question: BankQuestion) -> str:
    """`####` and the general feedback, the last thing inside an answer block."""
    return f"####{html_text(question.general_feedback)}" if question.general_feedback else ""


def _head(question: BankQuestion) -> str:
    """`// exercise id` comment, `::name::` and the `[html]` question text."""
    return f"// {question.exercise_id}\n::{escape(question.name)}::[html]{escape(question.text)}"


def choice(question: ChoiceQuestion) -> str:
    """Multiple choice: `=right ~wrong`, or `~%50%` weights when several are right."""
    lines = [_head(question) + "{"]
    for option in question.choices:
        if question.single:
            mark = "=" if option.fraction > 0 else "~"
        else:
            mark = f"~%{percent(option.fraction)}%"
        feedback = f"#{html_text(option.feedback)}" if option.feedback else ""
        lines.append(f"\t{mark}{html_text(option.text)}{feedback}")
    if question.general_feedback:
        lines.append(f"\t{_general(question)}")
    lines.append("}")
    return "\n".join(lines)


def true_false(question: TrueFalseQuestion) -> str:
    """True-false: `{TRUE}` or `{FALSE}` with the general feedback."""
    return f"{_head(question)}{{{'TRUE' if question.answer else 'FALSE'}{_general(question)}}}"


def matching(question: MatchingQuestion) -> str:
    """Matching: `=left -> right`; a distractor has no left side."""
    lines = [_head(question) + "{"]
    for left, right in question.pairs:
        # The first `->` separates the sides, so the left side (HTML) must hold none: text
        # nodes have `>` escaped already; raw HTML an author wrote gets it escaped here.
        side = html_text(left.replace("->", "-&gt;")) if left else ""
        lines.append(f"\t={side} -> {escape(right)}")
    if question.general_feedback:
        lines.append(f"\t{_general(question)}")
    lines.append("}")
    return "\n".join(lines)


def cloze(question: ClozeQuestion, number: int) -> str:
    """One gap as a short-answer question; the other gaps show their answer."""

    def gap(index: int, answers: tuple[str, ...]) -> str:
        if index != number:
            return escape(html.escape(answers[0], quote=False))
        accepted = " ".join(f"=%100%{plain_answer(answer)}" for answer in lms_answers(answers))
        return f"{{{accepted}{_general(question)}}}"

    name = numbered(question.name, number, len(question.gaps))
    head = f"// {question.exercise_id}\n::{escape(name)}::[html]"
    return head + question.html(escape, gap)


def _unsayable(answers: tuple[str, ...]) -> str:
    """What in a gap's answers GIFT cannot say, as the reason to skip it; empty if nothing."""
    for answer in answers:
        if "->" in answer:
            return "'->', which GIFT reads as a matching question"
        for placeholder in PLACEHOLDERS:
            if placeholder in answer:
                return f"'{placeholder}', which Moodle's GIFT reader turns into another character"
    return ""


def _questions(question: ExportQuestion, skipped: list[Entry]) -> list[str]:
    """The GIFT questions of one bank question; what GIFT cannot say goes to `skipped`."""
    images = [
        src
        for text in shown_texts(question)
        for tag in image_tags(text)
        if (src := attribute(tag, "src"))
    ]
    if images:
        unique = list(dict.fromkeys(images))
        shown = ("the image " if len(unique) == 1 else "the images ") + ", ".join(
            f"'{src}'" for src in unique
        )
        skipped.append(
            (
                question.exercise_id,
                f"{question.name}: shows {shown}; GIFT cannot carry image files "
                "(the Moodle XML file has the question with its images)",
            )
        )
        return []
    if isinstance(question, ChoiceQuestion):
        return [choice(question)]
    if isinstance(question, TrueFalseQuestion):
        return [true_false(question)]
    if isinstance(question, MatchingQuestion):
        return [matching(question)]
    if isinstance(question, ClozeQuestion):
        written = []
        for number, answers in enumerate(question.gaps, start=1):
            unsayable = _unsayable(answers)
            if unsayable:
                skipped.append(
                    (
                        question.exercise_id,
                        f"gap {number}: an answer contains {unsayable} (the Moodle XML file "
                        "has it)",
                    )
                )
                continue
            written.append(cloze(question, number))
        return written
    skipped.append(
        (
            question.exercise_id,
            "GIFT has no ordering question; import this exercise from the Moodle XML file",
        )
    )
    return []


def _notes(question: ExportQuestion, seen: set[str], notes: list[Entry]) -> None:
    """Tell once per exercise what changes on its way into GIFT."""
    exercise = question.exercise_id
    if exercise in seen:
        return
    seen.add(exercise)
    if isinstance(question, ClozeQuestion) and len(question.gaps) > 1:
        notes.append(
            (
                exercise,
                f"GIFT takes one gap per question: {len(question.gaps)} questions, one per "
                "gap, with the other gaps filled in",
            )
        )
    if isinstance(question, ClozeQuestion) and question.case_sensitive:
        notes.append(
            (exercise, "GIFT cannot make answers case-sensitive; Moodle will accept any case")
        )
    if isinstance(question, ChoiceQuestion) and not question.shuffle:
        notes.append(
            (exercise, "GIFT cannot keep the option order; Moodle may shuffle the options")
        )
    if question.hints:
        notes.append(
            (exercise, "GIFT has no hints; they are left out (the Moodle XML file has them)")
        )


def export_gift(course: Course) -> ExportResult:
    """GIFT of every auto-checkable exercise that GIFT can express, one category per module."""
    bank = build_bank(course)
    skipped, notes = list(bank.skipped), list(bank.notes)
    chunks: list[str] = []
    exported: dict[str, None] = {}
    seen: set[str] = set()
    count = 0
    for category in bank.categories:
        header = f"$CATEGORY: {category_line(category.names)}"
        for question in category.questions:
            written = _questions(question, skipped)
            if written:
                _notes(question, seen, notes)
                exported.setdefault(question.exercise_id, None)
                if header:  # a category only where a question goes into it
                    chunks.append(header)
                    header = ""
            chunks.extend(written)
            count += len(written)
    text = "\n\n".join(chunks) + "\n" if chunks else ""
    return ExportResult(
        text=text,
        exported=list(exported),
        skipped=skipped,
        notes=notes,
        questions=count,
    )
