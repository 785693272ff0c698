"""Files a build no longer makes leave the trainer folder; the trainer's own files stay.

A real build of the fixture course in English, then in German: every trainer file is named in
the course language, so the English names must go (an outdated guide or key must not be printed
by mistake), while a file the trainer put into the folder stays."""

from __future__ import annotations

import json
from pathlib import Path

from seminarkit.outputs import TRAINER_MANIFEST, retire_outputs

from .conftest import mkdocs_build


def test_language_switch_retires_the_other_language_files(course_copy: Path) -> None:
    site = course_copy / "site"
    assert mkdocs_build(course_copy, site).returncode == 0
    trainer = course_copy / "trainer"
    english = {p.name for p in trainer.iterdir() if p.is_file()} - {TRAINER_MANIFEST}
    assert english, "the English build wrote no trainer files"
    assert json.loads((trainer / TRAINER_MANIFEST).read_text()) == sorted(english)
    (trainer / "meine-notizen.txt").write_text("Raum 2.14, Beamer prüfen", encoding="utf-8")

    config = course_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("language: en", "language: de"))
    result = mkdocs_build(course_copy, site)
    assert result.returncode == 0, result.stderr
    german = {p.name for p in trainer.iterdir() if p.is_file()} - {TRAINER_MANIFEST}

    assert "meine-notizen.txt" in german
    assert not (english - {"meine-notizen.txt"}) & german, "English files were left behind"
    assert json.loads((trainer / TRAINER_MANIFEST).read_text()) == sorted(
        german - {"meine-notizen.txt"}
    )
    assert any(name in result.stderr for name in english)  # the log says what was removed


def test_manifest_never_leads_out_of_the_folder(tmp_path: Path) -> None:
    folder, outside = tmp_path / "trainer", tmp_path / "mkdocs.yml"
    folder.mkdir()
    outside.write_text("site_name: x")
    (folder / "old.pdf").write_bytes(b"%PDF")
    (folder / "kept.pdf").write_bytes(b"%PDF")
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.pdf").write_bytes(b"%PDF")
    names = ["../mkdocs.yml", "sub/deep.pdf", "sub", "..", "", 7, "old.pdf", "kept.pdf"]
    (folder / TRAINER_MANIFEST).write_text(json.dumps(names))

    assert retire_outputs(folder, {"kept.pdf"}) == ["old.pdf"]
    assert outside.exists() and (folder / "sub" / "deep.pdf").exists()
    assert (folder / "kept.pdf").exists() and not (folder / "old.pdf").exists()


def test_damaged_manifest_removes_nothing(tmp_path: Path) -> None:
    (tmp_path / "old.pdf").write_bytes(b"%PDF")
    for damaged in ("{not json", '{"old.pdf": 1}', '"old.pdf"'):
        (tmp_path / TRAINER_MANIFEST).write_text(damaged)
        assert retire_outputs(tmp_path, {"new.pdf"}) == []
        assert (tmp_path / "old.pdf").exists()
    assert json.loads((tmp_path / TRAINER_MANIFEST).read_text()) == ["new.pdf"]
