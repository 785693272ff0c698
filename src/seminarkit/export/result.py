"""What an export returns: the file's text and an account of every exercise (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExportResult:
    """The exported text, and which exercises went in, which did not and why."""

    text: str
    """The whole file (UTF-8 when written)."""
    exported: list[str] = field(default_factory=list)
    """Ids of exercises with at least one question in `text`, in course order."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(exercise id, reason) for every exercise or part of one that is not in `text`."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(exercise id, note) where an exercise went in changed, e.g. a cloze split per gap."""
    questions: int = 0
    """How many questions `text` holds (category entries not counted)."""
