"""Join tagged PDFs that WeasyPrint wrote, part by part, into one tagged PDF (pikepdf).

Long print documents are laid out in parts (`pdf.begin_pdf_sets`): a part's boxes and text
layouts are freed when its PDF is written, so a worker's memory follows the part and not the
document (a 664-page reader held 1,042 MB, parts of 5 chapters 211 MB; issue 15). This module
puts the parts back together as the one PDF WeasyPrint would have written:

- the pages, in order, with their annotations (links);
- the structure tree of PDF/UA (ISO 14289-1, 7.1; ISO 32000-1, 14.7): each part's `/Document`
  element's children under the first part's, the parent tree (`/ParentTree`, a number tree
  from `/StructParents` and `/StructParent` to structure elements) renumbered part by part
  after the keys of the parts before;
- the bookmarks (`/Outlines`), each part's top level after the one before;
- the named destinations (`/Names /Dests`, which WeasyPrint's internal links point to), so a
  link into another part lands on its target (a part's stub for another part's element,
  `pieces.linked`, is left out);
- the catalog of the first part (`/Lang`, `/MarkInfo`, `/ViewerPreferences`, XMP metadata)
  and its document information, with the title given.

`stamps`, when given, are PDFs (WeasyPrint's, untagged) with, together, one page per joined
page, whose content is drawn under that page as a pagination artifact (ISO 32000-1,
14.8.2.2): the page numbers, which a part cannot know while the parts before it are still
being laid out.

Neither pikepdf (qpdf) nor pypdf joins structure trees (qpdf copies pages, pypdf's
`PdfWriter.append` even drops `/StructParents`), so the trees are merged here, on pikepdf's
objects; qpdf copies the objects (`Pdf.copy_foreign`, one object map per part, so a structure
element's `/Pg` finds the page copied before) and writes object streams; one part is open at a
time (`_own_streams`), so the join's memory is the joined document's. pikepdf rather than
pypdf: on a 664-page reader in 13 parts pypdf took 14.4 s and wrote 11.9 MB (no object
streams), where the parts held 3.8 MB.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import cast

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

#: The name of a page's stamp (its Form XObject) in the page's resources.
STAMP = Name("/SkStamp")

#: Documents of more pages than this are joined in a process of their own (`join_apart`).
#: The join holds the joined document's objects, about 0.15 MB a page (a 664-page reader:
#: 134 MB over the 26 MB of a fresh interpreter), and a worker that joined keeps that memory
#: while laying out more pages: the 100 x 5 catalogue's trainer guide took its worker from
#: 296 to 398 MB (issue 15). A process of its own costs about 0.2 s (interpreter, pikepdf).
APART_PAGES = 150

_XMP_TITLE = re.compile(
    rb'(<dc:title>\s*<rdf:Alt>\s*<rdf:li xml:lang="x-default">)(.*?)(</rdf:li>)', re.S
)


def join_pdfs(
    parts: Sequence[Path],
    target: Path,
    *,
    title: str | None = None,
    stamps: Sequence[Path] = (),
    stubs: Sequence[frozenset[str]] = (),
) -> int:
    """Write the PDFs `parts` (written by WeasyPrint with `pdf_variant="pdf/ua-1"`) joined
    into `target`, with `title` (when given) as its title; the number of pages. The file
    identifier is computed from the content (qpdf's `deterministic_id`), so the same parts
    give the same bytes.

    `stubs` gives, part by part, names whose destination is another part's: a part's own
    destination of such a name is left out.

    Raises `ValueError` when `stamps` has a page count other than the joined document's, and
    `pikepdf.PdfError` for a part that is no PDF."""
    joined = pikepdf.new()
    try:
        document: pikepdf.Object | None = None
        numbers = Array()
        outlines: list[pikepdf.Object] = []
        names: dict[str, pikepdf.Object] = {}
        next_key = 0
        for number, part in enumerate(parts):
            ignored = stubs[number] if number < len(stubs) else frozenset()
            copied = _next_number(joined)
            with Pdf.open(part) as source:
                start, entries = len(joined.pages), len(numbers)
                with warnings.catch_warnings():  # the named destinations are joined below
                    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                    joined.pages.extend(source.pages)
                pages = [joined.pages[index] for index in range(start, len(joined.pages))]
                found = _structure(joined, source, pages, next_key, numbers)
                if found is not None:
                    element, used = found
                    if document is None:
                        document = element
                    else:
                        kept = [numbers[i] for i in range(entries, len(numbers))]
                        _adopt(document, element, kept)
                    next_key += used
                if "/Outlines" in source.Root:
                    outlines.append(joined.copy_foreign(source.Root.Outlines))
                for name, destination in _named_destinations(source.Root):
                    if name not in ignored and name not in names:  # the first is the target
                        names[name] = _copy(joined, destination)
                if number == 0:
                    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
                        if key in source.Root:
                            joined.Root[key] = _copy(joined, source.Root[key])
                    _write_metadata(joined, source, title)
                _own_streams(joined, copied)
        if document is not None:
            _write_structure_root(joined, document, numbers, next_key)
        if outlines:
            joined.Root.Outlines = _chain(joined, outlines)
        if names:
            tree = joined.make_indirect(Dictionary(Names=_name_array(names)))
            joined.Root.Names = Dictionary(Dests=tree)
        if stamps:
            _stamp(joined, stamps)
        joined.save(
            target,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
        return len(joined.pages)
    finally:
        joined.close()


def join_apart(
    parts: Sequence[Path],
    target: Path,
    *,
    title: str | None = None,
    stamps: Sequence[Path] = (),
    stubs: Sequence[frozenset[str]] = (),
) -> int:
    """`join_pdfs` in a fresh Python process (`python -m seminarkit.print.join`, the request
    as JSON on its standard input), so that the memory of the join is given back when it is
    done; the number of pages.

    Raises `OSError` (with the child's errno) when the target cannot be written and
    `ValueError` for any other failure of the join, with the child's message."""
    request = {
        "parts": [str(path) for path in parts],
        "target": str(target),
        "title": title,
        "stamps": [str(path) for path in stamps],
        "stubs": [sorted(names) for names in stubs],
    }
    package = str(Path(__file__).resolve().parents[2])  # the folder holding `seminarkit`
    paths = [package, *filter(None, [os.environ.get("PYTHONPATH")])]
    done = subprocess.run(
        [sys.executable, "-m", __name__],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        check=False,
    )
    answer = done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else []
    try:
        reply = json.loads(answer[0]) if answer else {}
    except ValueError:
        reply = {}
    if done.returncode == 0 and "pages" in reply:
        return int(reply["pages"])
    if "errno" in reply:
        raise OSError(reply["errno"], reply["error"], str(target))
    lines = done.stderr.strip().splitlines()
    raise ValueError(reply.get("error") or (lines[-1] if lines else f"exit {done.returncode}"))


def _serve() -> None:
    """The child of `join_apart`: one join, its answer as one line of JSON on standard output:
    `{"pages": n}`, or `{"error": text}` with `"errno"` for an OS error (exit status 1)."""
    request = json.load(sys.stdin)
    try:
        pages = join_pdfs(
            [Path(path) for path in request["parts"]],
            Path(request["target"]),
            title=request["title"],
            stamps=[Path(path) for path in request["stamps"]],
            stubs=[frozenset(names) for names in request["stubs"]],
        )
    except OSError as error:
        reason = error.strerror or str(error)
        print(json.dumps({"error": reason, "errno": error.errno or errno.EIO}))
        raise SystemExit(1) from None
    except Exception as error:  # the parent raises it again, with this text
        print(json.dumps({"error": str(error) or type(error).__name__}))
        raise SystemExit(1) from None
    print(json.dumps({"pages": pages}))


def _next_number(joined: Pdf) -> int:
    """The object number `joined` gives its next new object. qpdf numbers new objects one
    after another; the number is learnt from an empty dictionary made for it, which nothing
    refers to, so it is not written. (`Pdf.objects` lists every object: once per part, that
    took a join of 100 worksheets 1 s.)"""
    return int(joined.make_indirect(Dictionary()).objgen[0]) + 1


def _own_streams(joined: Pdf, first: int) -> None:
    """Give the streams among `joined`'s objects from number `first` on (those just copied
    from a part) their data, still encoded, so the part can be closed at once.

    qpdf's copy of a stream reads its data from the source only when the copy is written
    (`QPDF::copyForeignObject`), so every part had to stay open until the save: 26 parts of a
    664-page reader took 107 MB just open, and the join peaked at 262 MB in a process of its
    own; one part open at a time, it peaks at 158 MB (issue 15). The data is copied as it is
    (`read_raw_bytes`, with its `/Filter` and `/DecodeParms`), not decoded."""
    for number in range(first, _next_number(joined)):
        found = joined.get_object((number, 0))
        if isinstance(found, pikepdf.Stream):
            found.write(
                found.read_raw_bytes(),
                filter=cast("Name | Array | None", found.get("/Filter")),
                decode_parms=cast("Dictionary | Array | None", found.get("/DecodeParms")),
                type_check=False,
            )


def _copy(joined: Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """`value` of another PDF in `joined`: indirect objects through qpdf's copy (which maps
    each object once), direct arrays and dictionaries rebuilt around their copied members."""
    if not isinstance(value, pikepdf.Object):  # pikepdf gives numbers and names as Python's
        return value
    if value.is_indirect:
        return joined.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(joined, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(joined, item) for key, item in value.items()})
    return value


def _structure(
    joined: Pdf,
    source: Pdf,
    pages: list[pikepdf.Page],
    offset: int,
    numbers: Array,
) -> tuple[pikepdf.Object, int] | None:
    """Copy the structure tree of one part into `joined`: its parent tree's entries, keys
    moved up by `offset`, go into `numbers`; the part's `/Document` element and how many keys
    it used, or None for an untagged part."""
    if "/StructTreeRoot" not in source.Root:
        return None
    tree = source.Root.StructTreeRoot
    kids = tree.K
    original = kids[0] if isinstance(kids, Array) else kids
    del original["/P"]  # else the part's whole tree root is copied along
    element = joined.copy_foreign(original)
    used = len(pages)
    flat = tree.ParentTree.get("/Nums", Array())
    for index in range(0, len(flat), 2):
        key = int(flat[index])
        numbers.append(key + offset)
        numbers.append(_copy(joined, flat[index + 1]))
        used = max(used, key + 1)
    for number, page in enumerate(pages):
        # WeasyPrint numbers the pages' entries as the pages (weasyprint/pdf/tags.py).
        page.obj.StructParents = number + offset
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    return element, used


def _adopt(document: pikepdf.Object, other: pikepdf.Object, numbers: list[pikepdf.Object]) -> None:
    """Move the children of `other`, a later part's `/Document` element, under `document`,
    and point what named `other` as its parent in `numbers` (the part's parent tree entries,
    keys and values) to `document`."""
    for kid in other.K:
        kid.P = document
        document.K.append(kid)
    for value in numbers[1::2]:
        for element in value if isinstance(value, Array) else (value,):
            if "/P" in element and element.P.is_indirect and element.P.objgen == other.objgen:
                element.P = document


def _write_structure_root(
    joined: Pdf, document: pikepdf.Object, numbers: Array, next_key: int
) -> None:
    """The joined `/StructTreeRoot`: `document` as its only child, `numbers` as its parent
    tree."""
    root = joined.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=joined.make_indirect(Dictionary(Nums=numbers)),
            ParentTreeNextKey=next_key,
        )
    )
    document.P = root
    joined.Root.StructTreeRoot = root


def _named_destinations(root: pikepdf.Object) -> list[tuple[str, pikepdf.Object]]:
    """The named destinations of a part's catalog (`/Names /Dests`, a name tree; WeasyPrint
    writes one flat leaf, but kids are followed too)."""
    found: list[tuple[str, pikepdf.Object]] = []
    if "/Names" not in root or "/Dests" not in root.Names:
        return found
    stack = [root.Names.Dests]
    while stack:
        node = stack.pop()
        flat = node.get("/Names", Array())
        found.extend((str(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2))
        stack.extend(node.get("/Kids", Array()))
    return found


def _name_array(names: dict[str, pikepdf.Object]) -> Array:
    """A name tree leaf's `/Names` array: names in the order of their bytes (ISO 32000-1,
    7.9.6)."""
    array = Array()
    for name in sorted(names, key=lambda text: bytes(pikepdf.String(text))):
        array.append(pikepdf.String(name))
        array.append(names[name])
    return array


def _chain(joined: Pdf, outlines: list[pikepdf.Object]) -> pikepdf.Object:
    """One outline dictionary whose top level is the top levels of `outlines`, in order."""
    items: list[pikepdf.Object] = []
    for outline in outlines:
        item = outline.get("/First")
        while item is not None:
            items.append(item)
            item = item.get("/Next")
    root = joined.make_indirect(Dictionary(Type=Name.Outlines))
    if not items:
        return root
    for before, after in itertools.pairwise(items):
        before.Next = after
        after.Prev = before
    count = 0
    for item in items:
        item.Parent = root
        count += 1 + max(int(item.get("/Count", 0)), 0)
    if "/Prev" in items[0]:
        del items[0]["/Prev"]
    if "/Next" in items[-1]:
        del items[-1]["/Next"]
    root.First = items[0]
    root.Last = items[-1]
    root.Count = count
    return root


def _write_metadata(joined: Pdf, first: Pdf, title: str | None) -> None:
    """The first part's document information and XMP metadata, with `title` in both."""
    info = _copy(joined, first.trailer.get("/Info", Dictionary()))
    joined.trailer.Info = info if info.is_indirect else joined.make_indirect(info)
    if title is not None:
        joined.trailer.Info.Title = pikepdf.String(title)
    if "/Metadata" not in first.Root:
        return
    data = first.Root.Metadata.read_bytes()
    if title is not None:
        data = _XMP_TITLE.sub(
            lambda match: match[1] + escape(title, quote=False).encode("utf-8") + match[3],
            data,
            count=1,
        )
    stream = joined.make_stream(data)
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    joined.Root.Metadata = stream


def _stamp(joined: Pdf, stamps: Sequence[Path]) -> None:
    """Draw page i of the PDFs `stamps`, taken together, under page i of `joined`, as a
    pagination artifact in a Form XObject of its own (its resources stay apart from the
    page's). One of `stamps` is open at a time (`_own_streams`).

    Raises `ValueError` when `stamps` have a page count other than `joined`'s."""
    before = joined.make_stream(b"/Artifact <</Type /Pagination>> BDC q\n")
    between = joined.make_stream(b"\n" + bytes(STAMP.unparse()) + b" Do Q EMC q\n")
    after = joined.make_stream(b"\nQ\n")
    total, done = len(joined.pages), 0
    for path in stamps:
        copied = _next_number(joined)
        with Pdf.open(path) as numbering:
            if done + len(numbering.pages) > total:
                break
            for number, stamp in enumerate(numbering.pages, start=done):
                if not stamp.obj.get("/Contents") or not _drawn(stamp):
                    continue
                page = joined.pages[number]
                form = joined.copy_foreign(stamp.as_form_xobject())
                resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
                xobjects = resources.get("/XObject", Dictionary())
                resources.XObject = Dictionary({key: value for key, value in xobjects.items()})
                resources.XObject[STAMP] = form
                page.obj.Resources = resources  # pages may share one resources dictionary
                contents = page.obj.Contents
                kept = list(contents) if isinstance(contents, Array) else [contents]
                page.obj.Contents = Array([before, between, *kept, after])
            done += len(numbering.pages)
            _own_streams(joined, copied)
    if done != total:
        counted = sum(_page_count(path) for path in stamps)
        raise ValueError(f"{counted} pages of page numbers for {total} pages")


def _page_count(path: Path) -> int:
    """The number of pages of the PDF at `path`."""
    with Pdf.open(path) as pdf:
        return len(pdf.pages)


def _drawn(page: pikepdf.Page) -> bool:
    """Whether a page's content draws anything (a page without page number has none)."""
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, Array) else [contents]
    return any(b"Tj" in stream.read_bytes() or b"TJ" in stream.read_bytes() for stream in streams)


if __name__ == "__main__":
    _serve()
