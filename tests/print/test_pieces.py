"""Long documents laid out in pieces and joined read as the same document laid out whole.

The fixture course is short, so the split budget is lowered to one character: every marked
chapter (reader, trainer guide) and module (solution key) becomes a piece. The same documents
are built whole from another copy of the course and compared page by page: pixels, text,
bookmarks, named destinations, links, page numbers; the joined structure tree is checked
against what PDF/UA asks of a parent tree.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from seminarkit.files import TEMPORARY_PREFIX
from seminarkit.loader import load_course
from seminarkit.print import pdf, pieces
from seminarkit.print.documents import trainer_document
from seminarkit.print.pdf import CACHE_DIR, build_pdfs
from seminarkit.print.pieces import (
    FRONT,
    MARGIN_BOXES,
    MARK,
    Split,
    linked,
    numbering,
    page_number_boxes,
    split_document,
    without_boxes,
)
from seminarkit.print.renderer import PrintRenderer

from ..conftest import FIXTURE_COURSE, IGNORED

SPLIT = ("course-reader.pdf", "solutions.pdf", "trainer-guide.pdf")


def _build(course: Path, output: Path, budget: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces, "BUDGET", budget)
    monkeypatch.setattr(pdf, "_NUMBERING_PAGES", 2)  # page numbers from several documents
    renderer = PrintRenderer(load_course(course))
    wanted = [*renderer.documents, trainer_document(renderer.course)]
    build_pdfs(renderer, output, documents=wanted, log=lambda line: None)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The fixture course's PDFs laid out whole and in pieces; and the pieced course."""
    root = tmp_path_factory.mktemp("pieces")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, budget in (("whole", 10**9), ("pieces", 1)):
            shutil.copytree(FIXTURE_COURSE, root / name, ignore=IGNORED)
            _build(root / name, root / f"{name}-pdf", budget, monkeypatch)
    return root / "whole-pdf", root / "pieces-pdf", root / "pieces"


def _pixels(pdf: Path, folder: Path) -> list[bytes]:
    """Each page drawn by Poppler at 30 dpi, as PGM bytes."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(folder / "p")], check=True)
    return [path.read_bytes() for path in sorted(folder.iterdir())]


def _outline(reader: PdfReader) -> list[tuple[str, int | None]]:
    found: list[tuple[str, int | None]] = []
    stack = list(reversed(reader.outline))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        else:
            found.append((str(item.title), reader.get_destination_page_number(item)))
    return found


def _links(reader: PdfReader) -> list[tuple[int, str, list[int]]]:
    return [
        (
            number,
            str(annotation.get_object().get("/Dest")),
            [round(float(v)) for v in annotation.get_object()["/Rect"]],
        )
        for number, page in enumerate(reader.pages)
        for annotation in page.get("/Annots", [])
    ]


@pytest.mark.parametrize("filename", SPLIT)
def test_pieces_read_as_the_whole(
    builds: tuple[Path, Path, Path], filename: str, tmp_path: Path
) -> None:
    whole_pdf, pieces_pdf, _ = builds
    whole, joined = PdfReader(whole_pdf / filename), PdfReader(pieces_pdf / filename)
    assert len(joined.pages) == len(whole.pages) > 2
    assert _pixels(pieces_pdf / filename, tmp_path / "a") == _pixels(
        whole_pdf / filename, tmp_path / "b"
    )
    count = len(joined.pages)
    texts = [page.extract_text() for page in joined.pages]
    for number, text in enumerate(texts[1:], start=2):  # the cover has no page number
        assert f"Page {number} of {count}" in text
    assert _outline(joined) == _outline(whole) != []
    destinations = {
        name: joined.get_destination_page_number(value)
        for name, value in joined.named_destinations.items()
    }
    assert destinations == {
        name: whole.get_destination_page_number(value)
        for name, value in whole.named_destinations.items()
    }
    assert _links(joined) == _links(whole)
    assert joined.metadata is not None and whole.metadata is not None
    assert joined.metadata.title == whole.metadata.title
    root = joined.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_the_contents_link_to_the_pages_of_later_pieces(builds: tuple[Path, Path, Path]) -> None:
    whole_pdf, pieces_pdf, _ = builds
    joined = PdfReader(pieces_pdf / "course-reader.pdf")
    contents = joined.pages[1]
    links = [annotation.get_object() for annotation in contents.get("/Annots", [])]
    targets = {str(link["/Dest"]) for link in links}
    assert len(targets) == 3  # one per lesson
    text = contents.extract_text()
    for target in targets:
        page = joined.get_destination_page_number(joined.named_destinations[target])
        assert page > 1
        assert re.search(rf"\.\s*{page + 1}\b", text), (target, page + 1)
    # The cross-references between lessons land on the same pages as in the whole document.
    assert _links(joined)[3:] == _links(PdfReader(whole_pdf / "course-reader.pdf"))[3:] != []


@pytest.mark.parametrize("filename", (*SPLIT, "worksheets-all.pdf"))
def test_joined_structure_tree(builds: tuple[Path, Path, Path], filename: str) -> None:
    """One /Document element; every page's and link's parent tree entry is there and points
    back to that page or link (ISO 32000-1, 14.7.4.4)."""
    joined = PdfReader(builds[1] / filename)
    tree = joined.trailer["/Root"]["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    flat = tree["/ParentTree"]["/Nums"]
    keys = [int(key) for key in flat[0::2]]
    assert keys == sorted(set(keys))
    assert int(tree["/ParentTreeNextKey"]) == keys[-1] + 1
    entries = dict(zip(keys, flat[1::2], strict=True))
    for kid in document["/K"]:
        assert kid.get_object().raw_get("/P").idnum == tree["/K"][0].idnum
    for page in joined.pages:
        elements = entries[int(page["/StructParents"])]
        assert isinstance(elements, ArrayObject)
        for element in elements:
            assert element.get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum
        for annotation in page.get("/Annots", []):
            link = entries[int(annotation.get_object()["/StructParent"])].get_object()
            assert link["/S"] == "/Link"
            references = [kid.get_object() for kid in link["/K"] if isinstance(kid, IndirectObject)]
            assert any(
                isinstance(ref, DictionaryObject) and ref.raw_get("/Obj").idnum == annotation.idnum
                for ref in references
            )


def test_pieces_leave_no_files_behind(builds: tuple[Path, Path, Path]) -> None:
    cache = builds[2] / CACHE_DIR
    assert [path.name for path in cache.iterdir() if path.name.startswith(TEMPORARY_PREFIX)] == []


def _document(front: str, *chapters: str) -> str:
    parts = "".join(f'{MARK}<article id="c{n}">{text}</article>' for n, text in enumerate(chapters))
    return (
        '<html><head><title>T</title></head><body class="b"><div class="sk-running-course">C</div>'
        f'{FRONT}<section class="cover">{front}<div class="sk-running-course">C2</div></section>'
        f"{parts}</body></html>"
    )


def test_split_document_keeps_short_or_unmarked_documents_whole() -> None:
    html = _document("front", "a" * 50, "b" * 50)
    assert split_document(html, budget=len(html)) is None
    assert split_document(html.replace(MARK, ""), budget=10) is None
    assert split_document(html.replace(FRONT, ""), budget=10) is None


def test_split_document_groups_chapters_up_to_the_budget() -> None:
    html = _document("front", "a" * 40, "b" * 40, "c" * 200, "d" * 10)
    moved = "<style>@page { @bottom-right { content: counter(page) } }</style></head>"
    html = html.replace("</head>", moved)
    static = "@page { @top-center { content: 'Draft' } }"  # a course's own print.css
    split = split_document(html, budget=160 + len(moved), stylesheets=[static])
    assert split is not None
    quiet = without_boxes({"bottom-right"})
    assert without_boxes(set(MARGIN_BOXES) - {"bottom-right"}) in split.frame
    bodies = [body[body.index(FRONT) :] for body in split.body]
    assert [
        sum(text * n in body for text, n in (("a", 40), ("b", 40), ("c", 200), ("d", 10)))
        for body in bodies
    ] == [2, 1, 1]
    for body in split.body:
        assert quiet in body
        # The course's running string of the front matter, inside the piece's first element.
        assert '<article id="c' in body and '<div class="sk-running-course">C2</div>' in body
        assert body.index("C2") > body.index("<article")
    assert "C2" in split.front and quiet in split.front


#: Stylesheets and the margin boxes in which they show the page number; None: one that
#: `numbering` cannot draw as the document would.
PAGE_NUMBER_CSS = [
    ("@page { @bottom-center { content: 'Page ' counter(page) } }", {"bottom-center"}),
    ("@media print { @page { @top-right { content: counters(page, '.') } } }", {"top-right"}),
    ("@page { @BOTTOM-RIGHT { CONTENT: COUNTER(PAGE, upper-roman) } }", {"bottom-right"}),
    ("@page cover { @bottom-center { content: none } }", set()),
    ("@page { @top-center { content: 'Draft' } @top-left { content: string(x) } }", set()),
    ("@page { @bottom-left { content: counter(part) } } p { content: counter(page) }", set()),
    ("@page { @top-left { color: red } } @page { @footnote { content: counter(page) } }", set()),
    ("@page { @top-right { content: string(module) ' ' counter(page) } }", None),
    ("@page :left { @bottom-left { content: counter(page) '/' counter(pages) } }", None),
    ("@page :first { @bottom-center { content: counter(page) } }", None),
    ("@page :nth(2n) { @bottom-center { content: counter(page) } }", None),
]


@pytest.mark.parametrize(("css", "boxes"), PAGE_NUMBER_CSS)
def test_page_number_boxes_are_found_in_the_stylesheets(css: str, boxes: set[str] | None) -> None:
    """A document is laid out in pieces when its own `<style>` elements show the page number
    in boxes `numbering` can draw (not beside a running string, nor on `:first`, `:left`,
    ... pages) and its linked stylesheet shows none."""
    more = "@page { @bottom-center { content: counter(pages) } }"
    assert page_number_boxes([css]) == boxes
    assert page_number_boxes([css, more]) == (None if boxes is None else {*boxes, "bottom-center"})
    html = _document("front", "a" * 40, "b" * 40)
    own = html.replace("</head>", f"<style>{css}</style></head>")
    assert (split_document(own, budget=60) is None) == (boxes is None)
    assert (split_document(html, budget=60, stylesheets=[css]) is None) == (boxes != set())


#: A course's own print stylesheet: a static text on every page (drawn once in pieces too).
OWN_TEXT = '@page { @top-center { content: "DRAFT"; } }'
#: Another one: the page number moved to the outer corner for duplex printing (laid out whole).
OWN_PAGES = """
@page { @top-center { content: "DRAFT"; } }
@page :right { @bottom-right { content: "p. " counter(page) " / " counter(pages); } }
@page :left { @bottom-left { content: "p. " counter(page) " / " counter(pages); } }
@page cover { @bottom-right { content: none; } @bottom-left { content: none; } }
"""


@pytest.mark.parametrize(
    ("own_css", "number"), [(OWN_TEXT, "Page {} of {}"), (OWN_PAGES, "p. {} / {}")]
)
def test_a_course_stylesheet_with_its_own_margin_boxes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_css: str, number: str
) -> None:
    """A course's own `print.css` with a static margin text is laid out in pieces, and the
    text is drawn once (the numbering draws only the page number); one that moves the page
    number is laid out whole. Either way every page reads as the document laid out whole."""
    stylesheet = Path(pdf.__file__).parent.parent / "templates" / "print" / "print.css"
    outputs = {}
    for name, budget in (("whole", 10**9), ("pieces", 1)):
        course = tmp_path / name
        shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
        own = course / "templates" / "print" / "print.css"
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text(stylesheet.read_text(encoding="utf-8") + own_css, encoding="utf-8")
        _build(course, tmp_path / f"{name}-pdf", budget, monkeypatch)
        outputs[name] = PdfReader(tmp_path / f"{name}-pdf" / "course-reader.pdf")
    pieced = [path.name for path in (tmp_path / "pieces" / CACHE_DIR).glob("course-reader*")]
    assert any(pdf._PIECE in name for name in pieced) == (own_css == OWN_TEXT), pieced
    whole, joined = outputs["whole"], outputs["pieces"]
    count = len(whole.pages)
    assert len(joined.pages) == count > 3
    texts = [page.extract_text() for page in joined.pages]
    for page, text in enumerate(texts[1:], start=2):  # the cover has no page number
        assert text.count(number.format(page, count)) == 1, (page, text)
        assert text.count("DRAFT") == 1
    assert _pixels(tmp_path / "pieces-pdf" / "course-reader.pdf", tmp_path / "p") == _pixels(
        tmp_path / "whole-pdf" / "course-reader.pdf", tmp_path / "w"
    )


def test_linked_adds_stubs_for_other_pieces_only() -> None:
    links = '<a href="#own">x</a><a class="k" href="#far">y</a>'
    piece = f'<html><body>{FRONT}<article id="own">{links}</article></body></html>'
    html, stubs = linked(piece, {"far": 17, "own": 3})
    assert stubs == {"far"}
    assert '<a class="k" data-sk-page="17" href="#far">' in html
    assert '<a href="#own">' in html
    assert html.index('<div id="far"></div>') > html.index('<article id="own">')


def test_numbering_of_later_pages_starts_there_and_names_the_total() -> None:
    frame = "<html><head><style>@page { content: counter(pages) }</style></head><body>"
    split = Split("", (), (), frame, "</body></html>")
    html = numbering(split, ["", "cover", ""], first=5, total=9)
    assert "counter-reset: page 5" in html and 'content: "9"' in html
    assert html.count("<div") == 3 and "page: cover" in html
    assert numbering(split, ["", ""], first=1, total=2) == frame + (
        '<div style=""></div><div style="break-before: page"></div></body></html>'
    )


def test_an_edit_lays_out_only_its_piece_again(
    builds: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "course"
    shutil.copytree(builds[2], course)  # with its cache of pieces
    cache = course / CACHE_DIR

    def pieces_now() -> dict[str, int]:
        return {path.name: path.stat().st_mtime_ns for path in cache.glob("*.piece-*.pdf")}

    before = pieces_now()
    lesson = course / "docs" / "basics.md"
    lesson.write_text(lesson.read_text("utf-8") + "\nOne more sentence for the reader.\n", "utf-8")
    _build(course, tmp_path / "edited", 1, monkeypatch)
    after = pieces_now()
    added, removed = set(after) - set(before), set(before) - set(after)
    assert len(added) == len(removed) == 1
    assert all(name.startswith("course-reader.piece-") for name in added | removed)
    assert all(after[name] == before[name] for name in set(after) & set(before))
    # The edited reader reads as the edited course laid out whole.
    whole = tmp_path / "whole"
    shutil.copytree(course, whole, ignore=shutil.ignore_patterns(CACHE_DIR))
    _build(whole, tmp_path / "whole-pdf", 10**9, monkeypatch)
    name = "course-reader.pdf"
    edited = PdfReader(tmp_path / "edited" / name)
    assert any("One more sentence" in page.extract_text() for page in edited.pages)
    assert _pixels(tmp_path / "edited" / name, tmp_path / "a") == _pixels(
        tmp_path / "whole-pdf" / name, tmp_path / "b"
    )
