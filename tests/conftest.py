"""Shared fixtures: paths to fixture courses, a golden-file switch, a real mkdocs build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
FIXTURE_COURSE = FIXTURES / "course"
MKDOCS = Path(sys.executable).parent / "mkdocs"
#: Build output and caches never travel with a copied course.
IGNORED = shutil.ignore_patterns("site", ".seminarkit-cache")


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-goldens` rewrites golden files instead of comparing with them."""
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files")


@pytest.fixture(scope="session", autouse=True)
def _check_cache_kept_apart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """`seminarkit check` keeps what it read in the course's cache folder (readcache), signed
    with a secret of the user's: the secret goes into a folder of the session, and the
    fixture courses lose the cache folders the session made in them."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    before = set(FIXTURES.glob("**/.seminarkit-cache"))
    yield
    for folder in set(FIXTURES.glob("**/.seminarkit-cache")) - before:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are rewritten in this run."""
    return bool(request.config.getoption("--update-goldens"))


def mkdocs_build(course: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` of `course` into `site`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(MKDOCS), "build", "--site-dir", str(site), *extra],
        cwd=course,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture course."""
    target = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, target, ignore=IGNORED)
    return target


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course built once with `mkdocs build --strict` (from a copy: caches stay out)."""
    root = tmp_path_factory.mktemp("fixture")
    course, site = root / "course", root / "site"
    shutil.copytree(FIXTURE_COURSE, course, ignore=IGNORED)
    result = mkdocs_build(course, site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "does not contain an anchor" not in result.stderr, result.stderr
    return site
