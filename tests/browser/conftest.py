"""Browser fixtures: built courses served on 127.0.0.1 and opened from file:, Debian's Chromium.

Playwright drives `/usr/bin/chromium` (never a downloaded browser). Every browser context records
each request its pages make and aborts any that would leave this machine; a test fails if one was
even attempted.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

from ..conftest import FIXTURE_COURSE, FIXTURES, IGNORED, REPO, mkdocs_build

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROGRESS_PAGE = "# Your progress\n\n::: progress\n"
SECOND_HINT = "  - Clubs and associations count as well.\n"
REALWORLD = FIXTURES / "realworld"


def copy_course(source: Path, target: Path) -> Path:
    """A copy of a course folder without build output and caches."""
    shutil.copytree(source, target, ignore=IGNORED)
    return target


def add_progress_page(course: Path) -> None:
    """Give a course a `::: progress` page, listed last in its nav."""
    (course / "docs" / "progress.md").write_text(PROGRESS_PAGE, encoding="utf-8")
    config_file = course / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["nav"].append({"Progress": "progress.md"})
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def build(course: Path, site: Path) -> Path:
    """`mkdocs build --strict` of `course` into `site`; fails the test with mkdocs' output."""
    result = mkdocs_build(course, site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on the test output."""


@dataclass
class WebRoot:
    """One folder served on 127.0.0.1: every site built below it shares one origin (and storage)."""

    path: Path
    url: str

    def http(self, site: str, page: str = "index.html") -> str:
        """The page of a site below this root, over HTTP."""
        return f"{self.url}/{site}/{page}"

    def file(self, site: str, page: str = "index.html") -> str:
        """The same page opened from disk."""
        return (self.path / site / page).as_uri()


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A ThreadingHTTPServer on a free port of 127.0.0.1 serving `folder`; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def web_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebRoot]:
    """A temporary folder served on 127.0.0.1, for sites built into it."""
    folder = tmp_path_factory.mktemp("www")
    with serve(folder) as url:
        yield WebRoot(folder, url)


@pytest.fixture(scope="session")
def course_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course plus a progress page and a second hint (for one hint at a time)."""
    course = copy_course(FIXTURE_COURSE, tmp_path_factory.mktemp("source") / "course")
    add_progress_page(course)
    reflect = course / "exercises" / "basics" / "reflect.yml"
    hint = "  - Colleagues from earlier jobs count too.\n"
    text = reflect.read_text(encoding="utf-8")
    assert hint in text
    reflect.write_text(text.replace(hint, hint + SECOND_HINT), encoding="utf-8")
    return course


@pytest.fixture(scope="session")
def fixture_site(web_root: WebRoot, course_source: Path) -> str:
    """That course built below the web root; the name of its folder there."""
    build(course_source, web_root.path / "course")
    return "course"


@pytest.fixture(scope="session")
def flagship_site(web_root: WebRoot) -> str:
    """The flagship course of this repository, built below the web root."""
    build(REPO, web_root.path / "flagship")
    return "flagship"


@pytest.fixture(scope="session")
def realworld_site(web_root: WebRoot, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The real-world fixture course (every page under its docs/), built below the web root
    without PDFs; the name of its folder there."""
    course = copy_course(REALWORLD, tmp_path_factory.mktemp("realworld") / "course")
    config_file = course / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugins = config["plugins"]
    for index, plugin in enumerate(plugins):
        if plugin == "seminarkit" or (isinstance(plugin, dict) and "seminarkit" in plugin):
            options = plugin["seminarkit"] if isinstance(plugin, dict) else None
            plugins[index] = {"seminarkit": {**(options or {}), "pdf": False}}
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(course, web_root.path / "realworld")
    return "realworld"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's synchronous API for the whole session."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def is_local(url: str, servers: list[str]) -> bool:
    """Whether a request stays on this machine: one of our servers, a file, data the page made."""
    return url.startswith((*(f"{server}/" for server in servers), "file:", "data:", "blob:"))


@dataclass
class Session:
    """A browser context (one fresh profile) with a record of every request and script error."""

    context: BrowserContext
    servers: list[str]
    """URLs of the local servers this profile may reach."""
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def page(self, url: str | None = None) -> Page:
        """A new page of this profile, optionally opened at `url`."""
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        if url is not None:
            page.goto(url)
        return page

    def foreign(self) -> list[str]:
        """Requests that would have left this machine."""
        return [url for url in self.requests if not is_local(url, self.servers)]


@pytest.fixture
def new_session(browser: Browser, web_root: WebRoot) -> Iterator[Callable[..., Session]]:
    """Makes fresh browser profiles; after the test, none may have requested anything remote."""
    sessions: list[Session] = []

    def make(**options: Any) -> Session:
        context = browser.new_context(accept_downloads=True, **options)
        session = Session(context, [web_root.url])
        context.on("request", lambda request: session.requests.append(request.url))

        def guard(route: Route) -> None:
            if is_local(route.request.url, session.servers):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", guard)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.context.close()
    for session in sessions:
        assert session.foreign() == [], "requests left this machine"
        assert session.errors == [], "script errors on the pages"


@pytest.fixture
def session(new_session: Callable[..., Session]) -> Session:
    """One fresh browser profile with a desktop-sized window."""
    return new_session(viewport={"width": 1280, "height": 900})


@pytest.fixture(params=["http", "file"])
def at(
    request: pytest.FixtureRequest, web_root: WebRoot, fixture_site: str
) -> Callable[[str], str]:
    """URL of a page of the fixture site, served over HTTP and opened from file: (two runs)."""
    opener = web_root.http if request.param == "http" else web_root.file
    return lambda page: opener(fixture_site, page)
