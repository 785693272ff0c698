"""Every gap answer survives Moodle's own readers: the cloze parser (Moodle XML) and GIFT.

Answers full of the characters each format gives a meaning to go through the export and back
through ports of Moodle's import code (moodle_cloze.py, gift_reader.py); then Moodle's short
answer comparison grades what learners type, including the typographic spellings that the
exports add (see seminarkit.model.answers and FORMAT.md).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from seminarkit.export import export_gift, export_moodle
from seminarkit.export.moodle import cloze_gap
from seminarkit.loader import load_course
from seminarkit.mdrender import MarkdownRenderer
from seminarkit.model.answers import lms_answers
from seminarkit.model.course import Course
from seminarkit.model.exercises import Cloze
from seminarkit.model.rules import cloze_gaps

from ..conftest import FIXTURES
from .courses import load_clean, write_course
from .gift_reader import GiftQuestion, read_gift
from .moodle_cloze import ClozeGap, extract, grade, import_cloze

#: One gap each: what the embedded-answers syntax, HTML entities, Moodle's wildcard and GIFT's
#: escapes give a meaning to, alone, at the start, in the middle and at the end of an answer.
NASTY = [
    "&&",
    "a && b",
    "&",
    "x&",
    "&#",
    "&amp;",
    "&#92;",
    "&#123;",
    "&lt;b&gt;",
    "}",
    "a}b",
    "{",
    "{1:SA:=x}",
    "~",
    "a~b",
    "#",
    "#include",
    "=",
    "==",
    "=lead",
    "/",
    "//",
    "\\",
    "C:\\Temp\\",
    "\\}",
    "\\#",
    "&\\",
    '"',
    'say "hi"',
    "<",
    "<stdio.h>",
    ">",
    "2>&1",
    "%",
    "100%",
    "%50%w",
    ":",
    "std::cout",
    "*",
    "*.txt",
    "a\\*",
    "[html]z",
    "[plain]",
    "C++",
    "don't",
    "x&&0y",
    "x ~ # } y",
]
#: Alternatives inside one gap, several gaps to a paragraph.
ALTERNATIVES = [("&&", "and"), ("}", "\\}", "~"), ("don't", "do not"), ("#", "&amp;")]


def _exercise(exercise_id: str, gaps: list[tuple[str, ...]], **extra: Any) -> dict[str, Any]:
    lines = [
        " ".join(f"Satz {{eins}} [[{'|'.join(gap)}]] mit {{2}} Text" for gap in gaps[start:][:3])
        for start in range(0, len(gaps), 3)
    ]
    return {
        "id": exercise_id,
        "type": "cloze",
        "title": exercise_id,
        "duration": 5,
        "literal_gaps": True,
        "text": "\n\n".join(lines),
        **extra,
    }


@pytest.fixture(scope="module")
def nasty_course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    gaps = [(answer,) for answer in NASTY]
    root = write_course(
        tmp_path_factory.mktemp("nasty") / "c",
        {
            "Antworten": [
                _exercise("nasty", gaps),
                _exercise("nasty-case", gaps, case_sensitive=True),
                _exercise("alternatives", ALTERNATIVES),
            ]
        },
    )
    return load_clean(root)


def _questions(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text.encode("utf-8"))
    return {
        (question.findtext("name/text") or "").strip(): question
        for question in root.findall("question")
        if question.get("type") == "cloze"
    }


def _imported(course: Course) -> dict[str, tuple[str, list[ClozeGap]]]:
    """Each cloze question of the Moodle XML export as Moodle imports it, by exercise id."""
    found = _questions(export_moodle(course).text)
    names = MarkdownRenderer()  # question names are the titles as plain text
    imported = {}
    for exercise_id, exercise in course.exercises.items():
        if isinstance(exercise, Cloze):
            text = found[names.plain(exercise.title)].findtext("questiontext/text") or ""
            imported[exercise_id] = import_cloze(text)
    return imported


def _assert_round_trip(course: Course) -> int:
    """Every gap of every cloze: Moodle finds it in place, stores each spelling, grades it."""
    checked = 0
    for exercise_id, (text, gaps) in _imported(course).items():
        exercise = course.exercises[exercise_id]
        assert isinstance(exercise, Cloze)
        expected = cloze_gaps(exercise.text)
        assert len(gaps) == len(expected), exercise_id
        assert "{1:" not in text, f"{exercise_id}: a gap stayed raw"
        placeholders = [part.split("}")[0] for part in text.split("{#")[1:]]
        assert placeholders == [str(n) for n in range(1, len(expected) + 1)]
        for gap, source in zip(gaps, expected, strict=True):
            spelled = lms_answers(source.answers)
            assert gap.qtype == "shortanswer"
            assert gap.case_sensitive == exercise.case_sensitive
            assert gap.answers == [spelling.replace("*", "\\*") for spelling in spelled]
            assert gap.fractions == [1.0] * len(spelled)
            for spelling in spelled:
                assert grade(spelling, gap) == 1.0, (exercise_id, spelling)
                assert grade(f"  {spelling}\t", gap) == 1.0
                assert grade(spelling + "!", gap) == 0.0
            checked += 1
    return checked


def test_every_nasty_answer_round_trips_through_moodles_cloze_parser(
    nasty_course: Course,
) -> None:
    assert _assert_round_trip(nasty_course) == 2 * len(NASTY) + len(ALTERNATIVES)


def test_the_issues_example_and_its_neighbours(nasty_course: Course) -> None:
    text, gaps = _imported(nasty_course)["nasty"]
    assert text.startswith("<p>Satz &#123;eins} {#1} mit &#123;2} Text Satz &#123;eins} {#2}")
    assert [gap.answers for gap in gaps[:3]] == [["&&"], ["a && b"], ["&"]]
    assert grade("&&", gaps[0]) == 1.0
    assert grade("a && b", gaps[1]) == 1.0


def test_the_port_reproduces_the_old_fault() -> None:
    """With `&` written as `&amp;` (the old export), `&&` swallows the next gap, as in Moodle."""
    old = "A {1:SHORTANSWER:=&amp;&amp;} B {1:SHORTANSWER:=x} C {1:SHORTANSWER:=y}"
    text, gaps = extract(old)
    assert text == "A {#1} C {#2}"
    assert gaps[0].answers == ["&&} B {1:SHORTANSWER:=x"]
    new = " ".join(cloze_gap((answer,), False) for answer in ("&&", "x", "y"))
    assert [gap.answers for gap in extract(new)[1]] == [["&&"], ["x"], ["y"]]


def test_case_follows_the_exercise(nasty_course: Course) -> None:
    imported = _imported(nasty_course)
    alternatives = imported["alternatives"][1]
    assert grade("AND", alternatives[0]) == 1.0
    assert grade("Do Not", alternatives[2]) == 1.0
    case_gaps = imported["nasty-case"][1]
    assert grade("c++", case_gaps[NASTY.index("C++")]) == 0.0
    assert grade("STD::COUT", case_gaps[NASTY.index("std::cout")]) == 0.0
    assert grade("std::cout", case_gaps[NASTY.index("std::cout")]) == 1.0


def test_moodle_takes_the_typographic_spellings_but_not_every_reading(tmp_path: Path) -> None:
    """What FORMAT.md promises for Moodle: quotes as phones and Word type them, composed or
    decomposed letters, any case; not: two spaces, a no-break space, guillemets, a prime."""
    root = write_course(
        tmp_path / "c",
        {
            "Tippen": [
                {
                    "id": "typed",
                    "type": "cloze",
                    "title": "Getippt",
                    "duration": 5,
                    "text": "I [[don't]] go to [[New York]] with [[Zürich]] and "
                    "[[\u201eja\u201c]].",
                }
            ]
        },
    )
    _, (dont, york, zurich, ja) = import_cloze(
        _questions(export_moodle(load_clean(root)).text)["Getippt"].findtext("questiontext/text")
        or ""
    )
    for typed in ("don't", "don\u2019t", "DON\u2019T"):
        assert grade(typed, dont) == 1.0
    for typed in ("New York", "new york", " New York "):
        assert grade(typed, york) == 1.0
    for typed in ("Zürich", "Zu\u0308rich", "zürich"):
        assert grade(typed, zurich) == 1.0
    for typed in ('"ja"', "\u201cja\u201d", "\u201eja\u201c"):
        assert grade(typed, ja) == 1.0
    # What only the web check accepts (FORMAT.md says so):
    assert grade("don\u2032t", dont) == 0.0
    assert grade("New  York", york) == 0.0
    assert grade("New\u00a0York", york) == 0.0
    assert grade("\u00abja\u00bb", ja) == 0.0


def _gift_answers(questions: list[GiftQuestion]) -> dict[str, list[str]]:
    return {
        question.name: [answer.text.text for answer in question.answers] for question in questions
    }


def test_every_nasty_answer_round_trips_through_gift(nasty_course: Course) -> None:
    result = export_gift(nasty_course)
    found = _gift_answers(read_gift(result.text))
    for exercise_id in ("nasty", "alternatives"):
        exercise = nasty_course.exercises[exercise_id]
        assert isinstance(exercise, Cloze)
        gaps = cloze_gaps(exercise.text)
        for number, gap in enumerate(gaps, start=1):
            stored = found[f"{exercise.title} {number}"]
            assert stored == [spelling.replace("*", "\\*") for spelling in lms_answers(gap.answers)]
            ported = ClozeGap("shortanswer", answers=stored, fractions=[1.0] * len(stored))
            for spelling in lms_answers(gap.answers):
                assert grade(spelling, ported) == 1.0
    assert result.skipped == []


def test_gift_skips_a_gap_whose_answer_holds_a_reader_placeholder(tmp_path: Path) -> None:
    root = write_course(
        tmp_path / "c",
        {"Eins": [_exercise("ph", [("a&&058;b",), ("x&&0y",), ("ok",)])]},
    )
    result = export_gift(load_clean(root))
    assert result.skipped == [
        (
            "ph",
            "gap 1: an answer contains '&&058;', which Moodle's GIFT reader turns into another "
            "character (the Moodle XML file has it)",
        )
    ]
    assert list(_gift_answers(read_gift(result.text)).values()) == [["x&&0y"], ["ok"]]
    assert _assert_round_trip(load_clean(root)) == 3


def test_the_realworld_course_round_trips() -> None:
    course = load_course(FIXTURES / "realworld")
    assert not course.errors, [str(problem) for problem in course.errors]
    assert _assert_round_trip(course) >= 30
    gift = export_gift(course)
    assert [entry for entry in gift.skipped if entry[0].startswith("gaps-")] == []
    assert len(read_gift(gift.text)) == gift.questions
