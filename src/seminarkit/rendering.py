"""The renderer contract of every output: a directive in, HTML or Markdown out."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Protocol

from .model.course import Course
from .model.lessons import Directive


class DirectiveUnavailable(Exception):
    """A directive this output cannot render (e.g. the learner's progress on paper)."""


@dataclass(frozen=True)
class PageContext:
    """The page a directive stands on."""

    src: str
    """Path below `docs/`, e.g. `practice/index.md`."""
    url: str
    """Its URL relative to the site root, e.g. `practice/index.html` or `practice/`."""

    def href(self, target: str) -> str:
        """A link from this page to `target`, a path relative to the site root."""
        here = self.url if self.url.endswith("/") else posixpath.dirname(self.url)
        relative = posixpath.relpath(target or ".", here or ".")
        if (not target or target.endswith("/")) and not relative.endswith("/"):
            relative += "/"  # a folder URL (directory URLs): keep the trailing slash
        return relative


def page_url(src: str, use_directory_urls: bool) -> str:
    """The URL MkDocs gives the page `src` (e.g. `a/b.md` -> `a/b.html` or `a/b/`)."""
    stem = src.removesuffix(".md")
    name = posixpath.basename(stem)
    if name in ("index", "README"):
        folder = posixpath.dirname(stem)
        return (
            f"{folder}/index.html"
            if folder and not use_directory_urls
            else (f"{folder}/" if folder else ("index.html" if not use_directory_urls else ""))
        )
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


@dataclass(frozen=True)
class Rendered:
    """A directive's output: HTML (stashed as is) or Markdown (rendered with the page)."""

    text: str
    markdown: bool = False


class DirectiveRenderer(Protocol):
    """Renders directives for one output."""

    course: Course

    def render(self, directive: Directive, page: PageContext) -> Rendered:
        """The directive's output on `page`."""
        ...
