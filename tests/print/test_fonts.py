"""Every character prints in the shipped fonts, addresses and code are never hyphenated.

The fonts part of the real-world course (docs/fonts.md, exercises/fonts/) is built with a real
`mkdocs build --strict`; its PDFs are read back with pypdf: which font draws which character,
which text sits on which line, which links the pages carry.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown import Markdown
from pypdf import PdfReader

from seminarkit.cli import main
from seminarkit.loader import load_course
from seminarkit.print import pdf as pdf_module
from seminarkit.print.addresses import PrintAddresses
from seminarkit.print.glyphs import coverage, missing, page_text
from seminarkit.print.pdf import SUBSET_NOTICE, build_pdfs
from seminarkit.print.renderer import PrintRenderer
from seminarkit.templating import BUILTIN_TEMPLATES

from ..conftest import FIXTURES, IGNORED, mkdocs_build

REALWORLD = FIXTURES / "realworld"
PAGE = "docs/fonts.md"
NAMES_QUIZ = "exercises/fonts/fonts-names.yml"
SHEET = "worksheets-fonts.pdf"
STYLESHEET = BUILTIN_TEMPLATES / "print" / "print.css"

NAMES = "Łódź Ayşe Dvořák Ærøskøbing Đorđe Ğülşen Kővári-Hőgyes Chęcińska Nguyễn Дмитрий Ελένη"
QUOTES = "„Deutsch“ ‚einfach‘ «français» “English” – — … € £ ¥ × ≈ ½ ° → ← ✓ ✗ ☐ ☑"
EMOJI = "🤝👍✅🙂"
ADDRESSES = (
    "https://www.recruitment.example.org/careers/international-graduate-programme/"
    "application-form?source=print-handout",
    "anna-maria.kowalczyk@recruitment.example.org",
    "https://www.weiterbildungsverbund-niederoesterreich.example.at/veranstaltungen/netzwerkabend",
    "https://www.recruitment.example.org/careers/international-graduate-programme",
    "https://lodz.example.pl/kontakt/formularz-zgloszeniowy-dla-uczestnikow",
    "https://www.recruitment.example.org/api/v2/applications/"
    "international-graduate-programme?format=json&page=1",
    "fragen@weiterbildungsverbund-niederoesterreich.example.at",
)
SHEET_ADDRESSES = (
    "https://www.recruitment.example.org/careers/international-graduate-programme/application-form",
    "https://karriere.example.de/stellenangebote/weiterbildungsbeauftragte-netzwerkveranstaltungen",
)


def fonts_course(target: Path) -> Path:
    """A copy of the real-world course with only the fonts page and its exercises."""
    shutil.copytree(REALWORLD, target, ignore=IGNORED)
    for page in (target / "docs").iterdir():
        if page.name not in ("index.md", "fonts.md"):
            shutil.rmtree(page) if page.is_dir() else page.unlink()
    for folder in (target / "exercises").iterdir():
        if folder.name != "fonts":
            shutil.rmtree(folder)
    return target


@dataclass
class Built:
    """One `mkdocs build` of a course: where, its output and its log."""

    course: Path
    site: Path
    returncode: int
    stdout: str
    stderr: str

    def pdf(self, name: str) -> PdfReader:
        """A participant PDF, or the trainer guide (built beside the site)."""
        folder = self.course / "trainer" if name.startswith("trainer") else self.site / "downloads"
        return PdfReader(folder / name)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fonts part of the real-world course, built with `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("fonts")
    course = fonts_course(root / "course")
    result = mkdocs_build(course, root / "site", "--strict")
    return Built(course, root / "site", result.returncode, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def unprintable(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The same course with characters no shipped font has: Chinese in the page, a private-use
    character (the Klingon of ConScript) in quiz feedback, which only the solution key and the
    trainer guide show."""
    root = tmp_path_factory.mktemp("unprintable")
    course = fonts_course(root / "course")
    page = course / PAGE
    page.write_text(
        page.read_text("utf-8").replace("join online.", "join online, so does 王小明 from 北京."),
        "utf-8",
    )
    quiz = course / NAMES_QUIZ
    quiz.write_text(
        quiz.read_text("utf-8").replace("lives in İzmir.", "lives in İzmir \uf8d0."), "utf-8"
    )
    result = mkdocs_build(course, root / "site", "--strict")
    return Built(course, root / "site", result.returncode, result.stdout, result.stderr)


def runs_by_font(reader: PdfReader) -> dict[str, str]:
    """Every character drawn, by font name without its subset tag (`SK-Sans-Bold`)."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in reader.pages:

        def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
            if font is not None and text.strip():
                name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]  # type: ignore[index]
                found[name].update(text)

        page.extract_text(visitor_text=visit)
    return {name: "".join(sorted(chars)) for name, chars in found.items()}


def text_of(reader: PdfReader) -> str:
    """The text of a PDF, lines as pypdf sees them."""
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def font_of(char: str, fonts: dict[str, str]) -> set[str]:
    return {name for name, chars in fonts.items() if char in chars}


# -- every character prints, in the shipped fonts ---------------------------------------------


def test_fixture_builds_strict_without_font_warnings(built: Built) -> None:
    assert built.returncode == 0, built.stderr
    assert "no print font" not in built.stderr


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("course-reader.pdf", NAMES + QUOTES + EMOJI),
        (SHEET, "Łódź Ayşe Đorđe Ærøskøbing Kővári-Hőgyes Chęcińska Dvořák „“ «» — 🤝👍✅"),
    ],
    ids=["reader", "worksheet"],
)
def test_names_quotes_and_emoji_are_drawn_by_the_shipped_fonts(
    built: Built, name: str, typed: str
) -> None:
    fonts = runs_by_font(built.pdf(name))
    assert all(font.startswith("SK-") for font in fonts), fonts
    for char in {char for char in typed if not char.isascii()}:
        used = font_of(char, fonts)
        family = "SK-Emoji" if char in EMOJI else "SK-Sans"
        assert used and all(font.startswith(family) for font in used), (char, used)


def test_hebrew_and_arabic_names_have_fonts_of_their_own(built: Built) -> None:
    fonts = runs_by_font(built.pdf("course-reader.pdf"))
    assert set().union(*(font_of(char, fonts) for char in "שרה")) == {"SK-Hebrew"}
    assert set().union(*(font_of(char, fonts) for char in "فاطمة")) == {"SK-Arabic"}


@pytest.mark.parametrize("name", ["course-reader.pdf", SHEET, "trainer-guide.pdf"])
def test_no_other_font_is_embedded(built: Built, name: str) -> None:
    embedded = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in built.pdf(name).pages
        for font in page["/Resources"].get_object().get("/Font", {}).values()
    }
    assert embedded and all(font.startswith("SK-") for font in embedded), embedded


def test_a_character_no_font_has_is_a_warning_naming_file_and_pdfs(unprintable: Built) -> None:
    """Under `--strict` the build fails; the page and the exercise file are named with line and
    column, and with the PDFs the characters print in."""
    assert unprintable.returncode != 0
    assert "Aborted with 3 warnings in strict mode" in unprintable.stdout, unprintable.stdout
    page_line = next(
        number
        for number, line in enumerate((unprintable.course / PAGE).read_text("utf-8").split("\n"))
        if "王" in line
    )
    assert re.search(
        rf"WARNING +-  {re.escape(PAGE)}:{page_line + 1}:\d+: warning: no print font has "
        r"王 \(U\+738B CJK UNIFIED IDEOGRAPH-738B\), 小 \(U\+5C0F [^)]*\), 明 .*, 北 .*, 京 .*: "
        r"they print in another typeface or as empty boxes in course-reader\.pdf\n",
        unprintable.stderr,
    ), unprintable.stderr
    for document in ("solutions.pdf", "trainer-guide.pdf"):
        assert (
            f"{NAMES_QUIZ}:15:39: warning: no print font has \uf8d0 (U+F8D0): it prints in "
            f"another typeface or as an empty box in {document}"
        ) in unprintable.stderr


def test_pdf_command_lists_the_warnings_and_fails_when_strict(unprintable: Built) -> None:
    """The warnings come from the text, so they come again for PDFs taken from the cache."""
    runner = CliRunner()
    lenient = runner.invoke(main, ["pdf", str(unprintable.course)])
    assert lenient.exit_code == 0, lenient.output
    assert f"{PAGE}:" in lenient.stderr and "no print font has 王" in lenient.stderr
    strict = runner.invoke(main, ["pdf", str(unprintable.course), "--strict"])
    assert strict.exit_code == 1 and "pages, unchanged" in strict.stdout
    assert f"{NAMES_QUIZ}:15:39: warning: no print font has" in strict.stderr


def test_the_shipped_fonts_cover_what_people_type() -> None:
    covered = coverage(STYLESHEET)
    assert covered is not None
    hebrew, arabic = "שלום עולם ₪", "مرحبا بالعالم، كيف حالك؟"
    vietnamese = "Nguyễn Thị Hương, Hồ Chí Minh, Đà Nẵng"
    assert missing(NAMES + QUOTES + EMOJI + hebrew + arabic + vietnamese, covered) == []
    assert missing("丁 and \uf8d0 and 𓀀", covered) == ["丁", "\uf8d0", "𓀀"]


def test_joiners_selectors_soft_hyphens_and_spaces_need_no_glyph() -> None:
    covered = coverage(STYLESHEET)
    assert covered is not None
    invisible = "\u200d\ufe0f\ufe0e\u00ad\u200b\u200c\u2060\u00a0\u2003\u205f\u3000\U000e0067\n\t"
    sequences = "👩\u200d👩\u200d👧 ❤\ufe0f 🏴\U000e0067\U000e0062\U000e007f"
    assert missing(f"{sequences} {invisible}", covered) == []
    # A decomposed accent is composed first, as HarfBuzz does.
    assert missing("Dvor\u030cák", covered) == []


def test_only_drawn_text_is_checked() -> None:
    html = (
        "<html><head><title>丁</title><style>p::after { content: '丂' }</style></head>"
        '<body><p title="七">Łódź &amp; &#x1F91D;</p><svg><title>三</title><text>上</text></svg>'
        "</body></html>"
    )
    assert page_text(html) == "Łódź & 🤝上"


def test_a_stylesheet_without_font_faces_is_not_checked(tmp_path: Path) -> None:
    plain = tmp_path / "plain.css"
    plain.write_text("html { font-family: serif; }", "utf-8")
    assert coverage(plain) is None
    (tmp_path / "broken.woff").write_bytes(b"wOFF, but not really")
    broken = tmp_path / "broken.css"
    broken.write_text('@font-face { font-family: "B"; src: url(broken.woff); }', "utf-8")
    assert coverage(broken) is None
    ranged = tmp_path / "ranged.css"
    font = (STYLESHEET.parent / "fonts" / "SourceSans3-Regular.woff").as_uri()
    ranged.write_text(
        f'@font-face {{ font-family: "X"; src: local("X"), url("{font}"); '
        "unicode-range: U+0041-005A; }\n@font-face { src: url(missing.woff); }",
        "utf-8",
    )
    covered = coverage(ranged)
    assert covered is not None and missing("AZ", covered) == [] and missing("a", covered) == ["a"]


def test_subsetting_notice_at_most_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without HarfBuzz-Subset WeasyPrint subsets with fontTools and says so for every font of
    every document (44 lines in a flagship build); the build says it once. The library is
    switched off in WeasyPrint itself; the workers are forked, so they see that too."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.setattr(pdf_module, "_said_once", set())
    course = fonts_course(tmp_path / "course")
    renderer = PrintRenderer(load_course(course))
    sheets = [document for document in renderer.documents if document.kind != "reader"]
    log: list[str] = []
    for _ in range(2):  # two builds in one process (as the plugin builds the trainer guide)
        build_pdfs(renderer, tmp_path / "out", documents=sheets, log=log.append, workers=2)
        shutil.rmtree(course / ".seminarkit-cache")
    notices = [line for line in log if SUBSET_NOTICE in line]
    assert len(notices) == 1, log
    assert len([line for line in log if " pages in " in line]) == 2 * len(sheets) == 4


# -- addresses and code are never hyphenated ---------------------------------------------------


def compact(text: str) -> str:
    """Text with every line break and space removed: an address broken across lines reads
    whole again, unless a hyphen was put in at the break."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("name", "addresses"), [("course-reader.pdf", ADDRESSES), (SHEET, SHEET_ADDRESSES)]
)
def test_addresses_and_code_wrap_without_inserted_hyphens(
    built: Built, name: str, addresses: tuple[str, ...]
) -> None:
    text = text_of(built.pdf(name))
    for address in addresses:
        assert address in compact(text), (address, text)
    # They did wrap (in table cells, a code block, a sentence): an inserted hyphen would show.
    assert sum(address not in text for address in addresses) >= 2


def test_prose_is_still_hyphenated_in_its_language(built: Built) -> None:
    """A German word in a narrow column of a `lang="de"` block, English words in the table."""
    text = text_of(built.pdf("course-reader.pdf"))
    for word in ("Weiterbildungsbeauftragtenvereinbarung", "Recruitment"):
        assert word not in text and word in text.replace("-\n", ""), text


def test_plain_addresses_print_as_links(built: Built) -> None:
    """Plain web and mail addresses, and `<mail@address>` (written as character references,
    which the print link resolver once took for a missing file)."""
    uris = {
        str(annotation.get_object()["/A"]["/URI"])
        for page in built.pdf("course-reader.pdf").pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }
    assert {ADDRESSES[0], f"mailto:{ADDRESSES[1]}", ADDRESSES[3], f"mailto:{ADDRESSES[-1]}"} <= uris


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        (
            "See https://example.org/a-b?x=1&y=2.",
            '<p>See <a class="sk-url" href="https://example.org/a-b?x=1&amp;y=2">'
            "https://example.org/a-b?x=1&amp;y=2</a>.</p>",
        ),
        (
            "(www.example.org/wiki/Foo_(bar))",
            '<p>(<a class="sk-url" href="http://www.example.org/wiki/Foo_(bar)">'
            "www.example.org/wiki/Foo_(bar)</a>)</p>",
        ),
        (
            "Mail anna.maria-k@example.org, please",
            '<p>Mail <a class="sk-url" href="mailto:anna.maria-k@example.org">'
            "anna.maria-k@example.org</a>, please</p>",
        ),
        # Closing brackets end an address only when it opens as many; trailing punctuation
        # and quotes stay outside; an underscore in the host is no address. The same whichever
        # pymdown-extensions the Python gets (12.3 on Debian 12's Python 3.11.2).
        (
            "Siehe (https://de.wikipedia.org/wiki/Netzwerk_(Soziologie)).",
            '<p>Siehe (<a class="sk-url" href="https://de.wikipedia.org/wiki/Netzwerk_'
            '(Soziologie)">https://de.wikipedia.org/wiki/Netzwerk_(Soziologie)</a>).</p>',
        ),
        (
            "Vgl. www.example.org/liste_[2], dann",
            '<p>Vgl. <a class="sk-url" href="http://www.example.org/liste_[2]">'
            "www.example.org/liste_[2]</a>, dann</p>",
        ),
        ("Nicht https://ex_ample.org/a hier", "<p>Nicht https://ex_ample.org/a hier</p>"),
        (
            '"www.example.org/zitat"!',
            '<p>"<a class="sk-url" href="http://www.example.org/zitat">'
            'www.example.org/zitat</a>"!</p>',
        ),
        (
            "Mehr unter https://example.org/a?x=1&y=2;",
            '<p>Mehr unter <a class="sk-url" href="https://example.org/a?x=1&amp;y=2">'
            "https://example.org/a?x=1&amp;y=2</a>;</p>",
        ),
        ("`https://example.org/code`", "<p><code>https://example.org/code</code></p>"),
        ("<a@b.org>", 'class="sk-url"'),
        (
            "[https://example.org/x](https://example.org/x) and [the site](https://example.org/)",
            '<p><a class="sk-url" href="https://example.org/x">https://example.org/x</a> and '
            '<a href="https://example.org/">the site</a></p>',
        ),
    ],
)
def test_addresses_in_prose_become_marked_links(markdown: str, html: str) -> None:
    converted = Markdown(extensions=[PrintAddresses()]).convert(markdown)
    assert converted == html if html.startswith("<p>") else html in converted
