"""The quick paths `seminarkit check` takes on most files give what the thorough ones give:
the plain YAML walk (yamlsource._plain) and the byte-wise test for image markers."""

from __future__ import annotations

import sys
import time

import pytest
import yaml

from seminarkit.image_files import _MAY_LOAD, may_show_images, might_load_files
from seminarkit.yamlsource import _ANCHOR, _Builder, _Loader, _plain_or_none, parse_yaml

FILE = "exercises/x.yml"

#: Documents the plain walk takes (no anchor), with every kind of scalar and nesting.
PLAIN = [
    "type: quiz\ntitle: Q&A zu Netzwerken\nduration: 5\n",
    "text: Trenn&shy;strich & mehr\nn: [1, -2, +3, 0x1F, 0o17, 1.5, .5, 1e3, -.inf]\n",
    "a: [yes, no, on, off, ~, null, Null, '', true, False, TRUE]\nb: {c: [d, {e: f}]}\n",
    "a: |\n  Block\n  text\nb: >\n  folded\n  text\nc: 'single'\nd: \"double\\u00fc\"\n",
    "- 1\n- - 2\n  - [3, {x: 4}]\n",
    "5",
    "~",
    "plain text",
    "x: " + "[" * 60 + "]" * 60 + "\n",
    "1: one\n2.5: two\nnull: three\n",
    "a: !!str 5\nb: !!map {c: 1}\nc: !!seq [1]\n",
]

#: Documents the plain walk must leave to `_Builder` (it reports something or counts aliases).
NOT_PLAIN = [
    "a: 1\na: 2\n",
    "? [x]\n: 1\n",
    "a: !!int 5\n",
    "a: !foo x\n",
    "a: !!python/object:os.system x\n",
    "x: " + "[" * 300 + "]" * 300 + "\n",
    "x: &a [1]\ny: *a\n",
    "{1: a, 1: b}",
]


def _built(text: str) -> tuple[object, list[str]]:
    """The data and problems of the thorough builder alone."""
    root = yaml.compose(text, Loader=_Loader)
    builder = _Builder(FILE, False)
    return builder.build(root, ()), [str(problem) for problem in builder.problems]


def _same(left: object, right: object) -> None:
    """Equal, with the same types all the way down (1 == 1.0 == True would pass `==`)."""
    assert type(left) is type(right), (left, right)
    if isinstance(left, dict) and isinstance(right, dict):
        assert list(left) == list(right)
        for key in left:
            _same(left[key], right[key])
    elif isinstance(left, list) and isinstance(right, list):
        assert len(left) == len(right)
        for one, other in zip(left, right, strict=True):
            _same(one, other)
    else:
        assert left == right


@pytest.mark.parametrize("text", PLAIN)
def test_plain_walk_builds_what_the_builder_builds(text: str) -> None:
    root = yaml.compose(text, Loader=_Loader)
    fast = _plain_or_none(root)
    data, problems = _built(text)
    assert problems == []
    if data is not None:
        assert fast is not None
        _same(fast, data)
    document, found = parse_yaml(text, FILE)
    assert found == []
    _same(document.data, data)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_plain_walk_leaves_problems_and_aliases_to_the_builder(text: str) -> None:
    root = yaml.compose(text, Loader=_Loader)
    if _ANCHOR.search(text) is None:
        assert _plain_or_none(root) is None
    document, found = parse_yaml(text, FILE)
    if document.data is not None:
        data, problems = _built(text)
        _same(document.data, data)
        assert [str(problem) for problem in found] == problems


def test_positions_of_a_plainly_read_file_are_found_later() -> None:
    text = "type: quiz\ntitle: T\nquestions:\n  - text: Q\n    options:\n      - text: A\n"
    document, _ = parse_yaml(text, FILE)
    assert document.mark(("questions", 0, "options", 0, "text")) == (6, 15)
    assert document.mark(("questions",), key=True) == (3, 1)


@pytest.mark.parametrize(
    "anchored",
    [
        "a: &x 1\n",
        "&x a: 1\n",
        "- &x 1\n",
        "[&x 1, *x]",
        "{a: &x 1, b: *x}",
        "[1,&x 2]",
        "{? &x a : 1}",
        "a: [ &x 1]\n",
        "a: !!str &x 1\n",
        "&x\na: 1\n",
    ],
)
def test_every_anchor_is_seen(anchored: str) -> None:
    """Where libyaml reads an anchor, `_ANCHOR` finds one: the plain walk never expands
    aliases (a bomb would run in it unchecked)."""
    events = list(yaml.parse(anchored, Loader=_Loader))
    assert any(getattr(event, "anchor", None) for event in events)
    assert _ANCHOR.search(anchored)


@pytest.mark.parametrize("text", ["Q&A", "Trenn&shy;strich", "A & B", "&", "a: b&c\n"])
def test_ampersands_that_are_no_anchor_keep_the_plain_walk(text: str) -> None:
    assert _ANCHOR.search(text) is None


def test_alias_bomb_in_flow_style_right_after_brackets_is_refused() -> None:
    lines = ["a: [&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: [&{name} [" + ",".join([f"*{previous}"] * 9) + "]]")
    started = time.process_time()
    _, problems = parse_yaml("\n".join(lines) + "\n", FILE)
    assert len(problems) == 1 and "alias bomb" in problems[0].message
    assert time.process_time() - started < 5


def test_no_other_character_lowers_to_a_marker_letter() -> None:
    """`might_load_files` lowers ASCII letters only; no other character lowers to one of the
    markers' letters, so `str.lower` would find no more markers."""
    letters = {chr(byte) for marker in _MAY_LOAD for byte in marker if chr(byte).isalpha()}
    others = [
        hex(code)
        for code in range(128, sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and letters & set(chr(code).lower())
    ]
    assert others == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Größe <IMG SRC='a.png'>", True),
        ("![Plan](plan.png)", True),
        ("background: URL(x.png)", True),
        ('<a HREF="x">', True),
        ("ATTACHMENT", True),
        ("Übung ohne Bild, Straße, İstanbul, K", False),
        ("Grüße", False),
    ],
)
def test_marker_test_is_case_blind_on_any_text(text: str, expected: bool) -> None:
    assert might_load_files(text) is expected
    assert might_load_files(text.encode("utf-8")) is expected
    assert any(marker.decode() in text.lower() for marker in _MAY_LOAD) is expected
    assert may_show_images(text.encode("utf-8")) is expected
    assert may_show_images(b'text: "\\x3cimg"') is True
