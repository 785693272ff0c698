"""Moodle XML (question bank import) from the course's auto-checkable exercises (no I/O).

The XML is built with `xml.etree`, so every text is escaped by the serializer and the file is
well-formed by construction; the only text rules left to us are Moodle's own, inside a cloze
question text, and characters XML 1.0 cannot hold at all. Image files come with the course, read
by the loader (`course.images`), and travel inside the XML.
"""

from __future__ import annotations

import base64
import html
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from ..images import Attributes, ImageFile, attribute, locate, rewrite_images, url_path, with_src
from ..model.answers import lms_answers
from ..model.course import Course
from .bank import build_bank
from .grades import percent
from .questions import (
    BankQuestion,
    Category,
    ChoiceQuestion,
    ClozeQuestion,
    Entry,
    ExportQuestion,
    MatchingQuestion,
    OrderingQuestion,
    TrueFalseQuestion,
    category_path,
)
from .result import ExportResult
from .words import words

#: Characters XML 1.0 cannot contain, not even escaped (C0 controls other than tab and newlines).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: How Moodle reads an embedded answer (`qtype_multianswer_extract_question` in
#: question/type/multianswer/questiontype.php): an answer runs to the first `~ # }` that has no
#: `\`, `&` or `&amp;` right before it; then HTML entities are decoded and `\}`, `\#`
#: become `}`, `#`; `*` is the short answer's wildcard unless written `\*`. So `& \ ~` are
#: written as numeric references (which end in `;`), `} # *` take a backslash, and `< > "`
#: are references to keep the question text valid HTML.
_CLOZE_ANSWER = str.maketrans(
    {
        "&": "&#38;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\\": "&#92;",
        "~": "&#126;",
        "}": "\\}",
        "#": "\\#",
        "*": "\\*",
    }
)
_PENALTY = "0.3333333"
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def clean(text: str) -> str:
    """Text without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text)


def _text(parent: ET.Element, tag: str, value: str, **attributes: str) -> ET.Element:
    """`<tag ...><text>value</text></tag>`, Moodle's wrapper for every text."""
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = clean(value)
    return element


def _leaf(parent: ET.Element, tag: str, value: str) -> None:
    """`<tag>value</tag>` for a setting."""
    ET.SubElement(parent, tag).text = value


def _html(parent: ET.Element, tag: str, value: str) -> ET.Element:
    """An HTML text."""
    return _text(parent, tag, value, format="html")


def cloze_answer(answer: str) -> str:
    """One accepted answer of a cloze gap, written so that Moodle accepts exactly `answer`."""
    return answer.translate(_CLOZE_ANSWER)


def cloze_gap(answers: tuple[str, ...], case_sensitive: bool) -> str:
    """A gap as an embedded answer: `{1:SHORTANSWER:=answer~=alternative}`, every spelling of
    every accepted answer at full marks (see `lms_answers`)."""
    kind = "SHORTANSWER_C" if case_sensitive else "SHORTANSWER"
    accepted = lms_answers(answers)
    return "{1:" + kind + ":" + "~".join("=" + cloze_answer(a) for a in accepted) + "}"


def _file_name(path: str, taken: set[str]) -> str:
    """The file's own name, numbered when another image of the same text has that name."""
    name = posixpath.basename(path)
    stem, dot, suffix = name.rpartition(".")
    number = 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}{dot}{suffix}" if dot else f"{suffix}-{number}"
    return name


def _cloze_text(html_text: str) -> str:
    """Cloze text outside the gaps: a `{` there must not start an embedded answer."""
    return html_text.replace("{", "&#123;")


class _Writer:
    """Appends Moodle `<question>` elements to a `<quiz>`."""

    def __init__(self, language: str, images: Mapping[str, ImageFile]) -> None:
        self.words = words(language)
        self.quiz = ET.Element("quiz")
        self.images = images
        self.notes: list[Entry] = []

    def category(self, category: Category) -> None:
        """The pseudo-question that files the following questions under a category."""
        element = ET.SubElement(self.quiz, "question", {"type": "category"})
        _text(element, "category", category_path(category.names))
        _html(element, "info", "")

    def header(self, question: BankQuestion, qtype: str, text: str | None = None) -> ET.Element:
        """The parts every question has, in Moodle's order."""
        element = ET.SubElement(self.quiz, "question", {"type": qtype})
        _text(element, "name", question.name)
        _html(element, "questiontext", question.text if text is None else text)
        _html(element, "generalfeedback", question.general_feedback)
        if qtype != "cloze":
            _leaf(element, "defaultgrade", "1")
        _leaf(element, "penalty", "1" if qtype == "truefalse" else _PENALTY)
        _leaf(element, "hidden", "0")
        return element

    def combined_feedback(self, element: ET.Element, shownumcorrect: str = "") -> None:
        """Feedback for a right, partly right and wrong response; show the count of right parts
        (an empty `<shownumcorrect>` says so for most types, ordering reads its value)."""
        _html(element, "correctfeedback", f"<p>{html.escape(self.words['correct'])}</p>")
        _html(
            element,
            "partiallycorrectfeedback",
            f"<p>{html.escape(self.words['partially_correct'])}</p>",
        )
        _html(element, "incorrectfeedback", f"<p>{html.escape(self.words['incorrect'])}</p>")
        _leaf(element, "shownumcorrect", shownumcorrect)

    def extras(self, element: ET.Element, question: BankQuestion) -> None:
        """Hints (one per try in interactive mode) and tags."""
        for hint in question.hints:
            _html(element, "hint", hint)
        if question.tags:
            tags = ET.SubElement(element, "tags")
            for tag in question.tags:
                _text(tags, "tag", tag)

    def choice(self, question: ChoiceQuestion) -> ET.Element:
        """`multichoice` with a grade and feedback per answer."""
        element = self.header(question, "multichoice")
        _leaf(element, "single", "true" if question.single else "false")
        _leaf(element, "shuffleanswers", "true" if question.shuffle else "false")
        _leaf(element, "answernumbering", "abc")
        _leaf(element, "showstandardinstruction", "1")
        self.combined_feedback(element)
        for choice in question.choices:
            answer = _text(
                element, "answer", choice.text, fraction=percent(choice.fraction), format="html"
            )
            _html(answer, "feedback", choice.feedback)
        return element

    def true_false(self, question: TrueFalseQuestion) -> ET.Element:
        """`truefalse`: the answers `true` and `false`, the right one graded 100."""
        element = self.header(question, "truefalse")
        for value in (True, False):
            fraction = "100" if value == question.answer else "0"
            answer = _text(
                element,
                "answer",
                "true" if value else "false",
                fraction=fraction,
                format="moodle_auto_format",
            )
            _html(answer, "feedback", "")
        return element

    def matching(self, question: MatchingQuestion) -> ET.Element:
        """`matching`: one subquestion per pair; a distractor's has an empty text."""
        element = self.header(question, "matching")
        _leaf(element, "shuffleanswers", "true")
        self.combined_feedback(element)
        for left, right in question.pairs:
            subquestion = _html(element, "subquestion", left)
            _text(subquestion, "answer", right)
        return element

    def cloze(self, question: ClozeQuestion) -> ET.Element:
        """`cloze`: the gaps embedded in the question text, no other settings."""
        text = question.html(
            _cloze_text, lambda _, answers: cloze_gap(answers, question.case_sensitive)
        )
        return self.header(question, "cloze", text)

    def ordering(self, question: OrderingQuestion) -> ET.Element:
        """`ordering` (qtype_ordering, core since Moodle 4.4): items in the right order."""
        element = self.header(question, "ordering")
        _leaf(element, "layouttype", "VERTICAL")
        _leaf(element, "selecttype", "ALL")
        _leaf(element, "selectcount", str(len(question.items)))
        _leaf(element, "gradingtype", "ABSOLUTE_POSITION")
        _leaf(element, "showgrading", "SHOW")
        _leaf(element, "numberingstyle", "none")
        self.combined_feedback(element, shownumcorrect="1")
        for position, item in enumerate(question.items, start=1):
            _text(element, "answer", item, fraction=str(position), format="html")
        return element

    def attach_images(self, element: ET.Element, question: ExportQuestion) -> None:
        """Images travel inside the file, as in Moodle's own export (`qformat_xml::write_files`):
        each `<img>` of an HTML text points at `@@PLUGINFILE@@/name`, and the element holding
        that text gets a `<file name path encoding="base64">`. An image that cannot be read is
        left out (its alt text stays) and `notes` says so."""
        for holder in list(element.iter()):
            text = holder.find("text")
            html_text = (text.text or "") if text is not None else ""
            if holder.get("format") == "html" and text is not None and "<img" in html_text.lower():
                self._embed(holder, text, question.exercise_id)

    def _embed(self, holder: ET.Element, text: ET.Element, exercise_id: str) -> None:
        """The images of one text: `src` rewritten, the files added to `holder`."""
        names: dict[str, str] = {}

        def point(attributes: Attributes) -> Attributes:
            src = attribute(attributes, "src")
            ref = locate(src, None) if src is not None else None
            if ref is None or ref.inline:
                return attributes
            image = self.images.get(ref.path) if ref.path else None
            if image is None or image.data is None:
                why = ref.problem or (image.problem if image else "not found")
                self.notes.append((exercise_id, f"image '{src}' left out: {why}"))
                return with_src(attributes, None)
            name = names.get(image.path) or _file_name(image.path, set(names.values()))
            names[image.path] = name
            return with_src(attributes, f"@@PLUGINFILE@@/{url_path(name)}")

        rewritten = rewrite_images(text.text or "", point)
        # Inside a cloze text a `{` would open an embedded answer; in HTML both mean `{`.
        text.text = _IMG_TAG.sub(lambda tag: tag.group(0).replace("{", "&#123;"), rewritten)
        for path, name in names.items():
            file = ET.SubElement(holder, "file", {"name": name, "path": "/"})
            file.set("encoding", "base64")
            file.text = base64.b64encode(self.images[path].data or b"").decode("ascii")

    def question(self, question: ExportQuestion) -> None:
        """One question of any exported kind, with its hints and tags."""
        if isinstance(question, ChoiceQuestion):
            element = self.choice(question)
        elif isinstance(question, TrueFalseQuestion):
            element = self.true_false(question)
        elif isinstance(question, MatchingQuestion):
            element = self.matching(question)
        elif isinstance(question, ClozeQuestion):
            element = self.cloze(question)
        else:
            element = self.ordering(question)
        self.extras(element, question)
        self.attach_images(element, question)

    def serialise(self) -> str:
        """The whole file: declaration, then the indented `<quiz>`."""
        ET.indent(self.quiz, space="  ")
        body = ET.tostring(self.quiz, encoding="unicode", short_empty_elements=False)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def export_moodle(course: Course) -> ExportResult:
    """Moodle XML of every auto-checkable exercise, one category per module."""
    bank = build_bank(course)
    writer = _Writer(course.language, course.images)
    exported: dict[str, None] = {}
    count = 0
    for category in bank.categories:
        writer.category(category)
        for question in category.questions:
            writer.question(question)
            exported.setdefault(question.exercise_id, None)
            count += 1
    return ExportResult(
        text=writer.serialise(),
        exported=list(exported),
        skipped=list(bank.skipped),
        notes=[*bank.notes, *dict.fromkeys(writer.notes)],
        questions=count,
    )
