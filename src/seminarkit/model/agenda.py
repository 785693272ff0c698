"""The seminar schedule: options in mkdocs.yml and the agenda with clock times (no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .exercises import Markdown, Text

ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


def minutes_of(clock: str) -> int:
    """`09:30` as minutes since midnight."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock_of(minutes: int) -> str:
    """Minutes since midnight as `09:30` (past midnight counts on, e.g. `24:15`)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class Break(BaseModel):
    """A break at a clock time (every day, or on `day`) or after a lesson."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: Text
    minutes: int = Field(ge=1, le=240)
    at: ClockTime | None = None
    after: Text | None = Field(None, description="Lesson path below docs/, e.g. 04-vertrauen.md")
    day: int | None = Field(None, ge=1, le=30, description="Only on this day (with `at`).")

    @model_validator(mode="after")
    def _one_anchor(self) -> Break:
        if (self.at is None) == (self.after is None):
            raise ValueError("give either 'at' (a clock time) or 'after' (a lesson), not both")
        if self.day is not None and self.at is None:
            raise ValueError("'day' goes with 'at'; a break 'after' a lesson happens once")
        return self


class FixedBlock(BaseModel):
    """A block of the day that belongs to no lesson (opening round, closing round, buffer),
    placed before or after a lesson."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: Text
    minutes: int = Field(ge=1, le=480)
    before: Text | None = Field(None, description="Lesson path below docs/ it comes before.")
    after: Text | None = Field(None, description="Lesson path below docs/ it comes after.")
    mode: Literal["solo", "pair", "group", "plenary"] = Field("plenary", description="Social form.")
    materials: list[Text] = Field(default_factory=list)
    notes: Markdown | None = Field(None, description="How to run it; only in the trainer guide.")
    buffer: bool = Field(False, description="Time kept free for overruns and questions.")

    @model_validator(mode="after")
    def _one_anchor(self) -> FixedBlock:
        if (self.before is None) == (self.after is None):
            raise ValueError("give either 'before' or 'after' (a lesson), not both")
        return self

    @property
    def anchor(self) -> str:
        """The lesson it stands next to."""
        return self.before or self.after or ""


class Schedule(BaseModel):
    """When the seminar runs: start and end of each day, days or dates, breaks."""

    model_config = ConfigDict(extra="forbid", strict=True)

    start: ClockTime = "09:00"
    end: ClockTime = "17:00"
    days: int = Field(1, ge=1, le=30)
    dates: list[IsoDate] = Field(default_factory=list)
    breaks: list[Break] = Field(default_factory=list)
    blocks: list[FixedBlock] = Field(
        default_factory=list,
        description="Blocks of no lesson (opening, closing, buffer), before or after a lesson.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Schedule:
        if minutes_of(self.end) <= minutes_of(self.start):
            raise ValueError(f"the day ends ({self.end}) before it starts ({self.start})")
        for date in self.dates:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise ValueError(f"'{date}' is not a date (write YYYY-MM-DD)") from None
        if self.dates and "days" in self.model_fields_set and self.days != len(self.dates):
            raise ValueError(f"days is {self.days} but {len(self.dates)} dates are given")
        return self

    @property
    def day_count(self) -> int:
        """Number of seminar days."""
        return len(self.dates) or self.days


RowKind = Literal["input", "exercise", "fixed", "break"]


@dataclass(frozen=True)
class Block:
    """Something that takes time in the room: a part of a lesson's input, a seminar exercise,
    a fixed block of the schedule or a break."""

    kind: RowKind
    title: str
    minutes: int
    lesson: str
    """Path of the lesson the block belongs to (empty for fixed blocks and breaks)."""
    mode: str = "plenary"
    materials: tuple[str, ...] = ()
    exercise: str | None = None
    anchor: str = ""
    """The lesson a fixed block stands before or after."""
    before: bool = False
    """A fixed block stands before its `anchor` (else after it)."""
    notes: str | None = None
    """A fixed block's notes for the trainer (Markdown)."""
    buffer: bool = False
    """A fixed block kept free for overruns."""
    markdown: bool = False
    """The title is inline Markdown (an author's title), not a page title."""

    @property
    def unit(self) -> str:
        """The lesson the block belongs to or stands next to (breaks `after` a lesson follow
        everything of that lesson, fixed blocks after it included)."""
        return self.lesson or self.anchor


@dataclass(frozen=True)
class Row:
    """One line of the agenda with its clock times."""

    start: int
    end: int
    block: Block

    @property
    def start_clock(self) -> str:
        """`09:00`."""
        return clock_of(self.start)

    @property
    def end_clock(self) -> str:
        """`09:20`."""
        return clock_of(self.end)


@dataclass
class Day:
    """One seminar day."""

    number: int
    date: str | None
    rows: list[Row] = field(default_factory=list)


@dataclass
class Agenda:
    """The whole schedule, with what did not fit and what is left over."""

    days: list[Day]
    overflow: int = 0
    """Minutes the content runs past the end of the last day."""
    unused: int = 0
    """Minutes left at the end of the last day with content."""
    finish: int = 0
    """When the last block ends (minutes since midnight)."""
    end: int = 0
    """When the day should end (minutes since midnight)."""
    warnings: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    """Title of each lesson by path, for the lesson rows of the tables."""

    @property
    def buffer(self) -> int:
        """Minutes of fixed blocks marked `buffer`."""
        return sum(row.block.minutes for row in self.rows if row.block.buffer)

    @property
    def finish_clock(self) -> str:
        """`16:56`."""
        return clock_of(self.finish)

    @property
    def end_clock(self) -> str:
        """`17:00`."""
        return clock_of(self.end)

    @property
    def rows(self) -> list[Row]:
        """Every row of every day."""
        return [row for day in self.days for row in day.rows]

    def row_of(self, exercise_id: str) -> Row | None:
        """The agenda row of a seminar exercise."""
        return next((row for row in self.rows if row.block.exercise == exercise_id), None)


def compute_agenda(blocks: list[Block], schedule: Schedule) -> Agenda:
    """Lay blocks out over the days: breaks inserted, never splitting a block, days rolling over."""
    start, end = minutes_of(schedule.start), minutes_of(schedule.end)
    days = [
        Day(number, schedule.dates[number - 1] if schedule.dates else None)
        for number in range(1, schedule.day_count + 1)
    ]
    after_lesson = {b.after: b for b in schedule.breaks if b.after is not None}
    agenda = Agenda(days)
    day_index, clock = 0, start
    taken: set[int] = set()

    def clock_breaks_due(day: Day) -> None:
        nonlocal clock
        for index, item in enumerate(schedule.breaks):
            if item.at is None or (item.day is not None and item.day != day.number):
                continue
            key = index * 100 + day.number
            if key not in taken and clock >= minutes_of(item.at):
                taken.add(key)
                add_break(day, item.title, item.minutes)

    def add_break(day: Day, title: str, minutes: int) -> None:
        nonlocal clock
        day.rows.append(Row(clock, clock + minutes, Block("break", title, minutes, "")))
        clock += minutes

    for position, block in enumerate(blocks):
        day = days[day_index]
        clock_breaks_due(day)
        fits = clock + block.minutes <= end
        if not fits and day.rows and day_index + 1 < len(days):
            day_index, clock = day_index + 1, start
            day = days[day_index]
            clock_breaks_due(day)
        day.rows.append(Row(clock, clock + block.minutes, block))
        clock += block.minutes
        last_of_lesson = position + 1 == len(blocks) or blocks[position + 1].unit != block.unit
        if last_of_lesson and block.unit in after_lesson:
            item = after_lesson[block.unit]
            add_break(day, item.title, item.minutes)
    last = days[day_index]
    if last.rows and last.rows[-1].block.kind == "break":
        clock = last.rows.pop().start
    agenda.finish, agenda.end = clock, end
    if clock > end:
        agenda.overflow = clock - end
        agenda.warnings.append(
            f"the content does not fit: day {last.number} runs {agenda.overflow} minutes "
            f"past {schedule.end}"
        )
    elif blocks:
        agenda.unused = end - clock
        if agenda.unused:
            agenda.warnings.append(
                f"day {last.number} ends {agenda.unused} minutes before {schedule.end} "
                f"({clock_of(clock)})"
            )
    for day in days:
        if not day.rows:
            agenda.warnings.append(f"day {day.number} has nothing scheduled")
    return agenda
