"""GIFT read back with Moodle's import algorithm (see gift_reader.py): structure and escaping."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from seminarkit.export import export_gift
from seminarkit.export.questions import category_path
from seminarkit.mdrender import MarkdownRenderer
from seminarkit.model.course import Course
from seminarkit.model.exercises import Cloze, Matching, Quiz, TrueFalse
from seminarkit.model.rules import Gap, cloze_gaps
from seminarkit.templating import render_cloze

from ..conftest import FIXTURE_COURSE
from .courses import load_clean, quiz, write_course
from .gift_reader import GiftError, GiftQuestion, read_gift
from .moodle_cloze import shortanswer_matches


def renderer(course: Course) -> MarkdownRenderer:
    return MarkdownRenderer(course.config.markdown_extensions, course.config.mdx_configs)


def block(course: Course, text: str | None) -> str:
    return str(renderer(course).block(text)).strip()


def inline(course: Course, text: str) -> str:
    """A short text (option, item, left side) as the export writes it: inline Markdown."""
    return str(renderer(course).text(text))


def plain(course: Course, text: str) -> str:
    """A short text without its Markdown syntax (names, right sides of matching)."""
    return renderer(course).plain(text)


def cloze_text(course: Course, exercise: Cloze, asked: int) -> str:
    """The question text Moodle shows for gap `asked`: its blank, the other gaps answered."""

    def gap(number: int, item: Gap) -> str:
        return "_____" if number == asked else html.escape(item.answer, quote=False)

    return str(render_cloze(exercise.text, renderer(course), gap)).strip()


@pytest.fixture(scope="module")
def fixture_course() -> Course:
    return load_clean(FIXTURE_COURSE)


@pytest.fixture(scope="module")
def fixture_questions(fixture_course: Course) -> dict[str, GiftQuestion]:
    return {q.name: q for q in read_gift(export_gift(fixture_course).text)}


def test_reader_is_strict() -> None:
    with pytest.raises(GiftError, match="without a name"):
        read_gift("Who? {=me ~you}")
    with pytest.raises(GiftError, match="brace"):
        read_gift("::Q::a { b {=me ~you}")
    with pytest.raises(GiftError, match="placeholders"):
        read_gift("::Q::a &&058; b{=me ~you}")
    assert read_gift("::Q\\:1::a \\{b\\} \\\\ c{=me ~you}")[0].text.text == "a {b} \\ c"


def test_fixture_categories_and_types(fixture_questions: dict[str, GiftQuestion]) -> None:
    assert {q.category for q in fixture_questions.values()} == {
        "$course$/top/Fixture Course/Basics"
    }
    assert {name: q.qtype for name, q in fixture_questions.items()} == {
        "Weak ties 1": "multichoice",
        "Weak ties 2": "multichoice",
        "Myths 1": "truefalse",
        "Myths 2": "truefalse",
        "The pitch 1": "shortanswer",
        "The pitch 2": "shortanswer",
        "The pitch 3": "shortanswer",
        "Researchers": "match",
    }
    assert all(q.text.format == "html" for q in fixture_questions.values())


def test_fixture_quiz(fixture_questions: dict[str, GiftQuestion], fixture_course: Course) -> None:
    exercise = fixture_course.exercises["quiz-basics"]
    assert isinstance(exercise, Quiz)
    single, multiple = fixture_questions["Weak ties 1"], fixture_questions["Weak ties 2"]
    assert single.single and not multiple.single
    assert single.text.text == block(fixture_course, exercise.questions[0].text)
    assert [a.fraction for a in single.answers] == [1.0, 0.0, 0.0]
    assert [a.text.text for a in single.answers] == [
        inline(fixture_course, option.text) for option in exercise.questions[0].options
    ]
    assert [a.feedback.text for a in single.answers] == [
        block(fixture_course, option.feedback) for option in exercise.questions[0].options
    ]
    assert single.general_feedback.text.startswith(
        block(fixture_course, exercise.questions[0].explanation)
    )
    assert [a.fraction for a in multiple.answers] == [0.5, 0.5, -1.0]


def test_fixture_true_false(
    fixture_questions: dict[str, GiftQuestion], fixture_course: Course
) -> None:
    exercise = fixture_course.exercises["statements"]
    assert isinstance(exercise, TrueFalse)
    for number, statement in enumerate(exercise.statements, start=1):
        question = fixture_questions[f"Myths {number}"]
        assert question.correct is statement.answer
        assert question.text.text == block(fixture_course, statement.text)
        assert question.general_feedback.text == block(fixture_course, statement.explanation)


def test_fixture_matching(
    fixture_questions: dict[str, GiftQuestion], fixture_course: Course
) -> None:
    exercise = fixture_course.exercises["pairs"]
    assert isinstance(exercise, Matching)
    found = [(left.text, right) for left, right in fixture_questions["Researchers"].subquestions]
    assert found == [(p.left, p.right) for p in exercise.pairs] + [
        ("", extra) for extra in exercise.distractors
    ]


def test_fixture_cloze_one_question_per_gap(
    fixture_questions: dict[str, GiftQuestion], fixture_course: Course
) -> None:
    exercise = fixture_course.exercises["gaps"]
    assert isinstance(exercise, Cloze)
    for number, gap in enumerate(cloze_gaps(exercise.text), start=1):
        question = fixture_questions[f"The pitch {number}"]
        assert [a.text.text for a in question.answers] == list(gap.answers)
        assert all(a.fraction == 1.0 for a in question.answers)
        assert question.text.text.endswith(cloze_text(fixture_course, exercise, number))
        assert block(fixture_course, exercise.solution) in question.general_feedback.text


def test_fixture_skips_and_notes(fixture_course: Course) -> None:
    result = export_gift(fixture_course)
    skipped = dict(result.skipped)
    assert "ordering" in skipped["steps"] and "Moodle XML" in skipped["steps"]
    assert set(result.exported) | set(skipped) == set(fixture_course.exercises)
    assert "steps" not in result.exported
    assert dict(result.notes)["gaps"] == (
        "GIFT takes one gap per question: 3 questions, one per gap, with the other gaps filled in"
    )
    assert result.questions == len(read_gift(result.text))
    assert "SECRET" not in result.text
    assert export_gift(fixture_course).text == result.text


HOSTILE = "~ = # { } : \\ \\n \\\\ :: -> Grüße <b>&amp;</b>"
#: Line breaks inside a question must not end it (blank line) or comment it out (`//`).
CODE = "Code:\n\n```\n// not a comment\n\n0\n\n  x = {1}\n```"


def test_hostile_strings_round_trip(tmp_path: Path) -> None:
    gaps = ["a~b=c#d{e}f:g\\h", "x*y", "[html]z", "%50%w", "q\\n"]
    root = write_course(
        tmp_path / "c",
        {
            f"Modul {HOSTILE}": [
                quiz(
                    "q",
                    {
                        "text": f"Frage {HOSTILE}",
                        "options": [
                            {"text": f"Ja {HOSTILE}", "correct": True, "feedback": HOSTILE},
                            {"text": "[html] Nein"},
                            {"text": "%50% Vielleicht"},
                        ],
                        "explanation": HOSTILE,
                    },
                    title=f"Titel {HOSTILE}",
                ),
                {
                    "id": "tf",
                    "type": "true-false",
                    "title": "Aussagen",
                    "duration": 5,
                    "statements": [{"text": HOSTILE, "answer": False, "explanation": CODE}],
                },
                {
                    "id": "m",
                    "type": "matching",
                    "title": "Paare",
                    "duration": 5,
                    "pairs": [
                        {"left": f"L {HOSTILE}", "right": f"R {HOSTILE}"},
                        {"left": "[html] Zwei", "right": "R -> zwei"},
                    ],
                    "distractors": [f"D {HOSTILE}"],
                },
                {
                    "id": "c",
                    "type": "cloze",
                    "title": "Lücken",
                    "duration": 5,
                    "case_sensitive": True,
                    "text": f"Vorne {HOSTILE} [[{gaps[0]}|{gaps[1]}]] mitte "
                    f"[[{gaps[2]}|{gaps[3]}]] und [[{gaps[4]}]] und [[a -> b]] hinten.",
                },
            ]
        },
        site_name=f"Kurs {HOSTILE}",
    )
    course = load_clean(root)
    result = export_gift(course)
    found = read_gift(result.text)
    assert {q.category for q in found} == {category_path((f"Kurs {HOSTILE}", f"Modul {HOSTILE}"))}

    multichoice = found[0]
    assert multichoice.name == plain(course, f"Titel {HOSTILE}")
    assert multichoice.name.startswith("Titel ~ = # { } : \\ \\n") and "<b>" not in multichoice.name
    assert multichoice.text.text == block(course, f"Frage {HOSTILE}")
    assert [a.text.text for a in multichoice.answers] == [
        inline(course, f"Ja {HOSTILE}"),
        "[html] Nein",
        "%50% Vielleicht",
    ]
    assert [a.fraction for a in multichoice.answers] == [1.0, 0.0, 0.0]
    assert multichoice.answers[0].feedback.text == block(course, HOSTILE)
    assert multichoice.general_feedback.text == block(course, HOSTILE)

    true_false = found[1]
    assert true_false.qtype == "truefalse" and true_false.correct is False
    assert true_false.text.text == block(course, HOSTILE)
    assert true_false.general_feedback.text == block(course, CODE)

    matching = found[2]
    assert [(left.text, right) for left, right in matching.subquestions] == [
        (inline(course, f"L {HOSTILE}"), plain(course, f"R {HOSTILE}")),
        ("[html] Zwei", "R -> zwei"),
        ("", plain(course, f"D {HOSTILE}")),
    ]

    clozes = found[3:]
    assert [q.name for q in clozes] == ["Lücken 1", "Lücken 2", "Lücken 3"]
    expected = [gaps[0:2], gaps[2:4], gaps[4:5]]
    exercise = course.exercises["c"]
    assert isinstance(exercise, Cloze)
    for number, (question, originals) in enumerate(zip(clozes, expected, strict=True), 1):
        assert question.qtype == "shortanswer"
        assert question.text.text == cloze_text(course, exercise, number)
        stored = [a.text.text for a in question.answers]
        # Moodle stores each answer as written; only `*` stays escaped (it is a wildcard).
        assert stored == [original.replace("*", "\\*") for original in originals]
        for pattern, original in zip(stored, originals, strict=True):
            assert shortanswer_matches(original, pattern, ignore_case=False)
    assert not shortanswer_matches("xzzy", clozes[0].answers[1].text.text, ignore_case=False)
    assert result.skipped == [
        (
            "c",
            "gap 4: an answer contains '->', which GIFT reads as a matching question "
            "(the Moodle XML file has it)",
        )
    ]
    notes = [note for exercise_id, note in result.notes if exercise_id == "c"]
    assert notes == [
        "GIFT takes one gap per question: 4 questions, one per gap, with the other gaps filled in",
        "GIFT cannot make answers case-sensitive; Moodle will accept any case",
    ]


def test_notes_for_what_gift_cannot_say(tmp_path: Path) -> None:
    root = write_course(
        tmp_path / "c",
        {
            "Eins": [
                quiz(
                    "q",
                    {"text": "Frage", "options": [{"text": "A", "correct": True}, {"text": "B"}]},
                    shuffle=False,
                    hints=["Tipp"],
                )
            ]
        },
    )
    result = export_gift(load_clean(root))
    assert result.notes == [
        ("q", "GIFT cannot keep the option order; Moodle may shuffle the options"),
        ("q", "GIFT has no hints; they are left out (the Moodle XML file has them)"),
    ]
    assert [q.name for q in read_gift(result.text)] == ["Quiz"]
