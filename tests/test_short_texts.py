"""Short texts (options, items, labels, titles) take inline Markdown and nothing else.

`MarkdownRenderer.text` renders them as phrasing HTML with the course's extensions;
`MarkdownRenderer.plain` gives the same text without its syntax, for places without markup.
"""

from __future__ import annotations

import pytest

from seminarkit.mdrender import MarkdownRenderer

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "pymdownx.details", "pymdownx.superfences"]
RENDERER = MarkdownRenderer(EXTENSIONS)


@pytest.mark.parametrize(
    ("source", "html", "plain"),
    [
        ("**bold**", "<strong>bold</strong>", "bold"),
        ("`git log`", "<code>git log</code>", "git log"),
        ("*emphasis*", "<em>emphasis</em>", "emphasis"),
        ("[links](https://example.org)", '<a href="https://example.org">links</a>', "links"),
        ("`a < b` & c", "<code>a &lt; b</code> &amp; c", "a < b & c"),
        ("**x**{ .red }", '<strong class="red">x</strong>', "x"),
    ],
)
def test_inline_markdown_renders_and_strips(source: str, html: str, plain: str) -> None:
    assert RENDERER.text(source) == html
    assert RENDERER.plain(source) == plain


@pytest.mark.parametrize(
    "source",
    [
        "1. Mai",
        "2024. Ein Jahr",
        "# 1 of 3",
        "- a dash",
        "+ plus",
        "> quoted",
        "    indented",
        "!!! note",
        "??? details",
        "---",
        "* star",
    ],
)
def test_block_syntax_stays_text_in_short_texts(source: str) -> None:
    html = str(RENDERER.text(source))
    for tag in ("<p", "<ol", "<ul", "<li", "<h1", "<blockquote", "<pre", "<hr", "<div", "<details"):
        assert tag not in html, html
    assert RENDERER.plain(source) == source.strip()


def test_paragraphs_of_a_short_text_become_line_breaks() -> None:
    assert RENDERER.text("first\n\n*second*") == "first<br>\n<em>second</em>"
    assert RENDERER.plain("first\n\n*second*") == "first second"


def test_markdown_fields_still_take_blocks() -> None:
    assert "<ol>" in RENDERER.inline("1. first\n2. second")
    assert "<ol>" in RENDERER.block("1. first\n2. second")


def test_empty_texts() -> None:
    assert RENDERER.text("") == "" and RENDERER.text(None) == ""
    assert RENDERER.plain(None) == ""
