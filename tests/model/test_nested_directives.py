"""Directive lines inside Markdown containers, code and comments, as the page's Markdown reads them.

`scan_directives` runs the course's own extensions (here those of the real-world fixture), so
these cases are what the model (which page embeds which exercise, at which section level, on
which line) and the renderers agree on.
"""

from __future__ import annotations

from textwrap import dedent

import pytest

from seminarkit.directives import (
    DirectiveScanner,
    mark_directive_lines,
    plain_page_directives,
    scan_directives,
)
from seminarkit.loader import read_config
from seminarkit.model.lessons import DirectiveLine, split_front_matter

from ..conftest import FIXTURES

CONFIG, _, _ = read_config(FIXTURES / "realworld")
assert CONFIG is not None
EXTENSIONS = [*CONFIG.markdown_extensions, "footnotes", "def_list"]


def scan(text: str, first_line: int = 1) -> list[DirectiveLine]:
    """The directive lines of a page body written as an indented block."""
    body = dedent(text).lstrip("\n")
    return scan_directives(body, first_line, EXTENSIONS, CONFIG.mdx_configs)


def embedded(text: str, first_line: int = 1) -> list[tuple[str, int, int]]:
    """(exercise id, line, section level) of each directive; fails on any error."""
    found = scan(text, first_line)
    assert all(item.directive for item in found), [item.error for item in found]
    return [
        (item.directive.argument, item.line, item.directive.section_level)
        for item in found
        if item.directive
    ]


CONTAINERS = {
    "admonition": """
        ## S
        !!! note "Title"

            Text first.

            ::: exercise x
        """,
    "admonition, no blank line": """
        ## S
        !!! note
            Text first.
            ::: exercise x
            Text after.
        """,
    "closed details": """
        ## S
        ??? tip
            ::: exercise x
        """,
    "open details": """
        ## S
        ???+ question "Open"

            ::: exercise x
        """,
    "content tab": """
        ## S
        === "One"

            Text.

        === "Two"
            ::: exercise x
        """,
    "bullet, 2 spaces, no blank line": """
        ## S
        - item
          ::: exercise x
        - next
        """,
    "bullet, 2 spaces after a blank line": """
        ## S
        - item

          ::: exercise x
        """,
    "numbered, 3 spaces": """
        ## S
        1. item
           ::: exercise x
        """,
    "bullet, 4 spaces after a blank line": """
        ## S
        * item

            ::: exercise x
        """,
    "list item that is the directive": """
        ## S
        - ::: exercise x
        """,
    "tab in a note in a list item": """
        ## S
        1. Step

            !!! example

                === "Tab"

                    ::: exercise x
        """,
    "list item in a note": """
        ## S
        !!! note
            - item

              ::: exercise x
        """,
    "blockquote": """
        ## S
        > quote
        >
        > ::: exercise x
        """,
    "blockquote in a note": """
        ## S
        !!! note
            > ::: exercise x
        """,
    "definition": """
        ## S
        Term
        :   ::: exercise x
        """,
    "html with markdown attribute": """
        ## S
        <div markdown>

        ::: exercise x

        </div>
        """,
    "footnote": """
        ## S
        Text.[^1]

        [^1]: A note.

            ::: exercise x
        """,
    "tab character": "## S\n!!! note\n\t::: exercise x\n",
}


@pytest.mark.parametrize("name", CONTAINERS)
def test_a_directive_in_a_container_is_embedded_on_its_line(name: str) -> None:
    body = dedent(CONTAINERS[name]).lstrip("\n")
    line = next(n for n, text in enumerate(body.split("\n"), 1) if "::: exercise x" in text)
    assert embedded(body) == [("x", line, 2)]
    assert embedded(body, first_line=5) == [("x", line + 4, 2)]


LITERAL = {
    "fenced code": """
        ```markdown
        ::: exercise x
        ```
        """,
    "tilde fence, indented 3": """
           ~~~
           ::: exercise x
           ~~~
        """,
    "fenced code in a note": """
        !!! note
            ```
            ::: exercise x
            ```
        """,
    "fenced code in a list item": """
        - item

            ```
            ::: exercise x
            ```
        """,
    "indented code at the top": """
        Text.

            ::: exercise x
        """,
    "indented code, no blank line before": """
        Text.
            ::: exercise x
        """,
    "indented code in a note": """
        !!! note
            Text.

                ::: exercise x
        """,
    "code span over lines": """
        Text `code
        ::: exercise x
        ` more.
        """,
    "one-line comment": """
        <!-- ::: exercise x -->
        """,
    "comment over lines": """
        <!--
        ::: exercise x
        ::: exercize typo
        -->
        """,
    "comment in a note": """
        !!! note
            <!--
            ::: exercise x
            -->
            Text.
        """,
    "comment in a paragraph": """
        Text <!-- a comment
        ::: exercise x
        --> more.
        """,
    "comment over blank lines": """
        <!--

        ::: exercise x

        -->
        """,
}


@pytest.mark.parametrize("name", LITERAL)
def test_a_directive_in_code_or_a_comment_embeds_nothing(name: str) -> None:
    assert scan(LITERAL[name]) == []


def test_a_comment_that_markdown_cuts_at_blank_lines_hides_nothing() -> None:
    # In a list item, Markdown reads each part as a paragraph: `<!--` shows as text, so does the
    # directive line in between, which therefore renders (never silently as text).
    body = """
        - item

            <!--

            ::: exercise x

            -->
        """
    assert embedded(body) == [("x", 5, 0)]


def test_section_levels_come_from_the_nearest_heading_before_the_line() -> None:
    body = """
        # Page

        !!! note
            ::: exercise a

        Setext section
        --------------

        - item

            ::: exercise b

        ### Deeper

        ```
        # not a heading
        ```

        === "Tab"

            ::: exercise c
        """
    assert embedded(body) == [("a", 4, 1), ("b", 11, 2), ("c", 21, 3)]


def test_two_directives_on_consecutive_lines_of_a_note() -> None:
    body = """
        !!! note
            ::: exercise a
            ::: exercise b
        ::: exercise c
        """
    assert embedded(body) == [("a", 2, 0), ("b", 3, 0), ("c", 4, 0)]


def test_a_column_zero_directive_after_a_list_stands_after_it() -> None:
    assert embedded("- item\n::: exercise a\n\n::: exercise b\n") == [("a", 2, 0), ("b", 4, 0)]


def test_raw_html_is_a_located_error_not_silent_text() -> None:
    body = """
        Text.

        <div class="box">
        ::: exercise a
        </div>
        """
    (found,) = scan(body, first_line=10)
    assert found.directive is None
    assert found.line == 13
    assert "raw HTML" in (found.error or "") and "markdown" in (found.error or "")


def test_a_misspelt_directive_in_a_container_is_located_but_not_in_a_comment() -> None:
    body = """
        !!! note
            ::: exercize a

        <!-- ::: exercize b -->
        """
    (found,) = scan(body)
    assert (found.line, found.error) == (
        2,
        "unknown directive '::: exercize' (did you mean 'exercise'?)",
    )


def test_marking_keeps_the_line_count_of_protected_lines() -> None:
    lines = ["<!--", "::: exercise a", "-->", "", "!!! note", "    ::: exercise b", "    more"]
    marked, marks = mark_directive_lines(lines)
    assert (marks[1].line, marks[1].protected) == (2, True)
    assert (marks[2].line, marks[2].protected) == (6, False)
    assert marks[2].blank_before and marks[2].blank_after
    assert marked[:3] == ["<!--", "\x02seminarkit:1\x03", "-->"]
    assert marked[5:] == ["", "    \x02seminarkit:2\x03", "", "    more"]


def test_line_numbers_count_the_lines_of_fenced_code() -> None:
    body = """
        ```
        ::: exercise a
        ```
        ::: exercise a

        ~~~~
        ::: exercise b
        ~~~~

        !!! note
            ```text
            one
            two
            ```
            ::: exercise b
        """
    assert embedded(body) == [("a", 4, 0), ("b", 15, 0)]


def test_without_the_extensions_an_admonition_is_only_text() -> None:
    body = "!!! note\n\n    ::: exercise a\n"
    assert scan_directives(body, 1) == []  # indented code, as plain MkDocs reads it
    assert [d.directive.argument for d in scan(body) if d.directive] == ["a"]


def test_without_superfences_a_fence_in_a_note_is_a_code_span() -> None:
    # Plain fenced_code reads fences at the top only: the one in the note is no fence, its
    # backticks make a code span, and the line numbers after it still count every line.
    body = "!!! note\n    ```\n    ::: exercise a\n    ```\n::: exercise a\n"
    found = scan_directives(body, 1, ["admonition"])
    assert [(d.line, d.directive.argument if d.directive else d.error) for d in found] == [(5, "a")]


PLAIN = [
    "# T\n\n::: exercise a\n\nText *em* and [a link](x.md).\n## S\n::: exercise b\nText.\n",
    "#hash heading\n::: exercise a\n::: exercise b\n",
    "Über Netzwerke.\n\n::: exercize typo\n\n::: exercises\n",
    "_Em_ „quoted“ (aside)\n\n::: agenda\n",
]
NOT_PLAIN = [
    "- item\n::: exercise a\n",
    "1. item\n\n::: exercise a\n",
    "Text\n    ::: exercise a\n",
    "<!-- note -->\n::: exercise a\n",
    "Text `a\n::: exercise a\n` b\n",
    "Title\n-----\n::: exercise a\n",
    "> quote\n\n::: exercise a\n",
    "!!! note\n\n::: exercise a\n",
    "```\n::: exercise a\n```\n",
    "<div>\n\n::: exercise a\n\n</div>\n",
    "[^1]: note\n\n::: exercise a\n",
]


@pytest.mark.parametrize("body", PLAIN + NOT_PLAIN)
def test_plain_pages_are_read_without_markdown_alike(body: str) -> None:
    scanner = DirectiveScanner(EXTENSIONS, CONFIG.mdx_configs)
    plain = plain_page_directives(body.split("\n"))
    assert (plain is not None) == (body in PLAIN)
    assert scanner.scan(body, 3) == scanner.parse(body, 3)


@pytest.mark.parametrize("course", ["course", "realworld", "broken-course", ".."])
def test_every_fixture_page_scans_alike_with_and_without_the_shortcut(course: str) -> None:
    root = (FIXTURES / course).resolve() if course != ".." else FIXTURES.parent.parent
    config, _, _ = read_config(root)
    assert config is not None
    scanner = DirectiveScanner(config.markdown_extensions, config.mdx_configs)
    for page in sorted((root / config.docs_dir).rglob("*.md")):
        _, body, first = split_front_matter(page.read_text(encoding="utf-8"))
        assert scanner.scan(body, first) == scanner.parse(body, first), page
