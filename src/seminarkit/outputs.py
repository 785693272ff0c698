"""Everything built beside the web pages: PDFs, trainer guide, LMS exports, calendar, the site
zip. One list (`plan_outputs`) names each output, its builder and whether it is published or
stays with the trainer; the build, `::: downloads`, the zip and the build summary all read it."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .calendar import agenda_to_ics
from .export import EXPORTS, ExportResult
from .files import CannotWrite, check_writable, copy_atomically, write_atomically
from .i18n import translator
from .model.course import Course, Place
from .output_cache import cached_output
from .print.documents import (
    Document,
    plan_documents,
    role_card_document,
    room_documents,
    site_zip_name,
    trainer_document,
)
from .problems import Problem
from .scorm import scorm_entries, scorm_filename

if TYPE_CHECKING:  # the PDF builder imports the print renderer, which lists `published` outputs
    from .print.pdf import BuiltPdf, PdfSets

CALENDAR = "seminar.ics"
#: The list of files the last build wrote into the trainer folder (`retire_outputs`).
TRAINER_MANIFEST = ".seminarkit-outputs.json"

DOWNLOADS = "downloads"
TRAINER_HINT = (
    "set `trainer_dir` in mkdocs.yml to a writable folder "
    "(`!ENV [NAME, trainer]` takes it from the environment variable NAME)"
)

#: Builds one file that is not a PDF from the course and the built site folder: its bytes and
#: a line for the log, or `None` when the course has nothing to put into it.
Builder = Callable[[Course, Path], tuple[bytes, str] | None]


@dataclass(frozen=True)
class Output:
    """One file a build makes, and whether it is published or stays with the trainer.

    `place` is `site` (into `site/downloads/`, listed by `::: downloads` and zipped) or
    `trainer` (into the trainer folder beside the site, never published). A PDF has its
    `document` (WeasyPrint builds them together); any other file has its `builder`."""

    name: str
    filename: str
    title: str
    place: Place
    document: Document | None = None
    builder: Builder | None = None


def plan_outputs(course: Course) -> list[Output]:
    """Every file a build makes, in build order: PDFs, LMS exports, calendar, the site zip
    last (it holds every published file before it). `publish` in mkdocs.yml places the solution
    key and the exports; trainer material never goes into the site unless `trainer_in_site`."""
    options = course.config.options
    t = translator(course.language)
    plan: list[Output] = []
    for document in plan_documents(course):
        place = options.publish.solutions if document.kind == "solutions" else "site"
        plan.append(Output(document.kind, document.filename, document.title, place, document))
    trainer = trainer_document(course)
    plan.append(Output("trainer", trainer.filename, trainer.title, "trainer", trainer))
    if options.trainer_in_site:
        plan.append(Output("trainer", trainer.filename, trainer.title, "site", trainer))
    cards = role_card_document(course)
    if cards is not None:
        plan.append(Output(cards.kind, cards.filename, cards.title, "trainer", cards))
    for room in room_documents(course):  # the participant list never leaves the trainer folder
        plan.append(Output(room.kind, room.filename, room.title, "trainer", room))
    for name, (exporter, filename) in EXPORTS.items():
        place = getattr(options.publish, name)
        plan.append(Output(name, filename, t(f"export.{name}"), place, builder=_export(exporter)))
    if options.schedule.dates:
        plan.append(Output("calendar", CALENDAR, t("calendar"), "site", builder=_calendar))
    scorm = options.publish.scorm
    if scorm in ("site", "trainer"):
        # No builder: `zip_site` makes it from the finished site, just before the site zip.
        plan.append(Output("scorm", scorm_filename(course), t("scorm"), scorm))
    # No builder: `zip_site` makes it after everything else (the plugin's last step).
    plan.append(Output("zip", site_zip_name(course), t("site_zip"), "site"))
    return plan


def published(course: Course) -> list[Output]:
    """The outputs `::: downloads` lists and the zip holds, in order."""
    return [output for output in plan_outputs(course) if output.place == "site"]


def _export(exporter: Callable[[Course], ExportResult]) -> Builder:
    def build(course: Course, site: Path) -> tuple[bytes, str]:
        result = exporter(course)
        note = (
            f"{result.questions} questions from {len(result.exported)} exercises, "
            f"{len(result.skipped)} exercises skipped"
        )
        return result.payload, note

    return build


def _calendar(course: Course, site: Path) -> tuple[bytes, str] | None:
    calendar = agenda_to_ics(course, course.agenda())
    if calendar is None:
        return None
    return calendar.encode("utf-8"), f"{calendar.count('BEGIN:VEVENT')} events"


def trainer_only(plan: list[Output]) -> set[str]:
    """File names that stay with the trainer and are not also published (`trainer_in_site`)."""
    public = {output.filename for output in plan if output.place == "site"}
    return {o.filename for o in plan if o.place == "trainer" and o.filename not in public}


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
    from .print.pdf import CACHE_HINT, cache_folder

    check_writable(downloads, hint)
    check_writable(trainer_folder(course), TRAINER_HINT)
    check_writable(cache_folder(course), CACHE_HINT)


def check_trainer_outside_site(course: Course, site: Path) -> None:
    """Raise `CannotWrite` when the trainer folder lies inside the site folder: the site is
    published and zipped, and trainer material (solutions, the participant list's name cards
    and certificates) must never be."""
    trainer = trainer_folder(course).resolve()
    published = site.resolve()
    if trainer == published or published in trainer.parents:
        raise CannotWrite(
            str(trainer_folder(course)),
            f"it is inside the site folder {site}, which is published",
            TRAINER_HINT,
        )


@dataclass
class StartedOutputs:
    """What `start_outputs` began, for `build_outputs`."""

    digests: dict[Path, str | None]
    """The SHA-256 of the source files hashed on the way, by path."""
    pdfs: PdfSets | None = None
    """The PDF sets begun when PDFs are laid out; else None."""

    def close(self) -> None:
        """Give up the PDFs begun (a build that failed), if any: nothing is written; after
        `build_outputs`, nothing is left to do."""
        if self.pdfs is not None:
            self.pdfs.close()


def start_outputs(
    course: Course,
    site: Path,
    log: Callable[[str], None],
    warn: Callable[[Problem], None] | None = None,
) -> StartedOutputs:
    """Inside a `print.pdf.pdf_workers` block, before MkDocs builds the pages: when
    `build_outputs` will lay out PDFs (`print.pdf.lay_out_ahead`), start the PDF workers,
    render the print HTML, report its problems (errors raise `CourseError`) and hand the
    layouts to the workers now (`print.pdf.begin_pdf_sets`), so that they load WeasyPrint and
    the hyphenation dictionaries and lay out PDFs while MkDocs builds the pages (on the 100 x 5
    catalogue, the workers waited 8 s for the pages and the print HTML). Nothing is written
    to the output folders before `build_outputs`; call it, or `StartedOutputs.close`."""
    from .print.pdf import (
        Digests,
        announce_pdfs,
        begin_pdf_sets,
        lay_out_ahead,
        start_pdf_workers,
    )
    from .print.renderer import PrintRenderer

    digests = Digests()
    renderer = PrintRenderer(course)
    plan = plan_outputs(course)
    sets = pdf_sets(plan, _folders(course, site))
    if not lay_out_ahead(renderer, sets, digests):
        return StartedOutputs(digests)
    start_pdf_workers((course.language,))
    announce_pdfs(sum(1 for output in plan if output.document is not None))
    pdfs = begin_pdf_sets(renderer, sets, log=log, warn=warn, digests=digests)
    return StartedOutputs(digests, pdfs)


def _folders(course: Course, site: Path) -> dict[Place, Path]:
    """The folder of each place: the site's downloads, the trainer folder."""
    return {"site": site / DOWNLOADS, "trainer": trainer_folder(course)}


def pdf_sets(plan: list[Output], folders: dict[Place, Path]) -> list[tuple[Path, list[Document]]]:
    """The PDFs of `plan` as (folder, documents) sets, for `begin_pdf_sets`: the site's, then
    the trainer's."""
    places: list[Place] = ["site", "trainer"]
    return [
        (folders[place], [o.document for o in plan if o.place == place and o.document is not None])
        for place in places
    ]


def build_outputs(
    course: Course,
    site: Path,
    log: Callable[[str], None],
    warn: Callable[[Problem], None] | None = None,
    started: StartedOutputs | None = None,
) -> Outputs:
    """Every output of `plan_outputs` into its folder: published ones into `site/downloads`,
    trainer material into the trainer folder; warnings found on the way (images WeasyPrint
    could not load) go to `warn`. A file left in `site/downloads` by an earlier build that now
    stays with the trainer is removed, so it is neither served nor zipped. The zip is not made
    here: it must come after every other step that writes into the site (`zip_site`).
    `started`: what `start_outputs` began for this build (its PDFs are finished here)."""
    from .print.pdf import (
        Digests,
        announce_pdfs,
        begin_pdf_sets,
        cache_folder,
        pdf_workers,
        source_key,
    )
    from .print.renderer import PrintRenderer

    digests = started.digests if started is not None else Digests()  # shared with the exports
    plan = plan_outputs(course)
    folders = _folders(course, site)
    for name in trainer_only(plan):
        (folders["site"] / name).unlink(missing_ok=True)
    outputs = Outputs()
    begun = started.pdfs if started is not None else None
    if begun is not None:
        renderer = begun.renderer
        participant, trainer = begun.finish()
    else:
        announce_pdfs(sum(1 for output in plan if output.document is not None))
        renderer = PrintRenderer(course)
        sets = pdf_sets(plan, folders)
        with pdf_workers():  # one pool and queue for the site's and the trainer's PDFs
            participant, trainer = begin_pdf_sets(
                renderer, sets, log=log, warn=warn, digests=digests
            ).finish()
    outputs.participant.extend(participant)
    outputs.trainer.extend(trainer)
    key = ""
    for output in plan:
        builder = output.builder
        if builder is not None and output.name in EXPORTS:  # made from the sources alone
            key = key or source_key(renderer, [], digests)
            folder = cache_folder(course).parent / "outputs"
            made = cached_output(folder, output.name, key, partial(builder, course, site))
        else:
            made = builder(course, site) if builder is not None else None
        if made is None:
            continue
        target = folders[output.place] / output.filename
        write_atomically(target, made[0])
        outputs.files.append(target)
        log(f"{output.filename}: {made[1]}")
    for place, folder in folders.items():
        names = [o.filename for o in plan if o.place == place]
        log(f"{place}: {len(names)} files in {folder}: {', '.join(names)}")
    for name in retire_outputs(
        folders["trainer"], {o.filename for o in plan if o.place == "trainer"}
    ):
        log(f"{name}: removed from {folders['trainer']}, no longer built")
    return outputs


def retire_outputs(folder: Path, planned: set[str]) -> list[str]:
    """Remove from the trainer `folder` the files an earlier build wrote there that this build
    no longer makes (another `theme.language` names them differently, an output was switched
    off, a lesson was renamed), so that no outdated guide or key is printed by mistake; then
    record `planned` in `TRAINER_MANIFEST`. Returns the names removed, sorted.

    Only names the manifest lists are touched: files the trainer put there stay. A manifest
    that cannot be read (missing, damaged, not a list of plain names) removes nothing; a name
    with a path separator or `..` is never followed out of the folder."""
    manifest = folder / TRAINER_MANIFEST
    try:
        earlier = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier = []
    names = earlier if isinstance(earlier, list) else []
    removed: list[str] = []
    for name in sorted({n for n in names if isinstance(n, str)} - planned):
        if not name or name != Path(name).name or name in (".", "..") or name == TRAINER_MANIFEST:
            continue
        target = folder / name
        if target.is_file() and not target.is_symlink():
            target.unlink(missing_ok=True)
            removed.append(name)
    write_atomically(manifest, json.dumps(sorted(planned), ensure_ascii=False).encode("utf-8"))
    return removed


_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
#: Suffixes of files stored in the site zip as they are (see `site_archive`).
_COMPRESSED = frozenset(
    (".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".zip", ".gz")
)


def zip_site(course: Course, site: Path) -> tuple[Path, int]:
    """The whole site as one zip (for a USB stick) in `site/downloads/`, without any
    trainer-only file an earlier build left there; (the zip's path, the number of files).
    Then the SCORM package, if `publish.scorm` plans one (`package_scorm`): it holds the site
    zip, so that the package's downloads page offers it; the site zip does not hold the package
    (a copy of the site for learning platforms, of no use on a USB stick).

    Everything below `site` goes in, so it must run after every other step that writes into the
    site (the MkDocs plugin runs it last of all post-build steps, after the search index)."""
    plan = plan_outputs(course)
    target = site / DOWNLOADS / site_zip_name(course)
    names = trainer_only(plan) | {target.name, scorm_filename(course)}
    entries = site_entries(site, {site / DOWNLOADS / name for name in names})
    _write_zip(course, target, entries)
    count = len(entries)
    if any(output.name == "scorm" for output in plan):
        package_scorm(course, site)
    return target, count


def _write_zip(course: Course, target: Path, entries: list[tuple[str, bytes]]) -> None:
    """The site zip at `target`. MkDocs empties the site before each build, so the zip of the
    last build is kept in the cache (`<cache>/outputs/`, as for the PDFs and exports): when it
    holds the site as it is now (`zip_holds`), a warm build copies it instead of compressing the
    whole site again. A cache that cannot be written costs only the time."""
    from .print.pdf import cache_folder

    kept = cache_folder(course).parent / "outputs" / f"site-{target.name}"
    if zip_holds(target, entries):  # a build into a site that was not emptied
        return
    if zip_holds(kept, entries):
        copy_atomically(kept, target)
        return
    data = zip_entries(entries)
    write_atomically(target, data)
    with contextlib.suppress(CannotWrite, OSError):
        write_atomically(kept, data)


def package_scorm(course: Course, site: Path, target: Path | None = None) -> tuple[Path, int]:
    """The built site as a SCORM 1.2 package (`seminarkit.scorm`), into the downloads folder or
    the trainer folder as `publish.scorm` says, or to `target`; (its path, the number of files).
    It leaves out trainer-only files and any earlier SCORM package."""
    name = scorm_filename(course)
    place: Place = "trainer" if course.config.options.publish.scorm == "trainer" else "site"
    folder = trainer_folder(course) if place == "trainer" else site / DOWNLOADS
    target = target or folder / name
    names = trainer_only(plan_outputs(course)) | {name}
    entries = scorm_entries(course, site, {site / DOWNLOADS / n for n in names} | {target})
    write_atomically(target, zip_entries(entries))
    return target, len(entries)


def site_archive(site: Path, leave_out: set[Path]) -> tuple[bytes, int]:
    """The site as zip bytes without the files in `leave_out`; fixed timestamps, sorted
    entries; and the number of files in it."""
    entries = site_entries(site, leave_out)
    return zip_entries(entries), len(entries)


def site_entries(site: Path, leave_out: set[Path]) -> list[tuple[str, bytes]]:
    """(path in the zip, bytes) of every file of the site but those in `leave_out`, sorted."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and p not in leave_out)
    return [
        (f"{site.name}/{path.relative_to(site).as_posix()}", path.read_bytes()) for path in files
    ]


def _zip_info(name: str) -> zipfile.ZipInfo:
    """The entry `name` as `zip_entries` writes it: fixed timestamp and permissions; PDFs,
    pictures and web fonts are compressed already, so they are stored as they are (deflating
    them again costs a warm build of a catalogue course about a second and saves next to
    nothing)."""
    info = zipfile.ZipInfo(name, _ZIP_TIME)
    packed = PurePosixPath(name).suffix.lower() in _COMPRESSED
    info.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def zip_entries(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of (path, bytes) in the given order, with fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(_zip_info(name), data)
    return buffer.getvalue()


def zip_holds(target: Path, entries: list[tuple[str, bytes]]) -> bool:
    """Whether the zip at `target` holds exactly `entries` (names, order, bytes), each as
    `zip_entries` writes it: then writing it again would change nothing but cost the time
    to compress the site. Decided by reading the zip back (inflating is several times faster
    than deflating), not by checksums alone; a missing or broken zip holds nothing."""
    try:
        with zipfile.ZipFile(target) as archive:
            infos = archive.infolist()
            if [info.filename for info in infos] != [name for name, _ in entries]:
                return False
            for info, (name, data) in zip(infos, entries, strict=True):
                want = _zip_info(name)
                if (info.file_size, info.date_time, info.compress_type, info.external_attr) != (
                    len(data),
                    want.date_time,
                    want.compress_type,
                    want.external_attr,
                ) or archive.read(info) != data:
                    return False
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
        return False
    return True
