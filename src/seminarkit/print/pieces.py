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
the pieces are laid out without them (`NO_PAGE_NUMBERS`: the templates' page number is the
`@bottom-center` margin box) and they come from a document of empty pages with the same
page names (`numbering`), drawn under the joined pages. The front matter is laid out last:
its links to the pieces (the contents) get the page numbers the pieces reported
(`linked`), as `data-sk-page`, which the print stylesheet shows in place of
`target-counter()`. Links from one piece to another stay links (`linked`). A piece depends on
nothing but its own HTML, so each one is cached on its own (`pdf._piece_entry`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

#: Written by the print templates before an element that starts a page and may start a piece.
MARK = "<!--sk-piece-->"
#: Written by the print frame after the running strings, which every piece repeats.
FRONT = "<!--sk-front-->"
#: HTML characters of a piece (and of a document before it is split). Measured on the 664-page
#: reader: 100,000 and 200,000 both take 0.056 s a page and 380-400 MB a worker; the smaller
#: pieces cost 6 % in file size (each has its font subsets) and make an edit lay out a third
#: of the flagship's reader again instead of two thirds (pieces are cached, `pdf._piece_entry`).
BUDGET = 100_000
#: Added to every piece: the page numbers come from `numbering` once all pages are known.
NO_PAGE_NUMBERS = "<style>@page { @bottom-center { content: none; } }</style>"
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
    """The document up to and including `<body ...>`, page numbers included."""
    end: str
    """What closes the document (`</body></html>`)."""


def split_document(html: str, budget: int = BUDGET) -> Split | None:
    """`html` in pieces of about `budget` characters, or None when it is shorter, has no
    marks or no running-strings mark (a course's own template without them is laid out
    whole)."""
    if len(html) <= budget or MARK not in html or FRONT not in html:
        return None
    start = html.index(FRONT) + len(FRONT)
    body_open = html.index(">", html.rfind("<body", 0, start)) + 1
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
    quiet = head.replace("</head>", NO_PAGE_NUMBERS + "</head>", 1)
    # The course's running string, when the front matter sets it (on the cover), carries on
    # to every page; a module's starts again with each chapter.
    carried = "".join(_RUNNING.findall(front)[-1:])
    body = [linked(quiet + running + piece + end, carried=carried) for piece in pieces]
    whole_front = quiet + running + front + end
    return Split(
        front=whole_front,
        body=tuple(html for html, _ in body),
        stubs=(linked(whole_front)[1], *(stubs for _, stubs in body)),
        frame=head,
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
