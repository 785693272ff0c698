"""Moodle's grade steps and how to split 100 % over several answers with them (no I/O)."""

from __future__ import annotations

from decimal import Decimal

#: The positive grades Moodle accepts for an answer, in percent, as `question_bank` lists them
#: (p/q for q <= 6, tenths, 1/q for q <= 10, and 1/20), highest first. An import that uses
#: another value fails unless the trainer picks "nearest grade".
GRADE_STEPS: tuple[Decimal, ...] = tuple(
    Decimal(step)
    for step in (
        "100",
        "90",
        "83.33333",
        "80",
        "75",
        "70",
        "66.66667",
        "60",
        "50",
        "40",
        "33.33333",
        "30",
        "25",
        "20",
        "16.66667",
        "14.28571",
        "12.5",
        "11.11111",
        "10",
        "5",
    )
)
#: How far a sum of grade steps may miss 100 (three sevenths of 14.28571 are 99.99997).
_TOLERANCE = Decimal("0.001")
HUNDRED = Decimal(100)


def split_hundred(count: int) -> list[Decimal] | None:
    """`count` grade steps that add up to 100, as even as Moodle allows; None if impossible."""
    if count < 1:
        return None
    for step in GRADE_STEPS:
        if abs(step * count - HUNDRED) <= _TOLERANCE:
            return [step] * count
    best: tuple[Decimal, int, Decimal, Decimal] | None = None
    for high in GRADE_STEPS:
        for low in GRADE_STEPS:
            if low >= high:
                continue
            for highs in range(1, count):
                total = high * highs + low * (count - highs)
                if abs(total - HUNDRED) <= _TOLERANCE:
                    candidate = (high - low, highs, high, low)
                    if best is None or candidate[:2] < best[:2]:
                        best = candidate
    if best is None:
        return None
    _, highs, high, low = best
    return [high] * highs + [low] * (count - highs)


def percent(value: Decimal) -> str:
    """A grade as Moodle writes it: `100`, `33.33333`, `-50`, `0`."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
