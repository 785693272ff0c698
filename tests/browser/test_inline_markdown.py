"""Inline Markdown in every short text, in every output: the web page in Chromium, the PDFs read
back with pypdf, the Moodle XML and GIFT exports, the calendar.

One real `mkdocs build --strict` (PDFs included) of the real-world fixture's `inline` page and
its exercises (tests/fixtures/realworld/docs/inline.md, exercises/inline/), with seminar dates
added so the calendar is written as well.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ..conftest import FIXTURES
from ..export.gift_reader import read_gift
from .conftest import Session, WebRoot, build

SOURCE = FIXTURES / "realworld"
#: What raw Markdown leaves in a text when it is not rendered.
RAW = ("**", "`", "](")
#: (exercise id, CSS selector inside it, text of one matching element): the syntax became HTML.
RENDERED = [
    ("inline-quiz", ".sk-exercise__title code", "git log"),
    ("inline-quiz", ".sk-exercise__title strong", "quickly"),
    ("inline-quiz", ".sk-exercise__objectives strong", "one-line"),
    ("inline-quiz", ".sk-exercise__meta code", "git"),
    ("inline-quiz", ".sk-exercise__meta a", "Cheat sheet"),
    ("inline-quiz", "legend em", "one line"),
    ("inline-quiz", ".sk-option label code", "git log --oneline"),
    ("inline-quiz", ".sk-option label strong", "git status"),
    ("inline-quiz", '.sk-option label a[href="https://example.org/git-log"]', "the manual"),
    ("inline-quiz", ".sk-option label code", "a < b"),
    ("inline-true-false", "legend code", "HEAD"),
    ("inline-matching", ".sk-match__left strong", "Stage"),
    ("inline-matching", ".sk-match__left em", "message"),
    ("inline-matching", '.sk-match__left a[href="https://example.org/remotes"]', "remote"),
    ("inline-matching", ".sk-match__left code", "a < b"),
    ("inline-matching", ".sk-key strong code", "git add"),
    ("inline-matching", ".sk-key strong a", "the docs"),
    ("inline-ordering", ".sk-ordering__text code", "git pull"),
    ("inline-ordering", ".sk-ordering__text a", "pull request"),
    ("inline-cloze", ".sk-exercise__title em", "missing"),
    ("inline-self-assessment", "thead em", "never"),
    ("inline-self-assessment", "thead code", "often"),
    ("inline-self-assessment", "tbody th code", "git rebase -i"),
    ("inline-checklist", "label strong", "pass"),
    ("inline-checklist", "label a", "style guide"),
    ("inline-scenario", "legend strong", "first"),
    ("inline-scenario", ".sk-option label code", "git revert"),
    ("inline-role-play", ".sk-role__name strong", "Author"),
    ("inline-role-play", ".sk-role__name code", "Reviewer"),
    ("inline-role-play", ".sk-phases th code", "diff"),
    ("inline-role-play", ".sk-phases th em", "Discuss"),
    ("inline-role-play", ".sk-observation a", "checklist"),
    ("inline-network-map", ".sk-entries th strong", "Name"),
    ("inline-action-plan", ".sk-entries th code", "date"),
    ("inline-reflection", ".sk-exercise__title code", "git"),
]
#: The right-hand items of the matching exercise as its menus show them.
MENU = ["git add", "git commit -m", "git push", "Look it up in the docs", "git stash (not needed)"]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `inline` page of the real-world course on its own, with two seminar dates."""
    root = tmp_path_factory.mktemp("inline") / "course"
    (root / "docs").mkdir(parents=True)
    (root / "exercises").mkdir()
    for page in ("index.md", "inline.md"):
        shutil.copy(SOURCE / "docs" / page, root / "docs" / page)
    shutil.copytree(SOURCE / "exercises" / "inline", root / "exercises" / "inline")
    config = yaml.safe_load((SOURCE / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = config["plugins"]
    plugins[plugins.index("seminarkit")] = {"seminarkit": {"schedule": {"dates": ["2027-03-12"]}}}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(web_root: WebRoot, course: Path) -> Path:
    """That course built once below the web root, PDFs and exports included."""
    return build(course, web_root.path / "inline")


@pytest.fixture
def page(session: Session, web_root: WebRoot, site: Path) -> Page:
    """The `inline` page, served over HTTP."""
    return session.page(web_root.http(site.name, "inline.html"))


def pdf_text(path: Path) -> str:
    """All text of a PDF, pages joined."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_every_short_text_shows_its_inline_markdown(page: Page) -> None:
    for key, selector, text in RENDERED:
        found = page.locator(f"#ex-{key} {selector}").all_text_contents()
        assert text in found, (key, selector, found)
    content = page.locator("article").text_content() or ""
    assert "1. Mai" in content and "# 1 on the list: never" in content
    for raw in RAW:
        assert raw not in content, f"raw {raw!r} on the page"
    # Text that looks like a block (a numbered date, a heading, a dash) stays a text.
    short = ":is(label, legend, th, .sk-ordering__text, .sk-role__name)"
    expect(page.locator(f"article {short} :is(ol, ul, h1, p, blockquote)")).to_have_count(0)


def test_places_without_markup_show_the_text_without_its_syntax(page: Page) -> None:
    menu = page.locator("#ex-inline-matching select").first.locator("option")
    expect(menu).to_have_count(len(MENU) + 1)
    assert sorted(menu.all_text_contents()[1:]) == sorted(MENU)
    labels = page.locator("#ex-inline-network-map svg text").all_text_contents()
    assert {"close", "regular", "loose", "Work team", "Open source", "#git chat"} <= set(labels)
    fields = page.locator("#ex-inline-action-plan textarea")
    assert [fields.nth(n).get_attribute("aria-label") for n in range(3)] == [
        "Goal, Row 1",
        "First step, Row 1",
        "By date, Row 1",
    ]
    # The schedule links each exercise by its title; link text holds no link and no syntax.
    expect(page.locator(".sk-agenda a", has_text="Reading git log quickly")).to_have_count(1)
    use = page.get_by_role("columnheader", name="Use", exact=True)  # only the index has it
    index = page.locator("table").filter(has=use).locator("a", has_text="Match the commands")
    expect(index).to_have_count(1)
    assert index.get_attribute("href", timeout=1000).endswith("#ex-inline-matching")


def test_matching_with_markdown_items_checks_and_saves_plain_text(page: Page) -> None:
    section = page.locator("#ex-inline-matching")
    picks = {
        "Stage a change": "git add",
        "Record it with a message": "git commit -m",
        "Share it on the remote": "git push",
        "1. Mai & a < b": "Look it up in the docs",
    }
    for left, right in picks.items():
        section.get_by_label(left, exact=True).select_option(label=right)
    section.get_by_label("Stage a change").select_option(label="git stash (not needed)")
    section.get_by_role("button", name="Check", exact=True).click()
    expect(section.locator(".sk-mark")).to_have_text(["Not quite."] + ["Correct."] * 3)
    stored = page.evaluate(
        "JSON.parse(localStorage.getItem(Object.keys(localStorage)"
        ".find((key) => key.endsWith(':inline-matching'))))"
    )
    assert stored["title"] == "Match the commands"
    assert stored["items"][0] == ["Stage a change", "git stash (not needed)"]
    assert [item[1] for item in stored["items"][1:]] == list(picks.values())[1:]

    section.get_by_role("button", name="Try again").click()
    section.get_by_label("Stage a change").select_option(label="git add")
    section.get_by_role("button", name="Check", exact=True).click()
    expect(section.locator(".sk-mark")).to_have_text(["Correct."] * 4)
    expect(section.locator(".sk-feedback")).to_contain_text("All correct")


def test_quiz_with_markdown_options_checks_right(page: Page) -> None:
    quiz = page.locator("#ex-inline-quiz")
    quiz.get_by_role("radio", name="git log --oneline").check()
    quiz.get_by_role("radio", name="- a dash first").check()  # wrong, and a text, not a list
    quiz.get_by_role("button", name="Check", exact=True).click()
    expect(quiz.locator(".sk-mark")).to_have_text(["Correct.", "Not quite."])
    expect(quiz.locator(".sk-option-feedback strong")).to_have_text("short")
    quiz.get_by_role("button", name="Try again").click()
    quiz.get_by_role("radio", name="Friday & a < b").check()
    quiz.get_by_role("button", name="Check", exact=True).click()
    expect(quiz.locator(".sk-mark")).to_have_text(["Correct.", "Correct."])


def bookmarks(path: Path) -> list[str]:
    """Every bookmark title of a PDF, depth first."""
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(PdfReader(path).outline)
    return titles


def test_pdfs_show_no_markdown_syntax(site: Path, course: Path) -> None:
    documents = [
        site / "downloads" / "worksheets-inline.pdf",
        site / "downloads" / "solutions.pdf",
        site / "downloads" / "course-reader.pdf",
        course / "trainer" / "trainer-guide.pdf",
    ]
    for document in documents:
        text = pdf_text(document)
        assert "Stage a change" in text and "1. Mai" in text, document.name
        for raw in RAW:
            assert raw not in text, f"raw {raw!r} in {document.name}"
        assert not any(raw in title for title in bookmarks(document) for raw in RAW)
    assert "Reading git log quickly" in bookmarks(site / "downloads" / "worksheets-inline.pdf")
    trainer = pdf_text(course / "trainer" / "trainer-guide.pdf")
    materials = trainer[trainer.index("Materials for the day") :]
    order = ["Cheat sheet", "Laptop with git", "Printed command cards"]  # sorted as they read
    assert [materials.index(item) for item in order] == sorted(materials.index(i) for i in order)


def test_worksheet_shows_the_quiz_options_in_the_web_order(page: Page, site: Path) -> None:
    shown = page.locator("#ex-inline-quiz fieldset").nth(1).locator("label").all_text_contents()
    text = pdf_text(site / "downloads" / "worksheets-inline.pdf")
    question = text[text.index("When did the release happen?") :]
    starts = [question.index(max(option.split(), key=len)) for option in shown]
    assert starts == sorted(starts), (shown, question[:200])


def test_moodle_xml_has_html_where_moodle_shows_html(site: Path) -> None:
    root = ET.parse(site / "downloads" / "moodle.xml").getroot()
    by_name = {
        q.findtext("name/text"): q for q in root.iter("question") if q.get("type") != "category"
    }
    assert {"Reading git log quickly 1", "Match the commands", "Order a git workflow"} <= set(
        by_name
    )
    assert all(not any(raw in name for raw in RAW) for name in by_name)

    options = [a.findtext("text") for a in by_name["Reading git log quickly 1"].iter("answer")]
    assert options == [
        "<code>git log --oneline</code>",
        "<strong>git status</strong>",
        'See <a href="https://example.org/git-log">the manual</a>',
        "1. Mai",
    ]
    matching = by_name["Match the commands"].findall("subquestion")
    assert [s.get("format") for s in matching] == ["html"] * 5
    assert [s.findtext("text") for s in matching] == [
        "<strong>Stage</strong> a change",
        "Record it with a <em>message</em>",
        'Share it on the <a href="https://example.org/remotes">remote</a>',
        "1. Mai &amp; <code>a &lt; b</code>",
        "",
    ]
    assert [s.findtext("answer/text") for s in matching] == MENU  # Moodle's menus: plain text
    items = [a.findtext("text") for a in by_name["Order a git workflow"].iter("answer")]
    assert items[0] == "<code>git pull</code> the <em>latest</em> state"


def test_gift_reads_back_with_html_options_and_plain_menus(site: Path) -> None:
    questions = {q.name: q for q in read_gift((site / "downloads" / "moodle.gift.txt").read_text())}
    quiz = questions["Reading git log quickly 2"]
    assert quiz.text.format == "html"
    assert [(a.text.text, a.text.format, a.fraction) for a in quiz.answers] == [
        ("# 1 on the list: <em>never</em>", "html", 0.0),
        ("- a dash first", "html", 0.0),
        ("<strong>Friday</strong> &amp; <code>a &lt; b</code>", "html", 1.0),
    ]
    matching = questions["Match the commands"]
    assert [(left.text, right) for left, right in matching.subquestions] == [
        ("<strong>Stage</strong> a change", "git add"),
        ("Record it with a <em>message</em>", "git commit -m"),
        ('Share it on the <a href="https://example.org/remotes">remote</a>', "git push"),
        ("1. Mai &amp; <code>a &lt; b</code>", "Look it up in the docs"),
        ("", "git stash (not needed)"),
    ]


def test_calendar_entries_are_plain_text(site: Path) -> None:
    calendar = (site / "downloads" / "seminar.ics").read_bytes().decode("utf-8")
    calendar = calendar.replace("\r\n ", "")  # unfolded
    running = [
        row
        for line in calendar.split("\r\n")
        if line.startswith("DESCRIPTION:")
        for row in line.removeprefix("DESCRIPTION:").split("\\n")
    ]
    assert all(re.match(r"\d\d:\d\d–\d\d:\d\d ", row) for row in running)
    assert any(row[12:].startswith("Reading git log quickly") for row in running)
    assert "Materials: Laptop with git\\, Cheat sheet" in calendar
    assert len(running) >= 10
    assert not any(raw in row for row in running for raw in RAW)
