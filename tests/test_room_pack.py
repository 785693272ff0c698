"""The seminar-room pack under the trainer folder: name cards, a sign-in sheet per day,
certificates of attendance and a feedback form, from an optional participant list (CSV) that
never leaves the trainer folder."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from seminarkit.loader import load_course
from seminarkit.model.room import Duration, card_font_size, contents_font_size
from seminarkit.participants import read_participants
from seminarkit.print.documents import room_documents
from seminarkit.print.pdf import CACHE_DIR, PRIVATE_CACHE, build_pdfs
from seminarkit.print.renderer import PrintRenderer
from tests.conftest import FIXTURE_COURSE, IGNORED, REPO, mkdocs_build
from tests.test_trainer_control import _texts

SEMINARKIT = Path(sys.executable).parent / "seminarkit"
#: Words that appear nowhere but in the participant list.
PRIVATE = ("Zwetschkenbaum", "Kesselflicker", "Oyelaran")
#: As German Excel saves "CSV UTF-8": BOM, semicolons, CRLF; an e-mail column that is ignored,
#: a quoted cell holding the delimiter, a blank line and a row of empty cells.
PARTICIPANTS = (
    codecs.BOM_UTF8
    + (
        "Anrede;Titel;Vorname;Nachname;Firma;E-Mail\r\n"
        "Frau;Dr.;Quirina;Zwetschkenbaum;Kesselflicker GmbH;q@example.org\r\n"
        'Herr;;Bartholomäus;Ölschläger;"Stadtwerke; Linz";\r\n'
        "\r\n"
        ";;Ada;Oyelaran;;\r\n"
        ";;;;;\r\n"
    ).encode()
)
NAMES = ("Dr. Quirina Zwetschkenbaum", "Bartholomäus Ölschläger", "Ada Oyelaran")
ROOM = (
    "  - seminarkit:\n"
    "      author: Maria Muster\n"
    "      place: Linz\n"
    "      room:\n"
    "        participants: private/teilnehmende.csv\n"
)


def _room_course(root: Path, language: str = "en") -> Path:
    course = root / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    (course / "private").mkdir()
    (course / "private" / "teilnehmende.csv").write_bytes(PARTICIPANTS)
    config = course / "mkdocs.yml"
    text = config.read_text("utf-8").replace("  - seminarkit:\n", ROOM)
    config.write_text(text.replace("language: en", f"language: {language}"), "utf-8")
    return course


@pytest.fixture(scope="module")
def room_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The fixture course with a participant list, built with `mkdocs build --strict`;
    (course, site, everything the build logged)."""
    root = tmp_path_factory.mktemp("room")
    course = _room_course(root)
    site = root / "site"
    result = mkdocs_build(course, site, "--strict", "--verbose")
    assert result.returncode == 0, result.stderr
    return course, site, result.stdout + result.stderr


def _pages(path: Path) -> list[str]:
    """The text of each page, with Unicode's narrow spaces (Babel's date ranges) as spaces."""
    spaces = str.maketrans({"\u2009": " ", "\u202f": " "})
    return [page.extract_text().translate(spaces) for page in PdfReader(path).pages]


def test_one_name_card_per_participant_name_on_both_halves(
    room_build: tuple[Path, Path, str],
) -> None:
    pages = _pages(room_build[0] / "trainer" / "name-cards.pdf")
    assert len(pages) == len(NAMES)
    for page, name in zip(pages, NAMES, strict=True):
        assert page.count(name) == 2, page  # upright and upside down
    assert "Kesselflicker GmbH" in pages[0] and "Stadtwerke; Linz" in pages[1]


def test_one_sign_in_sheet_per_day_with_every_participant(
    room_build: tuple[Path, Path, str],
) -> None:
    pages = _pages(room_build[0] / "trainer" / "sign-in-sheets.pdf")
    assert len(pages) == 2  # the fixture's two dates
    for page, date in zip(pages, ("Fri, Mar 12, 2027", "Sat, Mar 13, 2027"), strict=True):
        assert date in page and "Signature" in page
        assert all(name in page for name in NAMES)


def test_one_certificate_per_participant_with_hours_and_units(
    room_build: tuple[Path, Path, str],
) -> None:
    pages = _pages(room_build[0] / "trainer" / "certificates.pdf")
    assert len(pages) == len(NAMES)
    assert "Frau Dr. Quirina Zwetschkenbaum" in pages[0]
    for page, name in zip(pages, NAMES, strict=True):
        assert name in page and "CERTIFICATE OF ATTENDANCE" in page
        # 161 minutes without breaks: 2.5 hours, 3.5 units of 45 minutes (both rounded down).
        assert "2.5 hours (3.5 teaching units of 45 minutes)" in page
        assert "Mar 12 – 13, 2027" in page and "Linz" in page
        assert "Basics" in page and "You try every kind of check." in page
        assert "Practice" in page and "Maria Muster" in page


def test_feedback_form_asks_the_default_questions(room_build: tuple[Path, Path, str]) -> None:
    pages = _pages(room_build[0] / "trainer" / "feedback-form.pdf")
    assert len(pages) == 1
    assert "I would recommend this seminar." in pages[0]
    assert "What would you change?" in pages[0]
    assert not any(word in pages[0] for word in PRIVATE)


def test_participant_list_never_leaves_the_trainer_folder(
    room_build: tuple[Path, Path, str],
) -> None:
    """Site (pages, search index, PDFs, the zip and the PDFs in it), shared cache, build log."""
    course, site, log = room_build
    seen = dict(_texts(site))
    assert any(name.endswith("search_index.json") for name in seen)
    assert any(name.endswith(".zip") or "!" in name for name in seen)
    seen.update(_texts(course / CACHE_DIR))
    seen["build log"] = log
    for word in PRIVATE:
        assert [name for name, text in seen.items() if word in text] == [], word
    assert "certificates.pdf" in log  # the log names the files, never who is in them
    shared = {path.name.rsplit("-", 1)[0] for path in (course / CACHE_DIR).glob("*.pdf")}
    kept = (course / "trainer" / PRIVATE_CACHE).glob("*.pdf")
    private = {path.name.rsplit("-", 1)[0] for path in kept}
    assert private == {"name-cards", "sign-in-sheets", "certificates"}
    assert not private & shared and "feedback-form" in shared


def test_second_build_takes_personal_documents_from_the_private_cache(
    room_build: tuple[Path, Path, str],
) -> None:
    course, _, _ = room_build
    again = subprocess.run(
        [str(SEMINARKIT), "pdf", str(course)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "certificates.pdf: 3 pages, unchanged" in again.stdout
    assert not any(word in again.stdout + again.stderr for word in PRIVATE)


def test_removing_the_list_removes_its_cached_copies(tmp_path: Path) -> None:
    course = _room_course(tmp_path)
    config = course / "mkdocs.yml"
    build = [str(SEMINARKIT), "pdf", str(course)]
    subprocess.run(build, capture_output=True, text=True, check=True)
    assert list((course / "trainer" / PRIVATE_CACHE).glob("*.pdf"))
    text = config.read_text("utf-8")
    config.write_text(text.replace("participants: private/teilnehmende.csv", "seats: 3"), "utf-8")
    subprocess.run(build, capture_output=True, text=True, check=True)
    assert {path.name for path in (course / "trainer" / PRIVATE_CACHE).iterdir()} <= {"lock"}
    assert len(_pages(course / "trainer" / "name-cards.pdf")) == 3  # `seats` blank cards
    assert len(_pages(course / "trainer" / "certificates.pdf")) == 1  # one blank to copy
    for name in ("name-cards", "sign-in-sheets", "certificates"):
        text = "\n".join(_pages(course / "trainer" / f"{name}.pdf"))
        assert not any(word in text for word in PRIVATE), name


def test_an_edited_list_outside_the_course_prints_the_new_names(tmp_path: Path) -> None:
    """Warm builds decide from the sources, but a list can live outside them: its documents
    are always matched by their own content, and the old names leave the private cache."""
    course = _room_course(tmp_path / "a")
    outside = tmp_path / "elsewhere" / "list.csv"
    outside.parent.mkdir()
    outside.write_bytes(b"Name\nAda Oyelaran\n")
    config = course / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("private/teilnehmende.csv", str(outside)), "utf-8")
    build = [str(SEMINARKIT), "pdf", str(course)]
    subprocess.run(build, capture_output=True, text=True, check=True)
    outside.write_bytes(b"Name\nGrete Kesselflicker\n")
    subprocess.run(build, capture_output=True, text=True, check=True)
    for name in ("name-cards", "sign-in-sheets", "certificates"):
        text = "\n".join(_pages(course / "trainer" / f"{name}.pdf"))
        assert "Kesselflicker" in text and "Oyelaran" not in text, name
    for cached in (course / "trainer" / PRIVATE_CACHE).glob("*.pdf"):
        assert "Oyelaran" not in "\n".join(_pages(cached)), cached.name


def test_blank_pack_of_a_course_without_a_list(built_fixture: Path) -> None:
    trainer = built_fixture.parent / "course" / "trainer"
    assert len(_pages(trainer / "name-cards.pdf")) == 12  # default seats
    sign_in = _pages(trainer / "sign-in-sheets.pdf")
    assert len(sign_in) == 2 and all("12" in page for page in sign_in)
    assert len(_pages(trainer / "certificates.pdf")) == 1
    assert len(_pages(trainer / "feedback-form.pdf")) == 1


def test_german_pack_speaks_german(tmp_path: Path) -> None:
    course = load_course(_room_course(tmp_path, "de"))
    assert not course.errors, course.problems
    renderer = PrintRenderer(course)
    documents = {document.kind: document for document in room_documents(course)}
    assert documents["certificates"].filename == "teilnahmebescheinigungen.pdf"
    html = renderer.render_document(documents["certificates"]).html
    assert "Teilnahmebescheinigung" in html and "hat am Seminar" in html
    assert "2,5 Stunden (3,5 Unterrichtseinheiten à 45 Minuten)" in html
    assert "12.–13. März 2027" in html and "Linz, 13. März 2027" in html
    sign_in = renderer.render_document(documents["sign-in"]).html
    assert "Anwesenheitsliste" in sign_in and "Sa., 13.03.2027" in sign_in
    feedback = renderer.render_document(documents["feedback"]).html
    assert "Ich würde dieses Seminar weiterempfehlen." in feedback


# -- the participant list ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (PARTICIPANTS, list(NAMES)),
        (b"name,organization\nAda Lovelace,Analytical\n", ["Ada Lovelace"]),
        (b"Name\tFirma\nAda Lovelace\tX\n", ["Ada Lovelace"]),
        ("Name\nMüller, Anna\n".encode(), ["Müller, Anna"]),  # one column: read whole
        (b'Name,Firma\n"M\xc3\xbcller, Anna",X\n', ["Müller, Anna"]),
        ("Nachname;Vorname\nMüller;Anna\n".encode("utf-16"), ["Anna Müller"]),
        (b"Vorname;Firma\nAnna;X\n", ["Anna"]),
        (b"sep=,\r\nName,Firma\r\nAda;Lady,X;Y\r\n", ["Ada;Lady"]),
        (b"  NAME  ;Anrede\n  Ada   Lovelace ;Ms\n", ["Ada Lovelace"]),
        ("Name;Firma\rAda\u2028Lovelace;X\r".encode(), ["Ada Lovelace"]),  # old Mac line ends
    ],
)
def test_csv_variants_are_read(raw: bytes, names: list[str]) -> None:
    participants, problems = read_participants(raw, "p.csv")
    assert problems == []
    assert [p.full_name for p in participants or []] == names


def test_excel_windows_1252_is_read_with_a_warning() -> None:
    raw = "Name;Firma\nJürgen Öztürk;Bäckerei\n".encode("cp1252")
    participants, problems = read_participants(raw, "p.csv")
    assert [p.name for p in participants or []] == ["Jürgen Öztürk"]
    assert [(p.line, p.column, p.severity) for p in problems] == [(2, 2, "warning")]
    assert "Windows-1252" in problems[0].message and "Jürgen" not in str(problems[0])


BAD = (
    "Name,Firma\n"
    '"Kraxlhuber, Sepp",A\n'
    "Kraxlhuber, Resi,B\n"  # an unquoted comma: one cell too many
    ",Nobody GmbH\n"  # no name
    "\n"
    '"Kraxlhuber Toni,C\n'  # a quote never closed
)


def test_every_bad_row_at_once_without_a_name() -> None:
    participants, problems = read_participants(BAD.encode(), "private/p.csv")
    assert participants is None
    assert [(p.line, p.column) for p in problems] == [(3, 18), (4, 1), (6, 1)]
    assert all(p.severity == "error" and p.file == "private/p.csv" for p in problems)
    assert "Kraxlhuber" not in "\n".join(str(p) for p in problems)


@pytest.mark.parametrize(
    ("raw", "message", "severity"),
    [
        (b"Nmae;Firma\nAnna;X\n", "no column for the name", "error"),
        (b"Name;Firma;Organisation\nA;X;Y\n", "holds the organisation again", "error"),
        (b"Anna Kraxlhuber;Firma X\n", "no column for the name", "error"),
        (b"", "the file is empty", "error"),
        (b";;\n;;\n", "only empty cells", "error"),
        (b"Name;Firma\n", "names no participant", "warning"),
        (b"Name;Firma\nJos\x81;M\n", "neither UTF-8 nor Windows-1252", "error"),
    ],
)
def test_unusable_lists(raw: bytes, message: str, severity: str) -> None:
    participants, problems = read_participants(raw, "p.csv")
    assert participants is None
    assert any(message in p.message and p.severity == severity for p in problems), problems
    assert "Kraxlhuber" not in "\n".join(str(p) for p in problems)


def test_misspelt_header_is_named() -> None:
    _, problems = read_participants(b"Nmae;Organsiation\nAnna;X\n", "p.csv")
    messages = [str(p) for p in problems]
    assert "p.csv:1:1: warning: unknown column 'Nmae' (did you mean 'name'?): it is ignored" in (
        messages
    )
    assert any("did you mean 'organisation'" in m for m in messages)


def test_list_outside_the_course_and_a_missing_list(tmp_path: Path) -> None:
    course = _room_course(tmp_path / "a")
    outside = tmp_path / "elsewhere" / "list.csv"
    outside.parent.mkdir()
    outside.write_bytes(b"Name\nAda Lovelace\n")
    config = course / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("private/teilnehmende.csv", str(outside)), "utf-8")
    loaded = load_course(course)
    assert not loaded.errors and [p.name for p in loaded.participants or []] == ["Ada Lovelace"]
    outside.unlink()
    problems = [str(p) for p in load_course(course).errors]
    assert len(problems) == 1
    assert problems[0].startswith("mkdocs.yml:17:23: plugins[2].seminarkit.room.participants: ")
    assert "no such file" in problems[0]


def test_env_tag_without_the_variable_means_no_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _room_course(tmp_path)
    config = course / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("private/teilnehmende.csv", "!ENV SEMINARKIT_TEST_PARTICIPANTS"), "utf-8"
    )
    monkeypatch.delenv("SEMINARKIT_TEST_PARTICIPANTS", raising=False)
    assert load_course(course).participants is None
    monkeypatch.setenv("SEMINARKIT_TEST_PARTICIPANTS", "private/teilnehmende.csv")
    assert len(load_course(course).participants or []) == 3


def test_bad_list_stops_mkdocs_build_in_plain_words(tmp_path: Path) -> None:
    course = _room_course(tmp_path)
    (course / "private" / "teilnehmende.csv").write_bytes(BAD.encode())
    result = mkdocs_build(course, tmp_path / "site")
    assert result.returncode != 0
    assert "private/teilnehmende.csv:3:18: this row has 3 cells" in result.stderr
    assert "Traceback" not in result.stderr and "Kraxlhuber" not in result.stderr
    assert not (tmp_path / "site").exists()


# -- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "hours", "units"),
    [
        (480, 8, 10.5),
        (45, 0.5, 1),
        (44, 0.5, 0.5),
        (29, 0, 0.5),
        (22, 0, 0),
        (90, 1.5, 2),
        (161, 2.5, 3.5),
        (0, 0, 0),
    ],
)
def test_duration_rounds_down(minutes: int, hours: float, units: float) -> None:
    assert (Duration(minutes).hours, Duration(minutes).units) == (hours, units)


def test_card_font_size_shrinks_long_names() -> None:
    assert card_font_size("Kim Li") == 60
    long = "Maximiliane Theodora von Hohenberg-Schwarzenfeld"
    assert 22 <= card_font_size(long) < card_font_size("Anna Beispiel") <= 60
    assert card_font_size("X" * 200) == 22


def test_contents_font_size_shrinks_a_long_course() -> None:
    assert contents_font_size(["Basics · You try every kind of check."]) == 9.5
    long = ["Module · " + "An objective of about sixty characters, as authors write. " * 7] * 8
    assert 7 <= contents_font_size(long) < 9.5
    assert contents_font_size(long * 10) == 7


def test_certificate_of_the_flagship_course_fits_one_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight modules with four long objectives each still make one page per certificate."""
    monkeypatch.setenv("SEMINARKIT_CACHE_DIR", str(tmp_path / "cache"))
    course = load_course(REPO)
    assert not course.errors
    certificate = next(d for d in room_documents(course) if d.kind == "certificates")
    built = build_pdfs(PrintRenderer(course), tmp_path, documents=[certificate], log=lambda _: None)
    assert [pdf.pages for pdf in built] == [1]


@pytest.mark.parametrize(
    ("ratings", "questions"), [(6, 2), (6, 3), (4, 4), (8, 3), (2, 1)], ids=str
)
def test_feedback_form_fits_one_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ratings: int, questions: int
) -> None:
    """The answer lines share the page: more questions, fewer lines each (the flagship asks
    three questions after six ratings)."""
    monkeypatch.setenv("SEMINARKIT_CACHE_DIR", str(tmp_path / "cache"))
    course = load_course(REPO)
    feedback = course.config.options.room.feedback
    feedback.ratings = [f"Aussage Nummer {n} über das Seminar." for n in range(ratings)]
    feedback.questions = [f"Offene Frage Nummer {n}?" for n in range(questions)]
    form = next(d for d in room_documents(course) if d.kind == "feedback")
    built = build_pdfs(PrintRenderer(course), tmp_path, documents=[form], log=lambda _: None)
    assert [pdf.pages for pdf in built] == [1]


def test_trainer_folder_inside_the_site_is_refused(tmp_path: Path) -> None:
    """Name cards and certificates would be published and zipped with the site."""
    course = _room_course(tmp_path)
    config = course / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      room:\n", "      trainer_dir: site/trainer\n      room:\n"
    )
    config.write_text(text, "utf-8")
    result = mkdocs_build(course, course / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "site/trainer: cannot write here: it is inside the site folder" in result.stderr
    assert not (course / "site" / "trainer").exists()
