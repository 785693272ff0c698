"""Images in course content: where an image path points, and `<img>` tags per output (no I/O).

One rule for every output (web page, reader, worksheets, solution key, trainer guide, exports):

- An image in an **exercise** (any of its Markdown texts: intro, questions, options, hints,
  solution, trainer notes, ...) is found below `docs/`: `images/chart.png` means
  `docs/images/chart.png`, whichever page embeds the exercise and however deep that page lies.
- An image in a **page** (its body, or `trainer_notes` in its front matter) is relative to the
  page, as MkDocs has it: `img/x.png` on `docs/module-1/lesson.md` means `docs/module-1/img/x.png`.
- In both, a path that starts with `/` starts at `docs/`.
- Paths are URLs: percent escapes (`%20`, `%C3%A4`) are decoded to find the file; a `?query` or
  `#fragment` stays on the web and plays no part in finding the file. A path may not leave
  `docs/` (`../`), so every image is published with the site.
- `data:` URLs are used as they stand; remote URLs (`https://...`) are refused, because the site
  must work offline and the PDFs load local files only. A path out of `docs/` and a `file:` URL
  are refused as errors (`ImageRef.leaks`): they would publish a file from outside the course.

`width` and `height` attributes (`{ width="60" }` with `attr_list`) are read as browsers read them
(HTML's rules for dimension values: a number of pixels or a percentage) and become CSS on paper,
where WeasyPrint ignores the attributes themselves.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote, unquote

#: One `<img>` start tag; quoted attribute values may contain `>`.
_IMG = re.compile(r"<img\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
#: HTML's rules for parsing dimension values: digits, an optional fraction, an optional `%`;
#: anything after that is ignored by browsers.
_DIMENSION = re.compile(r"^[ \t\n\f\r]*(\d+(?:\.\d+)?)(%?)(.*)$", re.DOTALL)
#: Characters left as they are when a file path becomes a URL path.
_URL_SAFE = "/-._~!$&'()*+,;=:@"

Attributes = list[tuple[str, str | None]]
"""The attributes of one tag in order, values unescaped (`None` for a bare attribute)."""


@dataclass
class ImageFile:
    """What the loader found at an image path: the bytes, or why there are none."""

    path: str
    """Below `docs/`, with forward slashes, decoded (`img/Größe plan.png`)."""
    data: bytes | None
    """The file's bytes; `None` when it is missing or cannot be read as an image."""
    problem: str = ""
    """Why the image cannot be shown; empty when it can."""
    missing: bool = False
    """No file at `path` (as opposed to a file that is not a readable image)."""
    used_by: list[str] = field(default_factory=list)
    """The exercise and page files that show the image, relative to the course."""
    leaks: bool = False
    """The path leads out of the course folder (a symlink): always an error."""

    @property
    def usable(self) -> bool:
        """Whether every output can show the image."""
        return self.data is not None


@dataclass(frozen=True)
class ImageRef:
    """An image path as written, and the file below `docs/` it points to by the rule."""

    src: str
    path: str | None = None
    """Below `docs/`, decoded; `None` for a `data:` URL or when `problem` says why not."""
    suffix: str = ""
    """`?query` and `#fragment`, kept on the web."""
    problem: str = ""
    leaks: bool = False
    """The path leaves `docs/` (`../`): the file would be published, so always an error."""

    @property
    def inline(self) -> bool:
        """A `data:` URL, used as it stands."""
        return self.src[:5].lower() == "data:"


def locate(src: str, page: str | None = None) -> ImageRef:
    """Apply the rule: `page` is the page's path below `docs/` for the page's own images, `None`
    for an exercise's images (found below `docs/` whichever page embeds the exercise)."""
    value = src.strip()
    if value[:5].lower() == "data:":
        return ImageRef(src)
    if not value:
        return ImageRef(src, problem="empty image path")
    if value[:5].lower() == "file:":
        return ImageRef(
            src,
            problem=f"image '{src}' is a file: URL, which would load a file from outside the "
            "course; put the file under docs/ and write its path",
            leaks=True,
        )
    if _SCHEME.match(value) or value.startswith("//"):
        return ImageRef(
            src,
            problem=f"remote image '{src}': put the file under docs/ "
            "(the site works offline and the PDFs load local files only)",
        )
    cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    path, suffix = unquote(value[:cut]), value[cut:]
    folder = "" if path.startswith("/") or page is None else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(folder, path.lstrip("/")))
    if target in (".", "..") or target.startswith("../"):
        return ImageRef(
            src, problem=f"image '{src}' is outside docs/; put the file under docs/", leaks=True
        )
    return ImageRef(src, target, suffix)


def url_path(path: str) -> str:
    """A file path as a URL path: spaces and non-ASCII letters percent-encoded (UTF-8)."""
    return quote(path, safe=_URL_SAFE)


def html_dimension(value: str) -> str | None:
    """An HTML `width`/`height` value as CSS, read as browsers read it: `60` and `60px` are
    `60px`, `50%` is `50%`; `None` when browsers ignore it (no number, or zero)."""
    match = _DIMENSION.match(value)
    if match is None or float(match.group(1)) == 0:
        return None
    return match.group(1) + ("%" if match.group(2) else "px")


def dimension_problem(name: str, value: str) -> str:
    """Why a `width`/`height` value would not mean what it says, or an empty string."""
    match = _DIMENSION.match(value)
    rest = match.group(3).strip().lower() if match else value
    if match is not None and rest in ("", "px") and html_dimension(value) is not None:
        return ""
    read = html_dimension(value)
    shown = f"as {read}" if read else "not at all"
    return (
        f'{name}="{value}" is read {shown} by browsers: give a number of pixels or a '
        f'percentage, or use style="{name}: {value}"'
    )


class _TagParser(HTMLParser):
    """Reads the attributes of one start tag, as the HTML parser of the standard library does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: Attributes = []

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        self.attributes = list(attrs)

    handle_startendtag = handle_starttag


def _attributes(tag: str) -> Attributes:
    parser = _TagParser()
    parser.feed(tag)
    parser.close()
    return parser.attributes


def _tag(attributes: Attributes, closed: bool) -> str:
    parts = ["<img"]
    for name, value in attributes:
        parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
    return " ".join(parts) + (" />" if closed else ">")


def attribute(attributes: Attributes, name: str) -> str | None:
    """The value of the attribute `name` (the first one), else `None`."""
    return next((value for key, value in attributes if key == name), None)


def image_tags(html: str) -> Iterator[Attributes]:
    """The attributes of every `<img>` in `html`, in order."""
    for match in _IMG.finditer(html):
        yield _attributes(match.group(0))


def rewrite_images(html: str, change: Callable[[Attributes], Attributes]) -> str:
    """`html` with the attributes of every `<img>` replaced by what `change` makes of them
    (a tag whose attributes stay the same stays as it was written)."""

    def replace(match: re.Match[str]) -> str:
        tag = match.group(0)
        attributes = _attributes(tag)
        changed = change(list(attributes))
        if changed == attributes:
            return tag
        return _tag(changed, tag.rstrip(">").rstrip().endswith("/"))

    return _IMG.sub(replace, html)


def with_src(attributes: Attributes, src: str | None) -> Attributes:
    """The attributes with `src` set to `src`, or without `src` when it is `None` (the alt text
    then shows instead of a broken image)."""
    kept = [(key, value) for key, value in attributes if key != "src"]
    if src is None:
        return kept
    index = next((i for i, (key, _) in enumerate(attributes) if key == "src"), len(kept))
    return [*kept[:index], ("src", src), *kept[index:]]


def sizes_as_css(attributes: Attributes) -> Attributes:
    """`width` and `height` attributes also as inline CSS, for renderers that ignore the
    attributes (WeasyPrint); a size the `style` already sets is left to it (so this is
    idempotent, and the author's CSS wins as it does in browsers)."""
    style = attribute(attributes, "style")
    rules = []
    for name in ("width", "height"):
        value = attribute(attributes, name)
        size = html_dimension(value) if value is not None else None
        if size is not None and not re.search(rf"(^|;)\s*{name}\s*:", style or ""):
            rules.append(f"{name}: {size}")
    if not rules:
        return attributes
    css = "; ".join(rules) + (f"; {style}" if style else "")
    return [*((key, value) for key, value in attributes if key != "style"), ("style", css)]


def might_have_images(text: str) -> bool:
    """A quick test before rendering Markdown: only `![` and `<img` make images."""
    return "![" in text or "<img" in text.lower()
