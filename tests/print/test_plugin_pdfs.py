"""The MkDocs plugin builds the PDFs after the site and fills in the download facts."""

from __future__ import annotations

import re
from pathlib import Path

from ..conftest import mkdocs_build


def test_build_writes_pdfs_and_download_facts(built_fixture: Path) -> None:
    downloads = built_fixture / "downloads"
    assert sorted(p.name for p in downloads.glob("*.pdf")) == [
        "course-reader.pdf",
        "solutions.pdf",
        "worksheets-all.pdf",
        "worksheets-basics.pdf",
        "worksheets-practice.pdf",
    ]
    index = (built_fixture / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/course-reader.pdf"' in index
    facts = re.findall(r'data-sk-download="([^"]+)">\((\d+) pages?, (\d+) KB\)</span>', index)
    assert {name for name, _, _ in facts} == {p.name for p in downloads.glob("*.pdf")}
    for name, pages, kilobytes in facts:
        assert int(pages) >= 1
        assert abs(int(kilobytes) - (downloads / name).stat().st_size / 1024) < 1


def test_pdf_false_skips_the_pdfs(course_copy: Path, tmp_path: Path) -> None:
    config = course_copy / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - seminarkit:\n", "  - seminarkit:\n      pdf: false\n"
        ),
        "utf-8",
    )
    result = mkdocs_build(course_copy, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "downloads").exists()


def test_unknown_plugin_option_is_reported_with_line(course_copy: Path, tmp_path: Path) -> None:
    config = course_copy / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  - seminarkit:\n", "  - seminarkit:\n      pfd: false\n"
    )
    config.write_text(text, "utf-8")
    result = mkdocs_build(course_copy, tmp_path / "site")
    assert result.returncode != 0
    line = text.splitlines().index("      pfd: false") + 1
    assert f"mkdocs.yml:{line}:7: plugins[" in result.stderr
    assert "unknown key 'pfd' (did you mean 'pdf'?)" in result.stderr


def test_broken_link_fails_the_build_naming_the_lesson(course_copy: Path, tmp_path: Path) -> None:
    page = course_copy / "docs" / "practice" / "index.md"
    page.write_text(page.read_text("utf-8") + "\n[Karte](karte.pdf)\n", "utf-8")
    result = mkdocs_build(course_copy, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/practice/index.md:" in result.stderr and "broken link to 'karte.pdf'" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_site_zip_for_usb_sticks(built_fixture: Path) -> None:
    import zipfile

    archive = built_fixture / "downloads" / "fixture-course.zip"
    names = zipfile.ZipFile(archive).namelist()
    folder = built_fixture.name
    assert f"{folder}/index.html" in names and f"{folder}/practice/index.html" in names
    assert f"{folder}/downloads/course-reader.pdf" in names
    assert f"{folder}/downloads/fixture-course.zip" not in names
    # The whole site: also what plugins write after seminarkit's PDFs (the offline search index).
    files = {
        f"{folder}/{path.relative_to(built_fixture).as_posix()}"
        for path in built_fixture.rglob("*")
        if path.is_file() and path != archive
    }
    assert set(names) == files
    index_js = f"{folder}/search/search_index.js"
    assert (
        zipfile.ZipFile(archive).read(index_js)
        == (built_fixture / "search" / "search_index.js").read_bytes()
    )
    index = (built_fixture / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/fixture-course.zip"' in index
    assert 'href="downloads/seminar.ics"' in index


def test_published_files_are_world_readable(built_fixture: Path) -> None:
    for path in (built_fixture / "downloads").iterdir():
        assert path.stat().st_mode & 0o444 == 0o444, path


def test_lms_exports_are_published(built_fixture: Path) -> None:
    import xml.etree.ElementTree as ElementTree

    quiz = ElementTree.parse(built_fixture / "downloads" / "moodle.xml").getroot()
    assert quiz.tag == "quiz" and quiz.find("question[@type='multichoice']") is not None
    gift = (built_fixture / "downloads" / "moodle.gift.txt").read_text("utf-8")
    assert "$CATEGORY:" in gift
    index = (built_fixture / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/moodle.xml"' in index and 'href="downloads/moodle.gift.txt"' in index
