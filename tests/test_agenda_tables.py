"""The agenda tables: each lesson's rows under a row with its title, and the materials column only
in the trainer guide (participants see the plan of the day, not the trainer's packing list)."""

from __future__ import annotations

import re
from pathlib import Path

from seminarkit.loader import load_course
from seminarkit.print.documents import trainer_document
from seminarkit.print.renderer import PrintRenderer

from .conftest import FIXTURE_COURSE

_TABLE = re.compile(r'<div class="sk-agenda[^"]*">.*?</div>', re.S)


def _heads(html: str) -> list[str]:
    return re.findall(r'<th scope="col">([^<]*)</th>', _TABLE.search(html).group(0))  # type: ignore[union-attr]


def _lessons(html: str) -> list[str]:
    rows = re.findall(r'<tr class="sk-agenda__lesson"><th[^>]*>(.*?)</th>', html, re.S)
    return [re.sub(r"<[^>]+>", "", row) for row in rows]


def test_web_agenda_has_lesson_rows_and_no_materials(built_fixture: Path) -> None:
    html = (built_fixture / "index.html").read_text(encoding="utf-8")
    assert "Materials" not in _heads(html)
    assert _lessons(html)[:2] == ["Basics", "Practice"]
    first = re.search(r'<tr class="sk-agenda__lesson"><th[^>]*><a href="([^"]+)"', html)
    assert first is not None and (built_fixture / first.group(1)).is_file()


def test_trainer_plan_keeps_materials_reader_does_not() -> None:
    renderer = PrintRenderer(load_course(FIXTURE_COURSE))
    trainer = renderer.render_document(trainer_document(renderer.course)).html
    assert _heads(trainer)[-1] == "Materials"
    assert "Basics" in _lessons(trainer)
    reader = next(d for d in renderer.documents if d.kind == "reader")
    html = renderer.render_document(reader).html
    if "sk-agenda" in html:
        assert "Materials" not in _heads(html)
