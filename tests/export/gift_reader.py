"""A strict GIFT reader for the tests: Moodle's own import algorithm, ported step by step.

The GIFT parsers on PyPI do not serve here: `gift-to-moodlexml` needs Python 3.14;
`pygiftparser` pins Markdown below 3.1 (the course needs 3.6), cuts category names at the first
space and leaves escapes in texts; `pygiftparserrgmf` 0.0.5 installs as `pygiftparser` plus a
top-level `tests` package and does not unescape `\\\\`. So this module follows
`qformat_gift::readquestion` and `qformat_default::readquestions` of Moodle (question/format/gift)
line by line: the same escape placeholders, the same order of type checks, the same splits. It
is stricter than Moodle where Moodle would silently import something else: it raises
`GiftError` for a question without a name, stray braces, an unknown type or too few answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PLACEHOLDERS = (
    ("\\:", "&&058;", ":"),
    ("\\#", "&&035;", "#"),
    ("\\=", "&&061;", "="),
    ("\\{", "&&123;", "{"),
    ("\\}", "&&125;", "}"),
    ("\\~", "&&126;", "~"),
    ("\\n", "&&010", "\n"),
)
_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = ("moodle", "html", "plain", "markdown")
_PHP_SPACE = " \t\n\r\0\x0b"


class GiftError(ValueError):
    """The text is not GIFT that Moodle would import as intended."""


@dataclass
class Text:
    """A text with its format, as Moodle stores it."""

    text: str
    format: str


@dataclass
class Answer:
    """A multiple-choice or short answer: text, fraction (0 to 1, negative allowed), feedback."""

    text: Text
    fraction: float
    feedback: Text


@dataclass
class GiftQuestion:
    """One imported question, with the category it was filed under."""

    category: str
    name: str
    qtype: str
    text: Text
    general_feedback: Text
    single: bool = True
    answers: list[Answer] = field(default_factory=list)
    subquestions: list[tuple[Text, str]] = field(default_factory=list)
    correct: bool | None = None
    feedback_true: Text | None = None
    feedback_false: Text | None = None


def _trim(text: str) -> str:
    return text.strip(_PHP_SPACE)


def escapedchar_pre(text: str) -> str:
    """Moodle: `\\\\` stays a backslash, `\\:` and friends become placeholders."""
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder, _ in _PLACEHOLDERS:
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def escapedchar_post(text: str) -> str:
    """Moodle: placeholders back to the characters they stand for."""
    for _, placeholder, character in _PLACEHOLDERS:
        text = text.replace(placeholder, character)
    return text


def parse_text_with_format(text: str, default: str = "moodle") -> Text:
    """A leading `[format]` sets the format; escapes are resolved; the text is trimmed."""
    result = Text(text, default)
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end >= 0 else text[1:-1]
        if name in _FORMATS:
            result = Text(text[end + 1 :], name)
    return Text(_trim(escapedchar_post(result.text)), result.format)


def _weight(answer: str) -> tuple[float, str]:
    """Moodle's answerweightparser: `%50%rest` -> (0.5, `rest`)."""
    answer = answer[1:]
    end = answer.find("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def _comment(answer: str, default: str) -> tuple[Text, Text]:
    bits = answer.split("#", 1)
    text = parse_text_with_format(_trim(bits[0]), default)
    feedback = (
        parse_text_with_format(_trim(bits[1]), default) if len(bits) > 1 else Text("", default)
    )
    return text, feedback


def _split_answers(answertext: str, separator: str) -> list[str]:
    answers = answertext.split(separator)
    answers[0] = _trim(answers[0])
    if answers[0] in ("", "0"):  # PHP's empty()
        answers.pop(0)
    return answers


def read_question(lines: list[str], category: str) -> GiftQuestion | str | None:
    """One question (or a `$CATEGORY` switch as str), exactly as Moodle reads it."""
    kept = [" " if _trim(line).startswith("//") else line for line in lines]
    text = _trim("\n".join(kept))
    if not text:
        return None
    if any(placeholder in text for _, placeholder, _ in _PLACEHOLDERS) or "&&092;" in text:
        raise GiftError(f"text contains Moodle's escape placeholders: {text!r}")
    text = escapedchar_pre(text)
    if text.startswith("$CATEGORY:"):
        return _trim(text[10:])
    if not text.startswith("::"):
        raise GiftError(f"question without a name: {text!r}")
    text = text[2:]
    end = text.find("::")
    if end < 0:
        raise GiftError(f"name not closed with '::': {text!r}")
    name = _trim(escapedchar_post(text[:end]))
    text = _trim(text[end + 2 :])

    start, finish = text.find("{"), text.find("}")
    if start < 0 or finish < start:
        raise GiftError(f"no answer block in {name!r}")
    if "{" in text[start + 1 :] or "}" in text[finish + 1 :]:
        raise GiftError(f"unescaped brace outside the answer block of {name!r}")
    answertext = _trim(text[start + 1 : finish])
    if text.endswith("}"):
        questiontext = text[:start] + text[finish + 1 :]
    else:
        questiontext = text[:start] + "_____" + text[finish + 1 :]
    general = ""
    separator = answertext.rfind("####")
    if separator >= 0:
        general = answertext[separator + 4 :]
        answertext = _trim(answertext[:separator])

    qtext = parse_text_with_format(questiontext)
    question = GiftQuestion(
        category, name, "", qtext, parse_text_with_format(general, qtext.format)
    )
    fmt = qtext.format
    if not answertext:
        raise GiftError(f"essay (empty answer block) in {name!r}")
    if answertext[0] == "#":
        raise GiftError(f"numerical question in {name!r}")
    if "~" in answertext:
        question.qtype = "multichoice"
        question.single = "=" in answertext
        answers = _split_answers(answertext.replace("=", "~="), "~")
        if len(answers) < 2:
            raise GiftError(f"fewer than two answers in {name!r}")
        for raw in answers:
            answer = _trim(raw)
            if answer.startswith("="):
                fraction, answer = 1.0, answer[1:]
            elif _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            else:
                fraction = 0.0
            text_part, feedback = _comment(answer, fmt)
            question.answers.append(Answer(text_part, fraction, feedback))
    elif "=" in answertext and "->" in answertext:
        question.qtype = "match"
        answers = _split_answers(answertext, "=")
        if len(answers) < 2:
            raise GiftError(f"fewer than two pairs in {name!r}")
        for raw in answers:
            answer = _trim(raw)
            marker = answer.find("->")
            if marker < 0:
                raise GiftError(f"matching pair without '->' in {name!r}: {answer!r}")
            question.subquestions.append(
                (
                    parse_text_with_format(answer[:marker], fmt),
                    _trim(escapedchar_post(answer[marker + 2 :])),
                )
            )
    else:
        check = answertext
        if answertext.find("#") > 0:
            check = _trim(answertext[: answertext.find("#")])
        if check in ("T", "TRUE", "F", "FALSE"):
            question.qtype = "truefalse"
            bits = answertext.split("#", 2)
            answer = parse_text_with_format(_trim(bits[0]), fmt)
            wrong = parse_text_with_format(_trim(bits[1]), fmt) if len(bits) > 1 else Text("", fmt)
            right = parse_text_with_format(_trim(bits[2]), fmt) if len(bits) > 2 else Text("", fmt)
            question.correct = answer.text in ("T", "TRUE")
            question.feedback_true = right if question.correct else wrong
            question.feedback_false = wrong if question.correct else right
        else:
            question.qtype = "shortanswer"
            answers = _split_answers(answertext, "=")
            if not answers:
                raise GiftError(f"short answer without answers in {name!r}")
            for raw in answers:
                answer = _trim(raw)
                if _WEIGHT.match(answer):
                    fraction, answer = _weight(answer)
                else:
                    fraction = 1.0
                text_part, feedback = _comment(answer, fmt)
                question.answers.append(Answer(text_part, fraction, feedback))
    return question


def read_gift(source: str) -> list[GiftQuestion]:
    """Every question of a GIFT file, split at blank lines like Moodle, with its category."""
    questions: list[GiftQuestion] = []
    category = "$course$"
    chunks: list[list[str]] = [[]]
    for line in source.split("\n"):
        line = _trim(line)
        if line in ("", "0"):
            chunks.append([])
        else:
            chunks[-1].append(line)
    for chunk in chunks:
        if not chunk:
            continue
        found = read_question(chunk, category)
        if isinstance(found, str):
            category = found
        elif found is not None:
            questions.append(found)
    return questions
