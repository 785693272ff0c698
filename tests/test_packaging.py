"""The wheel carries the built-in templates and assets, so an installed seminarkit needs no repo."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_wheel_contains_templates_assets_and_scaffold(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("seminarkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {
        p.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()
    }
    assert {f"seminarkit/{name}" for name in templates} <= names
    assert "seminarkit/assets/seminarkit.css" in names
    assert "seminarkit/scaffold/de/mkdocs.yml" in names
    assert "seminarkit/py.typed" in names
