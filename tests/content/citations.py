"""Author-year citations in the course's texts and the entries of its sources page.

A citation is a name (a surname, an acronym such as IAB or a brand such as LinkedIn), optionally
followed by co-authors (`, Name`, `& Name`, `und Name`) or `et al.`, and a year, written either
`Name (2019)` / `Name et al. (2022)` or inside parentheses `(Hall 2019)`, `(vgl. Dunbar 2016;
Lindenfors, Wartel & Lind 2021)`. The sources page lists one reference per Markdown list item that
starts with the first author's name and holds the year in parentheses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .prose import DOCS

SOURCES_PAGE = DOCS / "quellen.md"

_NAME = r"[A-ZÄÖÜ][A-Za-zÄÖÜäöüéß]+(?:-[A-ZÄÖÜ][A-Za-zäöüéß]+)?"
_AUTHORS = rf"(?P<first>{_NAME})(?:,\s+{_NAME})*(?:,?\s+(?:&|und)\s+{_NAME})?(?:\s+et\sal\.)?"
#: `Name (2019)`, `Name et al. (2022)`, `Name & Other (2007)`.
_OUTSIDE = re.compile(rf"\b{_AUTHORS},?\s+\((?P<year>(?:19|20)\d\d)[a-z]?\)")
#: `(Name 2019)`, `(vgl. Name & Other 2007; Third 2016)`: each item of a parenthesis.
_PAREN = re.compile(r"\(([^()]*?(?:19|20)\d\d[^()]*)\)")
_INSIDE = re.compile(
    rf"(?:^|[;,]\s*|\bvgl\.\s|\bsiehe\s){_AUTHORS},?\s+(?P<year>(?:19|20)\d\d)[a-z]?\b"
)
#: Capitalised words a year can follow without being a citation.
_NOT_AUTHORS = """Januar Februar März April Mai Juni Juli August September Oktober November
Dezember Frühjahr Sommer Herbst Winter Stand Ende Anfang Mitte Jahr Jahre Modul Seit Bis Im Ab Art
Fassung Ausgabe Auflage Studie Daten Mitglieder Nutzende DACH-Region Region"""
NOT_AUTHORS = frozenset(_NOT_AUTHORS.split())


@dataclass(frozen=True)
class Citation:
    """One author-year citation: the first author's name, the year and where it stands."""

    name: str
    year: str
    file: str


#: An article or contracted preposition before a capitalised word makes it a noun ("zum
#: Netzwerken (2020)"), not an author; acronyms ("das IAB (2017)") stay citations.
_ARTICLE = re.compile(
    r"\b(?:d(?:er|ie|as|es|em|en)(?:selben?)?|dies(?:e[rnms]?)?|jene[rnms]?|"
    r"(?:k?ein|sein|ihr|unser)(?:e[rnms]?)?|zum|zur|im|am|beim|vom)\s$",
    re.IGNORECASE,
)


def citations(text: str, file: str) -> set[Citation]:
    """Every author-year citation in a text."""
    found: set[Citation] = set()
    for match in _OUTSIDE.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        if _ARTICLE.search(before) and not match["first"].isupper():
            continue
        found.add(Citation(match["first"], match["year"], file))
    for paren in _PAREN.finditer(text):
        for match in _INSIDE.finditer(paren.group(1).strip()):
            found.add(Citation(match["first"], match["year"], file))
    return {c for c in found if c.name not in NOT_AUTHORS}


def reference_entries(page: Path = SOURCES_PAGE) -> list[str]:
    """The list items of the sources page's section `## Literatur` (continuation lines joined),
    in page order."""
    entries: list[str] = []
    section = ""
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif section != "Literatur":
            continue
        elif line.startswith("- "):
            entries.append(line[2:].strip())
        elif entries and line.startswith("  ") and line.strip():
            entries[-1] += " " + line.strip()
    return entries


def entry_for(citation: Citation, entries: list[str]) -> str | None:
    """The reference a citation points to: the entry starting with its name and holding its
    year (in parentheses for a publication; anywhere for data of an institute, e.g. `IAB, 2015`)."""
    for entry in entries:
        if entry.startswith(citation.name) and citation.year in entry:
            return entry
    return None


_TITLE = re.compile(r"„[^“]+“|\*[^*]+\*")
_VOLUME = re.compile(r"\b\d+\(\d+\)|\b\d+,\s\d+|Nr\.\s\d+|\d+/\d{4}")
#: A page range (`1360–1380`) or an article number (`150292`); a first page alone (`S. 53 ff.`)
#: is a start, not the pages, and needs the note on its end page.
_PAGES = re.compile(r"\b\d+[–-]\d+\b|\b\d{6,}\b")
_DOI = re.compile(r"\bdoi:\s?10\.\d{4,}/\S+|https://doi\.org/10\.\d{4,}/\S+", re.IGNORECASE)
_URL = re.compile(r"<[^>]+>|https?://\S+|\bdoi:\s?\S+", re.IGNORECASE)
#: Whole documents cited without pages: a book (publisher), a report of an institute, a company's
#: or the press's statement.
_WHOLE = re.compile(
    r"Verlag|Press\b|Schuster|Viking|Droemer|Schwartz|Kurzbericht|Pressemitteilung|"
    r"Sekundärstatistik|Presseberichte"
)
#: A contribution to an edited volume: it has pages like an article.
_CHAPTER = re.compile(r"\((?:Hg|Hrsg|Eds?)\.\)")
#: The explicit note for a part that could not be verified, in the sentence that names the part.
_NOT_CHECKED = {
    "a volume": re.compile(r"\bBand\b[^.]*\bnicht geprüft"),
    "pages": re.compile(r"\b(?:Seiten|Endseite)\b[^.]*\bnicht geprüft"),
    "a DOI": re.compile(r"\bDOI\b[^.]*\bnicht geprüft"),
}


def missing_parts(entry: str) -> list[str]:
    """What a full reference lacks, as the sources page promises it: a title; for a journal
    article volume (issue), pages and a DOI; for a practitioner article (`Praxisartikel`, no DOI)
    volume and pages; for a contribution to an edited volume pages. Books, reports and press or
    statistics sources stand as whole documents. A first page alone (`S. 53 ff.`) is not the
    pages. A part that could not be verified is left out and the entry says so in the sentence
    naming it („Seiten nicht geprüft“, „Endseite nicht geprüft“, „DOI nicht geprüft“) instead of
    guessing."""
    if not _TITLE.search(entry):
        return ["a title („…“ or *…*)"]
    chapter = bool(_CHAPTER.search(entry))
    if _WHOLE.search(entry) and not chapter:
        return []
    text = _URL.sub("", entry)  # a DOI's digits are no pages or volume
    needed = {"pages": bool(_PAGES.search(text))}
    if not chapter:
        needed["a volume"] = bool(_VOLUME.search(text))
        if "Praxisartikel" not in entry:
            needed["a DOI"] = bool(_DOI.search(entry))
    noted = {part for part, note in _NOT_CHECKED.items() if note.search(entry)}
    return [part for part, present in needed.items() if not present and part not in noted]
