"""Real `mkdocs build` runs: the fixture course, a scaffolded course, and courses that must fail."""

from __future__ import annotations

import re
import time
from pathlib import Path

from click.testing import CliRunner

from seminarkit.cli import main

from .conftest import FIXTURES, mkdocs_build


def test_fixture_course_pages_contain_every_exercise(built_fixture: Path) -> None:
    basics = (built_fixture / "basics.html").read_text(encoding="utf-8")
    practice = (built_fixture / "practice" / "index.html").read_text(encoding="utf-8")
    for exercise_id in ("reflect", "quiz-basics", "statements", "gaps", "pairs", "steps"):
        assert f'id="ex-{exercise_id}"' in basics
    for exercise_id in ("rate-yourself", "tick", "case", "act", "map", "plan"):
        assert f'id="ex-{exercise_id}"' in practice
    assert "<svg" in practice and "sk-map__ring" in practice
    assert ":::" not in basics + practice


def test_no_trainer_notes_anywhere_in_the_site(built_fixture: Path) -> None:
    for page in built_fixture.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".js", ".xml"):
            assert "SECRET" not in page.read_text(encoding="utf-8", errors="replace"), page


def test_index_links_resolve_relative_to_the_page(built_fixture: Path) -> None:
    index = (built_fixture / "index.html").read_text(encoding="utf-8")
    assert 'href="basics.html#ex-reflect"' in index
    assert 'href="practice/index.html#ex-map"' in index
    assert index.count("<tr>") >= 13


def test_stylesheet_is_shipped_and_linked(built_fixture: Path) -> None:
    css = built_fixture / "assets" / "seminarkit" / "seminarkit.css"
    assert css.is_file() and ".sk-exercise" in css.read_text(encoding="utf-8")
    page = (built_fixture / "practice" / "index.html").read_text(encoding="utf-8")
    assert "../assets/seminarkit/seminarkit.css" in page


def test_no_remote_fonts_or_scripts(built_fixture: Path) -> None:
    for page in built_fixture.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        for source in re.findall(r'<script[^>]+src="([^"]+)"', html):
            assert "://" not in source, f"{page}: {source}"


def test_build_fails_with_every_problem_before_rendering(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(FIXTURES / "broken-course", site)
    assert result.returncode != 0
    assert "docs/index.md:3: unknown exercise 'netzwerkarte'" in result.stderr
    assert "exercises/b/kaputt.yml:6:13: statements[0].answer" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "index.html").exists()


def test_unembedded_exercise_warns_and_fails_under_strict(
    course_copy: Path, tmp_path: Path
) -> None:
    extra = course_copy / "exercises" / "basics" / "lonely.yml"
    extra.write_text("type: checklist\ntitle: Lonely\nduration: 5\nitems: [a]\n", encoding="utf-8")
    relaxed = mkdocs_build(course_copy, tmp_path / "a")
    assert relaxed.returncode == 0
    assert "no page embeds exercise 'lonely'" in relaxed.stderr
    strict = mkdocs_build(course_copy, tmp_path / "b", "--strict")
    assert strict.returncode != 0


def test_edited_exercise_shows_up_in_the_next_build(course_copy: Path, tmp_path: Path) -> None:
    exercise = course_copy / "exercises" / "practice" / "tick.yml"
    exercise.write_text(
        exercise.read_text(encoding="utf-8").replace("Pick three people", "Pick four people"),
        encoding="utf-8",
    )
    assert mkdocs_build(course_copy, tmp_path / "site", "--strict").returncode == 0
    page = (tmp_path / "site" / "practice" / "index.html").read_text(encoding="utf-8")
    assert "Pick four people" in page


def test_scaffolded_course_builds_strict_outside_the_repository(tmp_path: Path) -> None:
    target = tmp_path / "mein-kurs"
    result = CliRunner().invoke(
        main, ["new", str(target), "--title", "Verhandeln", "--language", "de"]
    )
    assert result.exit_code == 0, result.output
    build = mkdocs_build(target, target / "site", "--strict")
    assert build.returncode == 0, build.stderr
    page = (target / "site" / "01-erste-lektion.html").read_text(encoding="utf-8")
    assert 'id="ex-erwartungen"' in page and "Lösung anzeigen" in page
    assert (target / "schema" / "exercise.schema.json").is_file()


def test_serve_watches_exercises_and_templates(course_copy: Path) -> None:
    """`mkdocs serve` rebuilds the page when an exercise file changes."""
    import subprocess
    import urllib.request

    from .conftest import MKDOCS

    port = 8765 + (int(time.time()) % 500)
    process = subprocess.Popen(
        [str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=course_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/practice/"

        def page() -> str:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")

        deadline = time.monotonic() + 60
        while True:
            try:
                assert "Pick three people" in page()
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        exercise = course_copy / "exercises" / "practice" / "tick.yml"
        exercise.write_text(
            exercise.read_text(encoding="utf-8").replace("Pick three people", "Pick five people"),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 60
        while "Pick five people" not in page():
            assert time.monotonic() < deadline, "page did not reload with the change"
            time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=30)
