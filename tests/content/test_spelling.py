"""German spelling of every lesson and exercise, checked with hunspell (de_DE)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .prose import DOCS, EXERCISES, REPO, exercise_prose, lesson_prose

WORDLIST = REPO / "tests" / "content" / "wordlist.txt"
PAGES = sorted(p for p in DOCS.glob("*.md") if p.name != "quellen.md")
EXERCISE_FILES = sorted(EXERCISES.rglob("*.yml"))


def unknown_words(text: str) -> list[str]:
    """Words hunspell does not know, with the project word list."""
    # "90-Tage-Plan": hunspell checks the part after the number on its own.
    text = re.sub(r"\b\d+(?:[.,]\d+)?-(?=[A-ZÄÖÜa-zäöü])", "", text)
    result = subprocess.run(
        ["hunspell", "-d", "de_DE", "-p", str(WORDLIST), "-l"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(set(result.stdout.split()))


def test_german_dictionary_is_installed() -> None:
    listing = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True)
    assert "de_DE" in listing.stderr + listing.stdout


def test_word_list_is_short_and_sorted() -> None:
    words = WORDLIST.read_text(encoding="utf-8").split()
    assert words == sorted(set(words), key=lambda word: (word.casefold(), word))
    assert len(words) <= 200


def test_check_catches_a_misspelling() -> None:
    assert unknown_words("Das ist ein Netzwerkk mit Vertraun und mehr.") == [
        "Netzwerkk",
        "Vertraun",
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_spelling(page: Path) -> None:
    assert unknown_words(lesson_prose(page)) == []


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.stem)
def test_exercise_spelling(path: Path) -> None:
    assert unknown_words(exercise_prose(path)) == []


def test_fixed_schedule_blocks_spelling() -> None:
    """Titles, materials and trainer notes of the opening, buffer and closing blocks."""
    from seminarkit.loader import load_course

    from .prose import markdown_to_prose

    blocks = load_course(REPO).config.options.schedule.blocks
    assert blocks, "the flagship course sets fixed schedule blocks in mkdocs.yml"
    text = "\n".join(
        markdown_to_prose("\n".join([block.title, *block.materials, block.notes or ""]))
        for block in blocks
    )
    assert unknown_words(text) == []
