"""The hosts the README names: ProperDocs (MkDocs 1.x fork, runs the plugin) and Zensical (runs
only the Markdown extension; FORMAT.md, "Zensical"). Real builds with the installed tools."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from seminarkit.cli import main

from .conftest import FIXTURE_COURSE, IGNORED, mkdocs_build

BIN = Path(sys.executable).parent
#: What FORMAT.md adds to mkdocs.yml for Zensical with the offline plugin: the search worker shim
#: from the site itself (Zensical would load it from a CDN).
ZENSICAL_EXTRA = "extra:\n  polyfills:\n    - assets/seminarkit/iframe-worker-shim.js\n"


def _run(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / tool), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )


def _inline_scripts(page: str) -> list[str]:
    """The inline scripts of a page that are seminarkit.js."""
    scripts = [chunk.split("</script>")[0] for chunk in page.split("<script>")[1:]]
    return [script for script in scripts if "sk-data" in script]


def test_properdocs_builds_the_fixture_course_strictly(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    result = _run(
        "properdocs", "build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=course
    )
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/seminarkit/seminarkit.css" in page
    assert (site / "assets" / "seminarkit" / "seminarkit.js").is_file()
    assert (site / "downloads" / "course-reader.pdf").is_file()
    assert (course / "trainer" / "trainer-guide.pdf").is_file()


def make_zensical_course(course: Path) -> Path:
    """An English starter course whose mkdocs.yml also lists the extension and the local offline
    search shim, as FORMAT.md ("Zensical") says."""
    assert (BIN / "zensical").exists(), "zensical comes with the test dependencies"
    assert CliRunner().invoke(main, ["new", str(course), "--language", "en"]).exit_code == 0
    config = course / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("markdown_extensions:\n", "markdown_extensions:\n  - seminarkit.markdown\n")
    config.write_text(text + ZENSICAL_EXTRA, encoding="utf-8")
    return course


def zensical_build(course: Path) -> None:
    """The route of FORMAT.md: `zensical build --clean`, then `seminarkit pdf`."""
    result = _run("zensical", "build", "--clean", cwd=course)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = CliRunner().invoke(main, ["pdf", str(course)])
    assert pdf.exit_code == 0, pdf.output


@pytest.fixture(scope="module")
def zensical_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Zensical starter course (not built yet)."""
    return make_zensical_course(tmp_path_factory.mktemp("zensical") / "course")


def test_zensical_pages_carry_the_exercise_assets(zensical_course: Path) -> None:
    zensical_build(zensical_course)
    site = zensical_course / "site"
    page = (site / "01-first-lesson.html").read_text(encoding="utf-8")
    assert "sk-exercise" in page
    assert page.count("<style>") == 1 and ".sk-" in page.split("<style>")[1]
    assert len(_inline_scripts(page)) == 1 and "DOMContentLoaded" in _inline_scripts(page)[0]
    assert "<style>" not in (site / "404.html").read_text(encoding="utf-8")
    loads = r"""<(script|link|img|iframe)\b[^>]*\b(src|href)=["']https?://"""
    assert not re.search(loads, page), "the page loads something from the network"
    assert '<script src="./assets/seminarkit/iframe-worker-shim.js"' in page
    # `seminarkit pdf` after the site build: PDFs and the shipped files the pages refer to
    assert (site / "assets" / "seminarkit" / "iframe-worker-shim.js").is_file()
    moodle = CliRunner().invoke(main, ["export", "moodle", str(zensical_course)])
    assert moodle.exit_code == 0, moodle.output
    downloads = site / "downloads"
    assert {"course-reader.pdf", "moodle.xml"} <= {p.name for p in downloads.iterdir()}
    assert (zensical_course / "trainer" / "trainer-guide.pdf").is_file()


def test_zensical_clean_build_shows_an_exercise_edit(zensical_course: Path) -> None:
    exercise = zensical_course / "exercises" / "01-getting-started" / "quick-quiz.yml"
    text = exercise.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    exercise.write_text(text.replace(title, "title: Edited after the first build"), "utf-8")
    result = _run("zensical", "build", "--clean", cwd=zensical_course)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (zensical_course / "site" / "01-first-lesson.html").read_text(encoding="utf-8")
    assert "Edited after the first build" in page


def test_mkdocs_with_the_extension_listed_too_uses_the_plugin(
    zensical_course: Path, tmp_path: Path
) -> None:
    course = tmp_path / "course"
    shutil.copytree(zensical_course, course, ignore=shutil.ignore_patterns("site", ".*"))
    result = mkdocs_build(course, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "01-first-lesson.html").read_text(encoding="utf-8")
    assert "<style>" not in page and "assets/seminarkit/seminarkit.css" in page
    assert not _inline_scripts(page)
