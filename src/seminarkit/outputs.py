"""Everything built beside the web pages: PDFs, trainer guide, calendar; in one place for the
MkDocs plugin and the command line."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .calendar import agenda_to_ics
from .export import EXPORTS
from .files import check_writable, write_atomically
from .model.course import Course
from .print.pdf import CACHE_HINT, BuiltPdf, build_pdfs, cache_folder
from .print.renderer import PrintRenderer
from .problems import Problem

DOWNLOADS = "downloads"
TRAINER_HINT = (
    "set `trainer_dir` in mkdocs.yml to a writable folder "
    "(`!ENV [NAME, trainer]` takes it from the environment variable NAME)"
)


@dataclass
class Outputs:
    """What one build wrote."""

    participant: list[BuiltPdf] = field(default_factory=list)
    trainer: list[BuiltPdf] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def downloads(self) -> list[BuiltPdf]:
        """The PDFs published in the site's downloads."""
        return self.participant


def trainer_folder(course: Course) -> Path:
    """Where trainer material goes: beside the site by default, never inside it."""
    return Path(course.root) / course.config.options.trainer_dir


def check_output_folders(course: Course, downloads: Path, hint: str) -> None:
    """Raise `CannotWrite` now, before any work, if the PDFs cannot be written: the downloads
    folder (`hint` says how to choose another), the trainer folder and the PDF cache."""
    check_writable(downloads, hint)
    check_writable(trainer_folder(course), TRAINER_HINT)
    check_writable(cache_folder(course), CACHE_HINT)


def build_outputs(
    course: Course,
    site: Path,
    log: Callable[[str], None],
    warn: Callable[[Problem], None] | None = None,
) -> Outputs:
    """Participant PDFs and the calendar into `site/downloads`, the trainer guide beside it;
    warnings found on the way (images WeasyPrint could not load) go to `warn`."""
    renderer = PrintRenderer(course)
    downloads = site / DOWNLOADS
    outputs = Outputs()
    outputs.participant = build_pdfs(renderer, downloads, log=log, warn=warn)
    outputs.trainer = build_pdfs(
        renderer, trainer_folder(course), documents=[renderer.trainer], log=log, warn=warn
    )
    if course.config.options.trainer_in_site:
        outputs.participant += build_pdfs(
            renderer, downloads, documents=[renderer.trainer], log=log, warn=warn
        )
    for name, (exporter, filename) in EXPORTS.items():
        result = exporter(course)
        target = downloads / filename
        write_atomically(target, result.text.encode("utf-8"))
        outputs.files.append(target)
        log(
            f"{filename}: {result.questions} questions from {len(result.exported)} exercises "
            f"({name}), {len(result.skipped)} exercises skipped"
        )
    calendar = agenda_to_ics(course, course.agenda())
    if calendar is not None:
        target = downloads / "seminar.ics"
        write_atomically(target, calendar.encode("utf-8"))
        outputs.files.append(target)
        log(f"{target.name}: {calendar.count('BEGIN:VEVENT')} events")
    return outputs


_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def zip_site(site: Path, target: Path) -> int:
    """The whole site as one zip (for a USB stick); fixed timestamps, sorted entries.

    Everything below `site` goes in except the zip itself, so it must run after every other
    step that writes into the site (the MkDocs plugin runs it last of all post-build steps).
    """
    files = sorted(p for p in site.rglob("*") if p.is_file() and p != target)
    folder = site.name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    write_atomically(target, buffer.getvalue())
    return len(files)
