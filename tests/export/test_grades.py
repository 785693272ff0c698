"""Splitting 100 % over several answers with Moodle's grade steps."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seminarkit.export.grades import percent, split_hundred

from .moodle_format import is_moodle_fraction


@pytest.mark.parametrize("count", range(1, 21))
def test_every_count_up_to_twenty_adds_up_to_100(count: int) -> None:
    steps = split_hundred(count)
    assert steps is not None and len(steps) == count
    assert abs(sum(steps) - 100) < Decimal("0.001")
    assert all(is_moodle_fraction(percent(step)) for step in steps)
    assert max(steps) - min(steps) <= 5


@pytest.mark.parametrize("count", [0, 21, 40])
def test_impossible_counts(count: int) -> None:
    assert split_hundred(count) is None


def test_even_splits_where_moodle_has_the_step() -> None:
    assert split_hundred(3) == [Decimal("33.33333")] * 3
    assert split_hundred(7) == [Decimal("14.28571")] * 7
    assert split_hundred(11) == [Decimal(10)] * 9 + [Decimal(5)] * 2


@pytest.mark.parametrize(
    ("value", "text"),
    [("100", "100"), ("33.33333", "33.33333"), ("12.50", "12.5"), ("-50", "-50"), ("0", "0")],
)
def test_percent_is_written_like_moodle(value: str, text: str) -> None:
    assert percent(Decimal(value)) == text
