"""IMS QTI 2.1 content package (a zip) from the course's auto-checkable exercises (no I/O).

The package holds `imsmanifest.xml` (IMS Content Packaging in the QTI 2.1 profile,
`qtiv2p1_imscpv1p2_v1p0.xsd`), one `assessmentItem` file per question, an `assessmentTest` with one
section per module, and the images the questions show, under `images/`. Questions come from the
same bank as the Moodle export (`build_bank`), so the texts, feedback and skip reasons agree.

Interactions (IMS QTI 2.1 Information Model, section 5):

- quiz and true-false: `choiceInteraction`; one right answer is cardinality `single` scored by
  the `match_correct` template, several are `multiple` scored by `map_response` with the Moodle
  export's grades (right options add up to 1, wrong ones to -1, at least 0);
- cloze: one `textEntryInteraction` per gap, inline in the text, every spelling of every accepted
  answer (`lms_answers`) a `mapEntry` worth 1, case-sensitive as the exercise says;
- matching: `matchInteraction`, left items as sources, right items and distractors as targets,
  each right pair worth 1 (`map_response`);
- ordering: `orderInteraction`, items written in a shuffled order, scored by `match_correct`.

An item without feedback names its standard response processing template; an item with feedback
writes the template's rules out and adds rules that set the outcome `FEEDBACK` to the
`modalFeedback` to show (the explanation and solution always, an option's feedback when it was
chosen). Hints have no place in a non-adaptive QTI item and are left out with a note.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import translator
from ..images import Attributes, ImageFile, attribute, locate, rewrite_images, url_path, with_src
from ..model.answers import lms_answers
from ..model.course import Course
from ..templating import shuffled
from .bank import build_bank
from .grades import HUNDRED
from .moodle import _file_name, clean
from .qti_html import as_blocks, indent, replace_markers, to_qti
from .questions import (
    ChoiceQuestion,
    ClozeQuestion,
    Entry,
    ExportQuestion,
    MatchingQuestion,
    OrderingQuestion,
    TrueFalseQuestion,
)
from .result import ExportResult

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
MATCH_CORRECT = TEMPLATES + "match_correct"
MAP_RESPONSE = TEMPLATES + "map_response"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
MANIFEST = "imsmanifest.xml"
TEST_FILE = "assessment-test.xml"
IMAGES = "images"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_NCNAME_START = re.compile(r"^[A-Za-z_]")


@dataclass
class _Item:
    """One written `assessmentItem`: its identifier, file and the image files it shows."""

    identifier: str
    element: ET.Element
    images: list[str] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"{self.identifier}.xml"


def _element(
    parent: ET.Element, tag: str, attributes: Mapping[str, str] | None = None
) -> ET.Element:
    return ET.SubElement(parent, tag, dict(attributes or {}))


def _value(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = clean(text)
    return element


def _base(parent: ET.Element, base_type: str, value: str) -> ET.Element:
    return _value(parent, "baseValue", value, baseType=base_type)


def _variable(parent: ET.Element, identifier: str) -> ET.Element:
    return _element(parent, "variable", {"identifier": identifier})


def _number(value: Decimal) -> str:
    """A decimal as QTI's float: `1`, `0.5`, `-0.3333333`."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def template_rules(parent: ET.Element, template: str, response: str = "RESPONSE") -> None:
    """The rules of a standard response processing template (`match_correct` or
    `map_response`, as published by IMS under `rptemplates/`), for `response`; `map_response`
    adds the mapped value to `SCORE`, so that it also serves several responses in a row."""
    condition = _element(parent, "responseCondition")
    branch = _element(condition, "responseIf")
    if template == MATCH_CORRECT:
        match = _element(branch, "match")
        _variable(match, response)
        _element(match, "correct", {"identifier": response})
        _base(_element(branch, "setOutcomeValue", {"identifier": "SCORE"}), "float", "1")
        other = _element(condition, "responseElse")
        _base(_element(other, "setOutcomeValue", {"identifier": "SCORE"}), "float", "0")
        return
    _variable(_element(branch, "isNull"), response)
    _variable(_element(branch, "setOutcomeValue", {"identifier": "SCORE"}), "SCORE")
    other = _element(condition, "responseElse")
    total = _element(_element(other, "setOutcomeValue", {"identifier": "SCORE"}), "sum")
    _variable(total, "SCORE")
    _element(total, "mapResponse", {"identifier": response})


def _show(parent: ET.Element, feedback: str) -> None:
    """`FEEDBACK` gets the identifier `feedback` added (NULLs in `multiple` are ignored)."""
    values = _element(_element(parent, "setOutcomeValue", {"identifier": "FEEDBACK"}), "multiple")
    _variable(values, "FEEDBACK")
    _base(values, "identifier", feedback)


class _Writer:
    """Builds the items, the test and the manifest of one package."""

    def __init__(self, course: Course) -> None:
        self.language = course.language
        self.translate = translator(course.language)
        self.images: Mapping[str, ImageFile] = course.images
        self.files: dict[str, str] = {}
        """Course image path -> file name in `images/`."""
        self.notes: list[Entry] = []

    # --- HTML --------------------------------------------------------------------------------

    def html(self, text: str, item: _Item, exercise_id: str) -> str:
        """`text` with every image pointing into the package's `images/` folder; an image that
        cannot be read is left out (its alt text stays) and `notes` says so."""

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
            name = self.files.get(image.path) or _file_name(image.path, set(self.files.values()))
            self.files[image.path] = name
            if name not in item.images:
                item.images.append(name)
            return with_src(attributes, f"{IMAGES}/{url_path(name)}")

        return rewrite_images(text, point) if "<img" in text.lower() else text

    def content(self, parent: ET.Element, text: str, item: _Item, exercise_id: str) -> None:
        """HTML appended to `parent` as QTI content."""
        to_qti(self.html(text, item, exercise_id), parent)

    # --- declarations --------------------------------------------------------------------------

    def response(
        self,
        item: _Item,
        identifier: str,
        cardinality: str,
        base_type: str,
        correct: list[str],
        mapping: list[tuple[str, str]] | None = None,
        *,
        bounds: tuple[str | None, str | None] = (None, None),
        case_sensitive: bool = True,
    ) -> None:
        """A `responseDeclaration` with its correct response and, if given, its mapping."""
        declaration = _element(
            item.element,
            "responseDeclaration",
            {"identifier": identifier, "cardinality": cardinality, "baseType": base_type},
        )
        values = _element(declaration, "correctResponse")
        for value in correct:
            _value(values, "value", value)
        if mapping is None:
            return
        attributes = {"defaultValue": "0"}
        if bounds[0] is not None:
            attributes["lowerBound"] = bounds[0]
        if bounds[1] is not None:
            attributes["upperBound"] = bounds[1]
        table = _element(declaration, "mapping", attributes)
        for key, mapped in mapping:
            entry = {"mapKey": clean(key), "mappedValue": mapped}
            if base_type == "string":
                entry["caseSensitive"] = "true" if case_sensitive else "false"
            _element(table, "mapEntry", entry)

    def outcomes(self, item: _Item, maximum: int, feedback: bool) -> None:
        """`SCORE` (from 0), `MAXSCORE` and, for an item with feedback, `FEEDBACK`."""
        for name, default in (("SCORE", "0"), ("MAXSCORE", str(maximum))):
            declaration = _element(
                item.element,
                "outcomeDeclaration",
                {"identifier": name, "cardinality": "single", "baseType": "float"},
            )
            _value(_element(declaration, "defaultValue"), "value", default)
        if feedback:
            _element(
                item.element,
                "outcomeDeclaration",
                {"identifier": "FEEDBACK", "cardinality": "multiple", "baseType": "identifier"},
            )

    # --- items -------------------------------------------------------------------------------

    def start(self, question: ExportQuestion, identifier: str) -> _Item:
        element = ET.Element(
            "assessmentItem",
            {
                "xmlns": QTI_NS,
                "xmlns:xsi": XSI_NS,
                "xsi:schemaLocation": f"{QTI_NS} {QTI_XSD}",
                "identifier": identifier,
                "title": clean(question.name),
                "adaptive": "false",
                "timeDependent": "false",
                "xml:lang": self.language,
            },
        )
        return _Item(identifier, element)

    def body(self, item: _Item, question: ExportQuestion) -> ET.Element:
        body = _element(item.element, "itemBody")
        if question.text:
            self.content(body, question.text, item, question.exercise_id)
        return body

    def processing(
        self,
        item: _Item,
        question: ExportQuestion,
        template: str,
        choice_feedback: list[tuple[str, str]],
        multiple: bool = False,
    ) -> None:
        """Response processing by `template`; with feedback, its rules written out plus the
        feedback rules, then the `modalFeedback` elements."""
        if not choice_feedback and not question.general_feedback:
            _element(item.element, "responseProcessing", {"template": template})
            return
        rules = _element(item.element, "responseProcessing")
        if template == MATCH_CORRECT:
            template_rules(rules, template)
        else:
            self._mapped(rules)
        self._feedback_rules(rules, item, question, choice_feedback, multiple)

    def _mapped(self, rules: ET.Element) -> None:
        """`map_response` from a score of 0."""
        _base(_element(rules, "setOutcomeValue", {"identifier": "SCORE"}), "float", "0")
        template_rules(rules, MAP_RESPONSE)

    def _feedback_rules(
        self,
        rules: ET.Element,
        item: _Item,
        question: ExportQuestion,
        choice_feedback: list[tuple[str, str]],
        multiple: bool,
    ) -> None:
        for choice, _ in choice_feedback:
            branch = _element(_element(rules, "responseCondition"), "responseIf")
            test = _element(branch, "member" if multiple else "match")
            if multiple:
                _base(test, "identifier", choice)
                _variable(test, "RESPONSE")
            else:
                _variable(test, "RESPONSE")
                _base(test, "identifier", choice)
            _show(branch, f"FB_{choice}")
        if question.general_feedback:
            _show(rules, "GENERAL")
        for choice, text in choice_feedback:
            self._modal(item, f"FB_{choice}", text, question.exercise_id)
        if question.general_feedback:
            self._modal(item, "GENERAL", question.general_feedback, question.exercise_id)

    def _modal(self, item: _Item, identifier: str, text: str, exercise_id: str) -> None:
        feedback = _element(
            item.element,
            "modalFeedback",
            {"outcomeIdentifier": "FEEDBACK", "identifier": identifier, "showHide": "show"},
        )
        self.content(feedback, text, item, exercise_id)

    def choice(self, question: ChoiceQuestion, identifier: str) -> _Item:
        item = self.start(question, identifier)
        ids = [f"C{number}" for number in range(1, len(question.choices) + 1)]
        correct = [i for i, c in zip(ids, question.choices, strict=True) if c.fraction > 0]
        feedback = [
            (i, c.feedback) for i, c in zip(ids, question.choices, strict=True) if c.feedback
        ]
        if question.single:
            self.response(item, "RESPONSE", "single", "identifier", correct)
        else:
            mapping = [
                (i, _number(c.fraction / HUNDRED))
                for i, c in zip(ids, question.choices, strict=True)
            ]
            self.response(
                item, "RESPONSE", "multiple", "identifier", correct, mapping, bounds=("0", "1")
            )
        self.outcomes(item, 1, bool(feedback or question.general_feedback))
        body = self.body(item, question)
        interaction = _element(
            as_blocks(body),
            "choiceInteraction",
            {
                "responseIdentifier": "RESPONSE",
                "shuffle": "true" if question.shuffle else "false",
                "maxChoices": "1" if question.single else "0",
            },
        )
        for choice_id, choice in zip(ids, question.choices, strict=True):
            option = _element(interaction, "simpleChoice", {"identifier": choice_id})
            self.content(option, choice.text, item, question.exercise_id)
        template = MATCH_CORRECT if question.single else MAP_RESPONSE
        self.processing(item, question, template, feedback, multiple=not question.single)
        return item

    def true_false(self, question: TrueFalseQuestion, identifier: str) -> _Item:
        item = self.start(question, identifier)
        self.response(item, "RESPONSE", "single", "identifier", ["T" if question.answer else "F"])
        self.outcomes(item, 1, bool(question.general_feedback))
        body = self.body(item, question)
        interaction = _element(
            as_blocks(body),
            "choiceInteraction",
            {"responseIdentifier": "RESPONSE", "shuffle": "false", "maxChoices": "1"},
        )
        for choice_id, word in (("T", "true"), ("F", "false")):
            label = self.translate(word)
            _value(interaction, "simpleChoice", label[:1].upper() + label[1:], identifier=choice_id)
        self.processing(item, question, MATCH_CORRECT, [])
        return item

    def matching(self, question: MatchingQuestion, identifier: str) -> _Item:
        item = self.start(question, identifier)
        lefts = [
            (f"L{n}", left, right) for n, (left, right) in enumerate(question.pairs, 1) if left
        ]
        targets: dict[str, str] = {}
        for _, right in question.pairs:
            targets.setdefault(right, f"R{len(targets) + 1}")
        correct = [f"{source} {targets[right]}" for source, _, right in lefts]
        self.response(
            item,
            "RESPONSE",
            "multiple",
            "directedPair",
            correct,
            [(pair, "1") for pair in correct],
            bounds=("0", None),
        )
        self.outcomes(item, len(lefts), bool(question.general_feedback))
        body = self.body(item, question)
        interaction = _element(
            as_blocks(body),
            "matchInteraction",
            {
                "responseIdentifier": "RESPONSE",
                "shuffle": "true",
                "maxAssociations": str(len(lefts)),
            },
        )
        sources = _element(interaction, "simpleMatchSet")
        for source, left, _ in lefts:
            choice = _element(
                sources, "simpleAssociableChoice", {"identifier": source, "matchMax": "1"}
            )
            self.content(choice, left, item, question.exercise_id)
        answers = _element(interaction, "simpleMatchSet")
        for right, target in targets.items():
            uses = sum(1 for _, _, r in lefts if r == right)
            _value(
                answers,
                "simpleAssociableChoice",
                right,
                identifier=target,
                matchMax=str(max(uses, 1)),
            )
        self.processing(item, question, MAP_RESPONSE, [])
        return item

    def cloze(self, question: ClozeQuestion, identifier: str) -> _Item:
        item = self.start(question, identifier)
        for number, answers in enumerate(question.gaps, start=1):
            accepted = lms_answers(answers)
            self.response(
                item,
                f"RESPONSE_{number}",
                "single",
                "string",
                [accepted[0]],
                [(answer, "1") for answer in accepted],
                case_sensitive=question.case_sensitive,
            )
        feedback = bool(question.general_feedback)
        self.outcomes(item, len(question.gaps), feedback)
        marker = _marker([question.text, *question.segments])
        html = question.html(lambda text: text, lambda number, _: f"{marker}{number}X")
        body = _element(item.element, "itemBody")
        self.content(body, html, item, question.exercise_id)

        def gap(text: str) -> ET.Element:
            number = int(text[len(marker) : -1])
            longest = max(len(answer) for answer in question.gaps[number - 1])
            return ET.Element(
                "textEntryInteraction",
                {"responseIdentifier": f"RESPONSE_{number}", "expectedLength": str(longest)},
            )

        replace_markers(body, re.compile(re.escape(marker) + r"\d+X"), gap)
        as_blocks(body)
        rules = _element(item.element, "responseProcessing")
        _base(_element(rules, "setOutcomeValue", {"identifier": "SCORE"}), "float", "0")
        for number in range(1, len(question.gaps) + 1):
            template_rules(rules, MAP_RESPONSE, f"RESPONSE_{number}")
        if feedback:
            self._feedback_rules(rules, item, question, [], False)
        return item

    def ordering(self, question: OrderingQuestion, identifier: str) -> _Item:
        item = self.start(question, identifier)
        ids = [f"O{number}" for number in range(1, len(question.items) + 1)]
        self.response(item, "RESPONSE", "ordered", "identifier", ids)
        self.outcomes(item, 1, bool(question.general_feedback))
        body = self.body(item, question)
        interaction = _element(
            as_blocks(body),
            "orderInteraction",
            {"responseIdentifier": "RESPONSE", "shuffle": "true"},
        )
        pairs = list(zip(ids, question.items, strict=True))
        for choice_id, text in shuffled(pairs, question.exercise_id, keep_original=False):
            choice = _element(interaction, "simpleChoice", {"identifier": choice_id})
            self.content(choice, text, item, question.exercise_id)
        self.processing(item, question, MATCH_CORRECT, [])
        return item

    def item(self, question: ExportQuestion, identifier: str) -> _Item:
        if isinstance(question, ChoiceQuestion):
            return self.choice(question, identifier)
        if isinstance(question, TrueFalseQuestion):
            return self.true_false(question, identifier)
        if isinstance(question, MatchingQuestion):
            return self.matching(question, identifier)
        if isinstance(question, ClozeQuestion):
            return self.cloze(question, identifier)
        return self.ordering(question, identifier)


def _marker(texts: list[str]) -> str:
    """A gap placeholder that occurs in none of `texts`."""
    marker = "SKQTIGAP"
    while any(marker in text for text in texts):
        marker += "Q"
    return marker


def item_identifier(exercise_id: str, number: int, count: int) -> str:
    """An exercise's question as a QTI identifier (an XML NCName): the id, numbered after an
    `_` when the exercise gives several questions (ids have no `_`, so `quiz_2` cannot be the id
    of another exercise); an id that starts with a digit gets a `Q` in front (ids have no
    capitals)."""
    base = exercise_id if _NCNAME_START.match(exercise_id) else f"Q{exercise_id}"
    return f"{base}_{number}" if count > 1 else base


def serialise(element: ET.Element) -> bytes:
    """An XML file: declaration, then the indented element, UTF-8."""
    indent(element)
    body = ET.tostring(element, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def _test(title: str, sections: list[tuple[str, list[_Item]]]) -> ET.Element:
    """One `assessmentTest`: a section per module, the test's `SCORE` the items' sum."""
    test = ET.Element(
        "assessmentTest",
        {
            "xmlns": QTI_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{QTI_NS} {QTI_XSD}",
            "identifier": "TEST",
            "title": clean(title),
            "toolName": "seminarkit",
        },
    )
    score = _element(
        test,
        "outcomeDeclaration",
        {"identifier": "SCORE", "cardinality": "single", "baseType": "float"},
    )
    _value(_element(score, "defaultValue"), "value", "0")
    part = _element(
        test,
        "testPart",
        {"identifier": "PART", "navigationMode": "nonlinear", "submissionMode": "individual"},
    )
    for number, (name, items) in enumerate(sections, start=1):
        section = _element(
            part,
            "assessmentSection",
            {"identifier": f"SECTION-{number}", "title": clean(name), "visible": "true"},
        )
        for item in items:
            _element(
                section, "assessmentItemRef", {"identifier": item.identifier, "href": item.href}
            )
    total = _element(
        _element(_element(test, "outcomeProcessing"), "setOutcomeValue", {"identifier": "SCORE"}),
        "sum",
    )
    _element(total, "testVariables", {"variableIdentifier": "SCORE"})
    return test


def _manifest(items: list[_Item]) -> ET.Element:
    """`imsmanifest.xml`: a resource per item with its image files, and the test (if there
    are items)."""
    manifest = ET.Element(
        "manifest",
        {
            "xmlns": CP_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{CP_NS} {CP_XSD}",
            "identifier": "MANIFEST-QTI",
        },
    )
    metadata = _element(manifest, "metadata")
    _value(metadata, "schema", "QTIv2.1 Package")
    _value(metadata, "schemaversion", "1.0.0")
    _element(manifest, "organizations")
    resources = _element(manifest, "resources")
    for item in items:
        resource = _element(
            resources,
            "resource",
            {"identifier": f"RES-{item.identifier}", "type": ITEM_TYPE, "href": item.href},
        )
        _element(resource, "file", {"href": item.href})
        for name in item.images:
            _element(resource, "file", {"href": f"{IMAGES}/{url_path(name)}"})
    if not items:
        return manifest
    test = _element(
        resources, "resource", {"identifier": "RES-TEST", "type": TEST_TYPE, "href": TEST_FILE}
    )
    _element(test, "file", {"href": TEST_FILE})
    for item in items:
        _element(test, "dependency", {"identifierref": f"RES-{item.identifier}"})
    return manifest


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    """The files as zip bytes, in the given order, with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def export_qti(course: Course) -> ExportResult:
    """The QTI 2.1 content package of every auto-checkable exercise, as zip bytes in `data`;
    `text` is its manifest."""
    bank = build_bank(course)
    writer = _Writer(course)
    notes: list[Entry] = list(bank.notes)
    sections: list[tuple[str, list[_Item]]] = []
    items: list[_Item] = []
    exported: dict[str, None] = {}
    counts: dict[str, int] = {}
    for category in bank.categories:
        for question in category.questions:
            counts[question.exercise_id] = counts.get(question.exercise_id, 0) + 1
    numbers: dict[str, int] = {}
    for category in bank.categories:
        section: list[_Item] = []
        for question in category.questions:
            key = question.exercise_id
            numbers[key] = numbers.get(key, 0) + 1
            item = writer.item(question, item_identifier(key, numbers[key], counts[key]))
            section.append(item)
            if question.hints and key not in exported:
                notes.append((key, "hints are left out: a QTI 2.1 item shows feedback only"))
            exported.setdefault(key, None)
        items += section
        sections.append((category.names[-1], section))
    manifest = serialise(_manifest(items))
    files = [(MANIFEST, manifest)]
    if items:
        files.append((TEST_FILE, serialise(_test(course.config.site_name, sections))))
    files += [(item.href, serialise(item.element)) for item in items]
    by_name = {name: path for path, name in writer.files.items()}
    files += [
        (f"{IMAGES}/{name}", course.images[path].data or b"") for name, path in by_name.items()
    ]
    return ExportResult(
        text=manifest.decode("utf-8"),
        data=_zip(files),
        exported=list(exported),
        skipped=list(bank.skipped),
        notes=[*notes, *dict.fromkeys(writer.notes)],
        questions=len(items),
    )
