"""Images in the LMS exports: Moodle XML carries the files, GIFT says what it leaves out."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

from seminarkit.export import export_gift, export_moodle
from seminarkit.loader import load_course
from seminarkit.mdrender import MarkdownRenderer

from ..realworld_images import (
    ARROW,
    CHART,
    GAPS,
    PLAN,
    REALWORLD,
    copy_realworld,
    edit,
)
from .moodle_cloze import extract

_SRC = re.compile(r'<img\b[^>]*\bsrc="([^"]*)"')


def holders(root: ET.Element, names: set[str]) -> list[ET.Element]:
    """Every element whose HTML text shows an image, in the questions called one of `names`
    (other kinds of the shared fixture bring images of their own)."""
    return [
        element
        for question in root.iter("question")
        if _called(question.findtext("name/text") or "", names)
        for element in question.iter()
        if element.get("format") == "html" and "<img" in (element.findtext("text") or "")
    ]


def _called(name: str, names: set[str]) -> bool:
    """Whether a question name is one of `names`, or one of them numbered (`Title 2`)."""
    name = name.strip()
    return any(name == title or name.startswith(title + " ") for title in names)


def test_moodle_xml_carries_every_image_file() -> None:
    course = load_course(REALWORLD)
    root = ET.fromstring(export_moodle(course).text.encode("utf-8"))
    files = {name: (REALWORLD / name).read_bytes() for name in (CHART, PLAN, ARROW)}
    by_name = {Path(name).name: data for name, data in files.items()}
    plain = MarkdownRenderer().plain
    names = {plain(e.title) for key, e in course.exercises.items() if key.startswith("images-")}
    found = set()
    for element in holders(root, names):
        text = element.findtext("text") or ""
        sources = _SRC.findall(text)
        assert sources and all(src.startswith("@@PLUGINFILE@@/") for src in sources)
        attached = {file.get("name"): file for file in element.findall("file")}
        for src in sources:
            name = unquote(src.removeprefix("@@PLUGINFILE@@/"))
            file = attached[name]  # the file travels in the element that shows it
            assert (file.get("path"), file.get("encoding")) == ("/", "base64")
            assert base64.b64decode(file.text or "") == by_name[name]
        assert set(attached) == {unquote(s.removeprefix("@@PLUGINFILE@@/")) for s in sources}
        found.add(element.tag)
    # Question text, the options (answers), feedback with the solution, hints, the cloze text.
    assert found == {"questiontext", "answer", "generalfeedback", "hint"}
    assert '@@PLUGINFILE@@/Gr%C3%B6%C3%9Fe%20plan.png"' in export_moodle(course).text
    clozes = root.findall("question[@type='cloze']")
    assert any(cloze.find("questiontext/file[@name='arrow.svg']") is not None for cloze in clozes)


def test_a_brace_in_an_image_of_a_cloze_text_opens_no_gap(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    edit(course, GAPS, "![Arrow pointing right]", "![Arrow {1:MC:=left~right}]")
    text = export_moodle(load_course(course)).text
    root = ET.fromstring(text.encode("utf-8"))
    questiontext = next(
        text
        for text in (q.findtext("questiontext/text") or "" for q in root.iter("question"))
        if "Arrow" in text
    )
    _, gaps = extract(questiontext)
    assert [gap.answers for gap in gaps] == [["right"]]
    assert 'alt="Arrow &#123;1:MC:=left~right}"' in questiontext


def test_an_image_that_cannot_be_read_is_left_out_with_a_note(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    (course / PLAN).unlink()
    result = export_moodle(load_course(course))
    assert "Gr%C3%B6%C3%9Fe" not in result.text and "Größe" not in result.text
    assert 'alt="Plan with umlaut and space"' in result.text  # the alt text stays
    assert (
        "images-quiz",
        "image '/images/img/Größe plan.png' left out: no file docs/images/img/Größe plan.png",
    ) in result.notes


def test_gift_skips_questions_with_images_and_says_why() -> None:
    result = export_gift(load_course(REALWORLD))
    assert not [name for name in result.exported if name.startswith("images-")]
    reasons = dict(result.skipped)
    assert reasons["images-gaps"] == (
        "Name the shape: shows the image 'images/img/arrow.svg'; GIFT cannot carry image files "
        "(the Moodle XML file has the question with its images)"
    )
    assert reasons["images-quiz"].startswith(
        "Reading a chart: shows the images 'images/img/chart.png', '/images/img/Größe plan.png'"
    )


def test_gift_keeps_a_question_whose_image_is_only_in_a_hint(tmp_path: Path) -> None:
    """GIFT has no hints at all (it says so): the question itself needs no image."""
    course = copy_realworld(tmp_path / "course")
    edit(
        course, GAPS, '![Arrow pointing right](images/img/arrow.svg){ width="32" height="32" }', ""
    )
    edit(course, GAPS, "text: |", "hints: ['![Arrow](images/img/arrow.svg)']\ntext: |")
    result = export_gift(load_course(course))
    assert [name for name in result.exported if name.startswith("images-")] == ["images-gaps"]
    assert "<img" not in result.text
    assert "images-quiz" in dict(result.skipped)
