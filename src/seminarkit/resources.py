"""Every file a rendered HTML fragment makes a browser or WeasyPrint load, and where it may lie.

`references(html)` reads the HTML with the standard library's HTML parser (so single-quoted,
unquoted and entity-escaped attribute values are read as browsers read them) and the CSS in
`style` attributes and `<style>` elements with tinycss2 (WeasyPrint's CSS parser). It finds:

- `src`, `srcset`, `poster`, `data` and `background` on any element (`<source>`, `<video>`,
  `<embed>`, `<object>`, `<iframe>`, `<input type=image>`, ...), except `<img src>`, which
  `seminarkit.images` handles with its own rule;
- `href` (and `xlink:href`) on `<link>`, `<image>`, `<use>`, `<feImage>`, and on `<a>`/`<area>`
  (marked `attachment` when `rel` contains it: WeasyPrint embeds those files in the PDF; else
  `link`: nothing is loaded, but the PDFs link the file);
- `url(...)` and `@import` in CSS.

The rule for where such a file may lie is the one for images (`seminarkit.images.locate`):
below `docs/`, `/` meaning `docs/`, no `../` out of it, and (checked by the caller, which knows
the course folder) no symlink that leads out of the course folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import tinycss2

_URL_ATTRIBUTES = ("src", "srcset", "poster", "data", "background")
_HREF_TAGS = ("link", "image", "use", "feimage")
_ATTACHMENT_TAGS = ("a", "area")


@dataclass(frozen=True)
class Reference:
    """One file reference as written in the HTML."""

    tag: str
    """The element (`source`, `a`, `style`, ...)."""
    attribute: str
    """Where the reference stands: an attribute name, or `url()` for CSS."""
    value: str
    """The URL as the browser reads it (entities decoded)."""
    attachment: bool = False
    """An `<a rel="attachment">`: WeasyPrint embeds the file itself in the PDF."""
    link: bool = False
    """A plain `<a href>`/`<area href>`: nothing is loaded, but the target must exist."""

    @property
    def what(self) -> str:
        """How a message names the reference: `<source src>`, `<a rel="attachment">`, `url()`."""
        if self.attachment:
            return f'<{self.tag} rel="attachment">'
        if self.attribute == "url()":
            return "CSS url()"
        return f"<{self.tag} {self.attribute}>"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in reversed(attrs) if value is not None}
        for name in _URL_ATTRIBUTES:
            value = values.get(name)
            if value is None or (tag == "img" and name == "src"):
                continue
            urls = _srcset(value) if name == "srcset" else [value]
            self.found.extend(Reference(tag, name, url) for url in urls)
        rel = values.get("rel", "").lower().split()
        attachment = tag in _ATTACHMENT_TAGS and "attachment" in rel
        link = tag in _ATTACHMENT_TAGS and not attachment
        if tag in _HREF_TAGS or tag in _ATTACHMENT_TAGS:
            for name in ("href", "xlink:href"):
                if name in values:
                    self.found.append(Reference(tag, name, values[name], attachment, link))
        if "style" in values:
            self.found.extend(
                Reference(tag, "url()", url) for url in css_urls(values["style"], inline=True)
            )
        self._style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.found.extend(Reference("style", "url()", url) for url in css_urls(data))


def _srcset(value: str) -> list[str]:
    """The URLs of a `srcset` (comma-separated candidates, each a URL and a descriptor)."""
    return [part.split()[0] for part in value.split(",") if part.split()]


def css_urls(css: str, *, inline: bool = False) -> list[str]:
    """Every URL in CSS: `url(x)`, `url("x")` and `@import "x"`."""
    nodes: Any = tinycss2.parse_blocks_contents(css) if inline else tinycss2.parse_stylesheet(css)
    found: list[str] = []
    _walk(nodes, found)
    return found


def _walk(nodes: Any, found: list[str]) -> None:
    for node in nodes or ():
        kind = getattr(node, "type", "")
        if kind == "url":
            found.append(node.value)
        elif kind == "function" and node.lower_name == "url":
            found.extend(arg.value for arg in node.arguments if arg.type == "string")
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            found.extend(item.value for item in node.prelude if item.type == "string")
        for child in ("prelude", "content", "value", "arguments"):
            value = getattr(node, child, None)
            if isinstance(value, list):
                _walk(value, found)


def references(html: str) -> list[Reference]:
    """Every file reference in `html` other than `<img src>`, in order."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.found


def outside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink resolved, lies outside the folder `root`."""
    real = os.path.realpath(path)
    base = os.path.realpath(root)
    return os.path.commonpath([real, base]) != base
