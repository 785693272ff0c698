"""`dir="auto"` for WeasyPrint, which knows `dir="ltr"` and `dir="rtl"` but not `auto`.

The templates mark author text with `dir="auto"` (and isolate inserted text with `<bdi>`), as
HTML wants it; browsers resolve that themselves. For paper, `resolve_auto_direction` replaces
each `auto` by the direction HTML's own rule gives (the "auto-directionality" of the HTML
standard, https://html.spec.whatwg.org/multipage/dom.html#the-dir-attribute): the direction of
the first character with a strong direction (Unicode bidi classes L, R and AL, rule P2 of
UAX #9) in the element's text, skipping descendants that are `bdi`, `script`, `style` or
`textarea` elements or carry a `dir` of their own. An element without such a character keeps
its parent's direction. A `bdi` without `dir` is `auto` too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Literal
from xml.etree.ElementTree import Element

Direction = Literal["ltr", "rtl"]
_STRONG: dict[str, Direction] = {"L": "ltr", "R": "rtl", "AL": "rtl"}
_SKIPPED = frozenset({"bdi", "script", "style", "textarea"})


def first_strong_direction(text: str) -> Direction | None:
    """`rtl` if the first strong character of `text` is right-to-left, `ltr` if it is
    left-to-right, None if `text` has no strong character (digits, punctuation, spaces)."""
    for char in text:
        direction = _STRONG.get(unicodedata.bidirectional(char))
        if direction is not None:
            return direction
    return None


def _name(element: Element) -> str:
    """The local tag name (WeasyPrint's parser leaves HTML elements without a namespace)."""
    return str(element.tag).rpartition("}")[2].lower()


def _own_text(element: Element) -> Iterator[str]:
    """The text that decides the element's auto direction, in document order."""
    if element.text:
        yield element.text
    for child in element:
        if _name(child) not in _SKIPPED and child.get("dir") is None:
            yield from _own_text(child)
        if child.tail:
            yield child.tail


def _is_auto(element: Element) -> bool:
    value = element.get("dir")
    return (value is None and _name(element) == "bdi") or (value or "").lower() == "auto"


def resolve_auto_direction(root: Element) -> int:
    """Give every `dir="auto"` element (and `bdi`) below `root` its resolved `ltr` or `rtl`, or
    drop the attribute when it has no strong character (it then inherits); returns how many
    became `rtl`."""
    rtl = 0
    for element in root.iter():
        if not _is_auto(element):
            continue
        direction = None
        for text in _own_text(element):
            direction = first_strong_direction(text)
            if direction is not None:
                break
        if direction is None:
            element.attrib.pop("dir", None)
        else:
            element.set("dir", direction)
            rtl += direction == "rtl"
    return rtl
