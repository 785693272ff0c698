"""The `::: progress` page: rendered from the model, filled in by seminarkit.js in the browser."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from seminarkit.loader import load_course
from seminarkit.rendering import PageContext
from seminarkit.web import WebRenderer

from ..conftest import FIXTURE_COURSE
from .conftest import Session


def rows_of(html: str) -> list[tuple[str, str]]:
    """(exercise id, link) of every row of a rendered progress table."""
    return re.findall(r'<tr data-sk-exercise="([^"]+)".*?<a href="([^"]+)">', html, re.DOTALL)


def test_progress_lists_every_self_study_exercise_with_a_link() -> None:
    course = load_course(FIXTURE_COURSE)
    course.exercises["case"].use = ["seminar"]
    html = WebRenderer(course).progress(PageContext("practice/index.md", "practice/index.html"))
    rows = rows_of(html)
    expected = [e.key for e in course.exercises_in_order() if e.for_self_study]
    assert [exercise_id for exercise_id, _ in rows] == expected and "case" not in expected
    assert ("reflect", "../basics.html#ex-reflect") in rows
    assert ("tick", "index.html#ex-tick") in rows
    assert '<td class="sk-progress__state">–</td>' in html
    assert '<template class="sk-data">' in html and 'class="sk-progress__actions" hidden' in html


def test_progress_links_with_directory_urls() -> None:
    course = load_course(FIXTURE_COURSE)
    course.config.use_directory_urls = True
    renderer = WebRenderer(course)
    links = dict(rows_of(renderer.progress(PageContext("progress.md", "progress/"))))
    assert links["reflect"] == "../basics/#ex-reflect"
    assert links["tick"] == "../practice/#ex-tick"
    from_root = dict(rows_of(renderer.progress(PageContext("index.md", ""))))
    assert from_root["tick"] == "practice/#ex-tick"


def test_progress_speaks_the_course_language() -> None:
    course = load_course(FIXTURE_COURSE)
    course.config.language = "de"
    html = WebRenderer(course).progress(PageContext("progress.md", "progress.html"))
    assert "Antworten sichern (JSON-Datei)" in html and ">Stand</th>" in html
    assert "nicht begonnen" in html  # in the words for seminarkit.js


def state(page: Page, exercise_id: str) -> Locator:
    """The state cell of one row."""
    return page.locator(f'tr[data-sk-exercise="{exercise_id}"] .sk-progress__state')


def test_states_follow_what_the_learner_did(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("progress.html"))
    expect(page.get_by_text("Progress, saving and loading answers need JavaScript.")).to_be_hidden()
    expect(page.locator(".sk-progress__summary")).to_have_text("0 of 12 exercises done.")
    expect(page.locator(".sk-progress__state")).to_have_text(["not started"] * 12)

    page.get_by_role("link", name="Weak ties").click()
    quiz = page.locator("#ex-quiz-basics")
    expect(quiz).to_be_in_viewport()
    quiz.get_by_role("radio", name="Weak ties").check()
    quiz.get_by_role("checkbox", name="Ability").check()
    quiz.get_by_role("checkbox", name="Benevolence").check()
    quiz.get_by_role("button", name="Check", exact=True).click()
    page.locator("#ex-reflect").get_by_role("textbox").first.fill("Anna")
    page.goto(at("practice/index.html"))
    rating = page.locator("#ex-rate-yourself")
    rating.locator("tbody tr").nth(0).get_by_role("radio").nth(2).check()
    rating.locator("tbody tr").nth(1).get_by_role("radio").nth(0).check()
    rating.get_by_role("button", name="Evaluate").click()
    page.locator("#ex-tick").get_by_label("Read the guest list").check()
    page.locator("#ex-act").get_by_role("button", name="Mark as done").click()

    page.goto(at("progress.html"))
    expect(state(page, "quiz-basics")).to_have_text("done · 2 of 2 correct")
    expect(state(page, "reflect")).to_have_text("in progress")
    expect(state(page, "rate-yourself")).to_have_text("done · Total: 6 points")
    expect(state(page, "tick")).to_have_text("in progress · 1 of 3 ticked")
    expect(state(page, "act")).to_have_text("done")
    expect(state(page, "gaps")).to_have_text("not started")
    expect(page.locator(".sk-progress__summary")).to_have_text("3 of 12 exercises done.")


def test_reset_asks_first(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    page.locator("#ex-reflect").get_by_role("textbox").first.fill("Anna")
    page.goto(at("progress.html"))
    reset = page.get_by_role("button", name="Delete all answers")
    page.once("dialog", lambda dialog: dialog.dismiss())
    reset.click()
    expect(state(page, "reflect")).to_have_text("in progress")
    page.once("dialog", lambda dialog: dialog.accept())
    reset.click()
    expect(page.locator(".sk-progress__message")).to_have_text("All answers were deleted.")
    expect(state(page, "reflect")).to_have_text("not started")
    assert page.evaluate("localStorage.length") == 0
    page.goto(at("basics.html"))
    expect(page.locator("#ex-reflect").get_by_role("textbox").first).to_have_value("")


def test_my_answers_to_read_and_print(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    page.locator("#ex-reflect").get_by_role("textbox").first.fill("Anna\nand Bernd")
    page.locator("#ex-pairs").get_by_label("Putnam").select_option("Bridging capital")
    page.goto(at("progress.html"))
    toggle = page.get_by_role("button", name="Show my answers")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    sheet = page.locator(".sk-answers")
    expect(sheet.get_by_role("heading", level=2)).to_have_text("My answers")
    expect(sheet.get_by_role("heading", level=3)).to_have_text(["Who helped you?", "Researchers"])
    expect(sheet.locator("dt")).to_have_text(["Who told you about the job?", "Putnam"])
    expect(sheet.locator("dd")).to_have_text(["Anna\nand Bernd", "Bridging capital"])

    page.evaluate(
        """() => { window.print = () => {
            window.__printed = document.querySelector('.sk-answers').getClientRects().length > 0
              && document.querySelector('.sk-progress__table').getClientRects().length === 0;
        }; }"""
    )
    page.emulate_media(media="print")
    sheet.locator("button", has_text="Print").dispatch_event("click")
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="screen")


def test_without_script_the_pages_promise_nothing_they_cannot_do(
    new_session: Callable[..., Session], at: Callable[[str], str]
) -> None:
    page = new_session(java_script_enabled=False).page(at("progress.html"))
    expect(
        page.get_by_text("Progress, saving and loading answers need JavaScript.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Delete all answers")).to_be_hidden()
    expect(page.get_by_role("link", name="Weak ties")).to_be_visible()
    page.goto(at("basics.html"))
    expect(page.locator("#ex-quiz-basics details.sk-solution")).to_be_visible()
