"""Exercises inside admonitions, collapsible blocks, tabs, list items and blockquotes, in Chromium:
each one sits inside its container in the DOM and answers a check with its marks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..test_nested_directives import copy_realworld
from .conftest import Session, WebRoot, build
from .test_exercises import check, marks

#: exercise id -> (CSS selector of the container it must stand in, the right answer)
CONTAINERS = {
    "nested-note": (".admonition.note", "In an admonition"),
    "nested-tip": ("details.tip", "In a collapsible block"),
    "nested-open": ("details.question[open]", "In an open collapsible block"),
    "nested-tab": (".tabbed-set .tabbed-block", "In a content tab"),
    "nested-item": ("ol > li", "In a list item"),
    "nested-loose": ("ul > li", "In a bullet item"),
    "nested-deep": ("li .admonition.example .tabbed-block", "Three containers deep"),
    "nested-quote": ("blockquote", "In a blockquote"),
    "nested-html": ("div.nested-html", "In a div"),
}


@pytest.fixture(scope="module")
def realworld_site(web_root: WebRoot, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The real-world course (site only) built below the web root; its folder name there."""
    course = copy_realworld(tmp_path_factory.mktemp("nested") / "course", pdf=False)
    build(course, web_root.path / "realworld")
    return "realworld"


def test_each_nested_exercise_stands_in_its_container_and_checks(
    session: Session, web_root: WebRoot, realworld_site: str
) -> None:
    page = session.page(web_root.http(realworld_site, "nested.html"))
    for exercise_id, (container, answer) in CONTAINERS.items():
        exercise = page.locator(f"{container} #ex-{exercise_id}")
        expect(exercise).to_have_count(1)
        summary = page.locator(f"details:has(#ex-{exercise_id}) > summary")
        if summary.count() and not exercise.is_visible():
            summary.click()  # a closed collapsible block opens as a reader would open it
        expect(exercise).to_be_visible()
        exercise.get_by_role("radio", name="On a page of its own").check()
        check(exercise)
        expect(marks(exercise)).to_have_text(["Not quite."])
        exercise.get_by_role("button", name="Try again").click()
        exercise.get_by_role("radio", name=answer).check()
        check(exercise)
        expect(marks(exercise)).to_have_text(["Correct."])


def test_nothing_of_a_directive_shows_as_text(
    session: Session, web_root: WebRoot, realworld_site: str
) -> None:
    page = session.page(web_root.http(realworld_site, "nested.html"))
    article = page.locator("article")
    expect(article.locator(".sk-exercise")).to_have_count(len(CONTAINERS))
    shown = article.evaluate(
        """node => {
            const copy = node.cloneNode(true);
            copy.querySelectorAll('pre, code, template').forEach(e => e.remove());
            return copy.innerText;
        }"""
    )
    assert ":::" not in shown
