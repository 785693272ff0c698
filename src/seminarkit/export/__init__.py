"""LMS export: the auto-checkable exercises as a Moodle question bank, in Moodle XML and GIFT,
and as an IMS QTI 2.1 content package.

`export_moodle(course)`, `export_gift(course)` and `export_qti(course)` take a loaded, valid
course and return an `ExportResult`: the file's text (or the package's bytes), the exercises
exported, and every one skipped with a reason.
Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.course import Course
from .gift import export_gift
from .moodle import export_moodle
from .qti import export_qti
from .result import ExportResult

#: Format name -> (exporter, file name). Moodle's GIFT import accepts only `.txt` files
#: (MIME type text/plain), so the GIFT file ends in `.gift.txt`.
EXPORTS: dict[str, tuple[Callable[[Course], ExportResult], str]] = {
    "moodle": (export_moodle, "moodle.xml"),
    "gift": (export_gift, "moodle.gift.txt"),
    "qti": (export_qti, "qti21.zip"),
}

__all__ = ["EXPORTS", "ExportResult", "export_gift", "export_moodle", "export_qti"]
