"""The IMS QTI 2.1 package: every file valid against the official IMS schemas, the interactions
and their scoring read back and run, images inside, and what QTI cannot take listed."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from lxml import etree

from seminarkit.cli import main
from seminarkit.export import export_qti
from seminarkit.export.result import ExportResult
from seminarkit.loader import load_course

from ..realworld_images import ARROW, CHART, PLAN, REALWORLD
from .courses import load_clean, quiz, write_course
from .qti_package import CP, ITEM_XSD, MANIFEST_XSD, QTI, Package, schema_errors, score

ITEM = "imsqti_item_xmlv2p1"
ENTRY = f"{QTI}mapEntry"

EXERCISES: dict[str, list[dict[str, Any]]] = {
    "Grundlagen": [
        quiz(
            "one-right",
            {
                "text": "Welche *Farbe* hat der Himmel?",
                "options": [
                    {"text": "**Blau**", "correct": True, "feedback": "Genau."},
                    {"text": "Grün", "feedback": "Das ist die Wiese."},
                    {"text": "Rot"},
                ],
                "explanation": "Wegen der Streuung.",
            },
            shuffle=False,
        ),
        quiz(
            "two-right",
            {
                "text": "Welche sind Primzahlen?",
                "multiple": True,
                "options": [
                    {"text": "2", "correct": True},
                    {"text": "3", "correct": True, "feedback": "Ja, auch die 3."},
                    {"text": "4"},
                    {"text": "6"},
                ],
            },
        ),
        {
            "id": "statements",
            "type": "true-false",
            "title": "Aussagen",
            "duration": 3,
            "statements": [
                {"text": "Wasser ist nass.", "answer": True, "explanation": "Meistens."},
                {"text": "Eis ist heiß.", "answer": False},
            ],
        },
    ],
    "Übungen": [
        {
            "id": "gaps",
            "type": "cloze",
            "title": "Lücken",
            "duration": 3,
            "text": "Die Hauptstadt ist [[Berlin|Bärlin]], man sagt [[geht's]] und "
            "**[[Spree]]** <mark>fließt</mark>.",
            "solution": "Berlin, geht's, Spree.",
        },
        {
            "id": "exact-gaps",
            "type": "cloze",
            "title": "Groß und klein",
            "duration": 3,
            "case_sensitive": True,
            "text": "Der Befehl heißt [[ls]].",
        },
        {
            "id": "pairs",
            "type": "matching",
            "title": "Paare",
            "duration": 3,
            "pairs": [
                {"left": "Hund", "right": "bellt"},
                {"left": "Katze", "right": "miaut"},
                {"left": "*Kuh*", "right": "muht"},
            ],
            "distractors": ["quakt", "zwitschert"],
        },
        {
            "id": "steps",
            "type": "ordering",
            "title": "Schritte",
            "duration": 3,
            "intro": "<details><summary>Tipp</summary>Von oben nach unten.</details>",
            "items": ["Aufstehen", "Frühstücken", "Losgehen", "Ankommen"],
        },
        {
            "id": "reflect",
            "type": "reflection",
            "title": "Rückblick",
            "duration": 3,
            "prompts": [{"text": "Was nehmen Sie mit?"}],
        },
    ],
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ExportResult:
    root = write_course(tmp_path_factory.mktemp("qti") / "course", EXERCISES)
    return export_qti(load_clean(root))


@pytest.fixture(scope="module")
def package(result: ExportResult) -> Package:
    assert result.data is not None
    return Package.read(result.data)


def text(element: etree._Element) -> str:
    """An element's text content without its tail, trimmed."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False).strip()


def _valid(package: Package) -> None:
    """Every item, the test and the manifest valid against the official IMS schemas."""
    assert schema_errors(package.files["imsmanifest.xml"], MANIFEST_XSD) == []
    xml = [name for name in package.files if name.endswith(".xml") and "/" not in name]
    for name in xml:
        if name != "imsmanifest.xml":
            assert schema_errors(package.files[name], ITEM_XSD) == [], name


def test_every_file_is_valid_against_the_ims_schemas(package: Package) -> None:
    _valid(package)
    assert len(package.resources(ITEM)) == 8
    (test,) = package.resources("imsqti_test_xmlv2p1")
    depends = [d.get("identifierref") for d in test.iterfind(f"{CP}dependency")]
    assert depends == [f"RES-{r.get('identifier')[4:]}" for r in package.resources(ITEM)]


def test_the_schemas_refuse_what_qti_does_not_allow(package: Package) -> None:
    """The validation can fail: HTML outside QTI's content model, a missing interaction
    attribute and a manifest resource without its type are all refused."""
    item = package.files["one-right.xml"]
    assert schema_errors(item.replace(b"<p>", b"<figure>").replace(b"</p>", b"</figure>"), ITEM_XSD)
    assert schema_errors(item.replace(b' maxChoices="1"', b' maxChoices="x"'), ITEM_XSD)
    manifest = package.files["imsmanifest.xml"]
    assert schema_errors(manifest.replace(b' type="imsqti_item_xmlv2p1"', b"", 1), MANIFEST_XSD)


def test_what_went_in_and_what_did_not(result: ExportResult) -> None:
    assert result.exported == ["one-right", "two-right", "statements", "gaps", "exact-gaps",
                               "pairs", "steps"]  # fmt: skip
    assert result.questions == 8
    assert result.skipped == [
        (
            "reflect",
            "reflection exercises have no right or wrong answers to check (they stay in the "
            "course and its PDFs)",
        )
    ]
    assert result.text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<manifest')


def test_one_right_answer_is_a_single_choice(package: Package) -> None:
    item = package.item("one-right")
    declaration = item.find(f"{QTI}responseDeclaration")
    assert (declaration.get("cardinality"), declaration.get("baseType")) == ("single", "identifier")
    interaction = item.find(f"{QTI}itemBody/{QTI}choiceInteraction")
    assert (interaction.get("maxChoices"), interaction.get("shuffle")) == ("1", "false")
    choices = interaction.findall(f"{QTI}simpleChoice")
    assert [text(c) for c in choices] == [
        "Blau",
        "Grün",
        "Rot",
    ]
    assert choices[0].find(f"{QTI}strong").text == "Blau"
    assert item.findtext(f"{QTI}itemBody/{QTI}p/{QTI}em") == "Farbe"
    assert score(item, RESPONSE="C1") == (1.0, 1.0, ["FB_C1", "GENERAL"])
    assert score(item, RESPONSE="C2") == (0.0, 1.0, ["FB_C2", "GENERAL"])
    assert score(item, RESPONSE="C3") == (0.0, 1.0, ["GENERAL"])
    assert score(item) == (0.0, 1.0, ["GENERAL"])
    modal = {f.get("identifier"): f for f in item.iterfind(f"{QTI}modalFeedback")}
    assert text(modal["FB_C2"]) == "Das ist die Wiese."
    assert "Wegen der Streuung." in text(modal["GENERAL"])
    assert modal["GENERAL"].get("outcomeIdentifier") == "FEEDBACK"


def test_several_right_answers_give_partial_credit(package: Package) -> None:
    item = package.item("two-right")
    declaration = item.find(f"{QTI}responseDeclaration")
    assert declaration.get("cardinality") == "multiple"
    correct = [v.text for v in declaration.iterfind(f"{QTI}correctResponse/{QTI}value")]
    assert correct == ["C1", "C2"]
    mapping = declaration.find(f"{QTI}mapping")
    entries = {e.get("mapKey"): e.get("mappedValue") for e in mapping}
    assert entries == {"C1": "0.5", "C2": "0.5", "C3": "-0.5", "C4": "-0.5"}
    assert (mapping.get("lowerBound"), mapping.get("upperBound")) == ("0", "1")
    interaction = item.find(f"{QTI}itemBody/{QTI}choiceInteraction")
    assert interaction.get("maxChoices") == "0"
    assert score(item, RESPONSE=["C1", "C2"]) == (1.0, 1.0, ["FB_C2"])
    assert score(item, RESPONSE=["C1"]) == (0.5, 1.0, [])
    assert score(item, RESPONSE=["C1", "C3"])[0] == 0.0
    assert score(item, RESPONSE=["C1", "C2", "C3", "C4"])[0] == 0.0
    assert score(item, RESPONSE=[])[0] == 0.0


def test_true_false_without_feedback_uses_the_standard_template(package: Package) -> None:
    first, second = package.item("statements_1"), package.item("statements_2")
    labels = [c.text for c in first.iterfind(f".//{QTI}simpleChoice")]
    assert labels == ["Richtig", "Falsch"]
    assert score(first, RESPONSE="T") == (1.0, 1.0, ["GENERAL"])
    assert score(first, RESPONSE="F")[0] == 0.0
    processing = second.find(f"{QTI}responseProcessing")
    assert processing.get("template") == (
        "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"
    )
    assert second.find(f"{QTI}modalFeedback") is None
    assert score(second, RESPONSE="F") == (1.0, 1.0, [])
    assert score(second, RESPONSE="T")[0] == 0.0


def test_cloze_gaps_are_text_entries_in_the_text(package: Package) -> None:
    item = package.item("gaps")
    paragraph = item.find(f"{QTI}itemBody/{QTI}p")
    assert paragraph.text == "Die Hauptstadt ist "
    entries = list(paragraph.iter(f"{QTI}textEntryInteraction"))
    assert [e.get("responseIdentifier") for e in entries] == [f"RESPONSE_{n}" for n in (1, 2, 3)]
    assert entries[2].getparent().tag == f"{QTI}strong"  # formatting around a gap stays
    assert paragraph.find(f"{QTI}span").text == "fließt"  # <mark> is no QTI element
    keys = {
        d.get("identifier"): [(e.get("mapKey"), e.get("caseSensitive")) for e in d.iter(ENTRY)]
        for d in item.iterfind(f"{QTI}responseDeclaration")
    }
    assert keys["RESPONSE_1"] == [("Berlin", "false"), ("Bärlin", "false")]
    assert [k for k, _ in keys["RESPONSE_2"]] == ["geht's", "geht’s"]
    full = score(item, RESPONSE_1="Berlin", RESPONSE_2="geht’s", RESPONSE_3="SPREE")
    assert full == (3.0, 3.0, ["GENERAL"])
    assert score(item, RESPONSE_1="bärlin", RESPONSE_2="gehts")[0] == 1.0
    assert score(item)[0] == 0.0
    exact = package.item("exact-gaps")
    assert exact.find(f".//{QTI}mapEntry").get("caseSensitive") == "true"
    assert score(exact, RESPONSE_1="ls") == (1.0, 1.0, [])
    assert score(exact, RESPONSE_1="LS")[0] == 0.0


def test_matching_has_its_distractors_as_targets(package: Package) -> None:
    item = package.item("pairs")
    interaction = item.find(f"{QTI}itemBody/{QTI}matchInteraction")
    sources, targets = interaction.findall(f"{QTI}simpleMatchSet")
    assert [c.get("identifier") for c in sources] == ["L1", "L2", "L3"]
    assert sources[2].find(f"{QTI}em").text == "Kuh"
    assert [c.text for c in targets] == ["bellt", "miaut", "muht", "quakt", "zwitschert"]
    assert interaction.get("maxAssociations") == "3"
    right = ["L1 R1", "L2 R2", "L3 R3"]
    assert score(item, RESPONSE=right) == (3.0, 3.0, [])
    assert score(item, RESPONSE=["L1 R2", "L2 R1", "L3 R3"])[0] == 1.0
    assert score(item, RESPONSE=["L1 R4", "L2 R5"])[0] == 0.0


def test_ordering_is_shuffled_and_all_or_nothing(package: Package) -> None:
    item = package.item("steps")
    choices = item.findall(f"{QTI}itemBody/{QTI}orderInteraction/{QTI}simpleChoice")
    written = [c.get("identifier") for c in choices]
    assert sorted(written) == ["O1", "O2", "O3", "O4"] and written != sorted(written)
    assert [c.text for c in sorted(choices, key=lambda c: c.get("identifier"))] == [
        "Aufstehen",
        "Frühstücken",
        "Losgehen",
        "Ankommen",
    ]
    assert item.find(f"{QTI}itemBody/{QTI}div/{QTI}div") is not None  # <details> as a div
    assert score(item, RESPONSE=["O1", "O2", "O3", "O4"]) == (1.0, 1.0, [])
    assert score(item, RESPONSE=["O2", "O1", "O3", "O4"])[0] == 0.0


@pytest.fixture(scope="module")
def realworld() -> tuple[ExportResult, Package]:
    result = export_qti(load_course(REALWORLD))
    assert result.data is not None
    return result, Package.read(result.data)


def test_the_realworld_course_is_valid_with_its_images(
    realworld: tuple[ExportResult, Package],
) -> None:
    """Right-to-left texts, nested Markdown, raw HTML, long words and images: all valid; each
    image file is in the package once, under the name its items point to, and listed in the
    manifest resource of every item that shows it."""
    result, package = realworld
    _valid(package)
    images = {n: d for n, d in package.files.items() if n.startswith("images/")}
    items = package.items()
    shown: dict[str, set[str]] = {}
    for resource in package.resources(ITEM):
        item = items[resource.get("href", "").removesuffix(".xml")]
        sources = {img.get("src") for img in item.iter(f"{QTI}img")}
        files = {f.get("href") for f in resource.iterfind(f"{CP}file")}
        assert sources <= files, resource.get("identifier")
        shown[item.get("identifier")] = sources
    everything = {unquote(src) for sources in shown.values() for src in sources}
    assert everything == set(images)  # every file shown, every shown file there
    quiz_images = {images[unquote(src)] for src in shown["images-quiz"]}
    assert quiz_images == {(REALWORLD / path).read_bytes() for path in (CHART, PLAN, ARROW)}
    assert "images/Gr%C3%B6%C3%9Fe%20plan.png" in shown["images-quiz"]
    assert len(set(images.values())) == len(images)  # two files of one name stay apart
    assert ("images-quiz", "hints are left out: a QTI 2.1 item shows feedback only") in (
        result.notes
    )


def test_a_course_without_exercises_gives_an_empty_valid_package(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", {"Nur Text": []})
    result = export_qti(load_clean(root))
    assert result.data is not None
    package = Package.read(result.data)
    assert list(package.files) == ["imsmanifest.xml"]
    _valid(package)
    assert result.exported == [] and result.questions == 0


def test_cli_writes_the_zip_and_says_what_it_skipped(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", EXERCISES)
    run = CliRunner().invoke(main, ["export", "qti", str(root)])
    assert run.exit_code == 0, run.output
    target = root / "site" / "downloads" / "qti21.zip"
    assert zipfile.is_zipfile(target)
    lines = run.output.splitlines()
    assert lines[0].startswith("exported 7 exercises as 8 questions: one-right, two-right")
    assert any(line.startswith("skipped reflect: reflection exercises") for line in lines)
    assert lines[-1] == f"wrote {target}"
    out = tmp_path / "elsewhere.zip"
    run = CliRunner().invoke(main, ["export", "qti", str(root), "-o", str(out)])
    assert run.exit_code == 0 and out.read_bytes() == target.read_bytes()
    piped = CliRunner().invoke(main, ["export", "qti", str(root), "-o", "-"])
    assert piped.exit_code == 0 and piped.stdout_bytes == target.read_bytes()


ODD_HTML = (
    "<blockquote>lose Worte <b>fett</b></blockquote>\n\n"
    "<table><tr><td>Zelle</td></tr><caption>Titel</caption></table>\n\n"
    "<ul>Text<li>eins</li><p>Absatz</p></ul>\n\n"
    "<dl><dt>Begriff</dt>Erklärung</dl>\n\n"
    '<figure><img src="nirgends.png"><figcaption>Bild</figcaption></figure>\n\n'
    '<p>Ein <span style="color: red" id="x">roter</span> <u>Satz</u> <del>weg</del>'
    '<svg><text>Zeichnung</text></svg><input type="checkbox"><br>'
    '<img alt="Breit" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="3cm" height="40px">'
    '<a name="anker">Anker</a></p>\n\n'
    "<p><span><div>Block in Zeile</div><ul><li>Liste in Zeile</li></ul></span></p>"
)


def test_html_outside_qtis_content_model_still_gives_valid_items(tmp_path: Path) -> None:
    """Raw HTML in every kind of text: QTI's content model is restored (no validation error),
    the words stay readable and nothing that is no text (a drawing, a checkbox) remains."""
    root = write_course(
        tmp_path / "course",
        {
            "Roh": [
                quiz(
                    "raw-quiz",
                    {
                        "text": ODD_HTML,
                        "options": [
                            {"text": "<del>alt</del> <mark>neu</mark>", "correct": True},
                            {"text": "<kbd>Strg</kbd>", "feedback": ODD_HTML},
                        ],
                        "explanation": ODD_HTML,
                    },
                    intro=ODD_HTML,
                ),
                {
                    "id": "raw-gaps",
                    "type": "cloze",
                    "title": "Lücken in HTML",
                    "duration": 3,
                    "intro": ODD_HTML,
                    "text": "<table><tr><td>[[eins]]</td><td><em>[[zwei]]</em></td></tr>"
                    "</table>\n\n> Zitat mit [[drei]]\n\n- Liste mit [[vier]]",
                },
            ]
        },
    )
    result = export_qti(load_clean(root))
    assert result.data is not None
    package = Package.read(result.data)
    _valid(package)
    item = package.item("raw-quiz")
    words = text(item.find(f"{QTI}itemBody"))
    for word in ("lose Worte", "Zelle", "Begriff", "Erklärung", "roter", "Satz", "Block in Zeile"):
        assert word in words
    assert "Zeichnung" not in words and item.find(f".//{QTI}input") is None
    images = list(item.iter(f"{QTI}img"))
    # The missing picture is left out (its caption stays), `3cm` is no QTI length.
    assert {(i.get("alt"), i.get("width"), i.get("height")) for i in images} == {
        ("Breit", None, "40")
    }
    assert any(key == "raw-quiz" and "'nirgends.png' left out" in n for key, n in result.notes)
    gaps = package.item("raw-gaps")
    entries = [e.get("responseIdentifier") for e in gaps.iter(f"{QTI}textEntryInteraction")]
    assert entries == [f"RESPONSE_{n}" for n in (1, 2, 3, 4)]
    answers = {f"RESPONSE_{n}": word for n, word in enumerate(("eins", "zwei", "drei", "vier"), 1)}
    assert score(gaps, **answers)[:2] == (4.0, 4.0)


def test_left_items_may_share_a_right_item(tmp_path: Path) -> None:
    """Several left items with one right item: the target may be matched that often; an id that
    starts with a digit, or looks like another exercise's numbered question, still gives a
    valid, unique identifier."""
    pairs = [
        {"left": "Apfel", "right": "Obst"},
        {"left": "Birne", "right": "Obst"},
        {"left": "Möhre", "right": "Gemüse"},
    ]
    exercise = {"id": "2-shared", "type": "matching", "title": "Sorten", "duration": 2}
    twins = [
        quiz(name, {"text": "A?", "options": [{"text": "a", "correct": True}, {"text": "b"}]})
        for name in ("twin-1", "twin")
    ]
    twins[1]["questions"] *= 2  # `twin` gives two questions: neither may be called `twin-1`
    root = write_course(tmp_path / "course", {"Sorten": [{**exercise, "pairs": pairs}, *twins]})
    result = export_qti(load_clean(root))
    assert result.data is not None
    package = Package.read(result.data)
    _valid(package)
    identifiers = [r.get("identifier") for r in package.resources(ITEM)]
    assert identifiers == ["RES-Q2-shared", "RES-twin-1", "RES-twin_1", "RES-twin_2"]
    item = package.item("Q2-shared")
    _, targets = item.findall(f"{QTI}itemBody/{QTI}matchInteraction/{QTI}simpleMatchSet")
    assert [(c.text, c.get("matchMax")) for c in targets] == [("Obst", "2"), ("Gemüse", "1")]
    assert score(item, RESPONSE=["L1 R1", "L2 R1", "L3 R2"])[:2] == (3.0, 3.0)
    assert score(item, RESPONSE=["L1 R2", "L2 R1", "L3 R1"])[0] == 1.0
