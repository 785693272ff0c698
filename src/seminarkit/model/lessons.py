"""Lessons: front matter, body and the `:::` directives they contain (no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..problems import did_you_mean
from .exercises import Markdown, Text

DIRECTIVES = ("exercise", "exercises", "agenda", "downloads", "progress")
"""Every directive of the exercise format; each takes no argument except `exercise ID`."""

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
    def slug(self) -> str:
        """The path as one name: `02-netzwerkkarte`, or `practice` for `practice/index.md`."""
        stem = self.path.removesuffix(".md")
        if stem.endswith("/index"):
            stem = stem.removesuffix("/index")
        return stem.replace("/", "-")


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
    elif argument:
        return DirectiveLine(number, None, f"'::: {name}' takes no argument, got '{argument}'")
    return DirectiveLine(number, Directive(name, argument, number), None)
