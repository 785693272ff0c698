"""The agenda as an iCalendar file (RFC 5545), one event per block, for seminars with dates."""

from __future__ import annotations

import datetime as dt
import os
import re

from . import __version__
from .i18n import minutes as minutes_text
from .i18n import translator
from .mdrender import MarkdownRenderer
from .model.agenda import Agenda, clock_of
from .model.course import Course

DEFAULT_STAMP = 946684800
"""DTSTAMP when SOURCE_DATE_EPOCH is not set, so unchanged input gives an identical file."""


def escape_text(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and line breaks."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
            limit = 74  # continuation lines start with a space
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _local(date: str, minutes: int) -> str:
    day = dt.date.fromisoformat(date) + dt.timedelta(days=minutes // 1440)
    return f"{day:%Y%m%d}T{clock_of(minutes % 1440).replace(':', '')}00"


def agenda_to_ics(course: Course, agenda: Agenda) -> str | None:
    """The calendar, or None when the schedule has no dates."""
    if not all(day.date for day in agenda.days) or not agenda.days:
        return None
    t = translator(course.language)
    plain = MarkdownRenderer(course.config.markdown_extensions, course.config.mdx_configs).plain
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_STAMP))
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    domain = re.sub(r"[^a-z0-9]+", "-", course.config.site_name.lower()).strip("-") or "course"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//seminarkit//seminarkit {__version__}//{course.language.upper()}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(course.config.site_name)}",
    ]
    for day in agenda.days:
        assert day.date is not None
        for index, row in enumerate(day.rows, start=1):
            block = row.block
            title = f"{t('input')}: {block.title}" if block.kind == "input" else block.title
            if block.markdown:  # authors' titles and materials are inline Markdown: plain here
                title = plain(title)
            details = [minutes_text(block.minutes, course.language)]
            if block.kind != "break":
                details.insert(0, t(f"mode.{block.mode}"))
            if block.materials:
                details.append(f"{t('materials')}: {', '.join(map(plain, block.materials))}")
            lines += [
                "BEGIN:VEVENT",
                f"UID:{day.date.replace('-', '')}-{index:03d}@{domain}.seminarkit",
                f"DTSTAMP:{stamp}",
                f"DTSTART:{_local(day.date, row.start)}",
                f"DTEND:{_local(day.date, row.end)}",
                f"SUMMARY:{escape_text(title)}",
                f"DESCRIPTION:{escape_text(' · '.join(details))}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
