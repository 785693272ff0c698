"""The `seminarkit` command line."""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections import Counter
from pathlib import Path

import click

from .files import CannotWrite, write_atomically
from .forking import spare_core
from .loader import load_course
from .model.course import SCORM_NEEDS_FILES
from .model.exercises import exercise_json_schema
from .problems import CourseError, Problem, format_report

# The PDF, export, scaffold and MkDocs modules (WeasyPrint, Jinja, ...) are imported by the
# commands that use them: `seminarkit check` starts in a fresh process on every save of an editor.

_DIR = click.Path(file_okay=False, path_type=Path)

#: Set by a command after which the process may end without Python's teardown (`run`).
_ends_at_once = False


class _Commands(click.Group):
    """The command group: an output that cannot be written is one sentence, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CannotWrite as error:
            raise click.ClickException(str(error)) from None
        except Exception as error:
            if "seminarkit.sitebuild" in sys.modules:  # only `build` and `serve` load it
                from .sitebuild import NoCourse

                if isinstance(error, NoCourse):
                    raise click.ClickException(str(error)) from None
            raise


@click.group(cls=_Commands)
@click.version_option(package_name="seminarkit")
def main() -> None:
    """One seminar source: course website, print handouts and self-study worksheets."""


def run() -> None:
    """The `seminarkit` command (console script, `python -m seminarkit`): `main`.

    After `check`, which an editor may start in a fresh process on every save, the process
    ends as Python's own exit begins (the `atexit` handlers run, the output is flushed), then
    `os._exit` skips the teardown: freeing every module and the models of the course, and a
    last run of the cycle collector, took 0.1-0.2 s of a 1.3 s check of 2,000 exercises. Its
    cache is written and its forked reader joined before `check` returns, so nothing is left
    for the teardown to do. Other commands, and `main` called in-process (tests), end as usual.
    """
    try:
        main(prog_name="seminarkit")
    except SystemExit as end:
        if not _ends_at_once or not (end.code is None or isinstance(end.code, int)):
            raise
        code = end.code or 0
    else:  # pragma: no cover - click's standalone mode always ends with SystemExit
        code = 0
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: not a success
        code = code or 1
    os._exit(code)


@main.command()
@click.argument("directory", type=_DIR, default=Path("."))
@click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. unembedded exercises) as errors."
)
def check(directory: Path, strict: bool) -> None:
    """Validate a course: every page, exercise and directive, all problems at once."""
    global _ends_at_once
    _ends_at_once = True
    course = load_course(directory, strict=strict, fork=spare_core(), cache=True)
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
@click.argument("directory", type=_DIR, default=Path("."))
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the PDFs (default: SITE_DIR/downloads of the course).",
)
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. missing images) as errors.")
def pdf(directory: Path, output: Path | None, strict: bool) -> None:
    """Build the course reader, worksheets and solution key as PDFs, without MkDocs."""
    from .outputs import DOWNLOADS, check_output_folders, pdf_sets, plan_outputs, trainer_folder
    from .print.pdf import announce_pdfs, begin_pdf_sets, pdf_workers
    from .print.renderer import PrintRenderer
    from .shipping import ASSET_URI, ship_assets

    course = load_course(directory, strict=strict)
    if course.problems:
        click.echo(format_report(course.problems), err=True)
    if course.errors:
        sys.exit(1)
    target = output or Path(course.root) / course.config.site_dir / DOWNLOADS
    check_output_folders(course, target, "choose another folder with --output (-o)")
    warnings: list[Problem] = []

    def warn(problem: Problem) -> None:
        warnings.append(problem)
        click.echo(str(problem), err=True)

    pdfs = [output for output in plan_outputs(course) if output.document is not None]
    announce_pdfs(len(pdfs))
    try:
        renderer = PrintRenderer(course)
        sets = pdf_sets(pdfs, {"site": target, "trainer": trainer_folder(course)})
        with pdf_workers():  # one pool and queue for the site's and the trainer's PDFs
            built, trainer = begin_pdf_sets(renderer, sets, log=click.echo, warn=warn).finish()
    except CourseError as error:
        click.echo(format_report(error.problems), err=True)
        sys.exit(1)
    pages = sum(item.pages for item in built)
    click.echo(f"{len(built)} PDFs, {pages} pages in {target}")
    site = Path(course.root) / course.config.site_dir
    if (site / "index.html").is_file():  # built by a host that runs no plugin (Zensical)
        shipped = ship_assets(site)
        if shipped:
            click.echo(f"web assets: {len(shipped)} files into {site / ASSET_URI}")
    for item in trainer:
        click.echo(f"trainer material: {item.path} ({item.pages} pages; do not publish)")
    if strict and warnings:
        click.echo(f"--strict: {len(warnings)} warnings while building the PDFs", err=True)
        sys.exit(1)


@main.command()
@click.argument("directory", type=_DIR, default=Path("."))
@click.option("--strict", is_flag=True, help="Fail on any warning, as `mkdocs build --strict`.")
@click.option(
    "--site-dir",
    "-d",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the site (default: `site_dir` of mkdocs.yml, `site`).",
)
@click.option("--verbose", "-v", is_flag=True, help="Show every message of MkDocs and libraries.")
def build(directory: Path, strict: bool, site_dir: Path | None, verbose: bool) -> None:
    """Build the course in DIRECTORY: website, PDFs, exports, then a summary of what went where."""
    from .sitebuild import build_site, console

    with console(sys.stdout, verbose=verbose, info=False) as shown:
        summary = build_site(directory, strict=strict, site_dir=site_dir)
    if shown.warnings:
        click.echo(f"{shown.warnings} warnings (`--strict` makes them errors)")
    click.echo("\n".join(summary.lines(Path.cwd())))


@main.command()
@click.argument("directory", type=_DIR, default=Path("."))
@click.option("--strict", is_flag=True, help="Fail on any warning, as `mkdocs serve --strict`.")
@click.option("--dev-addr", "-a", default=None, metavar="IP:PORT", help="Default: 127.0.0.1:8000.")
@click.option("--open", "-o", "open_in_browser", is_flag=True, help="Open it in a browser.")
@click.option("--verbose", "-v", is_flag=True, help="Show every message of MkDocs and libraries.")
def serve(
    directory: Path, strict: bool, dev_addr: str | None, open_in_browser: bool, verbose: bool
) -> None:
    """Preview the course in DIRECTORY in a browser; reloads when a page or exercise changes."""
    from .sitebuild import console, serve_site

    with console(sys.stdout, verbose=verbose, info=True):
        serve_site(directory, strict=strict, dev_addr=dev_addr, open_in_browser=open_in_browser)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", default=None, help="Course title (default: from the folder name).")
@click.option(
    "--language",
    type=click.Choice(["de", "en"]),
    default=None,
    help="Course language: user-interface words and example content "
    "(default: from the system locale, German for de_*, else English).",
)
def new(directory: Path, title: str | None, language: str | None) -> None:
    """Start a course of your own in DIRECTORY (must not exist or be empty)."""
    from .scaffold import ScaffoldError, choose_language, scaffold_course, shell_quote, tool_command

    chosen = choose_language(language)
    try:
        written = scaffold_course(directory, title=title, language=chosen.language)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    tool = tool_command()
    folder = shell_quote(str(directory))
    click.echo(f"created {len(written)} files in {directory}")
    click.echo(f"language: {chosen.language} ({chosen.reason})")
    click.echo("next:")
    click.echo(f"  cd {folder} && {tool} serve    # live preview at http://127.0.0.1:8000/")
    click.echo(f"  cd {folder} && {tool} build    # website, PDFs and exports, with a summary")


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def schema(output: Path | None) -> None:
    """Print (or write) the JSON Schema for exercise files, for editors."""

    text = json.dumps(exercise_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode("utf-8"))
        click.echo(f"wrote {output}")


@main.group()
def export() -> None:
    """Export for learning platforms: question banks (Moodle XML, GIFT, QTI 2.1) and the SCORM
    package of the built site."""


def _export(kind: str, directory: Path, output: Path | None) -> None:
    """Write one export format and tell what went in, what did not and why."""
    from .export import EXPORTS
    from .outputs import DOWNLOADS, trainer_folder

    course = load_course(directory)
    if course.errors:
        click.echo(format_report(course.problems), err=True)
        sys.exit(1)
    exporter, filename = EXPORTS[kind]
    result = exporter(course)
    to_stdout = output == Path("-")
    published = getattr(course.config.options.publish, kind) == "site"
    folder = (
        Path(course.root) / course.config.site_dir / DOWNLOADS
        if published
        else trainer_folder(course)
    )
    target = output or folder / filename
    if to_stdout:
        click.echo(result.text if result.data is None else result.data, nl=False)
    else:
        write_atomically(target, result.payload)
    lines = [
        f"exported {len(result.exported)} exercises as {result.questions} questions: "
        + (", ".join(result.exported) or "none"),
        *(f"skipped {exercise_id}: {reason}" for exercise_id, reason in result.skipped),
        *(f"note {exercise_id}: {note}" for exercise_id, note in result.notes),
    ]
    if not to_stdout:
        lines.append(f"wrote {target}")
    click.echo("\n".join(lines), err=to_stdout)


_EXPORT_OUTPUT = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    default=None,
    help="File to write ('-' for standard output; default: SITE_DIR/downloads of the course, "
    "or the trainer folder when `publish` keeps the export with the trainer).",
)


@export.command("moodle")
@click.argument("directory", type=_DIR, default=Path("."))
@_EXPORT_OUTPUT
def export_moodle_command(directory: Path, output: Path | None) -> None:
    """Moodle XML: quiz, true-false, matching, cloze and ordering exercises with feedback."""
    _export("moodle", directory, output)


@export.command("gift")
@click.argument("directory", type=_DIR, default=Path("."))
@_EXPORT_OUTPUT
def export_gift_command(directory: Path, output: Path | None) -> None:
    """GIFT text: like Moodle XML, but one question per cloze gap and without ordering."""
    _export("gift", directory, output)


@export.command("scorm")
@click.argument("directory", type=_DIR, default=Path("."))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: SITE_DIR/downloads of the course, or the trainer folder "
    "when `publish.scorm` is `trainer`).",
)
def export_scorm_command(directory: Path, output: Path | None) -> None:
    """SCORM 1.2 package of the built site (run `mkdocs build` first): one SCO that reports
    status, score and answers to the learning platform."""
    from .outputs import package_scorm

    course = load_course(directory)
    if course.errors:
        click.echo(format_report(course.problems), err=True)
        sys.exit(1)
    site = Path(course.root) / course.config.site_dir
    if course.config.use_directory_urls:
        raise click.ClickException(f"{SCORM_NEEDS_FILES}, then run `mkdocs build`")
    if not (site / "index.html").is_file():
        raise click.ClickException(f"{site}: no built site here; run `mkdocs build` first")
    target, count = package_scorm(course, site, output)
    click.echo(f"wrote {target}: SCORM 1.2 package, {count} files")


@export.command("qti")
@click.argument("directory", type=_DIR, default=Path("."))
@_EXPORT_OUTPUT
def export_qti_command(directory: Path, output: Path | None) -> None:
    """IMS QTI 2.1 zip for platforms such as OpenOLAT, OPAL, ILIAS: the same exercises, images
    inside (validated against the IMS schemas, not tested in those platforms)."""
    _export("qti", directory, output)
