"""Problems found in a course: file, line, column, key path and a message in YAML words."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the course, located as precisely as the source allows."""

    file: str
    line: int = 0
    column: int = 0
    key_path: str = ""
    message: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        prefix = f"{self.key_path}: " if self.key_path else ""
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}: {label}{prefix}{self.message}"


def format_key_path(path: KeyPath) -> str:
    """Render a key path as `questions[0].options[1].text`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    # Swapped letters (`pfd` for `pdf`) score low on similarity but are the commonest typo.
    close = close or [option for option in options if sorted(option) == sorted(word)][:1]
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(choices: Sequence[str]) -> str:
    """List choices as `a, b or c`."""
    quoted = [str(choice) for choice in choices]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def summary(problems: Sequence[Problem]) -> str:
    """One line counting errors, warnings and the files they are in."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    files = len({p.file for p in problems})
    parts = []
    if errors:
        parts.append(f"{len(errors)} problem{'s' if len(errors) != 1 else ''}")
    if warnings:
        parts.append(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")
    return f"{' and '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def format_report(problems: Sequence[Problem]) -> str:
    """All problems, sorted by file and line, then the summary line."""
    ordered = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.key_path, p.message))
    return "\n".join([*(str(p) for p in ordered), summary(ordered)])


class CourseError(Exception):
    """Raised when a course has problems that stop a build; carries every problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(format_report(self.problems))
