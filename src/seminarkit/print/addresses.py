"""Print only: web and mail addresses written as plain text become links marked `sk-url`.

On paper an address is typed in, so a hyphen inserted at a line break (`recruit-⏎ment`) breaks
it. The print stylesheet never hyphenates `a`, `code` and `.sk-url`, and lets `.sk-url` wrap at
any character instead. Plain-text addresses are found with pymdownx.magiclink's patterns (not
the whole extension: it writes mail links as character references, which the print link
resolver would take for a file name); links written in Markdown whose text is an address get
the class too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import unescape
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString
from pymdownx.magiclink import RE_LINK, RE_MAIL, MagiclinkPattern

URL_CLASS = "sk-url"
#: Link text that is itself an address: no spaces, and a scheme, `www.` or a mail address.
_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|[^\s@]+@[^\s@]+\.)\S*$", re.IGNORECASE)


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
            link: Any = MagiclinkPattern(RE_LINK, md)
            link.config = {"hide_protocol": False}
            md.inlinePatterns.register(link, "sk-address", 85)
        if "magic-mail" not in md.inlinePatterns:
            md.inlinePatterns.register(_MailPattern(RE_MAIL, md), "sk-mail", 84.9)
        # After the inline patterns (20), before pretty-printing (10).
        md.treeprocessors.register(_MarkAddresses(md), "sk-mark-addresses", 15)
