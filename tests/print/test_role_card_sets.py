"""The role-card PDF tells the trainer what to prepare for each role-play: how many groups the
room's seats make, how many of each card to print (a role's `copies` per group) and the
exercise's materials."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

from seminarkit.loader import load_course
from seminarkit.print.documents import role_card_document
from seminarkit.print.renderer import PrintRenderer

from ..conftest import FIXTURE_COURSE, IGNORED, REPO


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
        roles = play.roles  # type: ignore[attr-defined]
        size = play.group_size or sum(role.copies for role in roles)  # type: ignore[attr-defined]
        groups = math.ceil(seats / size)
        assert f"Gruppen zu {size}: bei {seats} Plätzen bis zu {groups} Gruppen." in line
        for role in roles:
            assert f"„{role.name}“ {role.copies * groups}-mal" in line
        for item in play.materials:
            assert re.sub(r"[*_`]", "", item)[:20] in line


def test_copies_and_seats_decide_the_print_run(tmp_path: Path) -> None:
    """Without `group_size` a group is one of each card times its `copies`; `room.seats` sets
    how many groups there are (English course: English words)."""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    play = course / "exercises" / "practice" / "act.yml"
    text = play.read_text().replace("group_size: 3\n", "")
    play.write_text(text.replace("  - name: Listener\n", "  - name: Listener\n    copies: 2\n"))
    config = course / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - seminarkit:\n", "  - seminarkit:\n      room: {seats: 9}\n")
    )
    renderer = PrintRenderer(load_course(course))
    document = role_card_document(renderer.course)
    assert document is not None
    line = re.findall(r'sk-cards__prepare">(.*?)</p>', renderer.render_document(document).html)[0]
    # 1 speaker + 2 listeners + 1 observer = groups of 4; 9 seats: up to 3 groups.
    assert "Groups of 4: up to 3 groups for 9 seats." in line
    assert "“Speaker” 3 times, “Listener” 6 times, “Observer” 3 times." in line
