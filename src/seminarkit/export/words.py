"""The few words an export shows learners, in German and English (no I/O)."""

from __future__ import annotations

from ..i18n import translator

KEYS = (
    "more_exercises",
    "solution",
    "word_bank",
    "match",
    "order",
    "correct",
    "partially_correct",
    "incorrect",
)


def words(language: str) -> dict[str, str]:
    """Every export word in the course language (`de` or `en`)."""
    translate = translator(language)
    return {key: translate(f"export.{key}") for key in KEYS}
