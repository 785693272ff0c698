"""Images in every PDF: the real-world course's images drawn at their attr_list sizes, and an image
that cannot be shown reported as a warning naming the exercise or page (an error when strict)."""

from __future__ import annotations

import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from seminarkit.cli import main
from seminarkit.loader import load_course
from seminarkit.print.pdf import build_pdfs
from seminarkit.print.renderer import PrintRenderer
from seminarkit.problems import Problem

from ..conftest import mkdocs_build
from ..realworld_images import ARROW, GAPS, PLAN, QUIZ, copy_realworld, edit

#: Pixel size of each raster image of the course -> its name in the expectations below.
RASTER = {(240, 120): "chart", (160, 80): "plan", (96, 96): "logo", (128, 160): "flipchart"}
PX = 0.75
"""Points per CSS pixel."""
CM = 72 / 2.54
MAGENTA_STROKE = b"1 0 1 RG"
"""How WeasyPrint strokes the arrow of arrow.svg (#ff00ff), drawn as vectors, not as an image."""
CYAN_FILL = b"0 0.784314 0.784314 rg"
"""The circles of diagram.svg (#00c8c8)."""
BROKEN_TRANSFORM = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32">'
    '<rect width="10" height="10" transform="rotate(x)"/></svg>'
)


@dataclass
class Build:
    """The PDFs of one build, the warnings and log lines it gave."""

    course: Path
    output: Path
    warnings: list[Problem] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def path(self, filename: str) -> Path:
        """Where a PDF is (the trainer guide is built into the same folder here)."""
        return self.output / filename


def build(course: Path, output: Path, only: str = "") -> Build:
    """Every PDF of `course`, the trainer guide too, into `output` (or the one named `only`)."""
    result = Build(course, output)
    renderer = PrintRenderer(load_course(course))
    every = [*renderer.documents, renderer.trainer]
    for documents in ([d for d in every if d.filename == only],) if only else (None, every[-1:]):
        build_pdfs(
            renderer,
            output,
            documents=documents,
            log=result.log.append,
            warn=result.warnings.append,
        )
    return result


def drawn(pdf: Path) -> list[tuple[int, str, float, float]]:
    """(page index, image name, width pt, height pt) of every raster image drawn, in order."""
    images = []
    for index, page in enumerate(PdfReader(pdf).pages):
        resources = page["/Resources"].get_object()
        xobjects = resources["/XObject"].get_object() if "/XObject" in resources else {}

        def visit(operator: bytes, operands: list[object], cm: list[float], _: object) -> None:
            if operator != b"Do":
                return
            xobject = xobjects[operands[0]].get_object()  # noqa: B023 (called right away)
            # Images of other kinds of the shared fixture have sizes of their own: not ours.
            if xobject["/Subtype"] != "/Image":
                return
            name = RASTER.get((int(xobject["/Width"]), int(xobject["/Height"])))
            if name is not None:
                images.append((index, name, round(cm[0], 2), round(cm[3], 2)))  # noqa: B023

        page.extract_text(visitor_operand_before=visit)
    return images


def sizes(pdf: Path) -> dict[str, list[float]]:
    """Drawn widths in points by image name, in order of drawing."""
    found: dict[str, list[float]] = defaultdict(list)
    for _, name, width, _ in drawn(pdf):
        found[name].append(width)
    return dict(found)


def content(pdf: Path) -> bytes:
    """The content streams of every page."""
    return b"\n".join(page.get_contents().get_data() for page in PdfReader(pdf).pages)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real-world course's PDFs (its images in every kind of exercise field and page)."""
    root = tmp_path_factory.mktemp("images")
    return build(copy_realworld(root / "course"), root / "pdf")


def test_no_warnings_for_the_fixture_course(pdfs: Build) -> None:
    assert pdfs.warnings == []
    assert [line for line in pdfs.log if "WeasyPrint warning" in line] == []


def test_worksheet_images_at_their_sizes(pdfs: Build) -> None:
    """attr_list `width="120"` and `width="60"` in px, `style="width: 2cm"`; the quiz is on a
    page two folders deep, its image paths start at docs/."""
    sheet = pdfs.path("worksheets-images-module-1-lesson.pdf")
    assert sizes(sheet) == {"chart": [120 * PX, 60 * PX], "plan": [round(2 * CM, 2)]}
    (_, _, _, height), *_ = drawn(sheet)
    assert height == 60 * PX  # the height follows the width (240 x 120 px)
    assert MAGENTA_STROKE in content(sheet)  # the SVG arrow of an option
    top = pdfs.path("worksheets-images.pdf")
    assert sizes(top) == {} and MAGENTA_STROKE in content(top)  # the SVG of the cloze text


def test_reader_images_of_pages_and_exercises(pdfs: Build) -> None:
    reader = pdfs.path("course-reader.pdf")
    assert sizes(reader) == {
        "logo": [48 * PX],  # docs/images.md, relative to the page
        "flipchart": [64 * PX],  # raw <img> two folders deep, relative to its page
        "chart": [120 * PX, 60 * PX],
        "plan": [round(2 * CM, 2)],
    }
    flipchart = next(image for image in drawn(reader) if image[1] == "flipchart")
    assert flipchart[2:] == (64 * PX, 80 * PX)  # width="64" height="80"
    assert CYAN_FILL in content(reader)  # the page's own SVG, two folders deep
    assert MAGENTA_STROKE in content(reader)


def test_solution_key_shows_explanation_and_solution_images(pdfs: Build) -> None:
    assert sizes(pdfs.path("solutions.pdf")) == {
        "chart": [120 * PX, 90 * PX],  # intro, solution (hints are for the worksheet)
        "plan": [round(2 * CM, 2), 40 * PX],  # question text, explanation (percent-encoded)
    }


def test_trainer_guide_shows_trainer_notes_images(pdfs: Build) -> None:
    guide = pdfs.path("trainer-guide.pdf")
    found = sizes(guide)
    assert found["logo"] == [24 * PX]  # trainer notes of docs/images.md
    assert found["flipchart"] == [40 * PX]  # trainer notes of the page two folders deep
    assert found["plan"] == [round(2 * CM, 2), 40 * PX]
    chart = found["chart"]
    assert chart[:2] == [120 * PX, 90 * PX] and len(chart) == 3
    assert chart[2] > 200  # width="50%" of the trainer notes box


def test_a_worksheet_page_shows_the_pictures(pdfs: Build, tmp_path: Path) -> None:
    """The page as a reader sees it: the chart's bars and the magenta arrow are on it."""
    sheet = pdfs.path("worksheets-images-module-1-lesson.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(sheet), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    colors = Image.open(png).convert("RGB").getcolors(maxcolors=1 << 24) or []

    def count(color: tuple[int, int, int]) -> int:
        return sum(
            n for n, c in colors if all(abs(a - b) < 30 for a, b in zip(c, color, strict=True))
        )

    assert count((0xD6, 0x27, 0x28)) > 100  # the red bar of chart.png, twice
    assert count((0x94, 0x67, 0xBD)) > 20  # the purple bar of "Größe plan.png"
    assert count((0xFF, 0x00, 0xFF)) > 5  # the arrow of arrow.svg


def test_a_missing_image_prints_its_alt_text(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    (course / PLAN).unlink()
    loaded = load_course(course)
    assert {(p.file, p.severity) for p in loaded.problems} == {(QUIZ, "warning")}
    sheet_name = "worksheets-images-module-1-lesson.pdf"
    result = build(course, tmp_path / "pdf", only=sheet_name)
    assert result.warnings == []  # told once, by the loader: WeasyPrint never sees the image
    sheet = result.path(sheet_name)
    assert "plan" not in sizes(sheet)
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert "Plan with umlaut and space" in text


def test_a_changed_image_rebuilds_the_pdf(tmp_path: Path) -> None:
    """The cache key holds the image bytes, also of a file whose name has a space and umlauts."""
    course = copy_realworld(tmp_path / "course")
    sheet = "worksheets-images-module-1-lesson.pdf"
    first = build(course, tmp_path / "pdf", only=sheet)
    assert [line for line in first.log if "pages in" in line]
    Image.new("RGB", (160, 80), "#000000").save(course / PLAN)
    second = build(course, tmp_path / "pdf", only=sheet)
    assert [line for line in second.log if "pages in" in line], second.log


def test_an_image_weasyprint_cannot_draw_is_a_warning_naming_its_files(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    (course / ARROW).write_text(BROKEN_TRANSFORM, encoding="utf-8")
    result = build(course, tmp_path / "pdf")
    found = {(p.file, p.message) for p in result.warnings}
    message = "could not put image 'docs/images/img/arrow.svg' into {}: WeasyPrint cannot draw it"
    assert (GAPS, message.format("worksheets-images.pdf")) in found
    assert (QUIZ, message.format("worksheets-images-module-1-lesson.pdf")) in found
    assert (QUIZ, message.format("trainer-guide.pdf")) in found
    assert {p.severity for p in result.warnings} == {"warning"}
    again = build(course, tmp_path / "pdf")  # every PDF from the cache: the warnings again
    assert not [line for line in again.log if "pages in" in line]
    assert {(p.file, p.message) for p in again.warnings} == found


def test_an_image_inside_an_svg_that_will_not_load_names_the_pdf(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    (course / ARROW).write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32">'
        '<image href="nowhere.png" width="32" height="32"/></svg>',
        encoding="utf-8",
    )
    result = build(course, tmp_path / "pdf")
    assert (
        "worksheets-images.pdf",
        "could not put image 'docs/images/img/nowhere.png' into worksheets-images.pdf: "
        "no such file",
    ) in {(p.file, p.message) for p in result.warnings}


def test_pdf_command_fails_on_image_warnings_with_strict(tmp_path: Path) -> None:
    course = copy_realworld(tmp_path / "course")
    (course / ARROW).write_text(BROKEN_TRANSFORM, encoding="utf-8")
    runner = CliRunner()
    output = ["-o", str(tmp_path / "pdf")]
    result = runner.invoke(main, ["pdf", str(course), *output])
    assert result.exit_code == 0, result.output
    assert f"{GAPS}: warning: could not put image 'docs/images/img/arrow.svg'" in result.output
    strict = runner.invoke(main, ["pdf", "--strict", str(course), *output])
    assert strict.exit_code == 1
    assert "--strict:" in strict.output


def test_mkdocs_build_warns_and_strict_fails(tmp_path: Path) -> None:
    """A missing exercise image and an SVG WeasyPrint cannot draw: warnings naming the files;
    the site and the PDFs are still built. `--strict` fails on the loader's warning at once,
    before MkDocs cleans the site folder."""
    course = copy_realworld(tmp_path / "course")
    edit(course, QUIZ, 'images/img/chart.png){ width="120" }', "img/chart.png)")
    (course / ARROW).write_text(BROKEN_TRANSFORM, encoding="utf-8")
    result = mkdocs_build(course, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert f"WARNING -  {QUIZ}:6:" in result.stderr
    assert "intro: missing image 'img/chart.png' (no file docs/img/chart.png)" in result.stderr
    assert f"WARNING -  {GAPS}: warning: could not put image" in result.stderr
    assert (tmp_path / "site" / "downloads" / "worksheets-images.pdf").is_file()
    edit(course, "mkdocs.yml", "  - seminarkit\n", "  - seminarkit:\n      pdf: false\n")
    strict = mkdocs_build(course, tmp_path / "strict", "--strict")
    assert strict.returncode != 0
    assert f"{QUIZ}:6:38: intro: missing image 'img/chart.png'" in strict.stderr
    assert "Aborted with a BuildError!" in strict.stdout + strict.stderr
    assert "Traceback" not in strict.stderr
