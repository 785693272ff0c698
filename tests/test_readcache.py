"""`seminarkit check` keeps what it read of each exercise file (seminarkit.readcache): a run
after it reads only the files whose bytes changed, loads the same course, and never loads a
cache file that this user's seminarkit did not sign (a course folder may come from anyone)."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from seminarkit import loader, readcache
from seminarkit.cli import main
from seminarkit.loader import load_course

from .conftest import IGNORED
from .test_forked_loading import _summary, big_course  # noqa: F401 - the fixture

CACHE = Path(".seminarkit-cache", "check", readcache.CACHE_FILE)


@pytest.fixture
def course(big_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    """A copy of the big course of many exercise files, and a secret of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("SEMINARKIT_CACHE_DIR", raising=False)
    copy = tmp_path / "course"
    shutil.copytree(big_course, copy, ignore=IGNORED)
    return copy


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files `loader.read_exercise` reads from now on (in this process)."""
    files: list[str] = []
    real = loader.read_exercise

    def counted(file: str, raw: bytes) -> loader._ReadFile:
        files.append(file)
        return real(file, raw)

    monkeypatch.setattr(loader, "read_exercise", counted)
    return files


def test_a_second_run_reads_no_file_and_loads_the_same_course(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _summary(load_course(course))
    read = _counting(monkeypatch)
    assert _summary(load_course(course, cache=True)) == plain
    assert len(read) == len(list((course / "exercises").rglob("*.yml"))) > 64
    assert (course / CACHE).is_file()
    read.clear()
    assert _summary(load_course(course, cache=True)) == plain
    assert read == []
    assert _summary(load_course(course, cache=True, fork=True)) == plain


def test_a_forked_first_run_caches_every_file(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both processes read and hash files; this one caches those its fork read too, and a
    forked run with the cache filled takes every file from it (in either process)."""
    plain = _summary(load_course(course))
    assert _summary(load_course(course, cache=True, fork=True)) == plain
    read = _counting(monkeypatch)
    assert _summary(load_course(course, cache=True)) == plain
    assert read == []
    assert _summary(load_course(course, cache=True, fork=True)) == plain
    assert read == []


@pytest.mark.parametrize("fork", [False, True])
def test_a_kept_result_that_no_longer_unpickles_is_read_again(
    course: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    """A cache this user signed whose results no longer load (a class changed without a
    module changing): every file is read again, in either process, and cached anew."""
    plain = _summary(load_course(course))
    load_course(course, cache=True)
    kept: readcache.ReadCache[object] = readcache.ReadCache(course / CACHE.parent)
    stored = list(kept._stored)
    assert len(stored) > 64
    for key in stored:
        kept.put_packed(key, b"\x80\x05 no longer a pickle")
    kept.save()
    read = _counting(monkeypatch)
    assert _summary(load_course(course, cache=True, fork=fork)) == plain
    assert read if fork else len(read) == len(stored)
    read.clear()
    assert _summary(load_course(course, cache=True)) == plain
    assert read == []


def test_an_edited_file_is_read_again(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_course(course, cache=True)
    edited = course / "exercises" / "basics" / "reflect.yml"
    edited.write_text("type: reflection\ntitle: [unclosed\n", encoding="utf-8")
    (course / "exercises" / "basics" / "steps.yml").unlink()
    read = _counting(monkeypatch)
    again = _summary(load_course(course, cache=True))
    assert read == ["exercises/basics/reflect.yml"]
    assert again == _summary(load_course(course))
    problems = again["problems"]
    assert isinstance(problems, list)
    assert "exercises/basics/reflect.yml:3:1: this is not valid YAML" in "\n".join(problems)
    assert not any(problem.startswith("exercises/basics/steps.yml") for problem in problems)


class _Planted:
    """A pickle that makes a file when it is loaded: what a hostile course folder could ship."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


@pytest.mark.parametrize("signed_by", ["nobody", "another user"])
def test_a_cache_file_this_user_did_not_write_is_never_loaded(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signed_by: str
) -> None:
    load_course(course, cache=True)
    marker = tmp_path / "ran"
    body = pickle.dumps({b"k" * 32: _Planted(marker)})
    code = readcache.code_digest()
    mac = bytes(32)
    if signed_by == "another user":  # a whole cache, signed with another user's secret
        import hmac

        mac = hmac.digest(os.urandom(32), code + body, "sha256")
    (course / CACHE).write_bytes(readcache._MAGIC + code + mac + body)
    plain = _summary(load_course(course))
    assert _summary(load_course(course, cache=True)) == plain
    assert not marker.exists()
    # The run replaced the file with its own, which the next run loads.
    read = _counting(monkeypatch)
    assert _summary(load_course(course, cache=True)) == plain
    assert read == []


def test_a_cache_that_cannot_be_written_changes_nothing(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("SEMINARKIT_CACHE_DIR", str(blocked))
    assert _summary(load_course(course, cache=True)) == _summary(load_course(course))
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # no secret: nothing is cached
    monkeypatch.delenv("SEMINARKIT_CACHE_DIR")
    assert _summary(load_course(course, cache=True)) == _summary(load_course(course))
    assert not (course / CACHE).exists()


def test_check_command_uses_the_cache(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = CliRunner().invoke(main, ["check", str(course)])
    read = _counting(monkeypatch)
    second = CliRunner().invoke(main, ["check", str(course)])
    assert (second.exit_code, second.output) == (first.exit_code, first.output)
    assert read == []
