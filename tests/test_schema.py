"""The committed editor schema matches the model, and exercise files point to it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from seminarkit.model.exercises import exercise_json_schema

from .conftest import FIXTURE_COURSE, REPO

COMMITTED = REPO / "schema" / "exercise.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema="


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == exercise_json_schema(), "run `make schema` and commit the result"


def _exercise_files() -> list[Path]:
    return sorted((REPO / "exercises").rglob("*.yml")) + sorted(
        (FIXTURE_COURSE / "exercises").rglob("*.yml")
    )


@pytest.mark.parametrize("path", _exercise_files(), ids=lambda p: p.stem)
def test_exercise_file_references_schema_and_validates(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    target = (path.parent / first.removeprefix(SCHEMA_LINE)).resolve()
    assert target.is_file(), f"{path}: schema path {target} does not exist"
    if target.parent.parent == REPO:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, json.loads(target.read_text(encoding="utf-8")))
