"""The role-card PDF tells the trainer what to prepare for each role-play: how many groups the
room's seats make and the exercise's materials (which say how many cards each group gets)."""

from __future__ import annotations

import math
import re

from seminarkit.loader import load_course
from seminarkit.print.documents import role_card_document
from seminarkit.print.renderer import PrintRenderer

from ..conftest import REPO


def test_each_role_play_says_how_many_groups_and_what_to_prepare() -> None:
    renderer = PrintRenderer(load_course(REPO))
    course = renderer.course
    document = role_card_document(course)
    assert document is not None
    html = renderer.render_document(document).html
    lines = re.findall(r'sk-cards__prepare">(.*?)</p>', html, re.S)
    plays = [
        course.exercises[i]
        for path in document.lessons
        for i in dict.fromkeys(course.lesson_by_path(path).exercise_ids)  # type: ignore[union-attr]
        if course.exercises[i].type == "role-play"
    ]
    assert len(lines) == len(plays) >= 2
    seats = course.config.options.room.seats
    for line, play in zip(lines, plays, strict=True):
        size = play.group_size  # type: ignore[attr-defined]
        if size:
            groups = math.ceil(seats / size)
            assert f"Gruppen zu {size}: bei {seats} Plätzen bis zu {groups} Gruppen." in line
        for item in play.materials:
            assert re.sub(r"[*_`]", "", item)[:20] in line
