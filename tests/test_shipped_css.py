"""The shipped stylesheet means what its source says.

rcssmin (`seminarkit.shipping`) knows no `@container`: inside one it takes `.a :is(.b)` for a
declaration and drops the space before the colon, which makes `.a:is(.b)`, another selector
(rcssmin 1.3.0). The source has no such rule today; these tests fail the day one is added, naming
it. Both files are compared rule by rule: selectors as cssselect2 (WeasyPrint's and the browser
tests' selector parser) reads them, at-rule preludes and declarations token by token, white space
left out only where it separates no tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
import tinycss2
from cssselect2 import parser as selectors  # type: ignore[import-untyped]

from seminarkit.shipping import ASSETS, shipped

#: At-rules whose block holds declarations, not rules.
_DECLARATION_BLOCKS = {"font-face", "page", "counter-style", "property"}


def _tokens(tokens: Iterable[Any]) -> str:
    """Component values as text, without white space and comments, numbers by value."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            continue
        if token.type in ("number", "percentage", "dimension"):
            unit = "%" if token.type == "percentage" else getattr(token, "lower_unit", "")
            parts.append(f"{token.value:g}{unit}")
        elif token.type == "function":
            parts.append(f"{token.lower_name}({_tokens(token.arguments)})")
        elif token.type in ("() block", "[] block", "{} block"):
            opening, closing = token.type[0], token.type[1]
            parts.append(f"{opening}{_tokens(token.content)}{closing}")
        else:
            parts.append(token.serialize())
    return " ".join(parts)


def _declarations(content: list[Any]) -> list[tuple[str, str, bool]]:
    return [
        (item.lower_name, _tokens(item.value), item.important)
        for item in tinycss2.parse_blocks_contents(
            content, skip_comments=True, skip_whitespace=True
        )
        if item.type == "declaration"
    ]


def _selector(prelude: list[Any]) -> list[str] | str:
    """The selectors as cssselect2 reads them; one it does not know (`::backdrop`) as text,
    white space kept as one space except beside a comma or another combinator."""
    try:
        return [repr(selector.parsed_tree) for selector in selectors.parse(prelude)]
    except selectors.SelectorError:
        text = " ".join(tinycss2.serialize(prelude).split())
        return re.sub(r" ?([,>+~]) ?", r"\1", text)


def meaning(rules: Iterable[Any], in_keyframes: bool = False) -> list[tuple[Any, ...]]:
    """What a list of parsed rules says, in order: each rule's selectors or prelude and its
    declarations, nested rules under their at-rule."""
    said: list[tuple[Any, ...]] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = _tokens(rule.prelude) if in_keyframes else _selector(rule.prelude)
            said.append(("rule", prelude, _declarations(rule.content)))
        elif rule.type == "at-rule":
            head = (rule.lower_at_keyword, _tokens(rule.prelude))
            if rule.content is None:
                said.append(("at", *head))
            elif rule.lower_at_keyword in _DECLARATION_BLOCKS:
                said.append(("at", *head, _declarations(rule.content)))
            else:
                nested = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                keyframes = rule.lower_at_keyword.endswith("keyframes")
                said.append(("at", *head, meaning(nested, keyframes)))
        elif rule.type == "error":
            said.append(("error", rule.message))
    return said


def css_meaning(css: str) -> list[tuple[Any, ...]]:
    return meaning(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def test_the_shipped_stylesheet_says_what_its_source_says() -> None:
    source = (ASSETS / "seminarkit.css").read_text(encoding="utf-8")
    minified = shipped("seminarkit.css").decode("utf-8")
    assert len(minified) < len(source)
    wanted, got = css_meaning(source), css_meaning(minified)
    assert not [rule for rule in wanted if rule[0] == "error"]
    changed = [(was, now) for was, now in zip(wanted, got, strict=False) if was != now]
    assert not changed, f"the minifier changed these rules (source, shipped): {changed[:3]}"
    assert len(wanted) == len(got)


@pytest.mark.parametrize(
    ("source", "minified"),
    [
        # what rcssmin 1.3.0 makes of a descendant pseudo-class inside @container
        (
            "@container (max-width: 400px) { .a :is(.b, .c) { color: red } }",
            "@container (max-width:400px){.a:is(.b,.c){color:red}}",
        ),
        (".a :hover { color: red }", ".a:hover{color:red}"),
        (".a { margin: 0 auto }", ".a{margin:0auto}"),
        (".a { width: calc(1px + 2px) }", ".a{width:calc(1px +2px)}"),
        (
            "@media (min-width: 10em) and (max-width: 20em) {}",
            "@media (min-width:10em) and(max-width:20em){}",
        ),
        (".a { color: red !important }", ".a{color:red}"),
        # a pseudo-element cssselect2 does not know, compared as text
        (".a ::backdrop { color: red }", ".a::backdrop{color:red}"),
    ],
)
def test_the_comparison_sees_a_changed_meaning(source: str, minified: str) -> None:
    assert css_meaning(source) != css_meaning(minified)


@pytest.mark.parametrize(
    ("source", "minified"),
    [
        (
            "@container (max-width: 400px) { .a .b { color: red } }",
            "@container (max-width:400px){.a .b{color:red}}",
        ),
        (".a  >  .b , .c { color : rgba(0, 0, 0, 0.5) }", ".a>.b,.c{color:rgba(0,0,0,.5)}"),
        (".a  ,  .b::backdrop { color: red }", ".a,.b::backdrop{color:red}"),
        (
            "/* note */ @font-face { font-family: 'X'; src: url(x.woff2) }",
            "@font-face{font-family:'X';src:url(x.woff2)}",
        ),
        (
            "@keyframes turn { from { rotate: 0deg } to { rotate: 360deg } }",
            "@keyframes turn{from{rotate:0deg}to{rotate:360deg}}",
        ),
    ],
)
def test_the_comparison_allows_what_minifying_may_change(source: str, minified: str) -> None:
    assert css_meaning(source) == css_meaning(minified)
