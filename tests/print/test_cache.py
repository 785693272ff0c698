"""The PDF cache: every file a document reads invalidates it, damaged entries are rebuilt,
leftovers of killed builds are removed, workers die with their build, the folder can be moved."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from seminarkit.files import CannotWrite
from seminarkit.loader import load_course
from seminarkit.outputs import plan_outputs
from seminarkit.print.pdf import CACHE_DIR, CACHE_ENV, BuiltPdf, build_pdfs
from seminarkit.print.renderer import PrintRenderer

from ..conftest import FIXTURE_COURSE, FIXTURES, IGNORED, mkdocs_build
from .conftest import PdfBuild

REALWORLD = FIXTURES / "realworld"
SEMINARKIT = Path(sys.executable).parent / "seminarkit"
#: The documents that show the chart of exercise `build-chart` and the room plan of the trainer
#: notes (of the page and of the exercise).
SHEETS, KEY, GUIDE = "worksheets-build-outputs.pdf", "solutions.pdf", "trainer-guide.pdf"


def _image_course(tmp_path: Path) -> Path:
    """The realworld page and exercise that use images, alone in a course (other pages of the
    realworld course stay out, so the builds stay small)."""
    course = tmp_path / "course"
    shutil.copytree(REALWORLD, course, ignore=IGNORED)
    for page in (course / "docs").rglob("*.md"):
        if page.relative_to(course / "docs").as_posix() not in ("index.md", "build-outputs.md"):
            page.unlink()
    for folder in (course / "exercises").iterdir():
        if folder.name != "build-outputs":
            shutil.rmtree(folder)
    return course


def _build(course: Path, log: list[str] | None = None) -> dict[str, BuiltPdf]:
    """The worksheets, the key and the trainer guide of `course`, built into `course/out`."""
    renderer = PrintRenderer(load_course(course))
    wanted = [d for d in renderer.documents if d.filename in (SHEETS, KEY)] + [renderer.trainer]
    built = build_pdfs(renderer, course / "out", documents=wanted, log=(log or []).append)
    return {pdf.filename: pdf for pdf in built}


def _images(pdf: Path) -> list[str]:
    """SHA-256 of the data of every image in the PDF, page by page."""
    return [
        hashlib.sha256(image.data).hexdigest()
        for page in PdfReader(pdf).pages
        for image in page.images
    ]


def _paint(image: Path, colour: tuple[int, int, int]) -> None:
    Image.new("RGB", (60, 40), colour).save(image)


@pytest.fixture(scope="module")
def image_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The image course, built once (its cache is warm)."""
    course = _image_course(tmp_path_factory.mktemp("cache"))
    _build(course)
    return course


def _warm_copy(image_course: Path, tmp_path: Path) -> Path:
    """A copy of the built image course with its cache, in another folder."""
    copy = tmp_path / "copy"
    shutil.copytree(image_course, copy)
    return copy


def test_unchanged_course_in_another_folder_is_taken_from_the_cache(
    image_course: Path, tmp_path: Path
) -> None:
    built = _build(_warm_copy(image_course, tmp_path))
    assert all(pdf.cached for pdf in built.values())


def test_replaced_exercise_image_rebuilds_sheets_key_and_guide(
    image_course: Path, tmp_path: Path
) -> None:
    course = _warm_copy(image_course, tmp_path)
    before = {name: _images(course / "out" / name) for name in (SHEETS, KEY, GUIDE)}
    _paint(course / "docs" / "build-outputs" / "chart.png", (0, 160, 60))
    built = _build(course)
    assert not any(pdf.cached for pdf in built.values())
    for name, pdf in built.items():
        after = _images(pdf.path)
        assert after != before[name], name
        assert len(after) == len(before[name]), name


def test_replaced_trainer_note_image_rebuilds_only_the_guide(
    image_course: Path, tmp_path: Path
) -> None:
    course = _warm_copy(image_course, tmp_path)
    before = _images(course / "out" / GUIDE)
    _paint(course / "docs" / "build-outputs" / "room-plan.png", (120, 0, 120))
    built = _build(course)
    assert {name for name, pdf in built.items() if not pdf.cached} == {GUIDE}
    assert _images(built[GUIDE].path) != before


def test_same_bytes_written_again_keep_the_cache(image_course: Path, tmp_path: Path) -> None:
    course = _warm_copy(image_course, tmp_path)
    chart = course / "docs" / "build-outputs" / "chart.png"
    chart.write_bytes(chart.read_bytes())  # a new modification time, the same content
    assert all(pdf.cached for pdf in _build(course).values())


def test_changed_stylesheet_and_font_rebuild(image_course: Path, tmp_path: Path) -> None:
    """A course's own print.css (with its fonts) is read through the cache entry's file list:
    the HTML does not change when only the stylesheet or a font does."""
    course = _warm_copy(image_course, tmp_path)
    builtin = Path(PrintRenderer(load_course(course)).stylesheet()).parent
    own = course / "templates" / "print"
    own.mkdir(parents=True)
    shutil.copy(builtin / "print.css", own / "print.css")
    shutil.copytree(builtin / "fonts", own / "fonts")
    assert not any(pdf.cached for pdf in _build(course).values())
    assert all(pdf.cached for pdf in _build(course).values())
    css = own / "print.css"
    css.write_text(css.read_text("utf-8") + "\nh1 { color: #b00020; }\n", "utf-8")
    assert not any(pdf.cached for pdf in _build(course).values())
    shutil.copy(own / "fonts" / "SourceSans3-Bold.woff", own / "fonts" / "SourceSans3-Regular.woff")
    assert not any(pdf.cached for pdf in _build(course).values())
    # Three versions of each document were built here: only the last one stays in the cache.
    for filename in (SHEETS, KEY, GUIDE):
        stem = filename.removesuffix(".pdf")
        for suffix in ("pdf", "json"):
            assert len(list((course / CACHE_DIR).glob(f"{stem}-*.{suffix}"))) == 1, filename


def test_changed_template_and_option_rebuild(image_course: Path, tmp_path: Path) -> None:
    course = _warm_copy(image_course, tmp_path)
    builtin = Path(PrintRenderer(load_course(course)).stylesheet()).parent
    own = course / "templates" / "print"
    own.mkdir(parents=True)
    template = (builtin / "quiz.html").read_text("utf-8")
    marked = template.replace("{% block body %}", "{% block body %}<p>OWN-QUIZ-TEMPLATE</p>")
    assert marked != template
    (own / "quiz.html").write_text(marked, "utf-8")
    built = _build(course)
    assert not built[SHEETS].cached and not built[KEY].cached
    assert "OWN-QUIZ-TEMPLATE" in PdfReader(built[SHEETS].path).pages[0].extract_text()
    config = course / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - seminarkit\n", "  - seminarkit:\n      place: Linz\n"
        ),
        "utf-8",
    )
    assert "place: Linz" in config.read_text("utf-8")
    assert not any(pdf.cached for pdf in _build(course).values())


def _entry(course: Path, stem: str) -> tuple[Path, Path]:
    (pdf,) = (course / CACHE_DIR).glob(f"{stem}-*.pdf")
    return pdf, pdf.with_suffix(".json")


def test_damaged_cache_entries_are_rebuilt_with_true_page_counts(
    fixture_pdfs: PdfBuild, tmp_path: Path
) -> None:
    """One kind of damage per document, all in one build: no crash, no 0 pages, no old bytes."""
    course = tmp_path / "course"
    shutil.copytree(fixture_pdfs.course, course)
    damage = {
        "course-reader": lambda pdf, meta: meta.write_text(""),  # the disk filled up
        "worksheets-basics": lambda pdf, meta: meta.write_bytes(meta.read_bytes()[:20]),
        "worksheets-practice": lambda pdf, meta: pdf.write_bytes(pdf.read_bytes()[:5000]),
        "worksheets-all": lambda pdf, meta: meta.unlink(),  # killed between PDF and JSON
        "solutions": lambda pdf, meta: pdf.unlink(),
    }
    for stem, hurt in damage.items():
        hurt(*_entry(course, stem))
    (course / CACHE_DIR / "trainer-guide-0123456789abcdef.json").write_text('{"pages": 0}')
    log: list[str] = []
    renderer = PrintRenderer(load_course(course))
    built = build_pdfs(renderer, tmp_path / "out", log=log.append)
    assert {pdf.filename for pdf in built if not pdf.cached} == {f"{s}.pdf" for s in damage}
    for pdf in built:
        assert pdf.pages == len(PdfReader(pdf.path).pages) >= 1, pdf.filename
        assert pdf.path.read_bytes() == (fixture_pdfs.output / pdf.filename).read_bytes()
    # The half-written entries were removed by the build (no other build held the cache).
    names = sorted(path.name for path in (course / CACHE_DIR).iterdir())
    assert "trainer-guide-0123456789abcdef.json" not in names
    assert len([name for name in names if name.endswith(".pdf")]) == len(
        [name for name in names if name.endswith(".json")]
    )
    second = build_pdfs(renderer, tmp_path / "out", log=log.append)
    assert all(pdf.cached for pdf in second)


def test_cache_location_from_environment_or_option(
    image_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only checkout builds with the cache elsewhere; here `.seminarkit-cache` is a file,
    so the default place cannot be used, as in a read-only folder."""
    course = _warm_copy(image_course, tmp_path)
    shutil.rmtree(course / ".seminarkit-cache")
    (course / ".seminarkit-cache").write_text("not a folder")
    with pytest.raises(CannotWrite) as caught:
        _build(course)
    assert CACHE_ENV in str(caught.value) and "cache_dir" in str(caught.value)
    assert str(caught.value).startswith(str(course / CACHE_DIR))
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv(CACHE_ENV, str(elsewhere))
    assert not any(pdf.cached for pdf in _build(course).values())
    assert len(list((elsewhere / "pdf").glob("*.pdf"))) == 3
    monkeypatch.delenv(CACHE_ENV)
    config = course / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - seminarkit\n", "  - seminarkit:\n      cache_dir: ../elsewhere\n"
        ),
        "utf-8",
    )
    assert all(pdf.cached for pdf in _build(course).values())


def _children(pid: int) -> list[int]:
    """Process ids whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_die_with_a_killed_build_and_leftovers_go(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.Popen(
        [str(SEMINARKIT), "pdf", str(course)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        expected = min(os.cpu_count() or 1, 2)
        workers: list[int] = []
        while len(workers) < expected and time.monotonic() < deadline and build.poll() is None:
            workers = _children(build.pid)
            time.sleep(0.05)
        assert len(workers) == expected, "the build renders in worker processes"
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 20
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(pid) for pid in workers)
    finally:
        build.kill()
        build.wait()
    cache = course / CACHE_DIR
    # What a killed writer leaves: a temporary file and a PDF without its JSON.
    (cache / ".worksheets-basics-0123456789abcdef.pdf.x1y2z3").write_bytes(b"%PDF-1.7 partial")
    (cache / "worksheets-basics-0123456789abcdef.pdf").write_bytes(b"%PDF-1.7 partial")
    again = subprocess.run(
        [str(SEMINARKIT), "pdf", str(course)], env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    names = [path.name for path in cache.iterdir()]
    assert not [name for name in names if name.startswith(".")], names
    assert "worksheets-basics-0123456789abcdef.pdf" not in names
    entries = [json.loads(path.read_text()) for path in cache.glob("*.json")]
    documents = {o.filename for o in plan_outputs(load_course(course)) if o.document is not None}
    assert len(entries) == len(documents) and all(entry["pages"] >= 1 for entry in entries)


def test_interrupted_build_never_leaves_zero_pages_on_the_downloads_page(
    built_fixture: Path, tmp_path: Path
) -> None:
    """A build killed between writing a PDF and its JSON left `(0 pages, 113 KB)` for good."""
    course = tmp_path / "course"
    shutil.copytree(built_fixture.parent / "course", course)
    for stem in ("course-reader", "solutions"):
        _entry(course, stem)[1].unlink()
    site = tmp_path / "site"
    result = mkdocs_build(course, site, "--strict")
    assert result.returncode == 0, result.stderr
    index = (site / "index.html").read_text(encoding="utf-8")
    facts = re.findall(r'data-sk-download="([^"]+\.pdf)">\((\d+) pages?, \d+ KB\)', index)
    assert len(facts) == 5
    for name, pages in facts:
        assert int(pages) == len(PdfReader(site / "downloads" / name).pages) >= 1, name
