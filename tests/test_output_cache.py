"""LMS exports from the cache when no source changed (issue 15): real exports of the fixture
course, real files in a cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from seminarkit.export import EXPORTS
from seminarkit.loader import load_course
from seminarkit.output_cache import cached_output
from seminarkit.print import pdf
from seminarkit.print.pdf import Digests, source_key
from seminarkit.print.renderer import PrintRenderer

from .conftest import FIXTURE_COURSE


def _moodle(calls: list[str]) -> tuple[bytes, str]:
    calls.append("made")
    exporter, _ = EXPORTS["moodle"]
    result = exporter(load_course(FIXTURE_COURSE))
    return result.payload, f"{result.questions} questions"


def test_unchanged_key_takes_the_export_from_the_cache(tmp_path: Path) -> None:
    calls: list[str] = []
    first = cached_output(tmp_path, "moodle", "a" * 64, lambda: _moodle(calls))
    again = cached_output(tmp_path, "moodle", "a" * 64, lambda: _moodle(calls))
    assert first is not None and first == again and calls == ["made"]
    assert first[0].startswith(b"<?xml") and "questions" in first[1]


def test_broken_entry_or_new_key_exports_again(tmp_path: Path) -> None:
    calls: list[str] = []
    made = cached_output(tmp_path, "moodle", "a" * 64, lambda: _moodle(calls))
    (entry,) = tmp_path.glob("moodle-*.bin")
    entry.write_bytes(entry.read_bytes()[:-1] + b"X")  # same size, other content
    assert cached_output(tmp_path, "moodle", "a" * 64, lambda: _moodle(calls)) == made
    assert calls == ["made", "made"]
    (tmp_path / entry.name.replace(".bin", ".json")).write_text("{", "utf-8")
    assert cached_output(tmp_path, "moodle", "a" * 64, lambda: _moodle(calls)) == made
    assert len(calls) == 3
    cached_output(tmp_path, "moodle", "b" * 64, lambda: _moodle(calls))
    assert len(calls) == 4
    assert sorted(p.name[:9] for p in tmp_path.iterdir()) == ["moodle-bb", "moodle-bb"]


def test_nothing_to_write_is_not_kept(tmp_path: Path) -> None:
    assert cached_output(tmp_path, "calendar", "a" * 64, lambda: None) is None
    assert list(tmp_path.iterdir()) == []


def test_key_follows_an_edited_exercise(course_copy: Path) -> None:
    def key() -> str:
        return source_key(PrintRenderer(load_course(course_copy)), [], {})

    before = key()
    assert key() == before
    exercise = course_copy / "exercises" / "basics" / "pairs.yml"
    exercise.write_text(exercise.read_text("utf-8").replace("Weak ties", "Weak tie"), "utf-8")
    assert key() != before


def test_one_build_lists_the_sources_once(
    course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build's keys (up to five) share one `Digests`: the folders are walked for the first
    key only, and every key is the one a fresh start gives."""
    renderer = PrintRenderer(load_course(course_copy))
    documents = renderer.documents[:2]
    fresh = [source_key(renderer, documents, {}), source_key(renderer, [], {})]
    walked: list[Path] = []
    listing = pdf._files

    def counted(folder: Path, suffixes: tuple[str, ...] = ()) -> list[Path]:
        walked.append(folder)
        return listing(folder, suffixes)

    monkeypatch.setattr(pdf, "_files", counted)
    shared = Digests()
    assert [source_key(renderer, documents, shared), source_key(renderer, [], shared)] == fresh
    assert len(walked) == 4  # docs, exercises, templates, seminarkit: once
    assert source_key(renderer, documents, {}) == fresh[0]
    assert len(walked) == 8  # a plain dict keeps no listing
