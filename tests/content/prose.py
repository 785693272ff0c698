"""Plain prose from lessons and exercises of the flagship course, for spelling and word counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from seminarkit.model.lessons import split_front_matter

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
EXERCISES = REPO / "exercises"
LESSONS = sorted(DOCS.glob("[0-9][0-9]-*.md"))
#: Keys whose values are identifiers or settings, not prose.
NOT_PROSE = {"id", "type", "mode", "use", "tags"}

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_SOURCES = re.compile(r"^## Quellen\b.*", re.DOTALL | re.MULTILINE)


def lesson_body(path: Path) -> str:
    """The Markdown body of a lesson, without front matter."""
    _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return body


def markdown_to_prose(text: str, *, keep_sources: bool = False) -> str:
    """Strip Markdown syntax down to the words a reader reads."""
    if not keep_sources:
        text = _SOURCES.sub("", text)
    text = _FENCE.sub("", text)
    text = re.sub(r"^:::.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r'^(!!!|\?\?\?\+?)\s+\w+(?:\s+"([^"]*)")?', r"\2", text, flags=re.MULTILINE)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[\[([^\]]*)\]\]", lambda m: " ".join(m.group(1).split("|")), text)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\{[:.#][^}]*\}", "", text)
    text = re.sub(r"^\s*\|?\s*:?-{3,}.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"(?<![\w])-+(?![\w])", " ", text)
    return re.sub(r"[#*_|>]", " ", text)


def prose_words(text: str) -> list[str]:
    """Words of prose, as a person would count them."""
    return re.findall(r"[\wÄÖÜäöüß][\w\-ÄÖÜäöüß.’']*", text)


def _strings(value: Any, key: str = "") -> Iterator[str]:
    if key in NOT_PROSE:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child_key, child in value.items():
            yield from _strings(child, str(child_key))
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child, key)


def exercise_prose(path: Path) -> str:
    """Every text of an exercise file, Markdown stripped."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return "\n".join(markdown_to_prose(text) for text in _strings(data))


def lesson_prose(path: Path) -> str:
    """A lesson's readable text including objectives and trainer notes, without its sources."""
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    meta = yaml.safe_load(front) if front else {}
    extra = "\n".join(_strings(meta)) if isinstance(meta, dict) else ""
    return markdown_to_prose(body) + "\n" + markdown_to_prose(extra)
