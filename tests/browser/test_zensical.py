"""The Zensical route in Chromium: exercises checked on a page Zensical built, over HTTP and
from file:, with nothing loaded from outside the site (FORMAT.md, "Zensical")."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from ..test_hosts import make_zensical_course, zensical_build
from .conftest import Session, WebRoot


@pytest.fixture(scope="module")
def zensical_site(web_root: WebRoot, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The English starter course built by Zensical plus `seminarkit pdf`, below the web root."""
    course = make_zensical_course(tmp_path_factory.mktemp("zensical") / "course")
    zensical_build(course)
    shutil.copytree(course / "site", web_root.path / "zensical")
    return "zensical"


@pytest.fixture(params=["http", "file"])
def at(
    request: pytest.FixtureRequest, web_root: WebRoot, zensical_site: str
) -> Callable[[str], str]:
    opener = web_root.http if request.param == "http" else web_root.file
    return lambda page: opener(zensical_site, page)


def test_quiz_checks_itself_on_a_zensical_page(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("01-first-lesson.html"))
    quiz = page.locator("#ex-quick-quiz")
    solution = quiz.locator("details.sk-solution")
    expect(solution).to_be_hidden()
    quiz.get_by_role("radio", name="In the front matter of each lesson").check()
    quiz.get_by_role("button", name="Check", exact=True).click()
    expect(quiz.locator(".sk-mark")).to_have_text(["Not quite."])
    expect(solution).to_be_visible()
    quiz.get_by_role("radio", name="As YAML files in the exercises/ folder").check()
    quiz.get_by_role("button", name="Check", exact=True).click()
    expect(quiz.locator(".sk-mark")).to_have_text(["Correct."])
