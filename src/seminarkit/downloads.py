"""Fill in size and page count of each PDF on the pages that list the downloads."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .files import write_atomically
from .i18n import translator

if TYPE_CHECKING:  # the PDF builder is imported only by a build that makes PDFs
    from .print.pdf import BuiltPdf

_META = re.compile(r'(<span class="sk-downloads__meta" data-sk-download="([^"]+)">)(</span>)')


def describe(pdf: BuiltPdf, language: str) -> str:
    """`(12 Seiten, 340 KB)` in the course language."""
    t = translator(language)
    pages = t("page_one") if pdf.pages == 1 else t("pages")
    size = f"{pdf.size / 1024:.0f} KB" if pdf.size < 1024 * 1024 else f"{pdf.size / 1048576:.1f} MB"
    if language == "de":
        size = size.replace(".", ",")
    return f"({pdf.pages} {pages}, {size})"


def fill_download_facts(pages: Iterable[Path], built: list[BuiltPdf], language: str) -> int:
    """Write the facts into every built page that lists downloads; returns pages changed."""
    facts = {pdf.filename: describe(pdf, language) for pdf in built}
    changed = 0
    for page in pages:
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        filled = _META.sub(lambda m: m.group(1) + facts.get(m.group(2), "") + m.group(3), html)
        if filled != html:
            write_atomically(page, filled.encode("utf-8"))
            changed += 1
    return changed
