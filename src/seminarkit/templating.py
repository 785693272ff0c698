"""The Jinja environment shared by every output: course templates first, then the built-in ones."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from . import i18n
from .mdrender import MarkdownRenderer
from .model.rules import Gap, cloze_gaps

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
T = TypeVar("T")


def shuffled(items: Sequence[T], seed: str, *, keep_original: bool = True) -> list[T]:
    """`items` in one of their orders, picked uniformly at random by `seed`.

    Every order of the n items is equally likely, the original one included. With
    `keep_original=False` the original order never comes back and each of the other n! - 1 is
    equally likely (for an ordering exercise, whose original order is its solution).

    The same seed gives the same order in every process, build, Python version and output, so
    the web page and the paper show one order. No `random`, whose `shuffle` may change between
    Python versions: a SHAKE-256 digest of the seed, 128 bits longer than n!, is taken modulo the
    number of orders (bias below 2**-128) and that rank is read as a permutation in the
    factorial number system (Lehmer code); rank 0 is the original order.
    """
    pool = list(items)
    orders = math.factorial(len(pool))
    skip = 0 if keep_original or orders < 2 else 1
    size = (orders.bit_length() + 128 + 7) // 8
    digest = hashlib.shake_256(f"seminarkit-shuffle:{seed}".encode()).digest(size)
    rank = skip + int.from_bytes(digest, "big") % (orders - skip)
    result: list[T] = []
    for remaining in range(len(pool), 0, -1):
        orders //= remaining
        index, rank = divmod(rank, orders)
        result.append(pool.pop(index))
    return result


def letters(count: int) -> list[str]:
    """`A`, `B`, ... for matching columns."""
    return [chr(ord("A") + index) for index in range(count)]


def render_cloze(text: str, renderer: MarkdownRenderer, gap: Callable[[int, Gap], Any]) -> Markup:
    """Cloze Markdown with each gap replaced by whatever `gap(number, Gap)` returns."""
    gaps = cloze_gaps(text)
    tokens = [f"SKGAPTOKEN{index}X" for index in range(len(gaps))]
    pieces: list[str] = []
    cursor = 0
    for token, item in zip(tokens, gaps, strict=True):
        pieces.append(text[cursor : item.start])
        pieces.append(token)
        cursor = item.end
    pieces.append(text[cursor:])
    html = str(renderer.block("".join(pieces)))
    for number, (token, item) in enumerate(zip(tokens, gaps, strict=True), start=1):
        html = html.replace(token, str(gap(number, item)), 1)
    return Markup(html)


def gap_width(text: str) -> int:
    """Characters for every gap of a cloze: its longest accepted answer plus room, at least 6."""
    longest = max((len(answer) for gap in cloze_gaps(text) for answer in gap.answers), default=0)
    return max(longest + 2, 6)


@dataclass(frozen=True)
class MapGeometry:
    """Circles, sector lines and label positions of a network map drawing."""

    width: int
    height: int
    view_box: str
    """`min-x min-y width height`: the drawing and its labels (wider than `width` by the room
    long sector labels need beside the rings)."""
    cx: float
    cy: float
    rings: list[tuple[float, str, float]]
    """(radius, label, label y) from inner to outer."""
    me_radius: float
    spokes: list[tuple[float, float]]
    """End points of the sector dividing lines."""
    sectors: list[tuple[list[str], float, float, str, int]]
    """(label lines, x, y, text-anchor, lift) just outside the outer ring. `y` is the first line's
    baseline; a label above the middle is lifted by `lift` lines (1.2 em each, so the lines grow
    with the font a stylesheet gives them) to end at `y`."""


def _wrap(label: str, width: int = 12) -> list[str]:
    """Split a long label into two lines at the space nearest its middle."""
    if len(label) <= width or " " not in label:
        return [label]
    spaces = [index for index, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda index: abs(index - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


#: Estimated width of a character of a bold sans-serif label, in em (DejaVu Sans Bold, the
#: widest common fallback, averages about 0.62 em over Latin text).
LABEL_EM = 0.62


def map_geometry(
    rings: Sequence[str], sectors: Sequence[str], label_size: float = 15
) -> MapGeometry:
    """Lay out a network map: concentric rings, sector spokes, labels beside the outer ring.

    `label_size`: the largest font size (user units) a stylesheet gives the labels; the view box
    grows until every label fits at that size (estimated at `LABEL_EM` per character).
    """
    width, height, outer = 620, 620, 245.0
    cx, cy = width / 2, height / 2
    me_radius = outer / (len(rings) + 1) * 0.55
    step = (outer - me_radius * 1.6) / len(rings)
    circles = []
    for index, label in enumerate(rings):
        radius = me_radius * 1.6 + step * (index + 1)
        circles.append((round(radius, 1), label, round(cy - radius + step / 2 + 5, 1)))
    spokes: list[tuple[float, float]] = []
    labels: list[tuple[list[str], float, float, str, int]] = []
    count = len(sectors)
    for index, label in enumerate(sectors):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        spokes.append(
            (round(cx + outer * math.cos(angle), 1), round(cy + outer * math.sin(angle), 1))
        )
        middle = angle + math.pi / count
        x = cx + (outer + 12) * math.cos(middle)
        y = cy + (outer + 12) * math.sin(middle)
        cos = math.cos(middle)
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        lines = _wrap(label)
        lift = len(lines) - 1 if math.sin(middle) < 0.2 else 0
        labels.append((lines, round(x, 1), round(y + 5, 1), anchor, lift))
    left, top, right, bottom = 0.0, 0.0, float(width), float(height)
    for lines, x, y, anchor, lift in labels:
        wide = max(len(line) for line in lines) * LABEL_EM * label_size
        start = x - {"start": 0, "middle": wide / 2, "end": wide}[anchor]
        left, right = min(left, start - 4), max(right, start + wide + 4)
        top = min(top, y - (lift + 1) * 1.2 * label_size)
        bottom = max(bottom, y + (len(lines) - lift) * 1.2 * label_size)
    for _, label, _ in circles:
        wide = len(label) * LABEL_EM * label_size
        left, right = min(left, cx - wide / 2 - 4), max(right, cx + wide / 2 + 4)
    box = [round(value, 1) for value in (left, top, right - left, bottom - top)]
    return MapGeometry(
        width=width,
        height=height,
        view_box=" ".join(f"{value:g}" for value in box),
        cx=cx,
        cy=cy,
        rings=circles,
        me_radius=round(me_radius, 1),
        spokes=spokes if count > 1 else [],
        sectors=labels,
    )


def objectives_html(env: Environment, objectives: Sequence[str]) -> str:
    """A lesson's objectives as the box `partials/objectives.html` makes (empty without any).

    The macro comes from the template's module, which Jinja compiles once per environment and
    template version (a page no longer compiles a template of its own)."""
    box = env.get_template("partials/objectives.html").module.objectives_box  # type: ignore[attr-defined]
    return str(box(list(objectives))).strip()


def under_title(html: str, box: str) -> str:
    """`box` right after the page's first `<h1>` element, or first when there is none."""
    end = html.find("</h1>")
    if not box:
        return html
    if end < 0:
        return box + "\n" + html
    end += len("</h1>")
    return html[:end] + "\n" + box + html[end:]


def template_dirs(course_root: Path | None, templates_dir: str = "templates") -> list[Path]:
    """Where templates are looked up, first match wins: the course's folder, then built-in."""
    dirs: list[Path] = []
    if course_root is not None:
        own = course_root / templates_dir
        if own.is_dir() and own.resolve() != BUILTIN_TEMPLATES.resolve():
            dirs.append(own)
    dirs.append(BUILTIN_TEMPLATES)
    return dirs


def make_environment(
    language: str,
    renderer: MarkdownRenderer,
    course_root: Path | None = None,
    templates_dir: str = "templates",
) -> Environment:
    """A Jinja environment with autoescape, StrictUndefined and seminarkit's helpers."""
    loader = ChoiceLoader(
        [FileSystemLoader(str(path)) for path in template_dirs(course_root, templates_dir)]
    )
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    lang = i18n.normalise_language(language)
    env.globals.update(
        t=i18n.translator(lang),
        language=lang,
        default_list=lambda name: i18n.default_list(name, lang),
        shuffled=shuffled,
        letters=letters,
        map_geometry=map_geometry,
        cloze=lambda text, gap: render_cloze(text, renderer, gap),
        gaps=cloze_gaps,
        gap_width=gap_width,
        zip=zip,
    )
    env.filters.update(
        md=renderer.block,
        md_inline=renderer.inline,
        md_text=renderer.text,
        md_plain=renderer.plain,
        minutes=lambda count: i18n.minutes(int(count), lang),
        md_escape=escape_markdown_cell,
        date=lambda value: i18n.format_date(value, lang),
    )
    return env


def escape_markdown_cell(text: Any) -> str:
    """Text safe for a Markdown table cell or link label."""
    value = str(escape(str(text)))
    for char in ("\\", "|", "[", "]", "*", "_", "`"):
        value = value.replace(char, "\\" + char)
    return value.replace("\n", " ")
