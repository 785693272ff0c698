"""Print only: web and mail addresses written as plain text become links marked `sk-url`.

On paper an address is typed in, so a hyphen inserted at a line break (`recruit-⏎ment`) breaks
it. The print stylesheet never hyphenates `a`, `code` and `.sk-url`, and lets `.sk-url` wrap at
any character instead. Links written in Markdown whose text is an address get the class too.

Plain-text addresses are found as pymdownx.magiclink 13.1 finds them, ported here (its patterns
`RE_LINK`, `RE_LINK_DOMAIN`, `RE_LINK_PATH`, `RE_MAIL` and `MagiclinkPattern.handleMatch`, MIT
license, Copyright (c) 2014 - 2025 Isaac Muse; `pymdown-extensions-LICENSE.txt`) because the
version installed depends on the Python: pymdown-extensions 13 needs Python 3.11.5, and on
Debian 12's Python 3.11.2 pip installs 12.3, whose pattern cut `(www.example.org/wiki/Foo_(bar))`
after `Foo_(bar`. Not the whole extension either: it writes mail links as character
references, which the print link resolver would take for a file name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import unescape

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

URL_CLASS = "sk-url"
#: Link text that is itself an address: no spaces, and a scheme, `www.` or a mail address.
_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|[^\s@]+@[^\s@]+\.)\S*$", re.IGNORECASE)


#: Where a plain web address starts: a scheme or `www.`, at the start of the text or after a
#: space, an emphasis mark, an opening bracket or quote (magiclink 13.1's `RE_LINK`).
_WEB_START = r"""(?xi)
(?<![^\s*_~^[('"\x03])(?:
    (?:ht|f)tps?://|                                        # (http|ftp)://
    (?P<www>w{3}\.)                                         # www.
)
"""
#: The host (an underscore in its last two labels is refused afterwards).
_WEB_DOMAIN = re.compile(r"[^_\W][-\w.]*")
#: Everything after the host, up to a space, `<` or an inline placeholder (STX/ETX).
_WEB_PATH = re.compile(r"[^\s<\x02\x03]*")
#: Left off the end of an address (`;` and the closing brackets are decided on their own).
_WEB_TRAILING = frozenset("?!.,:*_~^'\"")
#: A closing bracket ends an address only when the address opens as many.
_WEB_CLOSERS = {")": "(", "]": "["}
#: A mail address (magiclink 13.1's `RE_MAIL`).
_MAIL = r"""(?xi)
(?P<mail>
    (?<![-/\+@a-z\d_])(?<![-+a-z\d_]\.)(?:[-+a-z\d_]([-a-z\d_+]|\.(?!\.))*)  # Local part
    (?<!\.)@(?:[-a-z\d_]+\.)                                # @domain part start
    (?:(?:[-a-z\d_]|(?<!\.)\.(?!\.))*)[a-z]\b               # @domain.end
    (?![-@])                                                # not followed by these
)
"""


def web_address_end(data: str, start: int, host: int) -> int | None:
    """Where the web address that starts at `start` in `data` (its host at `host`) ends, or
    None when its host has an underscore in its last two labels. Trailing punctuation, an
    entity's `;` and unbalanced closing brackets are left out: `(see www.a.org/x_(y)).` ends
    after `(y)`."""
    domain = _WEB_DOMAIN.match(data, host)
    if domain is None:
        return None
    path = _WEB_PATH.match(data, host)  # matches always, if only the empty text
    end = path.end(0) if path else host
    counts: dict[str, list[int]] | None = None
    while end > host:
        char = data[end - 1]
        if char in _WEB_TRAILING:
            end -= 1
        elif char == ";":  # an entity (`&amp;`) goes whole
            index = end - 2
            while index >= host and data[index].isalnum():
                index -= 1
            entity = host <= index < end - 2 and data[index] == "&"
            end = index if entity else end - 1
        elif char in _WEB_CLOSERS:
            if counts is None:
                link = data[start:end]
                counts = {c: [link.count(c), link.count(o)] for c, o in _WEB_CLOSERS.items()}
            closing = counts[char]
            if closing[0] <= closing[1]:
                break
            closing[0] -= 1
            end -= 1
        else:
            break
    labels = data[host : min(end, domain.end(0))].split(".")[-2:]
    return None if any("_" in label for label in labels) else end


class _WebPattern(InlineProcessor):
    """`www.example.org/a` or `https://example.org/a` in prose as a link (`web_address_end`)."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        start = m.start(0)
        end = web_address_end(data, start, m.end(0))
        if end is None:
            return None, None, None
        address = data[start:end]
        href = f"http://{address}" if m.group("www") else address
        element = etree.Element("a", {"href": self.unescape(href.strip())})
        element.text = AtomicString(address)
        return element, start, end


class _MailPattern(InlineProcessor):
    """`anna@example.org` in prose as a plain `mailto:` link."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        address = m.group("mail")
        element = etree.Element("a", {"href": f"mailto:{address}"})
        element.text = AtomicString(address)
        return element, m.start(0), m.end(0)


class _MarkAddresses(Treeprocessor):
    """Puts `sk-url` on every link whose text is an address (`<a@b.org>` writes its text as
    character references)."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            text = unescape("".join(link.itertext()).replace(AMP_SUBSTITUTE, "&")).strip()
            if _ADDRESS.match(text):
                classes = (link.get("class") or "").split()
                link.set("class", " ".join([*classes, URL_CLASS]))


class PrintAddresses(Extension):
    """Registers the address patterns (unless the course runs pymdownx.magiclink itself)."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Plain web addresses, then mail addresses, then the marking of address links."""
        if "magic-link" not in md.inlinePatterns:
            md.inlinePatterns.register(_WebPattern(_WEB_START, md), "sk-address", 85)
        if "magic-mail" not in md.inlinePatterns:
            md.inlinePatterns.register(_MailPattern(_MAIL, md), "sk-mail", 84.9)
        # After the inline patterns (20), before pretty-printing (10).
        md.treeprocessors.register(_MarkAddresses(md), "sk-mark-addresses", 15)
