"""Moodle XML parsed back and held against Moodle's question XML format, type by type."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from seminarkit.export import export_moodle
from seminarkit.loader import load_course
from seminarkit.mdrender import MarkdownRenderer
from seminarkit.model.answers import lms_answers
from seminarkit.model.course import Course
from seminarkit.model.exercises import (
    AUTO_CHECKED_TYPES,
    Cloze,
    Matching,
    Ordering,
    Quiz,
    TrueFalse,
)
from seminarkit.model.rules import cloze_gaps

from ..conftest import FIXTURE_COURSE, IGNORED
from .courses import load_clean, quiz, write_course
from .moodle_cloze import import_cloze, shortanswer_matches
from .moodle_format import HEADER, KNOWN, TEXT_FORMATS, is_moodle_fraction


def parse(text: str) -> ET.Element:
    """The `<quiz>` root; also checks the declaration Moodle expects."""
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    return root


def text_of(element: ET.Element, tag: str) -> str:
    """The `<tag><text>` content, as Moodle's importer takes it (trimmed)."""
    found = element.find(f"{tag}/text")
    assert found is not None, f"<{tag}><text> missing in {element.get('type')}"
    return (found.text or "").strip()


def questions(root: ET.Element) -> list[tuple[str, ET.Element]]:
    """(category path, question) for every real question, in file order."""
    category = ""
    found = []
    for element in root.findall("question"):
        if element.get("type") == "category":
            category = text_of(element, "category")
        else:
            found.append((category, element))
    return found


def renderer(course: Course) -> MarkdownRenderer:
    return MarkdownRenderer(course.config.markdown_extensions, course.config.mdx_configs)


def block(course: Course, text: str | None) -> str:
    return str(renderer(course).block(text)).strip()


@pytest.fixture(scope="module")
def fixture_course() -> Course:
    return load_clean(FIXTURE_COURSE)


@pytest.fixture(scope="module")
def fixture_xml(fixture_course: Course) -> ET.Element:
    return parse(export_moodle(fixture_course).text)


def by_name(root: ET.Element, name: str) -> ET.Element:
    for _, question in questions(root):
        if text_of(question, "name") == name:
            return question
    raise AssertionError(f"no question named {name!r}")


def test_every_question_has_moodles_elements_in_order(fixture_xml: ET.Element) -> None:
    found = questions(fixture_xml)
    assert {q.get("type") for _, q in found} == {
        "multichoice",
        "truefalse",
        "cloze",
        "matching",
        "ordering",
    }
    for _, question in found:
        qtype = question.get("type", "")
        tags = [child.tag for child in question]
        assert tags[:3] == list(HEADER), tags
        assert set(tags) <= KNOWN[qtype], set(tags) - KNOWN[qtype]
        for tag in ("questiontext", "generalfeedback"):
            element = question.find(tag)
            assert element is not None and element.get("format") == "html"
        assert ("defaultgrade" in tags) == (qtype != "cloze")
        for element in question.iter():
            if "format" in element.attrib:
                assert element.get("format") in TEXT_FORMATS


def test_categories_one_per_module_before_their_questions(fixture_xml: ET.Element) -> None:
    categories = [q for q in fixture_xml.findall("question") if q.get("type") == "category"]
    assert [text_of(c, "category") for c in categories] == ["$course$/top/Fixture Course/Basics"]
    assert fixture_xml.findall("question")[0].get("type") == "category"
    assert {category for category, _ in questions(fixture_xml)} == {
        "$course$/top/Fixture Course/Basics"
    }


def test_single_choice_quiz(fixture_xml: ET.Element, fixture_course: Course) -> None:
    exercise = fixture_course.exercises["quiz-basics"]
    assert isinstance(exercise, Quiz)
    question = by_name(fixture_xml, "Weak ties 1")
    assert question.get("type") == "multichoice"
    assert question.findtext("single") == "true"
    assert question.findtext("shuffleanswers") == "true"
    answers = question.findall("answer")
    source = exercise.questions[0]
    assert [a.get("fraction") for a in answers] == [
        "100" if option.correct else "0" for option in source.options
    ]
    assert [text_of(a, "feedback") for a in answers] == [
        block(fixture_course, option.feedback) for option in source.options
    ]
    assert text_of(answers[2], ".") == "<em>Nobody</em>"
    assert text_of(question, "questiontext") == block(fixture_course, source.text)
    # The solution answers both questions, so each keeps only its own explanation.
    assert text_of(question, "generalfeedback") == block(fixture_course, source.explanation)
    assert text_of(by_name(fixture_xml, "Weak ties 2"), "generalfeedback") == ""


def test_multiple_choice_fractions_add_up(fixture_xml: ET.Element) -> None:
    question = by_name(fixture_xml, "Weak ties 2")
    assert question.findtext("single") == "false"
    fractions = [answer.get("fraction", "") for answer in question.findall("answer")]
    assert fractions == ["50", "50", "-100"]
    assert question.find("shownumcorrect") is not None


def test_true_false_one_question_per_statement(
    fixture_xml: ET.Element, fixture_course: Course
) -> None:
    exercise = fixture_course.exercises["statements"]
    assert isinstance(exercise, TrueFalse)
    for number, statement in enumerate(exercise.statements, start=1):
        question = by_name(fixture_xml, f"Myths {number}")
        assert question.get("type") == "truefalse"
        assert question.findtext("penalty") == "1"
        answers = {text_of(a, "."): a.get("fraction") for a in question.findall("answer")}
        assert answers == {
            "true": "100" if statement.answer else "0",
            "false": "0" if statement.answer else "100",
        }
        assert text_of(question, "generalfeedback") == block(fixture_course, statement.explanation)


def test_matching_with_distractor(fixture_xml: ET.Element, fixture_course: Course) -> None:
    exercise = fixture_course.exercises["pairs"]
    assert isinstance(exercise, Matching)
    question = by_name(fixture_xml, "Researchers")
    assert question.get("type") == "matching"
    subquestions = question.findall("subquestion")
    assert all(s.get("format") == "html" for s in subquestions)
    found = [(text_of(s, "."), text_of(s, "answer")) for s in subquestions]
    assert found == [(p.left, p.right) for p in exercise.pairs] + [
        ("", extra) for extra in exercise.distractors
    ]


def test_cloze_as_embedded_answers(fixture_xml: ET.Element, fixture_course: Course) -> None:
    exercise = fixture_course.exercises["gaps"]
    assert isinstance(exercise, Cloze)
    question = by_name(fixture_xml, "The pitch")
    assert question.get("type") == "cloze"
    text, gaps = import_cloze(text_of(question, "questiontext"))
    assert [gap.answers for gap in gaps] == [list(g.answers) for g in cloze_gaps(exercise.text)]
    assert all(gap.qtype == "shortanswer" and not gap.case_sensitive for gap in gaps)
    assert all(fraction == 1.0 for gap in gaps for fraction in gap.fractions)
    assert "{#1}" in text and "{#3}" in text
    # The word bank, as on the web page, lists each gap's main answer.
    assert "can do" in text.split("{#1}")[0]


def test_ordering_in_the_right_order(fixture_xml: ET.Element, fixture_course: Course) -> None:
    exercise = fixture_course.exercises["steps"]
    assert isinstance(exercise, Ordering)
    question = by_name(fixture_xml, "From contact to partner")
    assert question.get("type") == "ordering"
    assert question.findtext("layouttype") == "VERTICAL"
    assert question.findtext("selecttype") == "ALL"
    assert question.findtext("gradingtype") == "ABSOLUTE_POSITION"
    assert question.findtext("shownumcorrect") == "1"  # qtype_ordering reads the value
    answers = question.findall("answer")
    assert [text_of(a, ".") for a in answers] == exercise.items
    assert all(a.get("format") == "html" for a in answers)


def test_every_exercise_is_exported_or_skipped_with_a_reason(fixture_course: Course) -> None:
    result = export_moodle(fixture_course)
    skipped = dict(result.skipped)
    assert set(result.exported) | set(skipped) == set(fixture_course.exercises)
    for exercise_id, exercise in fixture_course.exercises.items():
        assert (exercise_id in result.exported) == (exercise.type in AUTO_CHECKED_TYPES)
        if exercise_id in skipped:
            assert exercise.type in skipped[exercise_id]
    assert result.questions == len(questions(parse(result.text)))


def test_solution_only_where_it_gives_nothing_away(fixture_course: Course) -> None:
    result = export_moodle(fixture_course)
    root = parse(result.text)
    for name, exercise_id in (("The pitch", "gaps"), ("Researchers", "pairs")):
        solution = block(fixture_course, fixture_course.exercises[exercise_id].solution)
        assert text_of(by_name(root, name), "generalfeedback") == (
            f"<p><strong>Solution</strong></p>\n{solution}"
        )
    assert dict(result.notes)["statements"] == (
        "the solution answers all 2 questions at once, so it is not in their feedback "
        "(it would give the others away); each keeps its own explanation"
    )
    assert "quiz-basics" in dict(result.notes)


def test_no_trainer_material_in_the_export(fixture_course: Course) -> None:
    text = export_moodle(fixture_course).text
    assert "SECRET" not in text
    assert "Flipchart" not in text


def test_output_is_deterministic(tmp_path: Path, fixture_course: Course) -> None:
    copy = tmp_path / "elsewhere"
    shutil.copytree(FIXTURE_COURSE, copy, ignore=IGNORED)
    first = export_moodle(fixture_course).text
    assert export_moodle(fixture_course).text == first
    assert export_moodle(load_course(copy)).text == first


HOSTILE = "Grüße <script>alert(\"x\")</script> & ]]> 'quoted' {1:SHORTANSWER:=pwn} ~ = # : \\"


def test_hostile_strings_survive_xml_and_cloze(tmp_path: Path) -> None:
    gap_answers = ['a}b#c~d/e"f\\g', "x*y", "&amp; <b>", "=lead", "%50%weight", "\\}", "end\\"]
    cloze_text = (
        f"Before {{1:SA:=trap}} and [[{gap_answers[0]}|{gap_answers[1]}]] then "
        f"[[{gap_answers[2]}|{gap_answers[3]}|{gap_answers[4]}]] and [[{gap_answers[5]}]] "
        f"and [[{gap_answers[6]}]]."
    )
    root = write_course(
        tmp_path / "c",
        {
            f"Modul 1/2 {HOSTILE}": [
                quiz(
                    "q",
                    {
                        "text": f"Frage {HOSTILE}",
                        "options": [
                            {"text": f"Ja {HOSTILE}", "correct": True, "feedback": HOSTILE},
                            {"text": "Nein"},
                        ],
                    },
                    title=f"Titel {HOSTILE}",
                ),
                {
                    "id": "m",
                    "type": "matching",
                    "title": "Paare",
                    "duration": 5,
                    "pairs": [
                        {"left": f"L {HOSTILE}", "right": f"R {HOSTILE}"},
                        {"left": "Zwei", "right": "R -> zwei"},
                    ],
                },
                {
                    "id": "c",
                    "type": "cloze",
                    "title": "Lücken",
                    "duration": 5,
                    "case_sensitive": True,
                    "literal_gaps": True,
                    "text": cloze_text,
                },
            ]
        },
        site_name=f"Kurs {HOSTILE}",
    )
    course = load_clean(root)
    xml = parse(export_moodle(course).text)
    found = questions(xml)
    category = found[0][0]
    assert category.startswith("$course$/top/Kurs Grüße")
    assert "/Modul 1//2 " in category  # a slash inside a name is doubled
    multichoice = found[0][1]
    # Names are plain text: the title's text content, its Markdown and HTML left out.
    assert text_of(multichoice, "name") == renderer(course).plain(f"Titel {HOSTILE}")
    assert text_of(multichoice, "name") == (
        "Titel Grüße alert(\"x\") & ]]> 'quoted' {1:SHORTANSWER:=pwn} ~ = # : \\"
    )
    assert text_of(multichoice, "questiontext") == block(course, f"Frage {HOSTILE}")
    assert text_of(multichoice.findall("answer")[0], "feedback") == block(course, HOSTILE)
    matching = found[1][1]
    rights = [text_of(s, "answer") for s in matching.findall("subquestion")]
    assert rights == [renderer(course).plain(f"R {HOSTILE}"), "R -> zwei"]
    lefts = [text_of(s, ".") for s in matching.findall("subquestion")]
    assert lefts[0] == str(renderer(course).text(f"L {HOSTILE}"))

    cloze = found[2][1]
    text, gaps = import_cloze(text_of(cloze, "questiontext"))
    assert "{1:SA:=trap}" not in text  # the author's brace is text, not a gap
    assert "&#123;1:SA:=trap}" in text
    expected = [gap_answers[0:2], gap_answers[2:5], gap_answers[5:6], gap_answers[6:7]]
    assert all(gap.case_sensitive for gap in gaps)
    for gap, originals in zip(gaps, expected, strict=True):
        spelled = lms_answers(tuple(originals))
        assert gap.fractions == [1.0] * len(spelled)
        # What Moodle stores is each spelling itself; only `*` is kept escaped as `\*`.
        assert gap.answers == [spelling.replace("*", "\\*") for spelling in spelled]
        for pattern, original in zip(gap.answers, spelled, strict=True):
            assert shortanswer_matches(original, pattern, ignore_case=False)
            assert not shortanswer_matches(original + "!", pattern, ignore_case=False)
    # `*` is a literal asterisk, not Moodle's wildcard.
    assert not shortanswer_matches("xzzy", gaps[0].answers[1], ignore_case=False)


def test_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    root = write_course(
        tmp_path / "c",
        {"Eins": [quiz("q", {"text": "Frage", "options": [{"text": "A\x01B", "correct": True},
                                                          {"text": "C"}]})]},
    )  # fmt: skip
    result = export_moodle(load_clean(root))
    answers = parse(result.text).findall("question/answer")
    assert text_of(answers[0], ".") == "AB"


def test_grades_for_many_right_answers(tmp_path: Path) -> None:
    def options(right: int, wrong: int) -> list[dict[str, object]]:
        return [{"text": f"R{n}", "correct": True} for n in range(right)] + [
            {"text": f"W{n}"} for n in range(wrong)
        ]

    root = write_course(
        tmp_path / "c",
        {
            "Eins": [
                quiz(
                    "q",
                    {"text": "Drei aus fünf", "multiple": True, "options": options(3, 2)},
                    {"text": "Zwölf aus 19", "multiple": True, "options": options(12, 7)},
                    {"text": "Zu viele", "multiple": True, "options": options(21, 1)},
                    {"text": "Alle", "multiple": True, "options": options(2, 0)},
                )
            ]
        },
    )
    result = export_moodle(load_clean(root))
    found = [q for _, q in questions(parse(result.text))]
    assert [text_of(q, "name") for q in found] == ["Quiz 1", "Quiz 2", "Quiz 4"]
    for question in found:
        fractions = [float(a.get("fraction", "")) for a in question.findall("answer")]
        assert all(is_moodle_fraction(a.get("fraction", "")) for a in question.findall("answer"))
        assert abs(sum(f for f in fractions if f > 0) - 100) < 0.001
        negative = [f for f in fractions if f < 0]
        assert not negative or abs(sum(negative) + 100) < 0.001
    assert [a.get("fraction") for a in found[0].findall("answer")] == ["33.33333"] * 3 + ["-50"] * 2
    assert result.skipped == [
        (
            "q",
            "question 3: Moodle's grade steps cannot split 100 % over 21 correct and 1 wrong "
            "options (at most 20 of each)",
        )
    ]


def test_intro_hints_tags_word_bank_and_german_words(tmp_path: Path) -> None:
    root = write_course(
        tmp_path / "c",
        {
            "Eins": [
                {
                    "id": "c",
                    "type": "cloze",
                    "title": "Lücken",
                    "duration": 5,
                    "intro": "Lesen Sie **genau**.",
                    "hints": ["Denken Sie an *Kontakte*."],
                    "tags": ["netzwerk"],
                    "word_bank": True,
                    "text": "Ein [[Wort]] und ein [[Satz]].",
                    "trainer_notes": "GEHEIM",
                }
            ]
        },
        unembedded=[
            {"id": "o", "type": "ordering", "title": "Reihe", "duration": 5, "items": ["a", "b"]}
        ],
    )
    xml = parse(export_moodle(load_clean(root)).text)
    cloze, ordering = (q for _, q in questions(xml))
    text = text_of(cloze, "questiontext")
    assert text.startswith("<p>Lesen Sie <strong>genau</strong>.</p>\n<p><strong>Wortspeicher:")
    assert [text_of(hint, ".") for hint in cloze.findall("hint")] == [
        "<p>Denken Sie an <em>Kontakte</em>.</p>"
    ]
    assert [text_of(tag, ".") for tag in cloze.findall("tags/tag")] == ["netzwerk"]
    assert "GEHEIM" not in ET.tostring(xml, encoding="unicode")
    categories = [text_of(q, "category") for q in xml.findall("question[@type='category']")]
    assert categories == ["$course$/top/Kurs/Eins", "$course$/top/Kurs/Weitere Übungen"]
    assert text_of(ordering, "questiontext") == (
        "<p>Bringen Sie die Schritte in die richtige Reihenfolge.</p>"
    )
    assert text_of(ordering, "correctfeedback") == "<p>Ihre Antwort ist richtig.</p>"
