"""WeasyPrint's own layout of a print document, for facts a PDF does not keep as text: where a
border-only answer line or a blank landed, in which order boxes sit on a line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from seminarkit.print.documents import Document
from seminarkit.print.pdf import lay_out
from seminarkit.print.renderer import PrintRenderer


def render(renderer: PrintRenderer, document: Document) -> Any:
    """The paginated `weasyprint.Document`, made exactly as for the PDF."""
    html = renderer.render_document(document).html
    return lay_out(html, str(renderer.docs), str(renderer.stylesheet()))


def boxes(box: Any) -> Iterator[Any]:
    """A box and every box below it, in document order."""
    yield box
    for child in getattr(box, "children", ()):
        yield from boxes(child)


def page_boxes(document: Any) -> list[list[Any]]:
    """Every box of every page (WeasyPrint keeps a page's box tree in `_page_box`)."""
    return [list(boxes(page._page_box)) for page in document.pages]


def classes(element: Element | None) -> list[str]:
    """The class names of an element (none for anonymous boxes)."""
    return [] if element is None else (element.get("class") or "").split()


def text_of(element: Element) -> str:
    """All text below an element, white space folded."""
    return " ".join("".join(element.itertext()).split())
