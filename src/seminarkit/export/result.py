"""What an export returns: the file's text and an account of every exercise (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExportResult:
    """The exported text, and which exercises went in, which did not and why."""

    text: str
    """The whole file (UTF-8 when written); for a package, its manifest."""
    exported: list[str] = field(default_factory=list)
    """Ids of exercises with at least one question in `text`, in course order."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(exercise id, reason) for every exercise or part of one that is not in `text`."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(exercise id, note) where an exercise went in changed, e.g. a cloze split per gap."""
    questions: int = 0
    """How many questions `text` holds (category entries not counted)."""
    data: bytes | None = None
    """The file's bytes where it is no text (a zip package); then `text` is its manifest."""

    @property
    def payload(self) -> bytes:
        """What is written to the file: `data`, or `text` as UTF-8."""
        return self.data if self.data is not None else self.text.encode("utf-8")
