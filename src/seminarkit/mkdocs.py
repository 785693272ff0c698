"""The thin MkDocs plugin: validate once, hand the course to the Markdown extension, watch files."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .downloads import fill_download_facts
from .files import CannotWrite, check_writable
from .loader import load_course
from .markdown import SeminarkitExtension
from .model.course import Course
from .outputs import (
    Outputs,
    StartedOutputs,
    build_outputs,
    check_output_folders,
    check_trainer_outside_site,
    start_outputs,
    zip_site,
)
from .preview import mark_unbuilt, show, wrap
from .problems import CourseError, Problem, format_report
from .rendering import page_url
from .search_index import read_only_indexed
from .shipping import ASSET_URI, ASSETS, shipped
from .templating import objectives_html, under_title
from .web import WebRenderer

log = logging.getLogger("mkdocs.plugins.seminarkit")

STYLESHEETS = ("seminarkit.css",)
SCRIPT = f"{ASSET_URI}/seminarkit.js"
IFRAME_WORKER = f"{ASSET_URI}/iframe-worker-shim.js"
#: The site zip is written after every other post-build step of every plugin (Material's offline
#: plugin writes `search/search_index.js` at -100), so it holds the whole site.
ZIP_PRIORITY = -1000
#: Before the search plugins index a page (their `on_page_context` has the default, 0).
SEARCH_PRIORITY = 50
#: Names of the Markdown extension as a host without plugins lists it (FORMAT.md, "Zensical").
STANDALONE_NAMES = ("seminarkit.markdown", "seminarkit")
_PDF_PROBLEMS = "seminarkit could not build the PDFs:\n"
SITE_HINT = "choose another folder with --site-dir (-d) or `site_dir` in mkdocs.yml"


class SeminarkitPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """`plugins: [seminarkit]` in mkdocs.yml."""

    def __init__(self) -> None:
        self.serving = False
        self.options: dict[str, Any] = {}
        self.course: Course | None = None
        self.outputs: Outputs | None = None
        self.pdf_workers: ExitStack | None = None
        """The `print.pdf.pdf_workers` block of a build, from `on_pre_build` to its PDFs."""
        self.started: StartedOutputs | None = None
        """What `outputs.start_outputs` began before the pages, for `build_outputs`."""
        """What the last build wrote beside the pages (for the summary of `seminarkit build`)."""
        self.extension = SeminarkitExtension()
        self.problems: list[Problem] = []
        self.problem_level = logging.ERROR
        """While serving: what is wrong with the course, shown on every page instead of it."""

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[Any], list[Any]]:
        """Keep the options; the course loader validates them with file and line."""
        self.options = dict(options)
        return [], []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, which skips the PDFs to stay fast."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate the whole course before anything renders; fail with every problem.

        This runs before MkDocs cleans `site/`, so a course that cannot build (including a
        warning under `mkdocs build --strict`) leaves the last good site, PDFs and zip alone.
        While serving, the problems are logged and every page shows them instead
        (`seminarkit.preview`), so the browser does not keep a page that is no longer true.
        """
        root = Path(config.config_file_path).parent
        course = load_course(root, strict=bool(config.strict), cache=True)
        report = "seminarkit found problems in the course:\n" + format_report(course.problems)
        if course.errors and not self.serving:
            raise PluginError(report)
        # One mkdocs.yml for every host: the extension listed for Zensical is the plugin's own.
        config.markdown_extensions = [
            name for name in config.markdown_extensions if name not in STANDALONE_NAMES
        ]
        self.course = course
        self.problems = list(course.problems) if course.errors else []
        # `--strict` aborts a build on any logged error, which would keep the last page up.
        self.problem_level = logging.INFO if config.strict else logging.ERROR
        self.extension.collected = [] if self.serving else None
        if self.problems:
            log.log(self.problem_level, report)
            _add_assets(config)
            return config
        for warning in course.warnings:
            log.warning(str(warning))
        course.config.markdown_extensions = list(config.markdown_extensions)
        course.config.mdx_configs = dict(config.mdx_configs)
        # The offline plugin turns directory URLs off, whichever order the plugins run in.
        course.config.use_directory_urls = course.config.use_directory_urls and bool(
            config.use_directory_urls
        )
        self.extension.use_course(course)
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        _add_assets(config)
        log.info(
            "seminarkit: %d pages, %d exercises checked",
            len(course.lessons),
            len(course.exercises),
        )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Ship the stylesheet and script with the site, minified (no CDN)."""
        for asset in sorted(ASSETS.iterdir()):
            if asset.is_file():
                uri = f"{ASSET_URI}/{asset.name}"
                files.append(File.generated(config, uri, content=shipped(asset.name)))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Tell the extension which page it renders, for links and error positions."""
        src = page.file.src_uri
        self.extension.current_page = src
        self.extension.current_url = page.url or "index.html"
        self.extension.current_file = f"{Path(config.docs_dir).name}/{src}"
        lesson = self.course.lesson_by_path(src) if self.course else None
        self.extension.line_offset = lesson.body_line - 1 if lesson else 0
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The lesson's objectives under its title. While serving, also: links to files that
        only `seminarkit build` makes become a note, and the content is marked for the problem
        list (`on_post_page`)."""
        lesson = self.course.lesson_by_path(page.file.src_uri) if self.course else None
        renderer = self.extension.renderer() if lesson and not self.problems else None
        if lesson and isinstance(renderer, WebRenderer):
            html = under_title(html, objectives_html(renderer.env, lesson.objectives))
        if not self.serving:
            return html
        language = self.course.language if self.course else "en"
        return wrap(
            mark_unbuilt(
                html, page.url, lambda path: files.get_file_from_path(path) is not None, language
            )
        )

    @event_priority(SEARCH_PRIORITY)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Before the search plugin indexes the page: it reads the page without the content of
        the exercises' excluded elements (`seminarkit.search_index`)."""
        read_only_indexed(config.plugins)
        return context

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """While serving, after every page is rendered: add the problems the pages found
        (an unknown exercise, a malformed directive) and log them."""
        if self.serving and self.extension.collected:
            self.problems += self.extension.collected
            log.log(
                self.problem_level,
                "seminarkit found problems on the pages:\n"
                + format_report(self.extension.collected),
            )
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """While serving: the problem list in place of the content, or the page as it is."""
        if not self.serving:
            return output
        return show(output, self.problems, self.course.language if self.course else "en")

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Fail now, not after the whole site, if the site, the trainer folder or the PDF cache
        cannot be written (a read-only checkout, a file where a folder should be), or the
        print HTML has an error; then the PDFs are laid out while MkDocs builds the pages."""
        course = self.course
        if course is None or self.serving:
            return
        try:
            if course.config.options.pdf:
                check_trainer_outside_site(course, Path(config.site_dir))
                check_output_folders(course, Path(config.site_dir), SITE_HINT)
            else:
                check_writable(Path(config.site_dir), SITE_HINT)
        except CannotWrite as error:
            raise PluginError(f"seminarkit: {error}") from None
        if course.config.options.pdf:
            self._start_outputs(course, Path(config.site_dir))

    def _start_outputs(self, course: Course, site: Path) -> None:
        """Open the build's PDF worker block and start the outputs (`outputs.start_outputs`):
        when PDFs are due, their print HTML is rendered and checked now, and the workers lay
        them out while MkDocs builds the pages."""
        from .print.pdf import pdf_workers

        self._end_pdf_workers()
        self.pdf_workers = ExitStack()
        self.pdf_workers.enter_context(pdf_workers())
        try:
            self.started = start_outputs(course, site, _log_pdf, _warn)
        except (CourseError, CannotWrite) as error:
            self._end_pdf_workers()
            raise _output_error(error) from None
        except BaseException:
            self._end_pdf_workers()
            raise
        self.pdf_workers.callback(self.started.close)

    def _end_pdf_workers(self) -> None:
        """Close the build's PDF worker block, if open: the PDFs begun and not finished are
        given up, and its workers end."""
        if self.pdf_workers is not None:
            self.pdf_workers.close()
        self.pdf_workers, self.started = None, None

    def on_build_error(self, *, error: Exception) -> None:
        """A build that failed ends its PDF workers."""
        self._end_pdf_workers()

    def _build_pdfs(self, *, config: MkDocsConfig) -> None:
        """Build every output (`seminarkit.outputs.plan_outputs`) into `site/downloads/` or the
        trainer folder, and fill in the facts of the published PDFs on the pages."""
        course = self.course
        if course is None or self.serving or not course.config.options.pdf:
            return
        site = Path(config.site_dir)
        try:
            outputs = self.outputs = build_outputs(
                course, site, _log_pdf, _warn, started=self.started
            )
            pages = [
                site / _output_file(page_url(lesson.path, course.config.use_directory_urls))
                for lesson in course.lessons
                if any(d.name == "downloads" for d in lesson.directives)
            ]
            fill_download_facts(pages, outputs.downloads, course.language)
        except (CourseError, CannotWrite) as error:
            raise _output_error(error) from None
        finally:
            self._end_pdf_workers()
        for warning in course.agenda().warnings:
            log.info("seminarkit: schedule: %s", warning)

    @event_priority(ZIP_PRIORITY)
    def _zip_site(self, *, config: MkDocsConfig) -> None:
        """The whole site as a zip in `site/downloads/`, after everything else is written."""
        course = self.course
        if course is None or self.serving or not course.config.options.pdf:
            return
        site = Path(config.site_dir)
        try:
            target, count = zip_site(course, site)
        except CannotWrite as error:
            raise PluginError(f"seminarkit: {error}") from None
        log.info("seminarkit: %s: the whole site, %d files", target.name, count)

    on_post_build = CombinedEvent(_build_pdfs, _zip_site)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when an exercise or a template changes, not only a page."""
        root = Path(config.config_file_path).parent
        options = self.course.config.options if self.course else None
        for folder in (
            options.exercises_dir if options else "exercises",
            options.templates_dir if options else "templates",
        ):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server


def _output_error(error: CourseError | CannotWrite) -> PluginError:
    """What MkDocs shows when the outputs cannot be built: every problem, or the folder that
    cannot be written."""
    if isinstance(error, CourseError):
        return PluginError(_PDF_PROBLEMS + format_report(error.problems))
    return PluginError(f"seminarkit: {error}")


def _log_pdf(message: str) -> None:
    log.info("seminarkit: %s", message)


def _warn(problem: Problem) -> None:
    """A warning while building the PDFs: `mkdocs build --strict` fails on it."""
    log.warning(str(problem))


def _output_file(url: str) -> str:
    """The file MkDocs writes for a page URL (`a/` -> `a/index.html`)."""
    return url + "index.html" if url.endswith("/") or not url else url


def _add_assets(config: MkDocsConfig) -> None:
    """The stylesheet, the script and the local iframe worker, each once."""
    _use_local_iframe_worker(config)
    for stylesheet in STYLESHEETS:
        uri = f"{ASSET_URI}/{stylesheet}"
        if uri not in config.extra_css:
            config.extra_css.append(uri)
    if SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)


def _use_local_iframe_worker(config: MkDocsConfig) -> None:
    """Serve Material's offline shim (iframe-worker) from the site itself, never from a CDN."""
    polyfills = [
        script for script in config.extra.get("polyfills", []) if "iframe-worker" not in str(script)
    ]
    if "offline" in config.plugins or "material/offline" in config.plugins:
        polyfills.append(IFRAME_WORKER)
    config.extra["polyfills"] = polyfills
