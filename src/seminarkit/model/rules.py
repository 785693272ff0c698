"""Rules that span several keys of one exercise, reported as (key path, message)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..problems import KeyPath
from .answers import plain
from .exercises import (
    GAP_PATTERN,
    Cloze,
    ExerciseBase,
    Matching,
    Ordering,
    Quiz,
    RolePlay,
    Scenario,
    SelfAssessment,
)
from .gap_markup import Markup, find_markup

Finding = tuple[KeyPath, str] | tuple[KeyPath, str, int]
"""(key path, message), or with a character offset into the text value at that key path."""
_GAP = GAP_PATTERN


@dataclass(frozen=True)
class Gap:
    """One cloze gap: accepted answers, the first being the one printed in the key."""

    answers: tuple[str, ...]
    start: int
    end: int
    offsets: tuple[int, ...] = ()
    """Where each answer starts in the cloze text."""

    @property
    def answer(self) -> str:
        """The main answer."""
        return self.answers[0]


def cloze_gaps(text: str) -> list[Gap]:
    """Every `[[answer|alternative]]` gap of a cloze text, in order."""
    gaps = []
    for match in _GAP.finditer(text):
        answers: list[str] = []
        offsets: list[int] = []
        position = match.start(1)
        for part in match.group(1).split("|"):
            answers.append(part.strip())
            offsets.append(position + len(part) - len(part.lstrip()))
            position += len(part) + 1
        gaps.append(Gap(tuple(answers), match.start(), match.end(), tuple(offsets)))
    return gaps


def _quiz(exercise: Quiz) -> Iterator[Finding]:
    for index, question in enumerate(exercise.questions):
        correct = len(question.correct_indexes)
        path: KeyPath = ("questions", index, "options")
        if correct == 0:
            yield path, "no option is marked 'correct: true'; at least one must be"
        elif correct > 1 and not question.multiple:
            yield (
                ("questions", index),
                f"{correct} options are correct, but 'multiple' is not true; "
                "set 'multiple: true' or mark only one option correct",
            )
        texts = [option.text.strip() for option in question.options]
        for position, text in enumerate(texts):
            if text in texts[:position]:
                yield (*path, position, "text"), f'the option "{text}" appears twice'


def _cloze(exercise: Cloze) -> Iterator[Finding]:
    gaps = cloze_gaps(exercise.text)
    if not gaps:
        yield ("text",), "has no gaps; mark each gap as [[answer]] or [[answer|alternative]]"
    for number, gap in enumerate(gaps, start=1):
        if any(not plain(answer) for answer in gap.answers):
            yield (
                ("text",),
                f"gap {number} has an empty answer; write [[answer|alternative]]",
                gap.start,
            )
            continue
        if exercise.literal_gaps:
            continue
        for answer, offset in zip(gap.answers, gap.offsets, strict=True):
            markup = find_markup(answer)
            if markup is not None:
                message = _markup_message(number, gap, markup)
                yield ("text",), message, offset + markup.offset
                break
    masked = list(exercise.text)
    for gap in gaps:
        masked[gap.start : gap.end] = " " * (gap.end - gap.start)
    stray = re.search(r"\[\[|\]\]", "".join(masked))
    if stray:
        yield (
            ("text",),
            "a gap is opened with [[ but not closed with ]] (or the other way round)",
            stray.start(),
        )


def _markup_message(number: int, gap: Gap, markup: Markup) -> str:
    """Why formatting inside a gap is refused, and what to write instead (FORMAT.md)."""
    message = (
        f"gap {number} holds {markup.kind}, {markup.text}, that learners would have to type too"
    )
    if markup.kind.endswith("character reference"):
        character = html.unescape(markup.text)
        typed = plain(character)
        if not typed:
            advice = "write a space"
        elif typed != character:
            advice = f"write {typed} (a typed {character} counts the same)"
        else:
            advice = f"write {character} itself"
    elif markup.wrapped and gap.answers == (markup.text,):
        opening, inner, closing = markup.wrapped
        advice = f"put the formatting around the gap: {opening}[[{inner}]]{closing}"
    elif markup.kind.endswith("link"):
        advice = "put the link next to the gap"
    else:
        advice = "put the formatting around the gap"
    return f"{message}; {advice} (if they should type it, set 'literal_gaps: true')"


def _matching(exercise: Matching) -> Iterator[Finding]:
    lefts = [pair.left.strip() for pair in exercise.pairs]
    for index, left in enumerate(lefts):
        if left in lefts[:index]:
            yield ("pairs", index, "left"), f'the left item "{left}" appears twice'
    rights = {pair.right.strip() for pair in exercise.pairs}
    for index, extra in enumerate(exercise.distractors):
        if extra.strip() in rights:
            yield (
                ("distractors", index),
                f'"{extra}" is a right-hand item of a pair, so it cannot be a distractor',
            )
    if len(exercise.right_items) < 2:
        yield ("pairs",), "all pairs have the same right-hand item; there is nothing to match"


def _ordering(exercise: Ordering) -> Iterator[Finding]:
    items = [item.strip() for item in exercise.items]
    for index, item in enumerate(items):
        if item in items[:index]:
            yield ("items", index), f'the item "{item}" appears twice, so the order is ambiguous'


def _self_assessment(exercise: SelfAssessment) -> Iterator[Finding]:
    points = exercise.scale_points()
    lowest, highest = len(exercise.statements), len(exercise.statements) * points
    covered: dict[int, int] = {}
    for index, band in enumerate(exercise.evaluation):
        if band.min > band.max:
            yield ("evaluation", index), f"min {band.min} is greater than max {band.max}"
            continue
        if band.min < lowest or band.max > highest:
            yield (
                ("evaluation", index),
                f"the band {band.min} to {band.max} lies outside the possible totals "
                f"{lowest} to {highest} ({len(exercise.statements)} statements x "
                f"{points} scale points)",
            )
        overlap = [total for total in range(band.min, band.max + 1) if total in covered]
        if overlap:
            other = covered[overlap[0]]
            yield (
                ("evaluation", index),
                f"totals {_span(overlap)} are covered by evaluation[{other}] too; "
                "bands must not overlap",
            )
        for total in range(band.min, band.max + 1):
            covered.setdefault(total, index)
    missing = [total for total in range(lowest, highest + 1) if total not in covered]
    if missing:
        yield (
            ("evaluation",),
            f"totals {_span(missing)} are not covered by any band; the bands must cover "
            f"every total from {lowest} to {highest} exactly once",
        )


def _span(totals: list[int]) -> str:
    """Render sorted totals as `3 to 5, 9`."""
    runs: list[str] = []
    start = previous = totals[0]
    for total in [*totals[1:], None]:
        if total is not None and total == previous + 1:
            previous = total
            continue
        runs.append(str(start) if start == previous else f"{start} to {previous}")
        if total is not None:
            start = previous = total
    return ", ".join(runs)


def _scenario(exercise: Scenario) -> Iterator[Finding]:
    texts = [choice.text.strip() for choice in exercise.choices]
    for index, text in enumerate(texts):
        if text in texts[:index]:
            yield ("choices", index, "text"), f'the choice "{text}" appears twice'


def _role_play(exercise: RolePlay) -> Iterator[Finding]:
    total = sum(phase.minutes for phase in exercise.phases)
    if total != exercise.duration:
        yield (
            ("duration",),
            f"phases add up to {total} minutes, but duration is {exercise.duration}",
        )
    names = [role.name.strip() for role in exercise.roles]
    for index, name in enumerate(names):
        if name in names[:index]:
            yield ("roles", index, "name"), f'the role "{name}" appears twice'


_RULES: dict[type[ExerciseBase], Callable[..., Iterator[Finding]]] = {
    Quiz: _quiz,
    Cloze: _cloze,
    Matching: _matching,
    Ordering: _ordering,
    SelfAssessment: _self_assessment,
    Scenario: _scenario,
    RolePlay: _role_play,
}


def check_exercise(exercise: ExerciseBase) -> list[Finding]:
    """Every cross-key rule the exercise breaks."""
    rule = _RULES.get(type(exercise))
    return list(rule(exercise)) if rule else []
