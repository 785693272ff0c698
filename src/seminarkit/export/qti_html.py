"""Rendered HTML as the XHTML subset an IMS QTI 2.1 item body allows (no I/O).

QTI 2.1 (section "Content Model") takes a fixed list of XHTML elements in its own namespace, each
with a fixed list of attributes; anything else makes the item invalid against `imsqti_v2p1.xsd`.
`to_qti` parses HTML with the standard library's parser and appends the allowed parts to an
`xml.etree` element (the writer puts the QTI namespace on the root): other block containers
(`figure`, `details`, `section`, ...) become `div`, other inline ones (`mark`, `del`, `label`,
...) become `span`, and what cannot be shown as text (`svg`, `script`, `style`, form controls)
is dropped with its content. Attribute values are kept only where QTI's types take them:
`width`/`height` as pixels or percent, `lang` as `xml:lang`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser

#: QTI's block elements (`blockStatic`).
BLOCKS = frozenset(
    {"p", "div", "pre", "address", "blockquote", "ul", "ol", "dl", "table", "hr"}
    | {f"h{level}" for level in range(1, 7)}
)
#: QTI's inline elements (`inlineStatic`, interactions aside).
INLINES = frozenset(
    {
        "span", "em", "strong", "b", "i", "code", "kbd", "samp", "var", "cite", "dfn", "abbr",
        "acronym", "q", "sub", "sup", "small", "big", "tt", "a", "img", "br",
    }
)  # fmt: skip
#: Elements that stand only inside another one (lists, tables).
PARTS = frozenset(
    {"li", "dt", "dd", "caption", "col", "colgroup", "thead", "tbody", "tfoot", "tr", "th", "td"}
)
#: QTI elements that hold content (flow or inline), where white space may show.
CONTENT = frozenset({"simpleChoice", "simpleAssociableChoice", "modalFeedback", "prompt"})
#: HTML containers QTI lacks, shown as a `div`.
_AS_DIV = frozenset(
    {
        "figure", "figcaption", "section", "article", "aside", "header", "footer", "nav", "main",
        "details", "summary", "center", "dialog", "fieldset", "legend", "hgroup", "search",
    }
)  # fmt: skip
#: Dropped with everything inside: not text, or nothing a learner should see in a question.
_DROP = frozenset(
    {
        "svg", "math", "script", "style", "template", "noscript", "input", "button", "select",
        "textarea", "iframe", "canvas", "video", "audio", "object", "embed", "head", "title",
    }
)  # fmt: skip
_VOID = frozenset({"img", "br", "hr", "col", "input", "wbr", "source", "track", "area", "meta"})
_ATTRIBUTES: dict[str, frozenset[str]] = {
    "img": frozenset({"src", "alt", "longdesc", "width", "height"}),
    "a": frozenset({"href", "type"}),
    "th": frozenset({"headers", "scope", "abbr", "axis", "rowspan", "colspan", "align", "valign"}),
    "td": frozenset({"headers", "scope", "abbr", "axis", "rowspan", "colspan", "align", "valign"}),
    "table": frozenset({"summary"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
}
_LENGTH = re.compile(r"\s*(\d+)(?:\.\d+)?\s*(px|%)?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"\s*\d+\s*")
_CLASS = re.compile(r"\S+")

#: Called with the text of a marker (a cloze gap), returns the element to put in its place.
Markers = Callable[[str], ET.Element]


def _attributes(tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
    """The attributes QTI allows on `tag`, in QTI's value types."""
    allowed = _ATTRIBUTES.get(tag, frozenset())
    found: dict[str, str] = {}
    for name, value in attrs:
        name = name.lower()
        if value is None:
            continue
        if name == "class" and _CLASS.search(value):
            found["class"] = " ".join(_CLASS.findall(value))
        elif name == "lang" and value.strip():
            found["xml:lang"] = value.strip()
        elif name in ("width", "height") and name in allowed:
            length = _LENGTH.fullmatch(value)
            if length is not None:
                found[name] = length.group(1) + ("%" if length.group(2) == "%" else "")
        elif name in ("rowspan", "colspan", "span") and name in allowed:
            if _NUMBER.fullmatch(value):
                found[name] = value.strip()
        elif name in allowed:
            found[name] = value
    if tag == "img":
        found.setdefault("alt", "")
        if "src" not in found:
            return {}
    if tag == "a" and "href" not in found:
        return {}
    return found


class _Parser(HTMLParser):
    """Builds QTI elements under `root` while it reads HTML."""

    def __init__(self, root: ET.Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[ET.Element | None] = [root]
        self.dropping = 0

    @property
    def parent(self) -> ET.Element:
        """The innermost element still open that text and children go into."""
        return next(element for element in reversed(self.stack) if element is not None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag not in _VOID:
                self.dropping += 1
            return
        if tag in _DROP:
            if tag not in _VOID:
                self.dropping = 1
            return
        element: ET.Element | None = None
        name = tag if tag in BLOCKS | INLINES | PARTS else "div" if tag in _AS_DIV else "span"
        attributes = _attributes(name, attrs)
        if name in ("img", "a") and not attributes:  # no `src` or `href`
            if name == "img":  # an image left out: its alt text stands in its place
                _append_text(self.parent, next((v for k, v in attrs if k == "alt" and v), ""))
            name = "span" if name == "a" else ""
            attributes = _attributes(name, attrs)
        if name:
            element = ET.SubElement(self.parent, name, attributes)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.dropping:
            self.dropping -= 1
            return
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        _append_text(self.parent, data)


def _append_text(parent: ET.Element, text: str) -> None:
    """Text after the last child of `parent`, or inside it when it has none."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def to_qti(html: str, parent: ET.Element) -> ET.Element:
    """`html` appended to `parent` as QTI XHTML, fitted to QTI's content model (`repair`);
    returns `parent`."""
    parser = _Parser(parent)
    parser.feed(html)
    parser.close()
    repair(parent)
    return parent


#: Elements whose content QTI restricts to inline elements and text.
_INLINE_ONLY = INLINES | {"p", "pre", "address", "caption", "dt"} | {f"h{n}" for n in range(1, 7)}
#: Elements that stand inside inline content besides the inline HTML ones.
_INLINE_EXTRA = frozenset({"textEntryInteraction"})
_TABLE_ORDER = ("caption", "col", "colgroup", "thead", "tfoot", "tbody")


def repair(element: ET.Element, inline: bool = False) -> None:
    """Fit the tree below `element` to QTI's content model, as browsers would show it: a block
    inside inline content becomes a `span`; text or inline content where only blocks may
    stand (`blockquote`) is wrapped in a `div`; list and table parts missing around list items,
    rows and cells are added (a row straight in a `table` goes into a `tbody`)."""
    tag = element.tag
    if tag == "blockquote":
        as_blocks(element)
    elif tag in ("ul", "ol"):
        _wrap_loose(element, {"li"}, "li")
    elif tag == "dl":
        _wrap_loose(element, {"dt", "dd"}, "dd")
    elif tag == "table":
        _table(element)
    elif tag in ("thead", "tbody", "tfoot"):
        _wrap_loose(element, {"tr"}, "tr")
    elif tag == "tr":
        _wrap_loose(element, {"td", "th"}, "td")
    inline = inline or tag in _INLINE_ONLY
    for child in element:
        if inline and child.tag not in INLINES | _INLINE_EXTRA:
            kept = {k: v for k, v in child.attrib.items() if k in ("class", "xml:lang")}
            child.tag = "span"
            child.attrib.clear()
            child.attrib.update(kept)
        repair(child, inline)


def _wrap_loose(element: ET.Element, allowed: set[str], wrapper: str) -> None:
    """Children not in `allowed`, and text, wrapped in `wrapper` elements (one per run)."""
    runs: list[ET.Element | str] = []
    if (element.text or "").strip():
        runs.append(element.text or "")
    element.text = None
    for child in list(element):
        element.remove(child)
        runs.append(child)
        if (child.tail or "").strip():
            runs.append(child.tail or "")
        child.tail = None
    holder: ET.Element | None = None
    for run in runs:
        if isinstance(run, ET.Element) and run.tag in allowed:
            element.append(run)
            holder = None
            continue
        if holder is None:
            holder = ET.SubElement(element, wrapper)
        if isinstance(run, str):
            _append_text(holder, run)
        else:
            holder.append(run)


def _table(table: ET.Element) -> None:
    """A table's parts in QTI's order, rows and anything else in a `tbody` (at least one)."""
    _wrap_loose(table, set(_TABLE_ORDER), "tbody")
    parts = sorted(table, key=lambda part: _TABLE_ORDER.index(part.tag))
    for part in list(table):
        table.remove(part)
    table.extend(parts)
    if not any(part.tag == "tbody" for part in parts):
        ET.SubElement(ET.SubElement(ET.SubElement(table, "tbody"), "tr"), "td")


def as_blocks(holder: ET.Element) -> ET.Element:
    """`holder`'s content with every run of text and inline elements wrapped in a `div`, where
    QTI takes blocks only (the item body, a `blockquote`). Returns `holder`."""
    children = list(holder)
    runs: list[ET.Element | str] = []
    if holder.text and holder.text.strip():
        runs.append(holder.text)
    holder.text = None
    for child in children:
        holder.remove(child)
        runs.append(child)
        if child.tail and child.tail.strip():
            runs.append(child.tail)
        child.tail = None
    wrapper: ET.Element | None = None
    for run in runs:
        if isinstance(run, ET.Element) and run.tag in BLOCKS:
            holder.append(run)
            wrapper = None
            continue
        if wrapper is None:
            wrapper = ET.SubElement(holder, "div")
        if isinstance(run, str):
            _append_text(wrapper, run)
        else:
            wrapper.append(run)
    return holder


def replace_markers(root: ET.Element, pattern: re.Pattern[str], make: Markers) -> None:
    """Every match of `pattern` in the texts below `root` replaced by the element `make` gives
    for it (a text entry for a cloze gap), the text around it kept in place."""
    for element in list(root.iter()):
        _split(element, pattern, make, tail=False)
        for child in list(element):
            _split(child, pattern, make, tail=True, parent=element)


def _split(
    element: ET.Element,
    pattern: re.Pattern[str],
    make: Markers,
    *,
    tail: bool,
    parent: ET.Element | None = None,
) -> None:
    """Split `element.text` (or its tail, within `parent`) at the markers."""
    text = element.tail if tail else element.text
    found = list(pattern.finditer(text or ""))
    if not text or not found:
        return
    ends = [match.start() for match in found[1:]] + [len(text)]
    if tail:
        assert parent is not None
        element.tail = text[: found[0].start()]
        holder, index = parent, list(parent).index(element) + 1
    else:
        element.text = text[: found[0].start()]
        holder, index = element, 0
    for match, end in zip(found, ends, strict=True):
        new = make(match.group(0))
        new.tail = text[match.end() : end]
        holder.insert(index, new)
        index += 1


def indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure below `element` two spaces a level, like `ET.indent`, but leave
    every element with text of its own alone (content, where white space would show)."""
    children = list(element)
    if element.tag in BLOCKS | INLINES | PARTS | CONTENT or not children:
        return
    if (element.text or "").strip() or any((child.tail or "").strip() for child in children):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level
