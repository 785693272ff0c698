"""Golden HTML of every exercise type on the web (`pytest --update-goldens` rewrites them)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from seminarkit.loader import load_course
from seminarkit.model.exercises import EXERCISE_TYPES
from seminarkit.web import WebRenderer

from .conftest import FIXTURE_COURSE

GOLDENS = Path(__file__).parent / "goldens" / "web"
COURSE = load_course(FIXTURE_COURSE)
RENDERER = WebRenderer(COURSE)
BY_TYPE = {e.type: e for e in COURSE.exercises.values()}


class _Structure(HTMLParser):
    """Collects ids, labels and unclosed tags, to check the HTML is sound."""

    VOID = frozenset({"input", "br", "img", "hr", "meta", "link", "circle", "line"})

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[dict[str, str | None]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "label" and values.get("for"):
            self.label_for.add(str(values["for"]))
        if tag in ("input", "select", "textarea"):
            self.fields.append({**values, "_tag": tag, "_in_label": str("label" in self.stack)})
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def test_fixture_has_every_type() -> None:
    assert sorted(BY_TYPE) == sorted(EXERCISE_TYPES)


@pytest.mark.parametrize("kind", EXERCISE_TYPES)
def test_web_html_matches_golden(kind: str, update_goldens: bool) -> None:
    html = RENDERER.exercise(BY_TYPE[kind]) + "\n"
    golden = GOLDENS / f"{kind}.html"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", EXERCISE_TYPES)
def test_web_html_is_well_formed_and_labelled(kind: str) -> None:
    exercise = BY_TYPE[kind]
    parser = _Structure()
    parser.feed(RENDERER.exercise(exercise))
    parser.close()
    assert parser.stack == []
    assert len(parser.ids) == len(set(parser.ids)), "duplicate ids"
    assert parser.ids[0] == f"ex-{exercise.key}"
    for field in parser.fields:
        labelled = (
            field.get("aria-label")
            or field.get("aria-labelledby")
            or field.get("id") in parser.label_for
            or field.get("_in_label") == "True"
        )
        assert labelled, f"unlabelled {field['_tag']} in {kind}"


def test_trainer_notes_never_reach_the_web() -> None:
    for exercise in COURSE.exercises.values():
        assert "SECRET" not in RENDERER.exercise(exercise)


def test_solution_and_hints_are_inside_details() -> None:
    html = RENDERER.exercise(COURSE.exercises["reflect"])
    assert '<details class="sk-hint" data-search-exclude>' in html
    assert "Colleagues from earlier jobs" in html
    quiz = RENDERER.exercise(COURSE.exercises["quiz-basics"])
    solution = quiz[quiz.index('<details class="sk-solution" data-search-exclude>') :]
    assert "Weak ties; ability and benevolence." in solution
    assert "Gee, Jones &amp; Burke (2017)." in solution


def test_german_interface_words() -> None:
    course = load_course(FIXTURE_COURSE)
    course.config.language = "de"
    html = WebRenderer(course).exercise(course.exercises["quiz-basics"])
    assert "Übung · Quiz" in html and "Partnerarbeit · 5 Minuten" in html
    assert "Lösung anzeigen" in html and "Material: Flipchart" in html


def test_ordering_and_matching_are_shuffled_deterministically() -> None:
    steps = COURSE.exercises["steps"]
    html = RENDERER.exercise(steps)
    shown = [item for item in steps.items if item in html]
    positions = [html.index(f">{item}</span>") for item in shown]
    assert positions != sorted(positions), "items must not appear in the correct order"
    assert WebRenderer(load_course(FIXTURE_COURSE)).exercise(steps) == html


def test_course_template_overrides_builtin_file_by_file(course_copy: Path) -> None:
    override = course_copy / "templates" / "web" / "checklist.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "web/_exercise.html" %}{% block body %}<p class="own">'
        "{{ exercise['items']|length }} items</p>{% endblock %}",
        encoding="utf-8",
    )
    course = load_course(course_copy)
    renderer = WebRenderer(course)
    assert '<p class="own">3 items</p>' in renderer.exercise(course.exercises["tick"])
    assert 'class="sk-option"' in renderer.exercise(course.exercises["case"])


def test_cloze_gaps_become_labelled_inputs() -> None:
    html = RENDERER.exercise(COURSE.exercises["gaps"])
    assert html.count('class="sk-gap"') == 3
    assert 'aria-label="Gap 2"' in html
    assert "[[" not in html
