"""The house rules of the second edition (issue 12), as far as a test can check them.

The rules themselves stand in the style section of docs/trainer.md ("Hausregeln für Texte"):
gender-fair German with neutral or paired forms, never star, colon, underscore, slash or Binnen-I;
one term each (Stellenwechsel, Stellenportal; the ring labels enger, mittlerer, äußerer Ring).
Every text a participant or trainer reads is checked: pages (alt texts and front matter
included), exercises, the SVG images' text, the trainer notes of the fixed blocks in mkdocs.yml.
Inline and fenced code is skipped, so the style section can quote a banned form as `code`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .prose import DOCS, EXERCISES, REPO

TEXTS = sorted(
    [*DOCS.rglob("*.md"), *DOCS.rglob("*.svg"), *EXERCISES.rglob("*.yml"), REPO / "mkdocs.yml"]
)

#: Generic masculine forms (stem → the feminine stem that makes a paired form). A form counts as
#: paired when the feminine form of the same stem stands within `PAIR_WINDOW` characters
#: ("Kolleginnen und Kollegen", "einer Kollegin oder einem Kollegen").
MASCULINE = {
    r"Teilnehmer[ns]?": "Teilnehmerin",
    r"Mitarbeiter[ns]?": "Mitarbeiterin",
    r"Ansprechpartner[ns]?": "Ansprechpartnerin",
    r"Gesprächspartner[ns]?": "Gesprächspartnerin",
    r"Geschäftspartner[ns]?": "Geschäftspartnerin",
    r"Kunden": "Kundin",
    r"Kollegen": "Kollegin",
    r"Empfänger[ns]?": "Empfängerin",
    r"Absender[ns]?": "Absenderin",
    r"Helfer[ns]?": "Helferin",
    r"Entscheider[ns]?": "Entscheiderin",
    r"Lieferanten": "Lieferantin",
    r"Experten": "Expertin",
    r"Teamleiter[ns]?": "Teamleiterin",
    r"Veranstalter[ns]?": "Veranstalterin",
}
PAIR_WINDOW = 45
#: A named man nearby makes a masculine form specific, not generic ("Jonas Berger und sein
#: Kunde", "Herr Wagner").
NAMED_MAN = re.compile(r"\b(?:Jonas|Tobias|Herr|Herrn|Berger|Wagner)\b")
#: Weak nouns end in -en in the singular too: after a singular article they name one person
#: ("mit dem Kollegen", "ohne den Kollegen", "Ihrem früheren Kunden"), which is not the generic
#: masculine.
SINGULAR = re.compile(
    r"\b(?:dem|den|einem|einen|seinem|seinen|ihrem|ihren|Ihrem|Ihren|meinem|diesem|des|eines)"
    r"\s(?:\w+en\s)?$"
)
#: Pronoun phrases of the generic masculine.
GENERIC_PHRASES = [
    r"\bjeder, der\b",
    r"\bkeiner, der\b",
    r"\bkennt jeder\b",
    r"\bjeder Mitarbeiter\b",
    r"\bman als Teilnehmer\b",
    # "Niemand zeigt seine Karte": the pronoun makes the generic masculine; "die eigene Karte".
    r"\b[Nn]iemand \w+ sein(?:e|en|er|es)?\b",
    r"\b[Nn]iemand sein(?:e|en|er|es)?\b",
]
#: Typographic gender forms the house rule excludes: star, colon, underscore, slash, Binnen-I.
GENDER_SIGNS = [
    r"\b\w+\*(?:innen|in)\b",
    r"\b\w+:(?:innen|in)\b",
    r"\b\w+_(?:innen|in)\b",
    r"\b\w+/-?(?:innen|in)\b",
    r"\b[a-zäöüß]+Innen\b",
    r"\b[A-ZÄÖÜ][a-zäöüß]+Innen\b",
]
#: One term each: Stellenportal, Stellenwechsel, Stellensuche; the ring labels of module 2
#: (Dunbar's layers may still be called "Kreis": they are not the map's rings); Tandem, not
#: "Commitment"; Empfang or Networking-Abend, not "Mixer".
OTHER_TERMS = [
    r"Jobbörse",
    r"Jobportal",
    r"Jobwechsel",
    r"Jobsuche",
    r"\b(?:inner|innerst|regelmäßig|los|locker)(?:e|er|en|em|es) Ring\b",
    # German seminar terms instead of anglicisms (review C7, C8): Tandem, Empfang.
    r"\bCommitment",
    r"\bBusiness-Mixer",
    r"\bMixer\b",
]
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)


def _readable(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".svg":
        text = re.sub(r"<[^>]+>", " ", text)
    return _CODE.sub(" ", text)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def banned_forms(text: str) -> list[tuple[int, str]]:
    """(line, form) of every banned form in a text."""
    found: list[tuple[int, str]] = []
    for stem, feminine in MASCULINE.items():
        for match in re.finditer(rf"\b{stem}\b", text):
            start, end = match.start(), match.end()
            if match.group().endswith("en") and SINGULAR.search(text[max(0, start - 30) : start]):
                continue
            near = text[max(0, start - PAIR_WINDOW) : end + PAIR_WINDOW]
            if feminine in near or NAMED_MAN.search(text[max(0, start - 80) : end + 20]):
                continue
            found.append((_line(text, start), match.group()))
    for pattern in [*GENERIC_PHRASES, *GENDER_SIGNS]:
        for match in re.finditer(pattern, text):
            found.append((_line(text, match.start()), match.group()))
    for pattern in OTHER_TERMS:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            found.append((_line(text, match.start()), match.group()))
    return sorted(found)


def test_banned_forms_are_found() -> None:
    text = (
        "Die Teilnehmer und jeder Mitarbeiter fragen Kolleg*innen, Kolleg:innen, "
        "Kolleg_innen, Teilnehmer/innen und KollegInnen. Auf der Jobbörse den Jobwechsel "
        "planen.\nIm inneren Ring und im lockeren Ring; ein Ansprechpartner. Das "
        "Commitment-Gespräch nach dem Business-Mixer. Niemand zeigt seine Karte; niemand "
        "muss sein Ergebnis nennen. Fragen Sie die Veranstalter."
    )
    forms = [form for _, form in banned_forms(text)]
    for form in (
        "Teilnehmer",
        "jeder Mitarbeiter",
        "Kolleg*innen",
        "Kolleg:innen",
        "Kolleg_innen",
        "Teilnehmer/innen",
        "KollegInnen",
        "Jobbörse",
        "Jobwechsel",
        "inneren Ring",
        "lockeren Ring",
        "Ansprechpartner",
        "Commitment",
        "Business-Mixer",
        "Niemand zeigt seine",
        "niemand muss sein",
        "Veranstalter",
    ):
        assert form in forms, form


def test_fair_forms_pass() -> None:
    text = (
        "Die Teilnehmenden fragen Kolleginnen und Kollegen, Kundinnen und Kunden, eine "
        "Kollegin oder einen Kollegen und die Kontaktperson. Jonas Berger ruft seinen Kunden an. "
        "Im engen, mittleren und äußeren Ring; ein Stellenwechsel über das Stellenportal. "
        "Am Stehtisch mit dem Kollegen. Niemand muss die eigene Karte zeigen. "
        "Die Regel steht hier als Zitat: `Kolleg*innen`."
    )
    assert banned_forms(_CODE.sub(" ", text)) == []


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(REPO)))
def test_text_keeps_the_house_rules(path: Path) -> None:
    found = banned_forms(_readable(path))
    assert found == [], "\n".join(
        f"{path.relative_to(REPO)}:{line}: {form}" for line, form in found
    )


#: The fixed cast of the second edition: (first name, surname).
PERSONAS = [
    ("Aylin", "Demir"),
    ("Jonas", "Berger"),
    ("Miriam", "Keller"),
    ("Tobias", "Wagner"),
    ("Sabine", "Huber"),
]
#: First names of the first edition's example people, replaced by the cast (review B16).
FORMER_CAST = ["Andrea", "Claudia", "Jan", "Katharina", "Markus", "Petra", "Sandra", "Stefan"]
FORMER_CAST += ["Tanja", "Thomas"]
_ADDRESSED = re.compile(r"\b(?:Frau|Herrn?)\s+([A-ZÄÖÜ][a-zäöüß]+)\b")
#: Titles that may follow "Frau" or "Herr" in the forms of address of the phrase bank.
TITLES = {"Dr", "Doktor", "Mag", "Magister", "Magistra", "Diplomingenieur", "Prof", "Professor"}
MODULE_FILES = {
    lesson.name[:2]: [lesson, *sorted((EXERCISES).glob(f"{lesson.name[:2]}-*/*.yml"))]
    for lesson in sorted(DOCS.glob("[0-9][0-9]-*.md"))
}


def strangers(text: str) -> list[str]:
    """Named example people outside the cast: former first names, `Frau X` / `Herr X` with a
    surname that is not the cast's."""
    surnames = {surname for _, surname in PERSONAS} | TITLES
    found = [m.group() for m in re.finditer(rf"\b(?:{'|'.join(FORMER_CAST)})\b", text)]
    found += [m.group() for m in _ADDRESSED.finditer(text) if m.group(1) not in surnames]
    return found


def test_strangers_are_found() -> None:
    assert strangers("Markus aus Linz fragt Frau Meier und Herrn Lehmann.") == [
        "Markus",
        "Frau Meier",
        "Herrn Lehmann",
    ]
    assert strangers("Frau Demir fragt Herrn Berger; Frau [Name] und Frau Magistra [Name].") == []


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(REPO)))
def test_examples_use_only_the_cast(path: Path) -> None:
    assert strangers(_readable(path)) == []


@pytest.mark.parametrize("module", sorted(MODULE_FILES))
def test_module_meets_the_cast(module: str) -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in MODULE_FILES[module])
    assert any(f"{first} {last}" in text for first, last in PERSONAS), module


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p[1])
def test_persona_runs_through_several_modules(persona: tuple[str, str]) -> None:
    name = " ".join(persona)
    modules = [
        module
        for module, paths in MODULE_FILES.items()
        if any(name in path.read_text(encoding="utf-8") for path in paths)
    ]
    assert len(modules) >= 2, f"{name} appears only in modules {modules}"
