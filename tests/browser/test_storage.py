"""Answers kept in the learner's browser: reload, other pages, export and import, changed exercises,
learner text that looks like markup."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import Session, WebRoot, build, copy_course

PAYLOAD = "<img src=x onerror=window.__pwned=1>"


def answer_some(page: Page, at: Callable[[str], str]) -> None:
    """Answer exercises of both lesson pages; leaves the browser on the practice page."""
    page.goto(at("basics.html"))
    page.locator("#ex-reflect").get_by_role("textbox").first.fill("Anna from the tennis club")
    quiz = page.locator("#ex-quiz-basics")
    quiz.get_by_role("radio", name="Weak ties").check()
    quiz.get_by_role("checkbox", name="Ability").check()
    quiz.get_by_role("button", name="Check", exact=True).click()
    expect(quiz.locator(".sk-feedback")).to_contain_text("1 of 2 correct")
    page.locator("#ex-pairs").get_by_label("Burt").select_option("Structural holes")
    page.goto(at("practice/index.html"))
    page.locator("#ex-tick").get_by_label("Read the guest list").check()
    page.locator("#ex-map").get_by_label("Name, Row 2").fill("Bernd")
    expect(page.locator("#ex-map .sk-saved")).to_contain_text("Saved")


def expect_answers(page: Page, at: Callable[[str], str]) -> None:
    """What `answer_some` entered is back in the fields, the quiz verdict included."""
    page.goto(at("basics.html"))
    expect(page.locator("#ex-reflect").get_by_role("textbox").first).to_have_value(
        "Anna from the tennis club"
    )
    quiz = page.locator("#ex-quiz-basics")
    expect(quiz.get_by_role("radio", name="Weak ties")).to_be_checked()
    expect(quiz.get_by_role("checkbox", name="Ability")).to_be_checked()
    expect(quiz.locator(".sk-mark")).to_have_text(["Correct.", "Not quite."])
    expect(page.locator("#ex-pairs").get_by_label("Burt")).to_have_value("Structural holes")
    page.goto(at("practice/index.html"))
    expect(page.locator("#ex-tick").get_by_label("Read the guest list")).to_be_checked()
    expect(page.locator("#ex-map").get_by_label("Name, Row 2")).to_have_value("Bernd")


def test_answers_survive_reload_and_moving_between_pages(
    session: Session, at: Callable[[str], str]
) -> None:
    page = session.page()
    answer_some(page, at)
    page.reload()
    expect(page.locator("#ex-map").get_by_label("Name, Row 2")).to_have_value("Bernd")
    page.get_by_role("link", name="Basics").first.click()
    expect(page.locator("#ex-pairs").get_by_label("Burt")).to_have_value("Structural holes")
    page.go_back()
    expect(page.locator("#ex-tick").get_by_label("Read the guest list")).to_be_checked()
    expect_answers(page, at)


def test_ordering_survives_a_reload(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    items = page.locator("#ex-steps .sk-ordering > li")
    first = items.nth(0).get_attribute("data-sk-item")
    items.nth(0).get_by_role("button", name="Move down").click()
    expect(items.nth(1)).to_have_attribute("data-sk-item", str(first))
    page.reload()
    expect(items.nth(1)).to_have_attribute("data-sk-item", str(first))


def test_keys_are_namespaced_by_course_and_exercise(
    session: Session, at: Callable[[str], str]
) -> None:
    page = session.page(at("basics.html"))
    page.locator("#ex-reflect").get_by_role("textbox").first.fill("Anna")
    expect(page.locator("#ex-reflect .sk-saved")).to_contain_text("Saved")
    stored = page.evaluate("Object.fromEntries(Object.entries(localStorage))")
    assert list(stored) == ["seminarkit:Fixture%20Course:reflect"]
    record = json.loads(stored["seminarkit:Fixture%20Course:reflect"])
    assert record["hash"] == page.locator("#ex-reflect").get_attribute("data-sk-hash")
    assert record["fields"] == {"a1": "Anna"}
    assert record["items"] == [["Who told you about the job?", "Anna"]]


def test_refused_storage_is_said_not_hidden(
    new_session: Callable[..., Session], at: Callable[[str], str]
) -> None:
    session = new_session()
    session.context.add_init_script(
        "Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceeded'); };"
    )
    page = session.page(at("basics.html"))
    page.locator("#ex-reflect").get_by_role("textbox").first.fill("Anna")
    expect(page.locator("#ex-reflect .sk-saved")).to_have_text(
        "Not saved: this browser does not allow local storage."
    )


def export_answers(page: Page, at: Callable[[str], str], folder: Path) -> Path:
    """Download the answers as JSON from the progress page."""
    page.goto(at("progress.html"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Save answers (JSON file)").click()
    assert download.value.suggested_filename == "my-answers.json"
    target = folder / "my-answers.json"
    download.value.save_as(target)
    return target


def test_export_then_import_on_a_fresh_profile(
    new_session: Callable[..., Session], at: Callable[[str], str], tmp_path: Path
) -> None:
    page = new_session().page()
    answer_some(page, at)
    exported = export_answers(page, at, tmp_path)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "seminarkit-answers" and data["course"] == "Fixture Course"
    assert sorted(data["answers"]) == ["map", "pairs", "quiz-basics", "reflect", "tick"]

    fresh = new_session().page(at("progress.html"))
    quiz_state = fresh.locator('tr[data-sk-exercise="quiz-basics"] .sk-progress__state')
    expect(quiz_state).to_have_text("not started")
    fresh.get_by_label("Load answers (JSON file)").set_input_files(exported)
    expect(fresh.locator(".sk-progress__message")).to_have_text("Answers loaded (exercises: 5).")
    expect(quiz_state).to_have_text("done · 1 of 2 correct")
    expect_answers(fresh, at)


def test_import_asks_before_replacing_and_refuses_other_files(
    session: Session, at: Callable[[str], str], tmp_path: Path
) -> None:
    page = session.page()
    answer_some(page, at)
    exported = export_answers(page, at, tmp_path)
    page.goto(at("practice/index.html"))
    page.locator("#ex-map").get_by_label("Name, Row 2").fill(
        "Bernd and Carla"
    )  # newer than the file
    page.goto(at("progress.html"))
    message = page.locator(".sk-progress__message")
    dialog = page.get_by_role("dialog", name="Load the answers from the file?")
    for answer in ("Cancel", "Load these answers"):  # the question comes after the file is read
        page.get_by_label("Load answers (JSON file)").set_input_files(exported)
        expect(dialog.locator("tbody th")).to_have_text(
            ["Who helped you?", "Weak ties", "Researchers", "Before the event", "My network map"]
        )
        expect(dialog.locator("tbody td:last-child")).to_have_text(
            ["unchanged (the same answer)"] * 4 + ["your answer in this browser (newer)"]
        )
        dialog.get_by_role("button", name=answer, exact=True).click()
        if answer == "Cancel":
            expect(message).to_have_text("Nothing was loaded.")
    expect(message).to_have_text(
        "Answers loaded (exercises: 5). The answers not used are kept in the exercise's history "
        "(exercises: 1)."
    )
    page.goto(at("practice/index.html"))
    expect(page.locator("#ex-map").get_by_label("Name, Row 2")).to_have_value("Bernd and Carla")
    expect(page.locator("#ex-map .sk-changed dd")).to_have_text(["Name: Bernd"])
    page.goto(at("progress.html"))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "seminarkit-answers", "course": "Other"}), "utf-8")
    page.get_by_label("Load answers (JSON file)").set_input_files(other)
    expect(message).to_have_text("This file holds no answers to this course.")


def test_learner_text_is_shown_as_text_and_runs_nothing(
    session: Session, at: Callable[[str], str], tmp_path: Path
) -> None:
    page = session.page(at("basics.html"))
    page.locator("#ex-reflect").get_by_role("textbox").first.fill(PAYLOAD)
    page.locator("#ex-gaps").get_by_label("Gap 1").fill(PAYLOAD)
    page.reload()
    expect(page.locator("#ex-reflect").get_by_role("textbox").first).to_have_value(PAYLOAD)
    page.goto(at("progress.html"))
    page.get_by_role("button", name="Show my answers").click()
    sheet = page.locator(".sk-answers")
    expect(sheet.locator("dd", has_text=PAYLOAD)).to_have_count(2)

    forged = {
        "format": "seminarkit-answers",
        "course": "Fixture Course",
        "answers": {
            "case": {
                "hash": "forged",
                "title": PAYLOAD,
                "items": [[PAYLOAD, PAYLOAD]],
                "previous": [{"hash": "old", "updated": PAYLOAD, "items": [[PAYLOAD, "x"]]}],
                "status": "<b>done</b>",
                "result": {"points": PAYLOAD},
            }
        },
    }
    upload = tmp_path / "forged.json"
    upload.write_text(json.dumps(forged), encoding="utf-8")
    page.get_by_label("Load answers (JSON file)").set_input_files(upload)
    expect(page.locator(".sk-progress__message")).to_have_text("Answers loaded (exercises: 1).")
    expect(sheet.get_by_role("heading", name=PAYLOAD)).to_be_visible()
    page.goto(at("practice/index.html"))
    expect(page.locator("#ex-case .sk-changed")).to_contain_text(PAYLOAD)
    for visited in (page,):
        assert visited.evaluate("window.__pwned") is None
        assert visited.locator("img[src=x]").count() == 0


def test_changed_exercise_keeps_the_old_answer_with_a_notice(
    session: Session, web_root: WebRoot, fixture_site: str, course_source: Path, tmp_path: Path
) -> None:
    page = session.page(web_root.http(fixture_site, "basics.html"))
    page.locator("#ex-gaps").get_by_label("Gap 1").fill("are")
    page.locator("#ex-gaps").get_by_label("Gap 2").fill(PAYLOAD)
    page.locator("#ex-statements").locator("fieldset").nth(0).get_by_role(
        "radio", name="false"
    ).check()

    course = copy_course(course_source, tmp_path / "course")
    gaps = course / "exercises" / "basics" / "gaps.yml"
    gaps.write_text(
        gaps.read_text(encoding="utf-8").replace("First say who", "Start with who"), "utf-8"
    )
    build(course, web_root.path / "changed")  # same origin, same course: the same storage

    page.goto(web_root.http("changed", "basics.html"))
    cloze = page.locator("#ex-gaps")
    notice = cloze.locator(".sk-changed")
    expect(notice).to_contain_text("This exercise has changed since you answered it.")
    expect(notice.locator("dd")).to_have_text(["are", PAYLOAD])
    expect(cloze.get_by_label("Gap 1")).to_have_value("")
    statements = page.locator("#ex-statements")  # unchanged: restored as before
    expect(statements.locator("fieldset").nth(0).get_by_role("radio", name="false")).to_be_checked()

    page.goto(web_root.http("changed", "progress.html"))
    expect(page.locator('tr[data-sk-exercise="gaps"] .sk-progress__state')).to_have_text(
        "not started · changed – earlier answer kept"
    )

    page.goto(web_root.http("changed", "basics.html"))
    cloze.get_by_label("Gap 1").fill("am")
    page.reload()
    expect(cloze.get_by_label("Gap 1")).to_have_value("am")
    expect(notice.locator("dd")).to_have_text(["are", PAYLOAD])
    assert page.evaluate("window.__pwned") is None
