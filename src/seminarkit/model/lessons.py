"""Lessons: front matter, body and the `:::` directives they contain (no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..problems import did_you_mean
from .exercises import Markdown, Text

DIRECTIVES = ("exercise", "exercises", "agenda", "downloads", "progress", "input")
"""Every directive of the exercise format; each takes no argument except `exercise ID` and
`input MINUTES [TITLE]`."""

INPUT_MINUTES = (1, 480)
"""Smallest and largest length of one `::: input` part, in minutes."""

_INPUT = re.compile(r"^(?P<minutes>\d+)(?:\s+(?P<title>\S.*))?$")

_DIRECTIVE = re.compile(r"^:::(?P<space>\s*)(?P<name>\S*)(?:\s+(?P<rest>.*?))?\s*$")


class LessonMeta(BaseModel):
    """The front matter keys seminarkit reads; MkDocs and theme keys pass through."""

    model_config = ConfigDict(extra="allow", strict=True)

    title: Text | None = None
    duration: Annotated[int, Field(ge=0, le=960)] = 0
    objectives: list[Text] = Field(default_factory=list)
    trainer_notes: Markdown | None = None


@dataclass(frozen=True)
class Directive:
    """One `::: name argument` line of a page."""

    name: str
    argument: str
    line: int
    section_level: int = 0
    """Level of the heading the directive stands under (0 before any heading)."""


@dataclass
class Lesson:
    """One Markdown page of the course."""

    path: str
    """Path below `docs/`, with forward slashes, e.g. `02-netzwerkkarte.md`."""
    file: str
    """Path relative to the course folder, for messages, e.g. `docs/02-netzwerkkarte.md`."""
    title: str
    body: str
    body_line: int
    """Line of the file on which `body` starts (1-based)."""
    duration: int = 0
    objectives: list[str] = field(default_factory=list)
    trainer_notes: str | None = None
    directives: list[Directive] = field(default_factory=list)
    in_nav: bool = True
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def exercise_ids(self) -> list[str]:
        """Ids of the exercises this page embeds, in page order."""
        return [d.argument for d in self.directives if d.name == "exercise"]

    @property
    def input_parts(self) -> list[InputPart]:
        """The `::: input` parts of the page, in page order (empty: the input is one block
        of `duration` minutes before the exercises)."""
        return [input_part(d) for d in self.directives if d.name == "input"]

    @property
    def timeline(self) -> list[InputPart | str]:
        """What the lesson does in the room, in page order: its input (the `::: input` parts,
        or one part of `duration` minutes first) and the ids of the exercises it embeds, each
        once, where it first appears."""
        steps: list[InputPart | str] = []
        if not self.input_parts and self.duration:
            steps.append(InputPart(self.duration, None, 0))
        seen: set[str] = set()
        for directive in self.directives:
            if directive.name == "input":
                steps.append(input_part(directive))
            elif directive.name == "exercise" and directive.argument not in seen:
                seen.add(directive.argument)
                steps.append(directive.argument)
        return steps

    @property
    def slug(self) -> str:
        """The path as one name: `02-netzwerkkarte`, or `practice` for `practice/index.md`."""
        stem = self.path.removesuffix(".md")
        if stem.endswith("/index"):
            stem = stem.removesuffix("/index")
        return stem.replace("/", "-")


@dataclass(frozen=True)
class InputPart:
    """One part of a lesson's input, from `::: input MINUTES [TITLE]`."""

    minutes: int
    title: str | None
    line: int
    """Line of the directive in the page file (0 for a lesson's whole `duration`)."""


def input_part(directive: Directive) -> InputPart:
    """The part an `::: input` directive stands for (its argument was checked on parsing)."""
    match = _INPUT.match(directive.argument)
    assert match is not None
    return InputPart(int(match.group("minutes")), match.group("title"), directive.line)


@dataclass(frozen=True)
class DirectiveLine:
    """A directive line (see `seminarkit.directives`), parsed, or the reason it cannot render."""

    line: int
    directive: Directive | None
    error: str | None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split `---` front matter from the body: (front matter, body, first body line)."""
    if not text.startswith("---"):
        return None, text, 1
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None, text, 1


def first_heading(body: str) -> str | None:
    """The text of the first `# ` heading, if any."""
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip().rstrip("#").strip()
    return None


def parse_directive(line: str, number: int) -> DirectiveLine:
    """Parse one directive line, from its `:::` on, into a directive or an error message."""
    match = _DIRECTIVE.match(line)
    if match is None or not match.group("space") or not match.group("name"):
        return DirectiveLine(
            number, None, "malformed directive; write '::: exercise ID' on a line of its own"
        )
    name = match.group("name")
    argument = (match.group("rest") or "").strip()
    if name not in DIRECTIVES:
        return DirectiveLine(
            number, None, f"unknown directive '::: {name}'{did_you_mean(name, DIRECTIVES)}"
        )
    if name == "exercise":
        if not argument:
            return DirectiveLine(number, None, "'::: exercise' needs an exercise id")
        if " " in argument:
            return DirectiveLine(number, None, f"'::: exercise' takes one id, got '{argument}'")
    elif name == "input":
        match = _INPUT.match(argument)
        low, high = INPUT_MINUTES
        if match is None or not low <= int(match.group("minutes")) <= high:
            return DirectiveLine(
                number,
                None,
                f"'::: input' takes the minutes of this part of the input ({low} to {high}) "
                f"and an optional title, e.g. '::: input 15 Die drei Netzwerktypen'; "
                f"got '{argument}'",
            )
    elif argument:
        return DirectiveLine(number, None, f"'::: {name}' takes no argument, got '{argument}'")
    return DirectiveLine(number, Directive(name, argument, number), None)
