"""Markdown and HTML that an author put inside a cloze gap, where it would be taken literally.

A gap holds the answer exactly as a learner types it, so `[[**Haus**]]` would want the asterisks
typed too. FORMAT.md lists what counts as formatting; this module finds the first such place in
an answer. Everything else stays plain text: a lone `*`, `C++`, `&&`, `2*3*4`, `snake_case`,
`*.txt`, `List<String>`, `AT&T`, `don't`, `a < b`.

What counts (each needs content that holds a letter or digit, so `*/*` or `** **` do not):

- emphasis, strong emphasis and strikethrough: `*x*`, `**x**`, `***x***`, `_x_`, `__x__`,
  `~~x~~`; the opening run stands at the start or after a character that is no letter, digit or
  delimiter and is followed by a non-space, the closing run the other way round (so
  intraword `2*3*4` and `snake_case_name` are plain);
- a code span: `` `x` `` (one or more backticks, closed by as many; a lone backtick is plain);
- a link or image `[x](url)`, `![x](url)` (not right after a letter, digit or bracket, so
  `arr[0](x)` is plain) and an autolink `<https://…>`;
- an HTML element of text formatting with its end tag, `<b>x</b>` (case-insensitive); the tags
  `<br>` and `<img …>`; an HTML comment `<!-- … -->`;
- a character reference: `&amp;`, `&nbsp;`, `&#8217;`, `&#x2019;` (named ones only if HTML knows
  the name).
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass

_DELIMITERS = r"*_~"
_EMPHASIS = re.compile(
    rf"(?<![\w{_DELIMITERS}])(?P<open>\*{{1,3}}|_{{1,3}}|~~)(?=[^\s{_DELIMITERS}])"
    rf"(?P<inner>.*?\w.*?)(?<=[^\s{_DELIMITERS}])(?P<close>(?P=open))(?![\w{_DELIMITERS}])",
    re.DOTALL,
)
_CODE = re.compile(
    r"(?<!`)(?P<open>`+)(?=[^`])(?P<inner>.+?)(?<=[^`])(?P<close>(?P=open))(?!`)", re.DOTALL
)
_LINK = re.compile(r"(?<![\w\]\)])!?\[[^\[\]]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>")
_FORMATTING_ELEMENTS = (
    "a|abbr|b|bdi|bdo|big|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|"
    "strong|sub|sup|time|tt|u|var"
)
_ELEMENT = re.compile(
    rf"(?P<open><(?P<name>{_FORMATTING_ELEMENTS})(?:\s[^<>]*)?>)(?P<inner>.*?)"
    r"(?P<close></(?P=name)\s*>)",
    re.IGNORECASE | re.DOTALL,
)
_VOID = re.compile(r"<(?:br\s*/?|img\s[^<>]*)>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|(?P<name>[A-Za-z][A-Za-z0-9]{1,31}));"
)

_KINDS = (
    (_EMPHASIS, "Markdown emphasis"),
    (_CODE, "a Markdown code span"),
    (_LINK, "a Markdown link"),
    (_AUTOLINK, "a Markdown link"),
    (_ELEMENT, "HTML"),
    (_VOID, "HTML"),
    (_COMMENT, "an HTML comment"),
    (_REFERENCE, "an HTML character reference"),
)


@dataclass(frozen=True)
class Markup:
    """Formatting found in a gap answer: where (offset into the answer), what and which kind;
    for markup that wraps text (`**x**`, `<b>x</b>`), its opening, inner and closing parts."""

    offset: int
    text: str
    kind: str
    wrapped: tuple[str, str, str] | None = None


def _is_reference(match: re.Match[str]) -> bool:
    """Numeric references always count; named ones only if HTML defines the name."""
    name = match.group("name")
    return name is None or f"{name};" in html.entities.html5


def find_markup(answer: str) -> Markup | None:
    """The first formatting in `answer` (by position), or None for plain text."""
    found: list[Markup] = []
    for pattern, kind in _KINDS:
        for match in pattern.finditer(answer):
            if pattern is _REFERENCE and not _is_reference(match):
                continue
            parts = match.groupdict()
            wrapped = (parts["open"], parts["inner"], parts["close"]) if "inner" in parts else None
            found.append(Markup(match.start(), match.group(0), kind, wrapped))
            break
    return min(found, key=lambda markup: markup.offset, default=None)
