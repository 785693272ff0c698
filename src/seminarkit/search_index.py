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

import re
from collections.abc import Callable
from typing import Any

#: The content of our own excluded elements: group 1 and 2 are the tags that stay.
UNINDEXED = re.compile(
    r"(<sk-unindexed data-search-exclude>).*?(</sk-unindexed>)"
    r'|(<template class="sk-(?:data|ui)" data-search-exclude>).*?(</template>)',
    re.DOTALL,
)
#: The content of our own form parts that carry `data-search-exclude` (the buttons, the choices
#: of a true/false statement, a matching item's choices after the first, an ordering item's
#: position and move buttons; `templates/web/`): recognised by their classes or field, with
#: no element of the same name, comment or script inside, so the first closing tag ends them.
FORM_PARTS = re.compile(
    r'(<(div|span|label|select)\b(?=[^>]*\s(?:class="sk-|data-sk-field="))'
    r"[^>]*\sdata-search-exclude>)(?:(?!<\2\b|<!|<script|<style).)*?(</\2>)",
    re.DOTALL,
)
#: Names under which MkDocs lists a search plugin (Material's maps `search` to its own).
SEARCH_PLUGINS = ("search", "material/search")
_MARK = "_seminarkit_lean"


def without_unindexed(html: str) -> str:
    """`html` with the content of our excluded elements taken out."""
    if "data-search-exclude>" not in html:
        return html
    html = UNINDEXED.sub(lambda m: (m[1] or m[3]) + (m[2] or m[4]), html)
    return FORM_PARTS.sub(r"\1\3", html)


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
