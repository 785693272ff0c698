"""Images on the web pages: every image of a page and of its exercises loads in Chromium, whichever
page embeds the exercise, how deep it lies, and whether the site is served or opened from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..realworld_images import TOP_PAGE, copy_realworld, edit
from .conftest import Session, WebRoot, build

PAGES = ("images.html", "images/module-1/lesson.html")
#: alt text -> the width attr_list asks for (CSS px), for the images that have one.
WIDTHS = {
    "Course logo": 48,
    "Two circles joined by a line": 150,
    "Flipchart as raw HTML": 64,
    "Bar chart of contacts per month": 120,
    "Arrow pointing right": 32,
    "arrow": 16,
}
IMAGES = """[...document.images].map(image => ({
    alt: image.alt, src: image.currentSrc, complete: image.complete,
    natural: image.naturalWidth, width: image.getBoundingClientRect().width,
}))"""


def without_pdfs(course: Path) -> None:
    """The web pages are what is tested here (the PDFs have their own tests)."""
    edit(course, "mkdocs.yml", "  - seminarkit\n", "  - seminarkit:\n      pdf: false\n")


@pytest.fixture(scope="module")
def images_site(web_root: WebRoot, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The real-world course as it is (offline plugin: no directory URLs, opens from file:)."""
    course = copy_realworld(tmp_path_factory.mktemp("images") / "course")
    without_pdfs(course)
    build(course, web_root.path / "realworld-images")
    return "realworld-images"


@pytest.fixture(scope="module")
def directory_site(web_root: WebRoot, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Directory URLs (`images/module-1/lesson/`), and the quiz embedded a second time at the
    top, so the same exercise shows its images at depth 0 and depth 2 of one site."""
    course = copy_realworld(tmp_path_factory.mktemp("dirs") / "course")
    without_pdfs(course)
    edit(course, "mkdocs.yml", "  - offline\n", "")
    edit(
        course,
        TOP_PAGE,
        "::: exercise images-gaps",
        "::: exercise images-gaps\n\n::: exercise images-quiz",
    )
    build(course, web_root.path / "realworld-dirs")
    return "realworld-dirs"


def images_on(session: Session, url: str) -> list[dict[str, Any]]:
    """Every image of the page once it has loaded, solutions and hints opened."""
    page = session.page(url)
    page.wait_for_load_state("load")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.wait_for_function("[...document.images].every(image => image.complete)")
    found: list[dict[str, Any]] = page.evaluate(IMAGES)
    page.close()
    return found


@pytest.mark.parametrize("opener", ["http", "file"])
@pytest.mark.parametrize("name", PAGES)
def test_every_image_loads(
    session: Session, web_root: WebRoot, images_site: str, opener: str, name: str
) -> None:
    found = images_on(session, getattr(web_root, opener)(images_site, name))
    content = [image for image in found if image["alt"]]  # Material's own images have no alt
    assert len(content) >= (2 if name == "images.html" else 10)
    for image in content:
        assert image["natural"] > 0, image
    for image in content:
        if image["alt"] in WIDTHS and image["width"]:
            assert image["width"] == WIDTHS[image["alt"]], image
    plans = [image for image in content if image["alt"].startswith("Plan")]
    assert all("Gr%C3%B6%C3%9Fe%20plan.png" in image["src"] for image in plans)


def test_the_same_exercise_at_depth_zero_and_two(
    session: Session, web_root: WebRoot, directory_site: str
) -> None:
    top = images_on(session, web_root.http(directory_site, "images/"))
    deep = images_on(session, web_root.http(directory_site, "images/module-1/lesson/"))
    for found in (top, deep):
        quiz = [image for image in found if image["alt"] == "Bar chart of contacts per month"]
        assert len(quiz) == 1 and quiz[0]["natural"] == 240, found
        assert all(image["natural"] > 0 for image in found if image["alt"]), found
    chart = web_root.url + f"/{directory_site}/images/img/chart.png"
    assert {image["src"] for image in top + deep if image["alt"] == "Chart again"} == {chart}
