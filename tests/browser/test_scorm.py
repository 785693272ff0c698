"""The SCORM 1.2 package in a real SCORM runtime: scorm-again (npm, `npm ci`) plays the learning
platform in a host page whose frame launches the package, in Debian's Chromium.

The course: the fixture course with three self-study exercises (reflection, free text; quiz and
cloze, auto-checked), every other one for the seminar only, and `mastery_score: 60`.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Frame, Page, expect

from seminarkit.loader import load_course
from seminarkit.outputs import package_scorm

from ..conftest import REPO
from ..test_scorm import scorm_course
from .conftest import Session, WebRoot, build

SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
REFLECTION = "My colleague Anna from the old job, who knows everyone at the trade fair."

#: The platform's page: scorm-again's SCORM 1.2 API as `window.API`, loaded with what the test
#: put into `window.skStored` (an earlier attempt's data), and the package in its frame.
HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS harness</title>
<style>
body { margin: 0; font: 14px/1.4 sans-serif; display: flex; flex-direction: column; height: 100vh; }
header { background: #24466b; color: #fff; padding: 8px 16px; }
iframe { flex: 1; border: 0; width: 100%; }
</style>
<script src="scorm12.min.js"></script>
<script>
window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
if (window.skStored) window.API.loadFromJSON(window.skStored);
window.skCalls = [];
API.on('LMSSetValue.cmi.core.exit', (name, value) => skCalls.push(`exit=${value}`));
API.on('LMSSetValue.cmi.core.session_time', (name, value) => skCalls.push(`session_time=${value}`));
API.on('LMSFinish', () => skCalls.push('LMSFinish'));
</script></head>
<body><header>Learning platform (scorm-again SCORM 1.2 runtime) · <span id="status"></span></header>
<iframe title="Course" src="package/seminarkit-scorm.html"></iframe>
<script>
setInterval(() => { document.getElementById('status').textContent =
  `lesson_status: ${API.cmi.core.lesson_status} · score.raw: ${API.cmi.core.score.raw}`; }, 100);
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def lms(web_root: WebRoot, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The package unpacked below the web root beside the harness page; the harness's URL."""
    course = scorm_course(
        tmp_path_factory.mktemp("scorm") / "course",
        pdf=False,
        publish={"scorm": "site"},
        mastery_score=60,
    )
    site = build(course, course / "site")
    package, _ = package_scorm(load_course(course), site)
    folder = web_root.path / "lms"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder / "package")
    shutil.copy(SCORM_AGAIN, folder / "scorm12.min.js")
    (folder / "harness.html").write_text(HARNESS, encoding="utf-8")
    return web_root.http("lms", "harness.html")


def launch(session: Session, url: str, stored: dict[str, Any] | None = None) -> Page:
    """The harness in `session`, with `stored` as the platform's data of an earlier attempt."""
    if stored is not None:
        session.context.add_init_script(f"window.skStored = {json.dumps(stored)};")
    page = session.page(url)
    page.frame_locator("iframe").frame_locator("iframe").locator(".md-content").first.wait_for()
    return page


def course(page: Page) -> Frame:
    """The frame that shows the course's pages: in the package's launch page, in the harness."""
    launcher = re.compile(r"/package/(seminarkit-scorm|many-\d+)\.html$")
    for frame in page.frames:
        parent = frame.parent_frame
        if parent is not None and launcher.search(parent.url):
            return frame
    raise AssertionError([frame.url for frame in page.frames])


def open_page(page: Page, name: str) -> Frame:
    """Show the course page `name` in the course frame, as a click on its link would."""
    frame = course(page)
    frame.goto(frame.url.rsplit("/", 1)[0] + "/" + name)
    frame.locator(".sk-actions").first.wait_for()
    return frame


def cmi(page: Page, name: str) -> str:
    """A value of the platform's data model, as the platform holds it."""
    return str(page.evaluate(f"API.LMSGetValue('cmi.{name}')"))


def answer_quiz(frame: Frame, *, right: bool) -> None:
    quiz = frame.locator("#ex-quiz-basics")
    quiz.get_by_label("Weak ties" if right else "Close friends").check()
    quiz.get_by_label("Ability").check()
    quiz.get_by_label("Benevolence").check()
    quiz.locator("[data-sk-do=check]").click()


def fill_gaps(frame: Frame, words: list[str]) -> None:
    gaps = frame.locator("#ex-gaps .sk-gap")
    for index, word in enumerate(words):
        gaps.nth(index).fill(word)
    frame.locator("#ex-gaps [data-sk-do=check]").click()


def suspend_entries(page: Page) -> list[list[Any]]:
    data = json.loads(cmi(page, "suspend_data"))
    assert data[0] == 1
    return list(data[1:])


@pytest.fixture(scope="module")
def attempt(lms: str, browser: Any, web_root: WebRoot) -> Iterator[dict[str, Any]]:
    """One learner's attempt, step by step: what the platform held after each step."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    session = Session(context, [web_root.url])
    page = launch(session, lms)
    seen: dict[str, Any] = {"launched": cmi(page, "core.lesson_status")}
    frame = open_page(page, "basics.html")
    answer_quiz(frame, right=True)
    expect(page.locator("#status")).to_contain_text("score.raw: 50")
    seen["quiz"] = (cmi(page, "core.lesson_status"), cmi(page, "core.score.raw"))
    fill_gaps(frame, ["are", "sell", "question"])
    frame.locator("#ex-reflect textarea").first.fill(REFLECTION)
    frame.locator("#ex-reflect [data-sk-do=done]").click()
    expect(page.locator("#status")).to_contain_text("lesson_status: failed")
    seen["all_done"] = (cmi(page, "core.lesson_status"), cmi(page, "core.score.raw"))
    frame.locator("#ex-gaps [data-sk-do=retry]").click()
    fill_gaps(frame, ["are", "offer", "question"])
    expect(page.locator("#status")).to_contain_text("lesson_status: passed")
    seen["passed"] = (cmi(page, "core.lesson_status"), cmi(page, "core.score.raw"))
    seen["score_range"] = (cmi(page, "core.score.min"), cmi(page, "core.score.max"))
    seen["suspend"] = cmi(page, "suspend_data")
    seen["entries"] = suspend_entries(page)
    page.evaluate("document.querySelector('iframe').remove()")  # the learner leaves the course
    seen["finish"] = page.evaluate("[skCalls, API.isTerminated()]")
    page.close()
    seen["errors"] = session.errors
    yield seen
    context.close()


def test_status_follows_the_self_study_exercises(attempt: dict[str, Any]) -> None:
    assert attempt["launched"] == "incomplete"
    assert attempt["quiz"] == ("incomplete", "50")  # 1 of 2 auto-checked right, 2 still open
    assert attempt["all_done"] == ("failed", "50")  # all done, below the mastery score of 60
    assert attempt["passed"] == ("passed", "100")
    assert attempt["score_range"] == ("0", "100")
    calls, terminated = attempt["finish"]
    assert terminated and calls[-1] == "LMSFinish"
    assert "exit=" in calls  # all done: a normal exit, nothing to resume
    assert any(re.fullmatch(r"session_time=\d{4}:\d\d:\d\d", call) for call in calls)
    assert attempt["errors"] == []


def test_suspend_data_holds_states_and_short_answers_not_free_texts(
    attempt: dict[str, Any],
) -> None:
    entries = {entry[0]: entry for entry in attempt["entries"]}
    assert len(entries) == 3
    reflect, quiz, gaps = (entries[index] for index in sorted(entries))  # in page order
    # flags: 2 done + 4 checked; result: right, total, answered
    assert quiz[2:4] == [6, [2, 2, 2]]
    assert gaps[2:4] == [6, [3, 3, 3]]
    assert sorted(gaps[5].values()) == ["are", "offer", "question"]
    assert reflect[2] == 2 + 8 and len(reflect) == 5  # done, its text stayed in the browser
    assert REFLECTION not in attempt["suspend"] and "Anna" not in attempt["suspend"]
    assert len(attempt["suspend"]) <= 4096


def test_resume_on_a_fresh_profile(
    lms: str, attempt: dict[str, Any], new_session: Callable[..., Session]
) -> None:
    session = new_session(viewport={"width": 1280, "height": 900})
    page = launch(session, lms, {"cmi": {"suspend_data": attempt["suspend"]}})
    frame = open_page(page, "basics.html")
    quiz = frame.locator("#ex-quiz-basics")
    expect(quiz.get_by_label("Weak ties")).to_be_checked()
    expect(quiz.get_by_label("Benevolence")).to_be_checked()
    expect(quiz.locator(".sk-mark--right").first).to_be_visible()  # checked before: marks shown
    gaps = frame.locator("#ex-gaps .sk-gap")
    assert [gaps.nth(index).input_value() for index in range(3)] == ["are", "offer", "question"]
    expect(frame.locator("#ex-reflect [data-sk-do=done]")).to_have_attribute("aria-pressed", "true")
    expect(frame.locator("#ex-reflect textarea").first).to_have_value("")  # stayed on the device
    assert cmi(page, "core.lesson_status") == "passed"
    assert cmi(page, "core.score.raw") == "100"


def test_resume_keeps_what_this_browser_has(
    lms: str, attempt: dict[str, Any], new_session: Callable[..., Session]
) -> None:
    """A local answer older than the platform's goes into the exercise's history; a local free
    text stays; a newer local answer wins and is reported back."""
    session = new_session(viewport={"width": 1280, "height": 900})
    page = launch(session, lms)  # no platform data: a first visit on this device
    frame = open_page(page, "basics.html")
    answer_quiz(frame, right=False)
    frame.locator("#ex-reflect textarea").first.fill(REFLECTION)
    expect(page.locator("#status")).to_contain_text("score.raw: 0")
    older = page.evaluate(
        """() => { for (const key of Object.keys(localStorage)) {
             const record = JSON.parse(localStorage.getItem(key));
             record.updated = '2001-01-01T00:00:00.000Z';
             localStorage.setItem(key, JSON.stringify(record)); } }"""
    )
    assert older is None
    page.evaluate("document.querySelector('iframe').remove()")
    assert page.evaluate("skCalls").count("exit=suspend") == 1  # open exercises: to resume
    page.close()
    page = launch(session, lms, {"cmi": {"suspend_data": attempt["suspend"]}})
    frame = open_page(page, "basics.html")
    quiz = frame.locator("#ex-quiz-basics")
    expect(quiz.get_by_label("Weak ties")).to_be_checked()  # the platform's newer answer
    expect(quiz.locator(".sk-changed")).to_contain_text("Close friends")  # this one, kept
    expect(frame.locator("#ex-reflect textarea").first).to_have_value(REFLECTION)
    assert cmi(page, "core.lesson_status") == "passed"


def test_without_a_platform_the_package_is_the_site(
    lms: str, new_session: Callable[..., Session]
) -> None:
    session = new_session(viewport={"width": 1280, "height": 900})
    page = session.page(lms.replace("harness.html", "package/seminarkit-scorm.html"))
    page.frame_locator("iframe").locator(".md-content").first.wait_for()
    frame = open_page(page, "basics.html")
    answer_quiz(frame, right=True)
    expect(frame.locator("#ex-quiz-basics .sk-saved")).to_contain_text("✓")
    frame = open_page(page, "basics.html")
    expect(frame.locator("#ex-quiz-basics").get_by_label("Weak ties")).to_be_checked()
    expect(page.locator("details.sk-lms summary")).to_contain_text("learning platform")


def many(count: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A runtime config of `count` quiz exercises and a stored answer to each (localStorage)."""
    exercises = [[f"quiz-{n}", f"{n:04x}abcdef12", "", "quiz", 1, 1] for n in range(count)]
    records = {
        f"seminarkit:many:quiz-{n}": {
            "hash": f"{n:04x}abcdef12",
            "type": "quiz",
            "status": "done",
            "checked": True,
            "done": False,
            "result": {"right": n % 3, "total": 2, "answered": 2},
            "fields": {"q1": "2", "q2": ["1", "3"]},
            "items": [],
            "previous": [],
            "updated": "2027-03-12T10:00:00.000Z",
        }
        for n in range(count)
    }
    return {"course": "many", "mastery": None, "exercises": exercises}, records


@pytest.mark.parametrize("count", [40, 120, 400])
def test_suspend_data_stays_within_4096_characters(
    lms: str, web_root: WebRoot, new_session: Callable[..., Session], count: int
) -> None:
    config, records = many(count)
    launcher = web_root.path / "lms" / "package" / "seminarkit-scorm.html"
    page_text = re.sub(
        r'(<script type="application/json" id="sk-scorm">).*?(</script>)',
        lambda match: match[1] + json.dumps(config) + match[2],
        launcher.read_text(encoding="utf-8"),
    )
    (launcher.parent / f"many-{count}.html").write_text(page_text, encoding="utf-8")
    (launcher.parent.parent / f"many-{count}.html").write_text(
        HARNESS.replace("package/seminarkit-scorm.html", f"package/many-{count}.html")
    )
    session = new_session()
    session.context.add_init_script(
        f"for (const [k, v] of Object.entries({json.dumps(records)})) "
        "localStorage.setItem(k, JSON.stringify(v));"
    )
    page = launch(session, lms.replace("harness.html", f"many-{count}.html"))
    text = cmi(page, "suspend_data")
    assert len(text) <= 4096
    entries = suspend_entries(page)
    states = min(count, 120)  # every state up to about 120 exercises
    assert [entry[0] for entry in entries][:states] == list(range(states))
    with_fields = [entry for entry in entries if len(entry) == 6]
    if count <= 120:  # then room is left for answers, in page order
        assert with_fields and with_fields[0][5] == {"q1": "2", "q2": ["1", "3"]}
        assert with_fields == entries[: len(with_fields)]
    right = sum(n % 3 == 2 for n in range(count))
    assert cmi(page, "core.score.raw") == str(int(100 * right / count + 0.5))  # as Math.round
