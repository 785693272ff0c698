"""The trainer's control: secret role briefs reach only the trainer's cut-out cards; `publish`
keeps the solution key and the LMS exports with the trainer; the search index never holds a
solution, hint, explanation, feedback, consequence or evaluation text."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from seminarkit.export import export_gift, export_moodle
from seminarkit.loader import load_course
from seminarkit.mdrender import MarkdownRenderer
from seminarkit.model.course import Course
from tests.conftest import FIXTURE_COURSE, IGNORED, REPO, mkdocs_build

#: Words of the secret that appear nowhere else in the course.
SECRET = "Zebra quokka"
PUBLIC = "Ask a follow-up question."
SECRET_YAML = (
    "    brief: Ask a follow-up question.\n"
    "    secret: |\n"
    "      Zebra quokka: you are **bored** and check your phone twice.\n"
    "\n"
    "      Zebra quokka again: leave after round 2.\n"
)
#: A solution with a collapsible block and an admonition inside, then more text: Material's search
#: tells elements apart by tag name, so the inner `<details>` and `<div>` must not end the outer
#: exclusion early.
NESTED_SOLUTION = """\
solution: |
  A contact you saw often.

  ??? note "Weak ties"
      Acquaintances pass on news.

  !!! tip
      Ask them.

  Penguin umbrella: the text after the nested blocks.
"""
#: Answer-revealing fields of an exercise, at any depth.
_REVEALING = {"solution", "hints", "explanation", "feedback", "consequence", "secret"}


def _with_secret(root: Path, publish: str | None) -> Path:
    """A copy of the fixture course whose Listener role has a secret brief."""
    course = root / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    act = course / "exercises" / "practice" / "act.yml"
    text = act.read_text("utf-8")
    act.write_text(text.replace("    brief: Ask a follow-up question.\n", SECRET_YAML), "utf-8")
    reflect = course / "exercises" / "basics" / "reflect.yml"
    reflect.write_text(reflect.read_text("utf-8") + NESTED_SOLUTION, "utf-8")
    if publish is not None:
        config = course / "mkdocs.yml"
        text = config.read_text("utf-8").replace(
            "  - seminarkit:\n", f"  - seminarkit:\n      publish: {publish}\n"
        )
        config.write_text(text, "utf-8")
    return course


@pytest.fixture(scope="module")
def secret_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The course with a secret, solution key and GIFT kept with the trainer; (course, site)."""
    root = tmp_path_factory.mktemp("secret")
    course = _with_secret(root, "{solutions: trainer, gift: trainer, qti: trainer}")
    site = root / "site"
    result = mkdocs_build(course, site, "--strict")
    assert result.returncode == 0, result.stderr
    return course, site


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every file below `folder`, PDFs as text, zips opened member by member."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield from _file_texts(str(path), data)


def _file_texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    if name.endswith(".pdf"):
        yield name, _pdf_text(data)
    elif name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from _file_texts(f"{name}!{member}", archive.read(member))
    else:
        yield name, data.decode("utf-8", errors="replace")


def test_secret_reaches_no_participant_output(secret_build: tuple[Path, Path]) -> None:
    course_root, site = secret_build
    seen = dict(_texts(site))
    assert any(name.endswith("search_index.json") for name in seen)
    assert any("!" in name and name.endswith(".pdf") for name in seen)  # PDFs in the zip
    assert any(name.endswith("moodle.xml") for name in seen)
    leaked = [name for name, text in seen.items() if "quokka" in text.casefold()]
    assert leaked == []
    course = load_course(course_root)
    for exported in (export_moodle(course).text, export_gift(course).text):
        assert "quokka" not in exported.casefold()


def test_secret_is_on_the_trainers_cards_only(secret_build: tuple[Path, Path]) -> None:
    course, _ = secret_build
    cards = _pdf_text((course / "trainer" / "role-cards.pdf").read_bytes())
    assert cards.count(SECRET) == 2 and PUBLIC in cards and "Speaker" in cards
    guide = _pdf_text((course / "trainer" / "trainer-guide.pdf").read_bytes())
    assert guide.count(SECRET) == 2  # the copy sheet's card, not the guide's exercise text
    solutions = _pdf_text((course / "trainer" / "solutions.pdf").read_bytes())
    assert SECRET not in solutions


def test_web_and_paper_say_the_card_comes_from_the_trainer(
    secret_build: tuple[Path, Path],
) -> None:
    _, site = secret_build
    page = (site / "practice" / "index.html").read_text("utf-8")
    role = page[page.index('sk-role__name">Listener') :].split("</div>")[0]
    assert PUBLIC in role and "which you get from the trainer" in role
    speaker = page[page.index('sk-role__name">Speaker') :].split("</div>")[0]
    assert "from the trainer" not in speaker  # only roles with a secret say so
    sheets = _pdf_text((site / "downloads" / "worksheets-practice.pdf").read_bytes())
    assert PUBLIC in sheets and "which you get from the" in sheets


def test_publish_keeps_key_and_gift_with_the_trainer(secret_build: tuple[Path, Path]) -> None:
    course, site = secret_build
    downloads = site / "downloads"
    assert not (downloads / "solutions.pdf").exists()
    assert not (downloads / "moodle.gift.txt").exists()
    assert not (downloads / "qti21.zip").exists()
    assert (downloads / "moodle.xml").is_file()
    assert (course / "trainer" / "solutions.pdf").is_file()
    assert (course / "trainer" / "moodle.gift.txt").is_file()
    assert zipfile.is_zipfile(course / "trainer" / "qti21.zip")
    index = (site / "index.html").read_text("utf-8")
    listed = re.findall(r'href="downloads/([^"]+)"', index)
    assert "moodle.xml" in listed and "fixture-course.zip" in listed
    assert "solutions.pdf" not in listed and "moodle.gift.txt" not in listed
    assert "qti21.zip" not in listed
    with zipfile.ZipFile(downloads / "fixture-course.zip") as archive:
        names = [name.rsplit("/", 1)[-1] for name in archive.namelist()]
    assert "solutions.pdf" not in names and "moodle.gift.txt" not in names
    assert "qti21.zip" not in names and "moodle.xml" in names
    reader = _pdf_text((downloads / "course-reader.pdf").read_bytes())
    assert "solutions.pdf" not in reader  # `::: downloads` on paper lists published files only


def test_default_publishes_key_and_exports(built_fixture: Path) -> None:
    downloads = built_fixture / "downloads"
    for name in ("solutions.pdf", "moodle.xml", "moodle.gift.txt", "qti21.zip"):
        assert (downloads / name).is_file(), name
    listed = re.findall(r'href="downloads/([^"]+)"', (built_fixture / "index.html").read_text())
    assert {"solutions.pdf", "moodle.xml", "moodle.gift.txt", "qti21.zip"} <= set(listed)


def test_stale_trainer_file_leaves_the_site(tmp_path: Path) -> None:
    """An earlier build published the key; a `--dirty` build that keeps it with the trainer
    removes it from the site, so it is neither served nor zipped."""
    course = _with_secret(
        tmp_path, "{solutions: trainer, moodle: trainer, gift: trainer, qti: trainer}"
    )
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    for name in ("solutions.pdf", "moodle.xml", "moodle.gift.txt", "qti21.zip"):
        (site / "downloads" / name).write_text("old", "utf-8")
    result = mkdocs_build(course, site, "--dirty")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (site / "downloads").iterdir() if p.suffix != ".pdf") == [
        "fixture-course.zip",
        "seminar.ics",
    ]
    assert not (site / "downloads" / "solutions.pdf").exists()
    assert (course / "trainer" / "moodle.xml").is_file()


@pytest.mark.parametrize(
    ("publish", "message"),
    [
        ("{solutions: web}", "publish.solutions: expected 'site' or 'trainer', got \"web\""),
        ("{moodel: trainer}", "publish.moodel"),
        ("trainer", "publish"),
    ],
)
def test_bad_publish_option_is_located(tmp_path: Path, publish: str, message: str) -> None:
    course = load_course(_with_secret(tmp_path, publish))
    errors = [str(problem) for problem in course.errors]
    assert any(error.startswith("mkdocs.yml:14:") and message in error for error in errors), errors


# -- the search index ---------------------------------------------------------------------------


def _revealing(value: Any, inside: bool = False) -> Iterator[str]:
    """Every answer-revealing text of an exercise dump: solutions, hints, explanations, option
    feedback, consequences, role secrets, and the evaluation bands of a self-assessment."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _revealing(item, inside or name in _REVEALING or name == "evaluation")
    elif isinstance(value, list):
        for item in value:
            yield from _revealing(item, inside)
    elif isinstance(value, str) and inside:
        yield value


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip().casefold()


def _snippets(course: Course) -> list[tuple[str, str]]:
    """(exercise id, first 40 characters of each revealing text as plain words); a snippet the
    lessons themselves say (an explanation quoting the lesson) is public and left out."""
    renderer = MarkdownRenderer(course.config.markdown_extensions, course.config.mdx_configs)
    lessons = " ".join(_normal(str(renderer.block(lesson.body))) for lesson in course.lessons)
    found = []
    for key, exercise in course.exercises.items():
        for text in _revealing(exercise.model_dump()):
            plain = _normal(str(renderer.block(text)))
            if len(plain) >= 12 and plain[:40] not in lessons:
                found.append((key, plain[:40]))
    return found


def _index_text(site: Path) -> str:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return _normal(" ".join(f"{doc['title']} {doc['text']}" for doc in index["docs"]))


@pytest.fixture(scope="module")
def flagship_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Path]:
    """The flagship course (repo root) built without PDFs: only the search index matters."""
    root = tmp_path_factory.mktemp("flagship")
    course = root / "course"
    shutil.copytree(
        REPO,
        course,
        ignore=shutil.ignore_patterns("site", ".*", "node_modules", "tests", "trainer", "src"),
    )
    config = course / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace("  - seminarkit:\n", "  - seminarkit:\n      pdf: false\n")
    config.write_text(text, "utf-8")
    result = mkdocs_build(course, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return load_course(course), root / "site"


def test_search_index_of_flagship_holds_no_solution(flagship_site: tuple[Course, Path]) -> None:
    course, site = flagship_site
    snippets = _snippets(course)
    assert len({key for key, _ in snippets}) >= 21  # every exercise with a solution is covered
    index = _index_text(site)
    assert "netzwerk" in index  # the lessons themselves are found
    assert [(key, snippet) for key, snippet in snippets if snippet in index] == []


def test_nested_blocks_do_not_end_the_exclusion(secret_build: tuple[Path, Path]) -> None:
    _, site = secret_build
    assert "Penguin umbrella" in (site / "basics.html").read_text("utf-8")
    index = _index_text(site)
    assert "penguin" not in index and "acquaintances" not in index and "ask them" not in index


def test_search_index_of_fixture_holds_no_solution(secret_build: tuple[Path, Path]) -> None:
    course_root, site = secret_build
    course = load_course(course_root)
    snippets = _snippets(course)
    assert any(key.endswith("act") for key, _ in snippets)
    index = _index_text(site)
    assert _normal(PUBLIC) in index  # public texts stay searchable
    assert [(key, snippet) for key, snippet in snippets if snippet in index] == []


def test_realworld_secrets_stay_on_the_cards(tmp_path: Path) -> None:
    """The real-world fixture: two roles with secrets (a list in one, inline Markdown in the
    other) beside a role without; a strict build publishes neither secret anywhere."""
    course = tmp_path / "course"
    shutil.copytree(REPO / "tests" / "fixtures" / "realworld", course, ignore=IGNORED)
    site = tmp_path / "site"
    result = mkdocs_build(course, site, "--strict")
    assert result.returncode == 0, result.stderr
    secrets = ("nightjar", "walk-away point", "five percent")
    leaked = [
        (name, secret)
        for name, text in _texts(site)
        for secret in secrets
        if secret in text.casefold()
    ]
    assert leaked == []
    page = (site / "secret-roles.html").read_text("utf-8")
    assert page.count("which you get from the trainer") == 2
    cards = _pdf_text((course / "trainer" / "role-cards.pdf").read_bytes()).casefold()
    assert all(secret in cards for secret in secrets)
    assert "code review" in cards  # role-plays without secrets get their cards too
