"""Every link inside a print document leads to something in that document.

A page may link to any page of the site, but each PDF holds only some of them (the reader has no
progress page, a module's worksheets no other module): such a link keeps its words and stops
being a link, instead of pointing nowhere (and WeasyPrint warning `No anchor`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from seminarkit.loader import load_course
from seminarkit.outputs import plan_outputs
from seminarkit.print.renderer import PrintRenderer, without_dead_links

from ..conftest import FIXTURES, IGNORED, REPO

_HREF = re.compile(r'\shref="#([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')


def _dead(html: str) -> set[str]:
    return set(_HREF.findall(html)) - set(_ID.findall(html))


@pytest.mark.parametrize("course", [FIXTURES / "course", FIXTURES / "realworld", REPO])
def test_no_document_links_to_an_anchor_it_lacks(course: Path) -> None:
    renderer = PrintRenderer(load_course(course))
    documents = [o.document for o in plan_outputs(renderer.course) if o.document is not None]
    assert documents
    for document in documents:
        html = renderer.render_document(document).html
        assert not _dead(html), (document.filename, sorted(_dead(html))[:5])


def test_link_to_a_page_outside_the_worksheets_keeps_its_words(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "course", course, ignore=IGNORED)
    page = course / "docs" / "practice" / "index.md"
    page.write_text(
        page.read_text() + "\nSee [the basics page](../basics.md#basics) and [top](#top-of-page).\n"
    )
    renderer = PrintRenderer(load_course(course))
    sheets = [o.document for o in plan_outputs(renderer.course) if o.document is not None]
    reader = next(d for d in sheets if d.kind == "reader")
    html = renderer.render_document(reader).html
    assert "the basics page" in html and not _dead(html)


def test_kept_and_dropped() -> None:
    html = (
        '<h2 id="ziel">Z</h2><a href="#ziel">ok</a> <a class="x" href="#fehlt">weg</a> '
        '<a href="#%C3%BCbung">kodiert</a><p id="übung"></p> <a href="https://a.example/#x">w</a>'
    )
    assert without_dead_links(html) == (
        '<h2 id="ziel">Z</h2><a href="#ziel">ok</a> <a class="x">weg</a> '
        '<a href="#%C3%BCbung">kodiert</a><p id="übung"></p> <a href="https://a.example/#x">w</a>'
    )
