"""What `mkdocs serve` / `seminarkit serve` shows that a build would not: the truth.

The preview skips the PDFs and exports, so links to files under `downloads/` would give a 404:
they become plain text with a note that `seminarkit build` makes them. A course that fails
validation does not leave the last good pages up: every page shows the problem list instead,
livereload brings it up, and the next good build takes it away.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape

from .i18n import translator
from .outputs import DOWNLOADS
from .problems import Problem, summary

START = "<!--seminarkit:page-->"
END = "<!--/seminarkit:page-->"
"""Around each page's content while serving; the problem list replaces what is between."""

_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_BETWEEN = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)


def site_path(href: str, page_url: str) -> str | None:
    """The site path (`downloads/reader.pdf`) a link on the page at `page_url` (`a/b/` or
    `a/b.html`, relative to the site root) points to, or None for another site or a fragment."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        path = parts.path.lstrip("/")
    else:
        base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
        path = posixpath.normpath(posixpath.join(base.lstrip("/"), parts.path))
    return unquote(path)


def mark_unbuilt(html: str, page_url: str, exists: Callable[[str], bool], language: str) -> str:
    """Each link to a file under `downloads/` that the preview does not have (`exists(path)` is
    False) as its text, not a link, followed by "made by `seminarkit build`"."""
    note = Markup(translator(language)("preview.unbuilt")).format(
        command=Markup("<code>seminarkit build</code>")
    )

    def replace(match: re.Match[str]) -> str:
        href = _HREF.search(match.group(1))
        target = (
            site_path(next(g for g in href.groups() if g is not None), page_url) if href else None
        )
        if target is None or not target.startswith(f"{DOWNLOADS}/") or exists(target):
            return match.group(0)
        return f'<span class="sk-unbuilt">{match.group(2)} <small>({note})</small></span>'

    return _ANCHOR.sub(replace, html)


def wrap(html: str) -> str:
    """The page's content between the markers the problem list replaces."""
    return f"{START}{html}{END}"


def problem_list(problems: Sequence[Problem], language: str) -> str:
    """The problems as an alert box: every one as `file:line:col: message`, then a count."""
    t = translator(language)
    ordered = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.key_path, p.message))
    items = "".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in ordered)
    return (
        f'<div class="sk-problems" role="alert"><h1>{escape(t("preview.problems"))}</h1>'
        f"<p>{escape(t('preview.problems_note'))}</p><ul>{items}</ul>"
        f"<p>{escape(summary(ordered))}</p></div>"
    )


def show(output: str, problems: Sequence[Problem], language: str) -> str:
    """A served page: the problem list in place of its content when there are problems, else
    the page as it is (markers removed)."""
    if not problems:
        return output.replace(START, "").replace(END, "")
    box = problem_list(problems, language)
    return _BETWEEN.sub(lambda _: box, output)
