"""Dates as the course language writes them (Babel's CLDR long format), in every output."""

from __future__ import annotations

import pytest

from seminarkit.i18n import format_date
from seminarkit.loader import load_course
from seminarkit.mdrender import MarkdownRenderer
from seminarkit.templating import make_environment

from .conftest import FIXTURE_COURSE


@pytest.mark.parametrize(
    ("iso", "language", "written"),
    [
        ("2027-03-12", "de", "12. März 2027"),
        ("2027-03-12", "en", "March 12, 2027"),
        ("2027-12-01", "de-AT", "1. Dezember 2027"),
        ("2028-02-29", "fr", "February 29, 2028"),  # unknown languages fall back to English
        ("12. März 2027", "en", "12. März 2027"),  # written out by the author: kept as it is
        ("", "de", ""),
    ],
)
def test_format_date(iso: str, language: str, written: str) -> None:
    assert format_date(iso, language) == written


@pytest.mark.parametrize(
    ("language", "caption"),
    [("de", "Tag 2 · 13. März 2027"), ("en", "Day 2 · March 13, 2027")],
)
def test_agenda_captions_write_the_date_out(language: str, caption: str) -> None:
    """The agenda partial (web page, reader, trainer guide) through the shared `date` filter."""
    course = load_course(FIXTURE_COURSE)
    env = make_environment(language, MarkdownRenderer([], {}))
    assert env.from_string("{{ '2027-03-12'|date }}").render() == format_date(
        "2027-03-12", language
    )
    html = env.from_string(
        '{% from "partials/agenda.html" import agenda_tables %}{{ agenda_tables(agenda) }}'
    ).render(agenda=course.agenda())
    assert caption in html and "2027-03-13" not in html
