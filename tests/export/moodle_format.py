"""What Moodle's question XML format allows, per question type, for the tests.

Element names are those Moodle's importers read: `qformat_xml::import_headers`,
`import_multichoice`, `import_truefalse`, `import_match`, `import_multianswer` and
`qtype_ordering::import_from_xml`; grade steps are `question_bank::fraction_options_full`.
"""

from __future__ import annotations

#: Moodle's grade steps, as fractions of the mark.
MOODLE_FRACTIONS = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
HEADER = ("name", "questiontext", "generalfeedback")
#: The elements each importer reads.
COMMON = {"name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden",
          "idnumber", "hint", "tags"}  # fmt: skip
COMBINED = {"correctfeedback", "partiallycorrectfeedback", "incorrectfeedback", "shownumcorrect"}
KNOWN = {
    "multichoice": COMMON | COMBINED
    | {"single", "shuffleanswers", "answernumbering", "showstandardinstruction", "answer"},
    "truefalse": COMMON | {"answer"},
    "matching": COMMON | COMBINED | {"shuffleanswers", "subquestion"},
    "cloze": COMMON - {"defaultgrade"},
    "ordering": COMMON | COMBINED
    | {"layouttype", "selecttype", "selectcount", "gradingtype", "showgrading", "numberingstyle",
       "answer"},
}  # fmt: skip
TEXT_FORMATS = {"html", "moodle_auto_format", "plain_text", "markdown"}


def is_moodle_fraction(percent: str) -> bool:
    """Whether a `fraction="..."` percentage is one of Moodle's grade steps (or its negative)."""
    value = float(percent) / 100
    return any(abs(abs(value) - step) < 0.00001 for step in MOODLE_FRACTIONS)
