"""The seminar-room pack: its options, the participants and the numbers a certificate states
(no I/O; `seminarkit.participants` reads the participant list)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from .agenda import Agenda
from .exercises import Text

#: Minutes of one teaching unit (Unterrichtseinheit), the unit German further education counts in.
TEACHING_UNIT = 45
#: Blank name cards and blank rows of each sign-in sheet without a participant list.
DEFAULT_SEATS = 12


class Feedback(BaseModel):
    """What the feedback form asks; every list left out takes its default in the course
    language (i18n `feedback_rating.*`, `feedback_question.*`, `scale.*`)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    ratings: list[Text] | None = Field(
        None, min_length=1, max_length=20, description="Statements rated on the scale."
    )
    questions: list[Text] | None = Field(
        None, max_length=6, description="Open questions with room to write."
    )
    scale: list[Text] | None = Field(
        None, min_length=2, max_length=7, description="Column labels, from left to right."
    )


class Room(BaseModel):
    """`room:` in the plugin options: the paperwork of the seminar day, under the trainer folder."""

    model_config = ConfigDict(extra="forbid", strict=True)

    participants: Text | None = Field(
        None,
        description="Participant list (CSV), relative to mkdocs.yml or absolute; personal "
        "data: keep it out of version control. Without it the documents are blank.",
    )
    seats: int = Field(
        DEFAULT_SEATS,
        ge=1,
        le=200,
        description="Without a participant list: how many blank name cards, and blank rows "
        "on each sign-in sheet (the certificate is one blank template to copy).",
    )
    trainer: Text | None = Field(
        None, description="Who signs the certificates; default: `author`, then `site_author`."
    )
    feedback: Feedback = Field(default_factory=Feedback, description="The feedback form.")


@dataclass(frozen=True)
class Participant:
    """One row of the participant list. Personal data: never put it into a message or log
    line; refer to `line` (of the CSV file) instead."""

    name: str
    organisation: str = ""
    salutation: str = ""
    title: str = ""
    """Academic title, e.g. `Dr.`"""
    line: int = 0
    """Line of the CSV file the row starts on."""

    def __repr__(self) -> str:  # keeps the name out of tracebacks and debug output
        return f"Participant(line={self.line})"

    @property
    def full_name(self) -> str:
        """The name with its academic title: `Dr. Anna Beispiel` (cards, sign-in sheets)."""
        return f"{self.title} {self.name}".strip()

    @property
    def addressed(self) -> str:
        """Salutation, title and name: `Frau Dr. Anna Beispiel` (certificates)."""
        return f"{self.salutation} {self.full_name}".strip()


@dataclass(frozen=True)
class Duration:
    """How long a seminar runs, for its certificate."""

    minutes: int
    """Minutes of every scheduled block that is not a break."""

    @property
    def hours(self) -> float:
        """Full hours, rounded down to the half hour: never more than was scheduled."""
        return math.floor(self.minutes / 30) / 2

    @property
    def units(self) -> float:
        """Teaching units of 45 minutes, rounded down to the half unit."""
        return math.floor(self.minutes * 2 / TEACHING_UNIT) / 2


def duration(agenda: Agenda) -> Duration:
    """The seminar's teaching time: the minutes of every row of the agenda that is not a break
    (inputs, exercises and any other scheduled block), over all days."""
    return Duration(sum(row.end - row.start for row in agenda.rows if row.block.kind != "break"))


def card_font_size(name: str) -> int:
    """Font size in points for a name on a tent card 180 mm wide: as large as fits on one line,
    at most 60 pt; a name too long for 34 pt goes on two lines (at a space), never below 22 pt.

    Widths are estimated at 0.56 em per character (Source Sans 3 Semibold averages about 0.5).
    """
    width_pt = 180 / 25.4 * 72

    def fitting(characters: int) -> float:
        return width_pt / (0.56 * max(characters, 1))

    one_line = fitting(len(name))
    if one_line >= 34:
        return int(min(60, one_line))
    longest_word = max((len(word) for word in name.split()), default=len(name))
    return int(max(22, min(60, fitting(max(longest_word, math.ceil(len(name) / 2))))))


def contents_font_size(modules: list[str]) -> float:
    """Font size in points for a certificate's contents (one text per module: its title and
    objectives), so that they fit the 125 mm a certificate leaves them: the largest of 9.5 to
    7 pt in half points whose estimated height fits, else 7 pt (the certificate then runs onto
    a second page).

    Estimate: 160 mm lines at 0.48 em per character, 1.35 line height, 1.2 mm between modules.
    """
    width_pt, budget_pt, gap_pt = 160 / 25.4 * 72, 125 / 25.4 * 72, 1.2 / 25.4 * 72
    for tenths in range(95, 69, -5):
        size = tenths / 10
        per_line = width_pt / (0.48 * size)
        lines = sum(math.ceil(max(len(text), 1) / per_line) for text in modules)
        if lines * size * 1.35 + gap_pt * len(modules) <= budget_pt:
            return size
    return 7.0
