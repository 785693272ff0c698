"""A newcomer's path: `seminarkit new`, `build` and `serve` on a course of their own."""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seminarkit.cli import main
from seminarkit.loader import load_course
from seminarkit.outputs import plan_outputs
from seminarkit.scaffold import GITIGNORE, choose_language, tool_command
from seminarkit.sitebuild import Console, console

BANNER = "end of life"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """An English starter course, built once with `seminarkit build`."""
    course = tmp_path_factory.mktemp("newcomer") / "my course"
    made = CliRunner().invoke(main, ["new", str(course), "--language", "en"])
    assert made.exit_code == 0, made.output
    return course, CliRunner().invoke(main, ["build", str(course)])


def test_build_ends_with_a_summary_of_every_output(built: tuple[Path, Result]) -> None:
    course, result = built
    assert result.exit_code == 0, result.output
    assert BANNER not in result.output and "INFO" not in result.output
    assert "built 'My Course' in " in result.output
    assert ": 2 pages, 2 exercises" in result.output
    plan = plan_outputs(load_course(course))
    for output in plan:
        folder = "trainer" if output.place == "trainer" else "site/downloads"
        row = re.search(rf"{folder}/{re.escape(output.filename)} +\((.+)\)$", result.output, re.M)
        assert row, (output.filename, result.output)
        size = (course / folder / output.filename).stat().st_size
        assert row[1].startswith(f"{size} B" if size < 1000 else f"{size / 1000:.1f} kB"[:3])
        if output.document is not None:
            assert re.search(r", \d+ pages?$", row[1]), row[1]
    assert "trainer-only, do not publish:" in result.output
    pdfs = sum(1 for output in plan if output.document is not None)
    progress = re.findall(r"^PDF (\d+)/(\d+): ", result.output, re.M)
    assert [int(done) for done, _ in progress] == list(range(pdfs + 1))
    assert {int(total) for _, total in progress} == {pdfs}


def test_strict_build_fails_on_a_warning_as_in_mkdocs(tmp_path: Path) -> None:
    course = tmp_path / "strict"
    CliRunner().invoke(main, ["new", str(course), "--language", "en"])
    (course / "mkdocs.yml").write_text(
        (course / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("      course_id", "      pdf: false\n      course_id"),
        encoding="utf-8",
    )
    (course / "exercises" / "spare.yml").write_text(
        "type: checklist\ntitle: Spare\nduration: 5\nitems: [a]\n", encoding="utf-8"
    )
    lenient = CliRunner().invoke(main, ["build", str(course)])
    assert lenient.exit_code == 0, lenient.output
    assert "exercises/spare.yml:1:1: warning: no page embeds exercise 'spare'" in lenient.output
    assert "warning: exercises/" not in lenient.output
    assert "1 warnings" in lenient.output
    strict = CliRunner().invoke(main, ["build", "--strict", str(course)])
    assert strict.exit_code == 1
    assert "no page embeds exercise 'spare'" in strict.output
    assert "Traceback" not in strict.output


def test_build_outside_a_course_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1
    assert "no mkdocs.yml here" in result.output and "seminarkit new" in result.output


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_console_shows_other_libraries_notices_once_and_progress_in_place() -> None:
    terminal = _Terminal()
    with console(terminal, verbose=False, info=False) as shown:
        for family in ("Inter", "Literata", "Inter"):
            logging.getLogger("weasyprint").warning("Using fontTools for font %s", family)
            logging.getLogger("fontTools.subset").warning("%s NOT subset", family)
            logging.getLogger("fontTools.subset").info("subsetting %s", family)
        logging.getLogger("seminarkit.progress").info("2", extra={"pdf_total": 2})
        logging.getLogger("seminarkit.progress").info("a.pdf", extra={"pdf_done": "a.pdf"})
        logging.getLogger("mkdocs.plugins.seminarkit").warning("docs/a.md:3:1: broken")
        logging.getLogger("seminarkit.progress").info("b.pdf", extra={"pdf_done": "b.pdf"})
        logging.getLogger("mkdocs.plugins.seminarkit").info("seminarkit: said at INFO")
    text = terminal.getvalue()
    assert text.count("note from weasyprint: Using fontTools for font") == 1
    assert text.count("note from fontTools: ") == 1 and "subsetting" not in text
    assert "said at INFO" not in text and shown.warnings == 1
    lines = text.split("\n")
    assert "warning: docs/a.md:3:1: broken" in "\n".join(lines)
    # the progress line is rewritten in place, and cleared before other text and at the end
    assert "PDF 1/2: a.pdf\r\x1b[Kwarning: docs/a.md:3:1: broken\nPDF 1/2: a.pdf" in text
    assert text.endswith("PDF 2/2: b.pdf\r\x1b[K")


def test_console_in_a_log_writes_plain_lines() -> None:
    log = io.StringIO()
    with console(log, verbose=False, info=False):
        logging.getLogger("seminarkit.progress").info("1", extra={"pdf_total": 1})
        logging.getLogger("seminarkit.progress").info("a.pdf", extra={"pdf_done": "a.pdf"})
    assert log.getvalue() == "PDF 0/1: rendering ...\nPDF 1/1: a.pdf\n"
    assert "\r" not in log.getvalue() and not isinstance(log, Console)


@pytest.mark.parametrize(
    ("environ", "language", "named"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de", "LANG=de_DE.UTF-8"),
        ({"LANG": "de_AT.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en", "LC_ALL=en_GB.UTF-8"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "de_CH.UTF-8"}, "de", "LC_MESSAGES=de_CH"),
        ({"LANG": "C.UTF-8"}, "en", "LANG=C.UTF-8"),
        ({"LANG": "fr_FR.UTF-8"}, "en", "LANG=fr_FR.UTF-8"),
    ],
)
def test_new_course_language_follows_the_system_locale(
    environ: dict[str, str], language: str, named: str
) -> None:
    chosen = choose_language(None, environ)
    assert chosen.language == language and named in chosen.reason
    assert choose_language("de", environ).reason == "from --language"


def test_new_says_the_language_and_writes_gitignore_and_readme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    target = tmp_path / "Mein Kurs"
    result = CliRunner().invoke(main, ["new", str(target)])
    assert result.exit_code == 0, result.output
    assert "language: de (from the system locale LANG=de_DE.UTF-8" in result.output
    assert "theme:\n  name: material\n  language: de" in (target / "mkdocs.yml").read_text("utf-8")
    assert (target / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    ignored = {line for line in GITIGNORE.splitlines() if not line.startswith("#")}
    assert ignored == {"/site/", "/trainer/", "/.seminarkit-cache/", "/private/"}
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Mein Kurs\n") and "private/" in readme
    # the printed commands quote the folder and name a seminarkit that runs from anywhere
    quoted = f"cd '{target}' && "
    assert f"{quoted}{tool_command()} serve" in result.output
    assert f"{quoted}{tool_command()} build" in result.output


def test_tool_command_is_the_running_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "bin" / "seminarkit"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert tool_command(str(program)) == str(program)  # not on PATH: the full path
    monkeypatch.setenv("PATH", f"{program.parent}:/usr/bin:/bin")
    assert tool_command(str(program)) == "seminarkit"
    fallback = tool_command("/usr/bin/pytest")
    assert fallback.endswith(" -m seminarkit")
    ran = subprocess.run(f"{fallback} --help", shell=True, capture_output=True, text=True)
    assert ran.returncode == 0 and "Usage: seminarkit" in ran.stdout, ran.stderr


def test_serve_previews_the_course_without_the_banner(built: tuple[Path, Result]) -> None:
    """`seminarkit serve` (the real command, MkDocs in-process) serves the pages it built."""
    course, _ = built
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "seminarkit", "serve", "-a", f"127.0.0.1:{port}", str(course)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"},
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                url = f"http://127.0.0.1:{port}/01-first-lesson.html"
                with urllib.request.urlopen(url, timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.3)
        assert 'id="ex-quick-quiz"' in page
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert f"Serving on http://127.0.0.1:{port}/" in output
    assert BANNER not in output and "INFO" not in output
