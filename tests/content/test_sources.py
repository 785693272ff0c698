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


BURT = "Burt, R. S. (2004). „Structural Holes“. *AJS* 110(2)"
DOI = "<https://doi.org/10.1086/421787>"


@pytest.mark.parametrize(
    ("entry", "missing"),
    [
        ("Hall, J. A. (2019). *JSPR*.", ["pages", "a volume", "a DOI"]),
        (f"{BURT}. {DOI}", ["pages"]),
        (f"{BURT}, 349–399.", ["a DOI"]),
        (f"{BURT}, S. 349 ff. {DOI}", ["pages"]),
        (f"{BURT}, S. 349 ff. {DOI}. Anfangsseite geprüft.", ["pages"]),
        (f"{BURT}. {DOI}. Band geprüft, nicht geprüft sind Seiten.", ["pages"]),
        ("Uzzi, B. (2005). „How to Build Your Network“. *HBR* 83(12). Praxisartikel.", ["pages"]),
        ("Uzzi, B. (2005). „Build“. *HBR*, Dezember 2005, S. 53–60. Praxisartikel.", ["a volume"]),
        ("Bourdieu, P. (1983). „Kapital“. In R. Kreckel (Hg.), *Soziale*. Schwartz.", ["pages"]),
        ("Muster, M. (2020). Ohne Titel. Wien: Verlag.", ["a title („…“ or *…*)"]),
    ],
)
def test_incomplete_references_are_caught(entry: str, missing: list[str]) -> None:
    assert missing_parts(entry) == missing


@pytest.mark.parametrize(
    "entry",
    [
        f"{BURT}, 349–399. {DOI}",
        f"{BURT}, S. 349 ff. {DOI}. Endseite nicht geprüft.",
        f"{BURT}, 349–399. DOI nicht geprüft.",
        "Gee, L. K. (2017). „Social Networks“. *JOLE*. Band, Seiten und DOI nicht geprüft.",
        "Dunbar, R. (2016). „Online“. *Royal Society Open Science* 3(1), 150292. <https://doi.org/10.1098/rsos.150292>",
        "Uzzi, B. (2005). „How to Build“. *HBR* 83(12), 53–60. Praxisartikel.",
        "Ibarra, H. (2007). „Networks“. *HBR* 85(1). Praxisartikel, Seiten nicht geprüft.",
        "Bourdieu, P. (1983). „Kapital“. In R. Kreckel (Hg.), *Soziale*, S. 183–198. Schwartz.",
        "Putnam, R. D. (2000). *Bowling Alone*. New York: Simon & Schuster.",
        "IAB (2017). *IAB-Kurzbericht* 18/2017 und Pressemitteilung vom 22.08.2017.",
    ],
)
def test_complete_or_noted_references_pass(entry: str) -> None:
    assert missing_parts(entry) == []


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
