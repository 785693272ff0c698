"""Nothing lost, nothing leaked: two windows, two courses on one origin, loading files, a full
storage, edits that keep the question, any valid id. Real builds, real Chromium."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from ..conftest import FIXTURES
from .conftest import Session, WebRoot, build, copy_course

BLOCK_EVENTS = "addEventListener('storage', (event) => event.stopImmediatePropagation(), true);"
"""A window that never hears of other windows' saves (as if the event came late)."""

FILL_STORAGE = """(room) => {
  let size = 1 << 20;
  let n = 0;
  while (size > 0) {
    try {
      localStorage.setItem('junk' + n, 'x'.repeat(size));
      n += 1;
    } catch (error) {
      size >>= 1;
    }
  }
  if (room) {
    localStorage.removeItem('junk0');
    localStorage.setItem('junk0', 'x'.repeat((1 << 20) - room));
  }
  return n;
}"""
"""Fill the origin's quota with junk keys, leaving `room` characters free."""

STORED = (
    "Object.fromEntries(Object.entries(localStorage)"
    ".filter(([key]) => key.startsWith('seminarkit:')))"
)
EXTRA = "type: reflection\ntitle: Extra question\nduration: 5\nprompts:\n  - text: Anything else?\n"


def configure(course: Path, site_name: str | None = None, **options: Any) -> Path:
    """Set the title and seminarkit options of a course (and switch its PDFs off: faster)."""
    config_file = course / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["site_name"] = site_name or config["site_name"]
    plugins = config["plugins"]
    for index, entry in enumerate(plugins):
        if entry == "seminarkit":
            plugins[index] = entry = {"seminarkit": {}}
        if isinstance(entry, dict) and "seminarkit" in entry:
            entry["seminarkit"].update(pdf=False, **options)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return course


def edit(course: Path, exercise: str, old: str, new: str) -> None:
    """Replace a text in one exercise file (which must contain it)."""
    path = next((course / "exercises").rglob(f"{exercise}.yml"))
    text = path.read_text(encoding="utf-8")
    assert old in text, (exercise, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(web_root: WebRoot, course_source: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Variants of the fixture course built beside it on one origin; returns their name prefix.

    alpha, beta: the same title, ids course-alpha and course-beta. alpha-renamed: alpha with a new
    title. renamed: the fixture course with a new title and no id. plus: the fixture course (no
    id, same title) with one exercise more. edited: the fixture course with only non-answer keys
    changed. realworld: the real-world fixture course with a progress page.
    """
    root = tmp_path_factory.mktemp("kept")

    def variant(name: str, site_name: str | None = None, **options: Any) -> Path:
        return configure(copy_course(course_source, root / name), site_name, **options)

    courses = {
        "alpha": variant("alpha", course_id="course-alpha"),
        "alpha-renamed": variant("alpha-renamed", "Renamed Course", course_id="course-alpha"),
        "beta": variant("beta", course_id="course-beta"),
        "renamed": variant("renamed", "Renamed Course"),
        "plus": variant("plus"),
        "edited": variant("edited"),
    }
    plus = courses["plus"]
    (plus / "exercises" / "basics" / "extra.yml").write_text(EXTRA, encoding="utf-8")
    lesson = plus / "docs" / "basics.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n::: exercise extra\n", "utf-8")
    edited = courses["edited"]
    edit(edited, "reflect", "duration: 10", "duration: 25")
    edit(edited, "reflect", "title: Who helped you?", "title: Who helped you most?")
    edit(edited, "reflect", "  - You recall", "  - You remember")
    edit(edited, "reflect", "Think of your **last**", "Think of your *most recent*")
    edit(edited, "reflect", "count too.", "count as well.")
    edit(edited, "reflect", "SECRET-EXERCISE-NOTE reflect", "Changed note")
    edit(edited, "quiz-basics", "materials: [Flipchart]", "materials: [Flipchart, Pens]")
    edit(edited, "quiz-basics", "solution: Weak ties;", "solution: Weak ties, as said;")
    edit(edited, "quiz-basics", "Gee, Jones & Burke (2017).", "See Gee et al. (2017).")
    realworld = configure(copy_course(FIXTURES / "realworld", root / "realworld"))
    (realworld / "docs" / "progress.md").write_text("# Progress\n\n::: progress\n", "utf-8")
    courses["realworld"] = realworld
    for name, course in courses.items():
        build(course, web_root.path / f"kept-{name}")
    return "kept-"


@pytest.fixture(params=["http", "file"])
def opener(request: pytest.FixtureRequest, web_root: WebRoot) -> Callable[[str, str], str]:
    """Opens a page of a site below the web root over HTTP or from disk (two runs)."""
    return web_root.http if request.param == "http" else web_root.file


def prompt(page: Page, number: int = 1) -> Any:
    """A text field of the reflection `reflect`."""
    return page.locator("#ex-reflect").get_by_role("textbox").nth(number - 1)


def state(page: Page, exercise_id: str) -> Any:
    """The state cell of one row of the progress page."""
    return page.locator(f'tr[data-sk-exercise="{exercise_id}"] .sk-progress__state')


def stored(page: Page) -> dict[str, Any]:
    """Every seminarkit record of the page's origin, parsed."""
    return {key: json.loads(value) for key, value in page.evaluate(STORED).items()}


def upload(page: Page, folder: Path, data: dict[str, Any], name: str = "answers.json") -> None:
    """Load an answer file on the progress page the browser shows."""
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    page.get_by_label("Load answers (JSON file)").set_input_files(path)


def answer_file(answers: dict[str, Any], course: str = "Fixture Course") -> dict[str, Any]:
    """An answer file as the progress page writes it."""
    return {"format": "seminarkit-answers", "version": 1, "course": course, "answers": answers}


# ---- two windows ----


@pytest.fixture
def tabs(session: Session, web_root: WebRoot, fixture_site: str) -> Iterator[tuple[Page, Page]]:
    """Two windows of one browser profile on the same lesson page."""
    url = web_root.http(fixture_site, "basics.html")
    yield session.page(url), session.page(url)


def test_two_windows_see_each_others_answers(tabs: tuple[Page, Page]) -> None:
    first, second = tabs
    prompt(first, 1).fill("Anna, typed in the first window")
    expect(prompt(second, 1)).to_have_value("Anna, typed in the first window")
    prompt(second, 2).fill("Weekly, typed in the second window")
    expect(prompt(first, 2)).to_have_value("Weekly, typed in the second window")
    first.reload()
    expect(prompt(first, 1)).to_have_value("Anna, typed in the first window")
    expect(prompt(first, 2)).to_have_value("Weekly, typed in the second window")
    expect(first.locator("#ex-reflect .sk-changed")).to_have_count(0)


@pytest.fixture
def stale_tabs(session: Session, web_root: WebRoot, fixture_site: str) -> tuple[Page, Page]:
    """Two windows on the same lesson page; the second one hears nothing of the first's saves."""
    url = web_root.http(fixture_site, "basics.html")
    first, stale = session.page(url), session.page()
    stale.add_init_script(BLOCK_EVENTS)
    stale.goto(url)
    return first, stale


def test_a_window_that_missed_the_news_merges_before_it_writes(
    stale_tabs: tuple[Page, Page],
) -> None:
    first, stale = stale_tabs
    prompt(first, 1).fill("Anna")
    expect(first.locator("#ex-reflect .sk-saved")).to_contain_text("Saved")
    expect(prompt(stale, 1)).to_have_value("")  # it did not hear of it
    prompt(stale, 2).fill("Weekly")
    expect(prompt(stale, 1)).to_have_value("Anna")  # read back before writing
    record = stored(first)["seminarkit:Fixture%20Course:reflect"]
    assert record["fields"] == {"a1": "Anna", "a2": "Weekly"}
    assert record["previous"] == []
    expect(stale.locator("#ex-reflect .sk-changed")).to_have_count(0)


def test_one_field_changed_in_two_windows_keeps_both_versions(
    stale_tabs: tuple[Page, Page],
) -> None:
    first, stale = stale_tabs
    prompt(first, 1).fill("Anna, from the first window")
    expect(first.locator("#ex-reflect .sk-saved")).to_contain_text("Saved")
    prompt(stale, 1).fill("Bernd, from the second window")

    record = stored(first)["seminarkit:Fixture%20Course:reflect"]
    assert record["fields"] == {"a1": "Bernd, from the second window"}  # the latest typing wins
    assert [old["why"] for old in record["previous"]] == ["conflict"]
    assert record["previous"][0]["fields"] == {"a1": "Anna, from the first window"}
    exercise = stale.locator("#ex-reflect")
    expect(exercise.locator(".sk-feedback")).to_contain_text("changed in another window")
    box = exercise.locator(".sk-changed")
    expect(box.locator("dd")).to_have_text(["Anna, from the first window"])
    expect(box).to_contain_text("changed in another window at the same time")
    expect(prompt(first, 1)).to_have_value("Bernd, from the second window")  # it heard of it
    expect(first.locator("#ex-reflect .sk-changed dd")).to_have_text(
        ["Anna, from the first window"]
    )

    box.get_by_role("button", name="Restore this answer").click()
    expect(prompt(stale, 1)).to_have_value("Anna, from the first window")
    expect(prompt(stale, 1)).to_be_focused()
    expect(box.locator("dd")).to_have_text(["Bernd, from the second window"])
    expect(box).to_contain_text("replaced by a restored answer")
    stale.reload()
    expect(prompt(stale, 1)).to_have_value("Anna, from the first window")
    expect(prompt(first, 1)).to_have_value("Anna, from the first window")


def test_the_progress_page_follows_other_windows(
    session: Session, web_root: WebRoot, fixture_site: str
) -> None:
    progress = session.page(web_root.http(fixture_site, "progress.html"))
    expect(state(progress, "reflect")).to_have_text("not started")
    lesson = session.page(web_root.http(fixture_site, "basics.html"))
    prompt(lesson).fill("Anna")
    expect(state(progress, "reflect")).to_have_text("in progress")


# ---- one course, one id ----


def test_two_courses_with_one_title_keep_their_own_answers(
    session: Session, opener: Callable[[str, str], str], sites: str
) -> None:
    page = session.page(opener(f"{sites}alpha", "basics.html"))
    prompt(page).fill("Anna in alpha")
    expect(page.locator("#ex-reflect .sk-saved")).to_contain_text("Saved")
    page.goto(opener(f"{sites}beta", "basics.html"))
    expect(prompt(page)).to_have_value("")
    prompt(page).fill("Bernd in beta")
    expect(page.locator("#ex-reflect .sk-saved")).to_contain_text("Saved")
    assert sorted(stored(page)) == [
        "seminarkit:course-alpha:reflect",
        "seminarkit:course-beta:reflect",
    ]

    page.goto(opener(f"{sites}beta", "progress.html"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete all answers").click()
    expect(state(page, "reflect")).to_have_text("not started")
    page.goto(opener(f"{sites}alpha", "progress.html"))
    expect(state(page, "reflect")).to_have_text("in progress")
    page.goto(opener(f"{sites}alpha-renamed", "basics.html"))  # a new title, the same id
    expect(prompt(page)).to_have_value("Anna in alpha")


def test_courses_without_an_id_touch_only_their_own_exercises(
    session: Session, web_root: WebRoot, fixture_site: str, sites: str, tmp_path: Path
) -> None:
    page = session.page(web_root.http(f"{sites}plus", "basics.html"))
    page.locator("#ex-extra").get_by_role("textbox").fill("Only in plus")
    expect(page.locator("#ex-extra .sk-saved")).to_contain_text("Saved")
    page.goto(web_root.http(fixture_site, "progress.html"))  # the same title, no id
    with page.expect_download() as download:
        page.get_by_role("button", name="Save answers (JSON file)").click()
    download.value.save_as(tmp_path / "export.json")
    exported = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert exported["course"] == "Fixture Course" and exported["answers"] == {}
    page.get_by_role("button", name="Show my answers").click()
    expect(page.locator(".sk-answers")).to_contain_text("No answers saved yet.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete all answers").click()
    expect(page.locator(".sk-progress__message")).to_have_text("All answers were deleted.")
    page.goto(web_root.http(f"{sites}plus", "basics.html"))
    expect(page.locator("#ex-extra").get_by_role("textbox")).to_have_value("Only in plus")


def test_an_answer_file_of_another_course_loads_after_a_question(
    new_session: Callable[..., Session],
    opener: Callable[[str, str], str],
    fixture_site: str,
    sites: str,
    tmp_path: Path,
) -> None:
    page = new_session().page(opener(fixture_site, "basics.html"))
    prompt(page).fill("Anna")
    page.goto(opener(fixture_site, "progress.html"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Save answers (JSON file)").click()
    exported = tmp_path / "mine.json"
    download.value.save_as(exported)

    # The course was renamed without an id: the answers of its old title are not its own.
    other = new_session().page(opener(f"{sites}renamed", "progress.html"))
    for choice in ("Cancel", "Load these answers"):
        other.get_by_label("Load answers (JSON file)").set_input_files(exported)
        dialog = other.get_by_role("dialog", name="Load the answers from the file?")
        expect(dialog).to_be_visible()
        expect(dialog.locator(".sk-import__other")).to_have_text(
            "This file comes from another course: “Fixture Course”. Load its answers into "
            "this course? Only answers to exercises this course has are loaded."
        )
        expect(dialog.locator("tbody tr")).to_have_count(1)
        expect(dialog.locator("tbody td").nth(2)).to_have_text("the file's answer")
        dialog.get_by_role("button", name=choice).click()
        expect(dialog).to_be_hidden()
    expect(other.locator(".sk-progress__message")).to_have_text("Answers loaded (exercises: 1).")
    expect(state(other, "reflect")).to_have_text("in progress")
    other.goto(opener(f"{sites}renamed", "basics.html"))
    expect(prompt(other)).to_have_value("Anna")


# ---- loading a file never destroys ----


def test_loading_refuses_empty_records_and_keeps_what_it_replaces(
    session: Session, web_root: WebRoot, fixture_site: str, tmp_path: Path
) -> None:
    page = session.page(web_root.http(fixture_site, "basics.html"))
    prompt(page).fill("Anna")
    quiz = page.locator("#ex-quiz-basics")
    quiz.get_by_role("radio", name="Weak ties").check()
    pairs = page.locator("#ex-pairs")
    pairs.get_by_label("Burt").select_option("Structural holes")
    expect(pairs.locator(".sk-saved")).to_contain_text("Saved")
    hashes = {
        name: page.locator(f"#ex-{name}").get_attribute("data-sk-hash")
        for name in ("quiz-basics", "pairs")
    }
    before = stored(page)
    old, new = "2000-01-02T03:04:05.000Z", "2099-01-02T03:04:05.000Z"
    data = answer_file(
        {
            "reflect": [],
            "gaps": {},
            "statements": {"hash": "x", "updated": new, "fields": {}, "items": []},
            "quiz-basics": {
                "hash": hashes["quiz-basics"],
                "updated": old,
                "fields": {"q1": "2"},
                "items": [["Through which contacts?", "Close friends"]],
            },
            "pairs": {
                "hash": hashes["pairs"],
                "updated": new,
                "fields": {"m1": "Weak ties"},
                "items": [["Granovetter", "Weak ties"]],
            },
            "no-such-exercise": {"updated": new, "fields": {"a1": "x"}, "items": [["a", "x"]]},
        }
    )
    page.goto(web_root.http(fixture_site, "progress.html"))
    upload(page, tmp_path, data)
    dialog = page.get_by_role("dialog", name="Load the answers from the file?")
    expect(dialog.locator(".sk-import__other")).to_be_hidden()
    expect(dialog.locator("tbody th")).to_have_text(["Weak ties", "Researchers"])
    expect(dialog.locator("tbody tr td:last-child")).to_have_text(
        ["your answer in this browser (newer)", "the file's answer (newer)"]
    )
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator(".sk-progress__message")).to_have_text("Nothing was loaded.")
    assert stored(page) == before

    upload(page, tmp_path, data)
    dialog.get_by_role("button", name="Load these answers").click()
    expect(page.locator(".sk-progress__message")).to_have_text(
        "Answers loaded (exercises: 2). The answers not used are kept in the exercise's history "
        "(exercises: 2). Not loaded (empty, or for exercises this course does not have): 4."
    )
    page.goto(web_root.http(fixture_site, "basics.html"))
    expect(prompt(page)).to_have_value("Anna")
    expect(quiz.get_by_role("radio", name="Weak ties")).to_be_checked()
    expect(quiz.locator(".sk-changed")).to_contain_text("from a loaded file, older than yours")
    expect(quiz.locator(".sk-changed dd")).to_have_text(["Close friends"])
    expect(pairs.get_by_label("Granovetter")).to_have_value("Weak ties")
    expect(pairs.get_by_label("Burt")).to_have_value("")
    box = pairs.locator(".sk-changed")
    expect(box).to_contain_text("replaced when a file was loaded")
    box.get_by_role("button", name="Restore this answer").click()
    expect(pairs.get_by_label("Burt")).to_have_value("Structural holes")
    expect(pairs.get_by_label("Granovetter")).to_have_value("")
    expect(box.locator("dd")).to_have_text(["Weak ties"])  # the file's answer, kept in turn


def test_loading_the_same_answers_again_asks_nothing(
    session: Session, web_root: WebRoot, fixture_site: str, tmp_path: Path
) -> None:
    page = session.page(web_root.http(fixture_site, "basics.html"))
    prompt(page).fill("Anna")
    page.goto(web_root.http(fixture_site, "progress.html"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Save answers (JSON file)").click()
    download.value.save_as(tmp_path / "again.json")
    before = stored(page)
    page.get_by_label("Load answers (JSON file)").set_input_files(tmp_path / "again.json")
    expect(page.locator(".sk-progress__message")).to_have_text("Answers loaded (exercises: 1).")
    assert stored(page) == before


# ---- saving tells the truth ----


def test_a_full_storage_is_said_announced_and_offers_a_file(
    session: Session, web_root: WebRoot, fixture_site: str, tmp_path: Path
) -> None:
    page = session.page(web_root.http(fixture_site, "basics.html"))
    page.evaluate(FILL_STORAGE, 0)
    prompt(page).fill("Anna")
    exercise = page.locator("#ex-reflect")
    expect(exercise.locator(".sk-saved")).to_have_text("Not saved: this browser's storage is full.")
    expect(page.locator("#sk-alert[role=alert]")).to_have_text(
        "Not saved: this browser's storage is full. "
        "Save your answers as a file so that none is lost."
    )
    offer = exercise.get_by_role("button", name="Save this page's answers (JSON file)")
    with page.expect_download() as download:
        offer.click()
    saved = tmp_path / "rescued.json"
    download.value.save_as(saved)
    rescued = json.loads(saved.read_text(encoding="utf-8"))
    assert rescued["course"] == "Fixture Course"
    assert rescued["answers"]["reflect"]["fields"] == {"a1": "Anna"}

    page.evaluate("localStorage.clear()")  # space again: the next change is saved
    prompt(page, 2).fill("Weekly")
    expect(exercise.locator(".sk-saved")).to_contain_text("Saved")
    expect(offer).to_be_hidden()
    assert stored(page)["seminarkit:Fixture%20Course:reflect"]["fields"] == {
        "a1": "Anna",
        "a2": "Weekly",
    }


def test_refused_storage_is_announced_and_offers_a_file(
    new_session: Callable[..., Session], web_root: WebRoot, fixture_site: str
) -> None:
    session = new_session()
    session.context.add_init_script(
        "Storage.prototype.setItem = () => { throw new DOMException('no', 'SecurityError'); };"
    )
    page = session.page(web_root.http(fixture_site, "basics.html"))
    prompt(page).fill("Anna")
    expect(page.locator("#sk-alert")).to_have_text(
        "Not saved: this browser does not allow local storage. Save your answers as a file so "
        "that none is lost."
    )
    expect(
        page.locator("#ex-reflect").get_by_role("button", name="Save this page's answers")
    ).to_be_visible()


@pytest.mark.parametrize("room", [0, 30_000])
def test_loading_into_a_full_storage_counts_what_was_written(
    session: Session, web_root: WebRoot, fixture_site: str, tmp_path: Path, room: int
) -> None:
    page = session.page(web_root.http(fixture_site, "progress.html"))
    big, small = "r" * 3_000_000, "m" * 10_000  # more than the quota; a third of the room
    answers = {
        "reflect": {"fields": {"a1": big}, "items": [["Who?", big]]},
        "map": {"fields": {"k1-1": small}, "items": [["Name, Row 1", small]]},
        "plan": {"fields": {"p1-1": small}, "items": [["Goal, Row 1", small]]},
    }
    for name, record in answers.items():
        record.update(
            status="progress", hash=state(page, name).locator("..").get_attribute("data-sk-hash")
        )
    data = answer_file(answers)
    page.evaluate(FILL_STORAGE, room)
    upload(page, tmp_path, data)
    loaded = 1 if room else 0
    failed = (
        "Who helped you?, Two dormant ties"
        if room
        else ("Who helped you?, My network map, Two dormant ties")
    )
    expect(page.locator(".sk-progress__message")).to_have_text(
        f"Answers loaded: {loaded} of 3 exercises. Not saved, because this browser's storage is "
        f"full: {failed}. The answers saved before are unchanged. Save your answers as a file so "
        "that none is lost."
    )
    expect(page.locator(".sk-progress__message")).to_have_attribute("role", "status")
    assert sorted(stored(page)) == (["seminarkit:Fixture%20Course:map"] if room else [])
    expect(state(page, "map")).to_have_text("in progress" if room else "not started")


def test_a_file_of_thousands_of_foreign_records_stores_nothing_of_them(
    session: Session, web_root: WebRoot, fixture_site: str, tmp_path: Path
) -> None:
    page = session.page(web_root.http(fixture_site, "progress.html"))
    record = {"fields": {"a1": "x"}, "items": [["a", "x"]]}
    answers = {f"junk-{index}": record for index in range(20_000)}
    answers["reflect"] = {"fields": {"a1": "Anna"}, "items": [["Who?", "Anna"]]}
    upload(page, tmp_path, answer_file(answers))
    expect(page.locator(".sk-progress__message")).to_have_text(
        "Answers loaded (exercises: 1). Not loaded (empty, or for exercises this course does "
        "not have): 20000."
    )
    assert list(stored(page)) == ["seminarkit:Fixture%20Course:reflect"]


# ---- an answer survives edits that keep the question ----


def test_an_answer_survives_edits_that_keep_the_question(
    session: Session, web_root: WebRoot, fixture_site: str, sites: str
) -> None:
    page = session.page(web_root.http(fixture_site, "basics.html"))
    prompt(page).fill("Anna")
    quiz = page.locator("#ex-quiz-basics")
    quiz.get_by_role("radio", name="Weak ties").check()
    quiz.get_by_role("button", name="Check", exact=True).click()
    expect(quiz.locator(".sk-feedback")).to_contain_text("1 of 2 correct")
    page.goto(web_root.http(f"{sites}edited", "basics.html"))  # same origin, same course
    expect(page.locator("#ex-reflect .sk-exercise__title")).to_have_text("Who helped you most?")
    expect(prompt(page)).to_have_value("Anna")
    expect(quiz.get_by_role("radio", name="Weak ties")).to_be_checked()
    expect(quiz.locator(".sk-feedback")).to_contain_text("1 of 2 correct")
    expect(page.locator(".sk-changed")).to_have_count(0)
    page.goto(web_root.http(f"{sites}edited", "progress.html"))
    expect(state(page, "reflect")).to_have_text("in progress")


def test_answers_saved_under_the_old_hash_still_count(
    session: Session, web_root: WebRoot, fixture_site: str
) -> None:
    page = session.page(web_root.http(fixture_site, "basics.html"))
    legacy = page.locator("#ex-reflect").get_attribute("data-sk-legacy-hash")
    assert legacy and legacy != page.locator("#ex-reflect").get_attribute("data-sk-hash")
    record = {"hash": legacy, "fields": {"a1": "Anna"}, "items": [["Who?", "Anna"]]}
    record.update(status="progress", updated="2026-01-01T00:00:00.000Z", previous=[])
    page.evaluate(
        "(record) => localStorage.setItem('seminarkit:Fixture%20Course:reflect', record)",
        json.dumps(record),
    )
    page.goto(web_root.http(fixture_site, "progress.html"))
    expect(state(page, "reflect")).to_have_text("in progress")
    page.goto(web_root.http(fixture_site, "basics.html"))
    expect(prompt(page)).to_have_value("Anna")
    expect(page.locator("#ex-reflect .sk-changed")).to_have_count(0)


# ---- any valid id ----


def test_an_exercise_called_constructor_works_everywhere(
    session: Session, web_root: WebRoot, sites: str
) -> None:
    page = session.page(web_root.http(f"{sites}realworld", "learner-answers.html"))
    exercise = page.locator("#ex-constructor")
    exercise.get_by_role("textbox").first.fill("Anna")
    expect(exercise.locator(".sk-saved")).to_contain_text("Saved")
    page.goto(web_root.http(f"{sites}realworld", "progress.html"))
    expect(state(page, "constructor")).to_have_text("in progress")
    page.get_by_role("button", name="Show my answers").click()
    sheet = page.locator(".sk-answers")
    expect(sheet.get_by_role("heading", level=3)).to_contain_text(["A prototype key as id"])
    expect(sheet.locator("dd")).to_contain_text(["Anna"])
