"""The few words an export shows learners, in German and English (no I/O)."""

from __future__ import annotations

from ..i18n import normalise_language

_WORDS: dict[str, dict[str, str]] = {
    "more_exercises": {"de": "Weitere Übungen", "en": "More exercises"},
    "solution": {"de": "Lösung", "en": "Solution"},
    "word_bank": {"de": "Wortspeicher", "en": "Word bank"},
    "match": {
        "de": "Ordnen Sie jedem Begriff das Passende zu.",
        "en": "Match each item with the one it belongs to.",
    },
    "order": {
        "de": "Bringen Sie die Schritte in die richtige Reihenfolge.",
        "en": "Put the items in the right order.",
    },
    "correct": {"de": "Ihre Antwort ist richtig.", "en": "Your answer is correct."},
    "partially_correct": {
        "de": "Ihre Antwort ist teilweise richtig.",
        "en": "Your answer is partially correct.",
    },
    "incorrect": {"de": "Ihre Antwort ist falsch.", "en": "Your answer is incorrect."},
}


def words(language: str) -> dict[str, str]:
    """Every export word in the course language (`de` or `en`)."""
    lang = normalise_language(language)
    return {key: texts[lang] for key, texts in _WORDS.items()}
