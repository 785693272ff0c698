"""No list item in a course text starts with a stray straight quote left over from YAML.

A bullet written as a YAML string (`- 'Runde 3: …'`) and later moved into a block scalar
(`trainer_notes: |`) keeps its quote marks: YAML no longer reads them as quoting, so the page and
the trainer guide print them („• 'Runde 3: … spielt nur' das Angebot“, review 3 C1). The course
quotes with „…“ and ‚…‘ (style section of docs/trainer.md), so a Markdown list item whose text
starts with a straight quote (' or ") is always such a leftover. Checked: every string of every
exercise file as YAML reads it, the body and front matter of every page, and mkdocs.yml (the fixed
blocks' notes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from seminarkit.model.lessons import split_front_matter

from .prose import DOCS, EXERCISES, REPO, _strings

#: A Markdown list item (bullet or number) whose text opens with a straight quote.
STRAY = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(['\"])(.*)$", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
FILES = sorted([*DOCS.rglob("*.md"), *EXERCISES.rglob("*.yml"), REPO / "mkdocs.yml"])


def stray_quotes(text: str) -> list[str]:
    """The list items of a Markdown text that start with a straight quote (code fences skipped)."""
    text = _FENCE.sub("", text)
    return [match.group(0).strip() for match in STRAY.finditer(text)]


def texts(path: Path) -> list[str]:
    """The Markdown texts of a course file as they reach the page: YAML strings parsed."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        front, body, _ = split_front_matter(raw)
        meta = yaml.safe_load(front) if front else {}
        return [body, *_strings(meta)]
    # mkdocs.yml carries !!python/name tags; its own strings are plain, so read it leniently.
    data = yaml.load(raw, Loader=_Lenient) if path.name == "mkdocs.yml" else yaml.safe_load(raw)
    return list(_strings(data))


class _Lenient(yaml.SafeLoader):
    """SafeLoader that reads unknown tags (mkdocs.yml's `!!python/name:…`) as plain values."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def test_stray_quotes_are_found() -> None:
    # The trainer note of review 3 C1, as YAML reads it from the block scalar.
    old = yaml.safe_load(
        "trainer_notes: |\n"
        "  Achten Sie auf:\n\n"
        "  - Abschiede, die mit einer Ausrede beginnen;\n"
        "  - 'Runde 3: Die Übung bleibt freundlich im Ton. Wer sich unwohl fühlt, spielt nur'\n"
        "    das Angebot „noch ein Glas“.\n"
        '  1. "Ein Satz, dessen Anführungszeichen nie schließt\n'
        "  * 'Noch einer'\n"
    )["trainer_notes"]
    found = stray_quotes(old)
    assert [item[:5] for item in found] == ["- 'Ru", '1. "E', "* 'No"]


def test_typographic_quotes_and_apostrophes_pass() -> None:
    text = (
        "- „Darf ich mich dazustellen?“ – ein Satz zum Dazukommen\n"
        "- ‚Stopp‘ sagen dürfen alle\n"
        "- Sabine Huber's Notiz (ein Apostroph mitten im Text)\n"
        "Fließtext mit 'Zitat' am Zeilenanfang ist kein Listenpunkt.\n"
        "```\n- 'im Code'\n```\n"
    )
    assert stray_quotes(text) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_list_item_starts_with_a_stray_quote(path: Path) -> None:
    found = [item for text in texts(path) for item in stray_quotes(text)]
    assert found == [], f"{path.relative_to(REPO)}: " + "\n".join(found)
