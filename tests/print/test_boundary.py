"""Nothing lost, nothing leaked: every file a page or exercise would load is checked with file
and line before MkDocs cleans `site/`, and no file from outside the course reaches a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from seminarkit.cli import main
from seminarkit.print.pdf import PdfJob, write_pdf

from ..conftest import mkdocs_build
from ..realworld_images import copy_realworld, edit

PAGE = "docs/boundary.md"
EXERCISE = "exercises/boundary/boundary-files.yml"
EXERCISE_LINE = """  <span title='quoted'>Every file it loads lies in `docs/`.</span>"""
HANDOUT = b"BOUNDARY-HANDOUT-BYTES"
SECRET = b"SECRET-OUTSIDE-THE-COURSE-7f3a"


@dataclass(frozen=True)
class Variation:
    """One way to point at a file the course may not load; `leaks` is an error even without
    `--strict` (it would publish or embed a file from outside the course)."""

    file: str
    text: str
    words: str
    leaks: bool = True


VARIATIONS = {
    "image-up": Variation(EXERCISE, "  ![Secret](../outside/secret.png)", "is outside docs/"),
    "image-single-quoted-remote": Variation(
        EXERCISE,
        "  <img src='https://example.org/logo.png' alt='Logo'>",
        "remote image 'https://example.org/logo.png'",
        leaks=False,
    ),
    "image-symlink-out": Variation(
        EXERCISE, "  ![Logo](boundary/link.png)", "is a symlink to a file outside the course"
    ),
    "image-absolute": Variation(
        EXERCISE, '  <img src="/etc/hostname" alt="h">', "no file docs/etc/hostname", leaks=False
    ),
    "image-file-url": Variation(
        EXERCISE, '  <img src="file:///etc/hostname" alt="h">', "is a file: URL"
    ),
    "css-url-remote": Variation(
        EXERCISE,
        '  <span style="background: url(https://example.org/bg.png)">x</span>',
        "CSS url() 'https://example.org/bg.png' is remote",
        leaks=False,
    ),
    "object-up": Variation(
        EXERCISE, '  <object data="../outside/secret.svg"></object>', "is outside docs/"
    ),
    "attachment-up": Variation(
        PAGE,
        '<a rel="attachment" href="../../../../../../../../etc/hostname">host</a>',
        """<a rel="attachment"> '../../../../../../../../etc/hostname' is outside docs/""",
    ),
    "attachment-markdown-up": Variation(
        PAGE, '[secret](../outside/secret.txt){ rel="attachment" }', "is outside docs/"
    ),
    "attachment-symlink-out": Variation(
        PAGE,
        '[handout](boundary/link.txt){ rel="attachment" }',
        "docs/boundary/link.txt is a symlink to a file outside the course",
    ),
    "attachment-file-url": Variation(
        PAGE, '<a rel="attachment" href="file:///etc/hostname">h</a>', "a file: URL"
    ),
    "style-element-up": Variation(
        PAGE, "<style>.x { background: url('../outside/secret.png') }</style>", "is outside docs/"
    ),
    "link-absolute": Variation(
        PAGE, "[hosts](/etc/hostname)", "broken link to '/etc/hostname': no file docs/etc/hostname"
    ),
}


def _secrets(folder: Path) -> Path:
    """Files outside any course, holding `SECRET`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("secret.txt", "secret.png", "secret.svg"):
        (folder / name).write_bytes(SECRET)
    return folder


def _with(course: Path, variation: Variation, secrets: Path) -> int:
    """Put the variation into the course; the line it stands on."""
    (course / "docs" / "boundary" / "link.png").symlink_to(secrets / "secret.png")
    (course / "docs" / "boundary" / "link.txt").symlink_to(secrets / "secret.txt")
    if variation.file == EXERCISE:
        edit(course, EXERCISE, EXERCISE_LINE, variation.text)
        lines = (course / EXERCISE).read_text("utf-8").splitlines()
    else:
        page = course / PAGE
        page.write_text(page.read_text("utf-8") + "\n" + variation.text + "\n", "utf-8")
        lines = page.read_text("utf-8").splitlines()
    return lines.index(variation.text) + 1


def _attached(pdf: Path) -> list[bytes]:
    """Every file embedded in a PDF: the document's /EmbeddedFiles and file annotations."""
    reader = PdfReader(pdf)
    found = [data for datas in reader.attachments.values() for data in datas]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                found.append(annotation["/FS"].get_object()["/EF"]["/F"].get_object().get_data())
    return found


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real-world course built once with `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("boundary")
    course = copy_realworld(root / "course")
    site = root / "site"
    result = mkdocs_build(course, site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


def _snapshot(site: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((site / "downloads").iterdir())}


def test_a_file_in_docs_is_attached_to_the_reader(good_site: Path) -> None:
    """The control for the leak tests: an attachment inside docs/ does reach the reader."""
    attached = _attached(good_site / "downloads" / "course-reader.pdf")
    assert b"Handout for the reader: " + HANDOUT + b"\n" in attached
    assert "course-reader.pdf" in _snapshot(good_site)


@pytest.mark.parametrize("name", VARIATIONS)
def test_check_locates_every_file_the_course_may_not_load(tmp_path: Path, name: str) -> None:
    variation = VARIATIONS[name]
    course = copy_realworld(tmp_path / "course")
    line = _with(course, variation, _secrets(tmp_path / "outside"))
    strict = CliRunner().invoke(main, ["check", "--strict", str(course)])
    assert strict.exit_code == 1, strict.output
    located = [row for row in strict.output.splitlines() if row.startswith(f"{variation.file}:")]
    assert len(located) == 1, strict.output
    assert located[0].startswith(f"{variation.file}:{line}:") and variation.words in located[0]
    assert "Traceback" not in strict.output
    plain = CliRunner().invoke(main, ["check", str(course)])
    assert (plain.exit_code == 1) == variation.leaks, plain.output
    assert ("warning:" in plain.output) != variation.leaks


@pytest.mark.parametrize("name", VARIATIONS)
def test_a_failing_build_stops_before_cleaning_the_site(
    good_site: Path, tmp_path: Path, name: str
) -> None:
    """`mkdocs build --strict` (a leak: even without `--strict`) stops in the plugin's
    on_config: the last good site with its PDFs, zip and LMS files stays as it was."""
    variation = VARIATIONS[name]
    before = _snapshot(good_site)
    course = copy_realworld(tmp_path / "course")
    line = _with(course, variation, _secrets(tmp_path / "outside"))
    result = mkdocs_build(course, good_site, *([] if variation.leaks else ["--strict"]))
    assert result.returncode != 0
    assert f"{variation.file}:{line}:" in result.stderr and variation.words in result.stderr
    assert "Cleaning site directory" not in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(good_site) == before
    assert all(SECRET not in data for data in before.values())


def test_the_pdf_fetcher_refuses_files_outside_the_course(tmp_path: Path) -> None:
    """The second guard: even HTML that got past the loader (a template, say) cannot make
    WeasyPrint load or embed a file outside the course; no PDF is written (or cached)."""
    secrets = _secrets(tmp_path / "outside")
    docs = tmp_path / "course" / "docs"
    docs.mkdir(parents=True)
    (docs / "handout.txt").write_bytes(HANDOUT)
    (docs / "link.txt").symlink_to(secrets / "secret.txt")
    stylesheet = tmp_path / "course" / "print.css"
    stylesheet.write_text("body { font-size: 10pt }", "utf-8")
    escapes = [
        f'<a rel="attachment" href="{docs.as_uri()}/../../outside/secret.txt">up</a>',
        '<a rel="attachment" href="../../outside/secret.txt">relative</a>',
        '<a rel="attachment" href="link.txt">symlink</a>',
        '<a rel="attachment" href="file:///etc/hostname">absolute</a>',
        f'<img src="{secrets.as_uri()}/secret.png" alt="image">',
        f"<div style=\"background: url('{secrets.as_uri()}/secret.png')\">css</div>",
    ]
    for escape in escapes:
        target = tmp_path / "out.pdf"
        html = f'<p><a rel="attachment" href="handout.txt">ok</a> {escape}</p>'
        job = PdfJob("x.pdf", html, str(stylesheet), str(docs), str(target), "0" * 64)
        with pytest.raises(ValueError, match="outside the course folder"):
            write_pdf(job)
        assert not target.exists(), escape
    allowed = PdfJob(
        "x.pdf",
        '<p><a rel="attachment" href="handout.txt">ok</a></p>',
        str(stylesheet),
        str(docs),
        str(tmp_path / "ok.pdf"),
        "0" * 64,
    )
    write_pdf(allowed)
    assert _attached(tmp_path / "ok.pdf") == [HANDOUT]
