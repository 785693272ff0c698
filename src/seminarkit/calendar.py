"""The agenda as an iCalendar file (RFC 5545) for seminars with dates: one event per seminar day,
from its first start to its last end, its running order (clock times, every block and break) in
the description."""

from __future__ import annotations

import datetime as dt
import os
import re

from . import __version__
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
        if not day.rows:
            continue
        summary = course.config.site_name
        if len(agenda.days) > 1:
            summary += f" · {t('day')} {day.number}"
        running: list[str] = []
        for row in day.rows:
            block = row.block
            title = f"{t('input')} – {block.title}" if block.kind == "input" else block.title
            if block.markdown:  # authors' titles and materials are inline Markdown: plain here
                title = plain(title)
            if block.materials:
                title += f" · {t('materials')}: {', '.join(map(plain, block.materials))}"
            running.append(f"{row.start_clock}–{row.end_clock} {title}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{day.date.replace('-', '')}@{domain}.seminarkit",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_local(day.date, min(row.start for row in day.rows))}",
            f"DTEND:{_local(day.date, max(row.end for row in day.rows))}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(chr(10).join(running))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
