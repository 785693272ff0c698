"""The site search reads only what it may index of an exercise (issue 15: a lean search index).

Material's search plugin (and MkDocs' own) index each page by parsing its whole HTML with
Python's `html.parser`, element by element; Material then leaves out every element marked
`data-search-exclude` with all inside it. An exercise's hints, solution and answer key sit in such
elements, wrapped in `<sk-unindexed data-search-exclude>` (`templates/web/_exercise.html`), and its
data for seminarkit.js in `<template class="sk-data" data-search-exclude>` (the page's words in
`sk-ui`), and so do the parts of its form that would repeat in the index (`FORM_PARTS`): more
than a third of an exercise's markup, parsed only to be dropped.

`read_only_indexed` hands the search plugin's indexer each page with the content of those
elements taken out (the elements themselves stay, empty), for the time of that one call; the
page keeps its content for everything else. No Markdown makes `sk-unindexed` and `tojson`
escapes every `<` in the JSON, so the end of each element is its first closing tag. With
Material the index is the same, byte for byte; MkDocs' own search, which knows no
`data-search-exclude`, no longer indexes those texts either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: The attribute as our templates write it: last in the opening tag, without a value.
MARK = "data-search-exclude>"
#: Our own excluded elements whose content goes, by their whole opening tag: the texts of hints,
#: solution and key (no Markdown makes `sk-unindexed`) and the JSON for seminarkit.js (`tojson`
#: escapes every `<`), so the first closing tag of the name ends each.
UNINDEXED = frozenset(
    {
        "<sk-unindexed data-search-exclude>",
        '<template class="sk-data" data-search-exclude>',
        '<template class="sk-ui" data-search-exclude>',
    }
)
#: Our form parts that carry the attribute (the buttons, the choices of a true/false
#: statement, a matching item's choices after the first, an ordering item's position and move
#: buttons; `templates/web/`): recognised by their classes or field; their content goes when it
#: holds no element of the same name, comment or script, so the first closing tag ends them.
FORM_PARTS = frozenset({"div", "span", "label", "select"})
_OURS = ('class="sk-', 'data-sk-field="')
_INSIDE = ("<!", "<script", "<style")
#: Names under which MkDocs lists a search plugin (Material's maps `search` to its own).
SEARCH_PLUGINS = ("search", "material/search")
_MARK = "_seminarkit_lean"


def without_unindexed(html: str) -> str:
    """`html` with the content of our excluded elements taken out (the elements stay, empty).

    Found with `str.find` from each attribute to its tag and closing tag, not with a regular
    expression: this runs on every page."""
    found = html.find(MARK)
    if found < 0:
        return html
    pieces: list[str] = []
    done = 0
    while found >= 0:
        opened = found + len(MARK)
        start = html.rfind("<", done, found)
        name = html[start + 1 : found].split(None, 1)[0] if start >= 0 else ""
        close = html.find(f"</{name}>", opened) if name else -1
        if close >= 0 and _strippable(name, html[start:opened], html[opened:close]):
            pieces.append(html[done:opened])
            done = close
        found = html.find(MARK, max(opened, done))
    pieces.append(html[done:])
    return "".join(pieces)


def _strippable(name: str, opening: str, content: str) -> bool:
    if opening in UNINDEXED:
        return True
    return (
        name in FORM_PARTS
        and any(sign in opening for sign in _OURS)
        and f"<{name}" not in content
        and not any(sign in content for sign in _INSIDE)
    )


def read_only_indexed(plugins: Any) -> None:
    """Let the search plugin among `plugins` (MkDocs' plugin collection) index pages without
    the content of our excluded elements. A search plugin without the indexer this expects
    (`search_index.add_entry_from_context(page)`) is left as it is."""
    for name in SEARCH_PLUGINS:
        index: Any = getattr(plugins.get(name), "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if callable(add) and not getattr(add, _MARK, False):
            index.add_entry_from_context = _lean(add)


def _lean(add: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def add_entry_from_context(page: Any) -> Any:
        content = page.content
        page.content = without_unindexed(content) if isinstance(content, str) else content
        try:
            return add(page)
        finally:
            page.content = content

    setattr(add_entry_from_context, _MARK, True)
    return add_entry_from_context
