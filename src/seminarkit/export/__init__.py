"""LMS export: the auto-checkable exercises as a Moodle question bank, in Moodle XML and GIFT.

`export_moodle(course)` and `export_gift(course)` take a loaded, valid course and return an
`ExportResult`: the file's text, the exercises exported, and every one skipped with a reason.
Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.course import Course
from .gift import export_gift
from .moodle import export_moodle
from .result import ExportResult

#: Format name -> (exporter, file name). Moodle's GIFT import accepts only `.txt` files
#: (MIME type text/plain), so the GIFT file ends in `.gift.txt`.
EXPORTS: dict[str, tuple[Callable[[Course], ExportResult], str]] = {
    "moodle": (export_moodle, "moodle.xml"),
    "gift": (export_gift, "moodle.gift.txt"),
}

__all__ = ["EXPORTS", "ExportResult", "export_gift", "export_moodle"]
