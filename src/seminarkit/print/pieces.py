"""Long print documents in pieces: the HTML of each piece, of its front matter with the page
numbers the pieces gave, and of the page numbers themselves.

WeasyPrint keeps every box and text layout of a document until it is written: about 1.5 MB a
page, 1,042 MB for the 664-page reader of a 50 x 10 course, and the time per page grows with
the document (0.121 s a page whole, 0.099 s in pieces of five chapters; issue 15). So a long
document is laid out in pieces, in parallel, and the PDFs are joined (`join.join_pdfs`).

The print templates write `MARK` before each element that starts a page and may start a piece
(the reader's and the trainer guide's chapters, the modules of the solution key), and
`FRONT` after the running strings (`string-set`), which every piece repeats. What comes
before the first mark is the front matter (cover, contents). A document is split only when
its HTML is longer than `BUDGET` characters; its pieces are runs of marked elements of about
`BUDGET` characters each, about 33 reader pages (3,070 characters a page on the catalogue).

A piece cannot know its page numbers while the pieces before it are still being laid out, so
the pieces are laid out without them and they come from a document of empty pages with the
same page names (`numbering`), drawn under the joined pages. Which margin boxes show the page
number is read from the document's own `<style>` elements (`page_number_boxes`: the
templates' is `@bottom-center`): the pieces leave those boxes out, and the numbering
document has only those, so that no other margin box (a course's static text) is drawn
twice. A document whose linked stylesheet (a course's own `print.css`) sets the page number
is laid out whole. The
front matter is laid out last: its links to the pieces (the contents) get the page numbers
the pieces reported (`linked`), as `data-sk-page`, which the print stylesheet shows in place
of `target-counter()`. Links from one piece to another stay links (`linked`). A piece depends on
nothing but its own HTML, so each one is cached on its own (`pdf._piece_entry`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

import tinycss2

#: Written by the print templates before an element that starts a page and may start a piece.
MARK = "<!--sk-piece-->"
#: Written by the print frame after the running strings, which every piece repeats.
FRONT = "<!--sk-front-->"
#: HTML characters of a piece (and of a document before it is split). Measured on the 664-page
#: reader: 100,000 and 200,000 both take 0.056 s a page and 380-400 MB a worker; the smaller
#: pieces cost 6 % in file size (each has its font subsets) and make an edit lay out a third
#: of the flagship's reader again instead of two thirds (pieces are cached, `pdf._piece_entry`).
BUDGET = 100_000
#: The margin boxes of a page (CSS Paged Media 3, 5.3 "Margin boxes").
MARGIN_BOXES = (
    "top-left-corner",
    "top-left",
    "top-center",
    "top-right",
    "top-right-corner",
    "right-top",
    "right-middle",
    "right-bottom",
    "bottom-right-corner",
    "bottom-right",
    "bottom-center",
    "bottom-left",
    "bottom-left-corner",
    "left-bottom",
    "left-middle",
    "left-top",
)
#: The counters of CSS Paged Media 3, 4.3: the page number and the page count.
_PAGE_COUNTERS = frozenset({"counter:page", "counter:pages"})
#: Running content (CSS GCPM 3, 1): what a piece's pages show but the numbering's do not.
_RUNNING_CONTENT = frozenset({"string", "element"})
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
#: Added to the front matter: its links to later pieces show the page numbers given.
_PAGE_ATTRIBUTE = "data-sk-page"
_LINK = re.compile(r'<a\b([^>]*?)\bhref="#([^"]+)"')
_ID = re.compile(r'\bid="([^"]+)"')
#: The element that sets the course's running string, as the print templates write it.
_RUNNING = re.compile(r'<div class="sk-running-course">[^<]*</div>')
#: The opening tag of an element (not a comment, not a closing tag).
_FIRST_TAG = re.compile(r"<[A-Za-z][^>]*>")


@dataclass(frozen=True)
class Split:
    """A print document in pieces: its front matter and body pieces, each a whole HTML
    document without page numbers, and what the numbering document is made of."""

    front: str
    """The front matter as it is (`linked` makes it a piece)."""
    body: tuple[str, ...]
    stubs: tuple[frozenset[str], ...]
    """For the front matter and each body piece, the ids of the other pieces' elements it
    links to (`linked`)."""
    frame: str
    """The document up to and including `<body ...>`, with the margin boxes that show the
    page number and no others (for `numbering`)."""
    end: str
    """What closes the document (`</body></html>`)."""


def page_number_boxes(stylesheets: Iterable[str]) -> frozenset[str] | None:
    """The margin boxes whose `content` shows the page number or count (`counter(page)`,
    `counter(pages)`, `counters(page, ...)`) in an `@page` rule of one of these stylesheets
    (CSS text; `@media` and `@supports` blocks included). None where `numbering` could not
    draw one of them as the document would: a box that also shows a running string or
    element (`string()`, `element()`, which the numbering document does not have), or one
    in a rule for `:first`, `:left`, `:right`, `:blank` or `:nth()` pages (the numbering is
    laid out in parts, whose first pages are not the document's)."""
    found: dict[str, bool] = {}
    for css in stylesheets:
        _collect_page_number_boxes(tinycss2.parse_stylesheet(css, True, True), found)
    return None if any(found.values()) else frozenset(found)


def _collect_page_number_boxes(rules: list[Any], found: dict[str, bool]) -> None:
    """Into `found`: each margin box that shows a page counter, and whether `numbering`
    could not draw it (see `page_number_boxes`)."""
    for rule in rules:
        if rule.type != "at-rule" or rule.content is None:
            continue
        keyword = rule.lower_at_keyword
        if keyword in ("media", "supports"):
            _collect_page_number_boxes(tinycss2.parse_rule_list(rule.content, True, True), found)
        elif keyword == "page":
            selected = any(token.type == "literal" and token.value == ":" for token in rule.prelude)
            for box in tinycss2.parse_blocks_contents(rule.content, True, True):
                if box.type != "at-rule" or box.lower_at_keyword not in MARGIN_BOXES:
                    continue
                for declaration in tinycss2.parse_blocks_contents(box.content or [], True, True):
                    if declaration.type != "declaration" or declaration.lower_name != "content":
                        continue
                    shown = _functions(declaration.value)
                    if shown & _PAGE_COUNTERS:
                        unusable = selected or bool(shown & _RUNNING_CONTENT)
                        name = box.lower_at_keyword
                        found[name] = found.get(name, False) or unusable


def _functions(tokens: list[Any]) -> set[str]:
    """The functions in a `content` value, by name, and `counter:NAME` for each counter."""
    names: set[str] = set()
    for token in tokens:
        if token.type != "function":
            continue
        names.add(token.lower_name)
        if token.lower_name in ("counter", "counters"):
            idents = [t for t in token.arguments if t.type == "ident"]
            if idents:
                names.add(f"counter:{idents[0].lower_value}")
        names |= _functions(token.arguments)
    return names


def without_boxes(boxes: Iterable[str]) -> str:
    """A `<style>` that leaves these margin boxes out of every page, whatever a page rule
    says (`!important`); empty for none."""
    rules = " ".join(f"@{box} {{ content: none !important; }}" for box in sorted(boxes))
    return f"<style>@page {{ {rules} }}</style>" if rules else ""


def split_document(
    html: str, budget: int = BUDGET, stylesheets: Iterable[str] = ()
) -> Split | None:
    """`html` in pieces of about `budget` characters, or None when it is shorter, has no
    marks or no running-strings mark (a course's own template without them is laid out
    whole). The page number is shown by the margin boxes of the document's own `<style>`
    elements that show a page counter (`page_number_boxes`), and by none of `stylesheets`
    (the CSS text of the stylesheets `html` links to); otherwise too, None."""
    if len(html) <= budget or MARK not in html or FRONT not in html:
        return None
    start = html.index(FRONT) + len(FRONT)
    body_open = html.index(">", html.rfind("<body", 0, start)) + 1
    # `numbering` gives the page count of later parts by rewriting `counter(pages)` in the
    # document's own `<style>` elements: page numbers set in a linked stylesheet (a course's
    # own `print.css`) are laid out whole.
    numbers = page_number_boxes(_STYLE.findall(html[:body_open]))
    if numbers is None or page_number_boxes(stylesheets) != frozenset():
        return None
    close = html.rindex("</body>")
    head, running = html[:body_open], html[body_open:start]
    front, *marked = html[start:close].split(MARK)
    pieces: list[str] = []
    current = ""
    for element in marked:
        if current and len(current) + len(element) > budget:
            pieces.append(current)
            current = ""
        current += element
    pieces.append(current)
    end = html[close:]
    quiet = head.replace("</head>", without_boxes(numbers) + "</head>", 1)
    others = without_boxes(set(MARGIN_BOXES) - numbers)
    # The course's running string, when the front matter sets it (on the cover), carries on
    # to every page; a module's starts again with each chapter.
    carried = "".join(_RUNNING.findall(front)[-1:])
    body = [linked(quiet + running + piece + end, carried=carried) for piece in pieces]
    whole_front = quiet + running + front + end
    return Split(
        front=whole_front,
        body=tuple(html for html, _ in body),
        stubs=(linked(whole_front)[1], *(stubs for _, stubs in body)),
        frame=head.replace("</head>", others + "</head>", 1),
        end=end,
    )


def linked(
    piece: str, pages: dict[str, int] | None = None, *, carried: str = ""
) -> tuple[str, frozenset[str]]:
    """A piece with its links to elements of other pieces kept: for each such `href="#id"`, an
    empty element with that `id` at the start of the piece's first element (inside it, so
    that it neither adds a page nor changes the page name), which WeasyPrint needs to make
    the link; the joined PDF's destination of that name is the other piece's (`join_pdfs`
    `stubs`). With `pages` (the front matter), each such link whose `id` is in `pages` also
    carries that page number in `data-sk-page`. `carried` (HTML: running strings of the pieces
    before) goes in the same place. The piece's HTML and the stubs' ids."""
    own = set(_ID.findall(piece))
    stubs: dict[str, None] = {}

    def number(match: re.Match[str]) -> str:
        target = match[2]
        if target in own:
            return match[0]
        stubs[target] = None
        if pages is None or target not in pages:
            return match[0]
        return f'<a{match[1]}{_PAGE_ATTRIBUTE}="{pages[target]}" href="#{target}"'

    numbered = _LINK.sub(number, piece)
    first = _FIRST_TAG.search(numbered, numbered.index(FRONT) + len(FRONT))
    if first is None or not (stubs or carried):
        return numbered, frozenset()
    spans = "".join(f'<div id="{target}"></div>' for target in stubs)  # no line box
    inside = numbered[: first.end()] + carried + spans + numbered[first.end() :]
    return inside, frozenset(stubs)


def numbering(split: Split, names: list[str], first: int = 1, total: int | None = None) -> str:
    """A document of empty pages, one for each page `first`, `first` + 1, ... of the joined
    document, with its page name (`names`: '' for none): their page numbers are the
    document's. When the joined document has `total` pages and these are not all, that number
    stands where the frame asks for `counter(pages)`, and the page counter starts at `first`
    (`counter-reset` on the first page, CSS Paged Media 4.3), so that several numbering
    documents can be laid out side by side."""
    pages = []
    for index, name in enumerate(names):
        style = [f"page: {name}"] if name else []
        if index:
            style.append("break-before: page")
        pages.append(f'<div style="{escape("; ".join(style))}"></div>')
    frame = split.frame
    if total is not None and (first, len(names)) != (1, total):
        frame = frame.replace("counter(pages)", f'"{total}"')
        start = f"<style>@page :first {{ counter-reset: page {first}; }}</style></head>"
        frame = frame.replace("</head>", start, 1)
    return frame + "".join(pages) + split.end
