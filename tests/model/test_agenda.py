"""The agenda: clock times from durations, breaks, days, what does not fit."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from seminarkit.loader import load_course
from seminarkit.model.agenda import Agenda, Block, Break, Schedule, compute_agenda

from ..conftest import FIXTURE_COURSE


def blocks(*spec: tuple[str, int]) -> list[Block]:
    """Blocks from (lesson, minutes) pairs, named by position."""
    return [
        Block("exercise", f"b{index}", minutes, lesson, exercise=f"e{index}")
        for index, (lesson, minutes) in enumerate(spec, start=1)
    ]


def table(agenda: Agenda) -> list[tuple[int, str, str, str]]:
    """(day, from, to, title) of every row."""
    return [
        (day.number, row.start_clock, row.end_clock, row.block.title)
        for day in agenda.days
        for row in day.rows
    ]


def test_blocks_follow_each_other_from_the_start() -> None:
    agenda = compute_agenda(blocks(("a", 20), ("a", 40)), Schedule(start="09:00", end="10:00"))
    assert table(agenda) == [(1, "09:00", "09:20", "b1"), (1, "09:20", "10:00", "b2")]
    assert agenda.warnings == [] and agenda.overflow == 0 and agenda.unused == 0


def test_clock_break_waits_for_the_end_of_the_running_block() -> None:
    schedule = Schedule(breaks=[Break(title="Kaffee", minutes=15, at="09:30")])
    agenda = compute_agenda(blocks(("a", 20), ("a", 20), ("a", 10)), schedule)
    assert table(agenda)[:4] == [
        (1, "09:00", "09:20", "b1"),
        (1, "09:20", "09:40", "b2"),
        (1, "09:40", "09:55", "Kaffee"),
        (1, "09:55", "10:05", "b3"),
    ]


def test_break_after_a_lesson() -> None:
    schedule = Schedule(breaks=[Break(title="Mittag", minutes=60, after="a")])
    agenda = compute_agenda(blocks(("a", 30), ("a", 30), ("b", 30)), schedule)
    assert [row[3] for row in table(agenda)] == ["b1", "b2", "Mittag", "b3"]
    assert table(agenda)[3][1] == "11:00"


def test_rollover_to_day_two_keeps_blocks_whole() -> None:
    schedule = Schedule(start="09:00", end="10:00", dates=["2027-03-12", "2027-03-13"])
    agenda = compute_agenda(blocks(("a", 40), ("a", 30), ("b", 20)), schedule)
    assert table(agenda) == [
        (1, "09:00", "09:40", "b1"),
        (2, "09:00", "09:30", "b2"),
        (2, "09:30", "09:50", "b3"),
    ]
    assert agenda.days[1].date == "2027-03-13"
    assert agenda.warnings == ["day 2 ends 10 minutes before 10:00 (09:50)"]


def test_overflow_is_reported_in_minutes() -> None:
    agenda = compute_agenda(blocks(("a", 50), ("a", 35)), Schedule(start="09:00", end="10:00"))
    assert agenda.overflow == 25
    assert agenda.warnings == ["the content does not fit: day 1 runs 25 minutes past 10:00"]


def test_empty_day_is_named() -> None:
    agenda = compute_agenda(blocks(("a", 30)), Schedule(days=2))
    assert "day 2 has nothing scheduled" in agenda.warnings
    assert agenda.unused == 450


def test_no_content_at_all() -> None:
    agenda = compute_agenda([], Schedule())
    assert agenda.rows == [] and agenda.warnings == ["day 1 has nothing scheduled"]


def test_trailing_break_is_dropped() -> None:
    schedule = Schedule(breaks=[Break(title="Pause", minutes=15, after="a")])
    agenda = compute_agenda(blocks(("a", 30)), schedule)
    assert [row[3] for row in table(agenda)] == ["b1"]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"start": "9:00"}, "String should match pattern"),
        ({"start": "17:00", "end": "09:00"}, "ends (09:00) before it starts (17:00)"),
        ({"dates": ["2027-02-30"]}, "is not a date"),
        ({"days": 3, "dates": ["2027-03-12"]}, "days is 3 but 1 dates are given"),
        ({"breaks": [{"title": "P", "minutes": 5}]}, "either 'at'"),
        ({"breaks": [{"title": "P", "minutes": 5, "at": "10:00", "after": "a.md"}]}, "not both"),
    ],
)
def test_schedule_rules(options: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Schedule.model_validate(options)
    assert words in str(caught.value)


def test_course_blocks_are_inputs_then_seminar_exercises_in_page_order() -> None:
    course = load_course(FIXTURE_COURSE)
    titles = [(block.kind, block.title) for block in course.agenda_blocks()]
    assert titles[0] == ("input", "Basics")
    assert ("exercise", "Myths") not in titles  # self-study only
    assert titles.index(("exercise", "Weak ties")) < titles.index(("exercise", "The pitch"))
    assert titles.index(("input", "Practice")) > titles.index(
        ("exercise", "From contact to partner")
    )
