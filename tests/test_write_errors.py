"""Outputs that cannot be written: one located sentence and a non-zero exit, never a traceback,
and the outputs of the last good build stay as they were.

Tests run as root, whom no permission stops, so a read-only folder is simulated by a regular file
where a folder should be (the same OS error path), a full disk by `/dev/full` (ENOSPC) and by a
file size limit (RLIMIT_FSIZE: EFBIG on the first byte past it).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import FIXTURE_COURSE, IGNORED, MKDOCS

SEMINARKIT = Path(sys.executable).parent / "seminarkit"
FULL = Path("/dev/full")


def run(
    command: list[str], *, cwd: Path | None = None, limit: int | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run a command as a user would, optionally with a file size limit in bytes."""
    preexec: Callable[[], None] | None = None
    if limit is not None:

        def preexec() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        preexec_fn=preexec,
        timeout=600,
    )


def one_sentence(result: subprocess.CompletedProcess[str], path: Path, reason: str) -> None:
    """The command failed with exactly one error line that names `path` and `reason`."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if "cannot write" in line]
    assert len(errors) == 1, result.stderr
    assert f"{path}: cannot write here: {reason}" in errors[0], result.stderr


@pytest.fixture
def blocker(tmp_path: Path) -> Path:
    """A regular file where the commands are asked to write a folder."""
    path = tmp_path / "blocker"
    path.write_text("a file, not a folder", encoding="utf-8")
    return path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, target, ignore=IGNORED)
    return target


def test_read_only_targets_of_every_command(course: Path, blocker: Path) -> None:
    not_folder = "a part of the path is a file, not a folder"
    in_the_way = "a file is in the way where a folder should be"
    cases = [
        (["pdf", str(course), "-o", str(blocker / "pdf")], blocker / "pdf", not_folder),
        (
            ["export", "moodle", str(course), "-o", str(blocker / "moodle.xml")],
            blocker / "moodle.xml",
            in_the_way,
        ),
        (["new", str(blocker / "course")], blocker / "course", in_the_way),
        (["schema", "-o", str(blocker / "schema.json")], blocker / "schema.json", in_the_way),
    ]
    for arguments, path, reason in cases:
        result = run([str(SEMINARKIT), *arguments])
        one_sentence(result, path, reason)
        assert result.stderr.startswith("Error: "), result.stderr
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"
    assert not (course / "site").exists(), "pdf -o fails before it renders anything"


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
def test_full_disk_through_dev_full(course: Path) -> None:
    for arguments in (
        ["schema", "-o", str(FULL)],
        ["export", "gift", str(course), "-o", str(FULL)],
    ):
        one_sentence(run([str(SEMINARKIT), *arguments]), FULL, "the disk is full")
    assert FULL.is_char_device(), "written in place, never replaced by a file"


def test_mkdocs_site_dir_and_cache_that_cannot_be_written(course: Path, blocker: Path) -> None:
    site = blocker / "site"
    result = run([str(MKDOCS), "build", "--site-dir", str(site)], cwd=course)
    one_sentence(result, site, "a part of the path is a file, not a folder")
    assert "--site-dir" in result.stderr
    result = run(
        [str(MKDOCS), "build", "--site-dir", str(course / "site")],
        cwd=course,
        SEMINARKIT_CACHE_DIR=str(blocker / "cache"),
    )
    one_sentence(result, blocker / "cache" / "pdf", "a part of the path is a file, not a folder")
    assert "SEMINARKIT_CACHE_DIR" in result.stderr
    assert not (course / "site" / "downloads").exists(), "it fails before the pages are built"


def test_disk_full_while_rendering_keeps_the_last_good_pdfs(course: Path, tmp_path: Path) -> None:
    """WeasyPrint writes the fonts into the temporary folder while it renders: the first write
    of a PDF build, so a small file size limit stops it there."""
    out = course / "out"
    assert run([str(SEMINARKIT), "pdf", str(course), "-o", str(out)]).returncode == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    tick = course / "exercises" / "practice" / "tick.yml"
    tick.write_text(tick.read_text("utf-8").replace("Pick three", "Pick four"), "utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = run(
        [str(SEMINARKIT), "pdf", str(course), "-o", str(out)], limit=4096, TMPDIR=str(temporary)
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "cannot write" in line]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {temporary}"), result.stderr
    assert "cannot write here: the file is larger than this system allows" in errors[0]
    assert "TMPDIR" in errors[0]
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    cache = course / ".seminarkit-cache" / "pdf"
    assert not [path for path in cache.iterdir() if path.name.startswith(".")]
    again = run([str(SEMINARKIT), "pdf", str(course), "-o", str(out)])
    assert again.returncode == 0, again.stderr


def test_site_zip_that_cannot_be_written(built_fixture: Path, tmp_path: Path) -> None:
    """A folder where the zip should go (kept by `--dirty`): the zip is written last, after
    the PDFs, and its failure is one sentence."""
    course = built_fixture.parent / "course"
    site = tmp_path / "site"
    target = site / "downloads" / "fixture-course.zip"
    target.mkdir(parents=True)
    result = run([str(MKDOCS), "build", "--dirty", "--site-dir", str(site)], cwd=course)
    one_sentence(result, target, "it is a folder, not a file")
    assert "Aborted with a BuildError" in result.stdout + result.stderr
    assert (site / "downloads" / "course-reader.pdf").is_file()


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `folder` (a real full disk, a real read-only file system); the test is
    skipped where mounting is not allowed."""
    folder.mkdir()
    mount = shutil.which("mount")
    done = mount and subprocess.run(
        [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if not done or done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_cache_disk(course: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "64k") as small:
        result = run(
            [str(SEMINARKIT), "pdf", str(course), "-o", str(tmp_path / "out")],
            SEMINARKIT_CACHE_DIR=str(small),
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if "cannot write" in line]
        assert len(errors) == 1 and errors[0].startswith(f"Error: {small}/pdf/"), result.stderr
        assert "cannot write here: the disk is full (No space left on device)" in errors[0]
        assert not [path for path in (small / "pdf").iterdir() if path.name.startswith(".")]
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_read_only_checkout_builds_with_cache_and_trainer_elsewhere(
    course: Path, tmp_path: Path
) -> None:
    config = course / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - seminarkit:\n",
            "  - seminarkit:\n      trainer_dir: !ENV [COURSE_TRAINER_DIR, trainer]\n",
        ),
        "utf-8",
    )
    with tmpfs(tmp_path / "checkout", "16m") as checkout:
        shutil.copytree(course, checkout, dirs_exist_ok=True)
        remount = ["mount", "-o", "remount,ro", str(checkout)]
        assert subprocess.run(remount, check=False).returncode == 0
        read_only = "the file system is read-only (Read-only file system)"
        site = tmp_path / "site"
        mkdocs = [str(MKDOCS), "build", "--strict"]
        one_sentence(run(mkdocs, cwd=checkout), checkout / "site", read_only)
        downloads = checkout / "site" / "downloads"
        for arguments, path in (
            (["pdf", str(checkout)], downloads),
            (["export", "moodle", str(checkout)], downloads / "moodle.xml"),
        ):
            one_sentence(run([str(SEMINARKIT), *arguments]), path, read_only)
        failed = run([*mkdocs, "-d", str(site)], cwd=checkout)
        one_sentence(failed, checkout / "trainer", read_only)
        assert "trainer_dir" in failed.stderr
        trainer = tmp_path / "trainer"
        failed = run([*mkdocs, "-d", str(site)], cwd=checkout, COURSE_TRAINER_DIR=str(trainer))
        one_sentence(failed, checkout / ".seminarkit-cache" / "pdf", read_only)
        assert "SEMINARKIT_CACHE_DIR" in failed.stderr
        built = run(
            [*mkdocs, "-d", str(site)],
            cwd=checkout,
            COURSE_TRAINER_DIR=str(trainer),
            SEMINARKIT_CACHE_DIR=str(tmp_path / "cache"),
        )
        assert built.returncode == 0, built.stderr
    assert (site / "downloads" / "course-reader.pdf").is_file()
    assert (trainer / "trainer-guide.pdf").is_file()
    assert list((tmp_path / "cache" / "pdf").glob("*.json"))


def test_disk_full_while_writing_the_site_zip(built_fixture: Path, tmp_path: Path) -> None:
    """A disk with room for the whole site but not for its zip (the biggest file written)."""
    course = built_fixture.parent / "course"
    zipped = built_fixture / "downloads" / "fixture-course.zip"
    blocks = sum(
        -(-path.stat().st_size // 4096) * 4096
        for path in built_fixture.rglob("*")
        if path.is_file() and path != zipped
    )
    margin = 256 * 1024  # a page and its atomic replacement exist at the same time
    assert zipped.stat().st_size > 2 * margin
    with tmpfs(tmp_path / "disk", f"{(blocks + margin) // 1024}k") as disk:
        site = disk / "site"
        result = run([str(MKDOCS), "build", "--site-dir", str(site)], cwd=course)
        target = site / "downloads" / zipped.name
        one_sentence(result, target, "the disk is full (No space left on device)")
        assert "Aborted with a BuildError" in result.stdout + result.stderr
        assert not target.exists()
        assert not [path for path in target.parent.iterdir() if path.name.startswith(".")]
        assert (site / "downloads" / "course-reader.pdf").is_file()
