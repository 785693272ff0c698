"""The `seminarkit` command line."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from .loader import load_course
from .model.exercises import exercise_json_schema
from .problems import format_report
from .scaffold import ScaffoldError, scaffold_course

_DIR = click.Path(file_okay=False, path_type=Path)


@click.group()
@click.version_option(package_name="seminarkit")
def main() -> None:
    """One seminar source: course website, print handouts and self-study worksheets."""


@main.command()
@click.argument("directory", type=_DIR, default=Path("."))
@click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. unembedded exercises) as errors."
)
def check(directory: Path, strict: bool) -> None:
    """Validate a course: every page, exercise and directive, all problems at once."""
    course = load_course(directory, strict=strict)
    if course.problems:
        click.echo(format_report(course.problems), err=bool(course.errors))
    if course.errors:
        sys.exit(1)
    types = Counter(exercise.type for exercise in course.exercises.values())
    seminar = sum(1 for exercise in course.exercises.values() if exercise.for_seminar)
    click.echo(
        f"ok: {len(course.lessons)} pages, {len(course.exercises)} exercises "
        f"({len(types)} types, {seminar} for the seminar) in {course.config.site_name}"
    )


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", default=None, help="Course title (default: from the folder name).")
@click.option(
    "--language",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="Course language: user-interface words and example content.",
)
def new(directory: Path, title: str | None, language: str) -> None:
    """Start a course of your own in DIRECTORY (must not exist or be empty)."""
    try:
        written = scaffold_course(directory, title=title, language=language)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"created {len(written)} files in {directory}")
    click.echo(f"next: cd {directory} && mkdocs serve")


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def schema(output: Path | None) -> None:
    """Print (or write) the JSON Schema for exercise files, for editors."""
    text = json.dumps(exercise_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
