"""Every source the course cites is on the sources page with a full reference (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .citations import Citation, citations, entry_for, missing_parts, reference_entries
from .prose import DOCS, EXERCISES, LESSONS, REPO, lesson_body

#: Texts that cite: the lessons (with their front matter: objectives, trainer notes), the other
#: pages except the sources page itself, and every exercise.
CITING = sorted(
    [p for p in DOCS.glob("*.md") if p.name != "quellen.md"] + list(EXERCISES.rglob("*.yml"))
)
ENTRIES = reference_entries()


def _cited() -> list[Citation]:
    found: set[Citation] = set()
    for path in CITING:
        found |= citations(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
    return sorted(found, key=lambda c: (c.name, c.year, c.file))


CITED = _cited()


def test_the_course_cites_sources() -> None:
    assert len({(c.name, c.year) for c in CITED}) >= 20


def test_citation_forms_are_recognised() -> None:
    text = (
        "Granovetter (1973) fand … Rajkumar et al. (2022) zeigen … wie Levin, Walter & "
        "Murnighan (2011) … (Hall 2019) … (vgl. Dunbar 2016; Lindenfors, Wartel & Lind 2021) "
        "… im Januar 2023 … (Stand 2023) … 22 Millionen Mitglieder (2023) … IAB (2017) … ein "
        "Artikel zum Netzwerken (2020) … ein Artikel desselben Teams (2020) … (Liu et al. 2023, "
        "Kumar & Epley 2018)"
    )
    assert {(c.name, c.year) for c in citations(text, "x")} == {
        ("Granovetter", "1973"),
        ("Rajkumar", "2022"),
        ("Levin", "2011"),
        ("Hall", "2019"),
        ("Dunbar", "2016"),
        ("Lindenfors", "2021"),
        ("IAB", "2017"),
        ("Liu", "2023"),
        ("Kumar", "2018"),
    }


def test_incomplete_references_are_caught() -> None:
    assert missing_parts("Hall, J. A. (2019). *Journal of Social and Personal Relationships*.")
    assert missing_parts("Burt, R. S. (2004). „Structural Holes“. *AJS* 110(2).")
    assert not missing_parts("Burt, R. S. (2004). „Structural Holes“. *AJS* 110(2), 349–399.")
    assert not missing_parts("Putnam, R. D. (2000). *Bowling Alone*. New York: Simon & Schuster.")


@pytest.mark.parametrize("citation", CITED, ids=lambda c: f"{c.name}-{c.year}-{Path(c.file).stem}")
def test_cited_source_is_on_the_sources_page(citation: Citation) -> None:
    entry = entry_for(citation, ENTRIES)
    assert entry is not None, (
        f"{citation.file}: {citation.name} ({citation.year}) is cited but docs/quellen.md has no "
        "entry starting with that name and year"
    )


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.split(" (")[0][:40])
def test_reference_is_full(entry: str) -> None:
    assert missing_parts(entry) == [], entry


def test_references_are_in_alphabetical_order() -> None:
    names = [entry.split("(")[0].casefold() for entry in ENTRIES]
    assert names == sorted(names)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_lists_what_it_cites(path: Path) -> None:
    body = lesson_body(path)
    assert "\n## Quellen" in body, f"{path.name} has no '## Quellen' section"
    text, sources = body.split("\n## Quellen", 1)
    for citation in citations(text, path.name):
        assert citation.name in sources and citation.year in sources, (
            f"{path.name}: {citation.name} ({citation.year}) is cited but not in the lesson's "
            "'Quellen'"
        )
