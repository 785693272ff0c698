"""Gap answers in Chromium as people type them, and the browser's normaliser against Python's.

The real-world course (tests/fixtures/realworld, page docs/gaps.md) is built once; each round
types into one cloze exercise of it in a fresh profile, presses Check and reads the marks.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator

import pytest
import yaml
from playwright.sync_api import Page, expect

from seminarkit.model.answers import normal

from ..conftest import FIXTURES, IGNORED, REPO
from ..model.test_answers import DIFFERENT, SAME
from .conftest import Session, WebRoot, build

RIGHT, WRONG, EMPTY = "Correct.", "Not quite.", "Not answered."
SCRIPT = REPO / "src" / "seminarkit" / "assets" / "seminarkit.js"


@pytest.fixture(scope="module")
def realworld_site(web_root: WebRoot, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The real-world course, built (without PDFs, which this module does not read)."""
    course = tmp_path_factory.mktemp("realworld") / "course"
    shutil.copytree(FIXTURES / "realworld", course, ignore=IGNORED)
    config_file = course / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"] = [
        {"seminarkit": {"pdf": False}} if plugin == "seminarkit" else plugin
        for plugin in config["plugins"]
    ]
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(course, web_root.path / "realworld")
    return "realworld"


# (exercise, what is typed into each gap, the mark each gap gets)
ROUNDS = [
    pytest.param(
        "gaps-typed",
        [
            "don\u2019t",
            "New York",
            "Sa\u0303o Paulo",
            "\u201cmaybe\u201d",
            "rock \u2018n\u2019 roll",
            "Color",
        ],
        [RIGHT] * 6,
        id="iphone-english",
    ),
    pytest.param(
        "gaps-typed",
        [
            "don\u00b4t",
            "New\u00a0York",
            "s\u00e3o paulo",
            "\u201emaybe\u201c",
            "rock \u201an\u2018 roll",
            " colour\t",
        ],
        [RIGHT] * 6,
        id="german-keyboard-and-word",
    ),
    pytest.param(
        "gaps-typed",
        [
            "don\u2032t",
            "New\u202fYork",
            "S\u00c3O PAULO",
            "\u00abmaybe\u00bb",
            "rock \u02bcn\u02bc roll",
            "colou r",
        ],
        [RIGHT] * 5 + [WRONG],
        id="primes-guillemets-narrow-space",
    ),
    pytest.param(
        "gaps-typed",
        ["  don't  ", "New \t York", "S\u00e3o \u00a0 Paulo", '"maybe"', "rock 'n'  roll", "color"],
        [RIGHT] * 6,
        id="spaces-and-tabs",
    ),
    pytest.param(
        "gaps-typed",
        ["dont", "NewYork", "Sao Paulo", "maybe", "rock n roll", ""],
        [WRONG] * 5 + [EMPTY],
        id="really-wrong",
    ),
    pytest.param(
        "gaps-german",
        [
            "Z\u00fcrich",
            "M\u00fcllerstra\u00dfe",
            "z. B.",
            "10 000 \u20ac",
            '"Netzwerk statt Zufall"',
            "geht's",
            "\u00df",
            "Haus",
            "ls",
        ],
        [RIGHT] * 9,
        id="composed-and-plain-for-decomposed-and-typographic",
    ),
    pytest.param(
        "gaps-german",
        [
            "Z\u00dcRICH",
            "m\u00fcllerstrasse",
            "z.B.",
            "10000 \u20ac",
            "\u201cNetzwerk statt Zufall\u201d",
            "GEHT\u00b4S",
            "ss",
            "**Haus**",
            " LS ",
        ],
        [RIGHT, WRONG, WRONG, WRONG, RIGHT, RIGHT, WRONG, WRONG, RIGHT],
        id="case-but-not-spelling",
    ),
    pytest.param(
        "gaps-case",
        ["berlin", "iphone", "z\u00fcrich"],
        [WRONG] * 3,
        id="case-sensitive-wrong-case",
    ),
    pytest.param(
        "gaps-case",
        [" Berlin\u00a0", "iPhone", "Zu\u0308rich"],
        [RIGHT] * 3,
        id="case-sensitive-right-case",
    ),
    pytest.param(
        "gaps-code",
        [
            "&&",
            "C++",
            "*",
            "*.txt",
            "2*3*4",
            "~/",
            "#",
            "//",
            "C:\\Temp\\",
            "}",
            "=",
            '"',
            "\u2019",
            "2>&1",
            "<stdio.h>",
            "100%",
            "{1:SA:=x}",
            "&",
        ],
        [RIGHT] * 18,
        id="code-characters",
    ),
    pytest.param(
        "gaps-code",
        [
            "&",
            "c++",
            "x",
            "*.TXT",
            "2*3",
            "~",
            "##",
            "/",
            "C:\\Temp",
            "{",
            "===",
            "'",
            '"',
            "2>1",
            "stdio.h",
            "100",
            "{1:SA:=y}",
            "&&",
        ],
        [WRONG] * 18,
        id="code-characters-wrong",
    ),
    pytest.param(
        "gaps-markup",
        ["**fett**", "_kursiv_", "`code`", "<b>fett</b>", "&amp;", "__init__"],
        [RIGHT] * 6,
        id="literal-markup",
    ),
    pytest.param(
        "gaps-markup",
        ["fett", "kursiv", "code", "fett", "&", "init"],
        [WRONG] * 6,
        id="literal-markup-without-markup",
    ),
]


@pytest.mark.parametrize(("exercise", "typed", "expected"), ROUNDS)
def test_typed_answers_are_marked_as_people_read_them(
    session: Session,
    web_root: WebRoot,
    realworld_site: str,
    exercise: str,
    typed: list[str],
    expected: list[str],
) -> None:
    page = session.page(web_root.http(realworld_site, "gaps.html"))
    cloze = page.locator(f"#ex-{exercise}")
    gaps = cloze.locator(".sk-gap")
    expect(gaps).to_have_count(len(typed))
    for number, value in enumerate(typed, start=1):
        cloze.get_by_label(f"Gap {number}", exact=True).fill(value)
    cloze.get_by_role("button", name="Check", exact=True).click()
    expect(cloze.locator(".sk-mark")).to_have_text(expected)
    right = expected.count(RIGHT)
    expect(cloze.locator(".sk-feedback")).to_contain_text(
        "All correct" if right == len(expected) else f"{right} of {len(expected)} correct"
    )


def _code_points() -> Iterator[str]:
    """Every character Python's Unicode database has assigned, outside surrogates and private
    use, in planes 0 and 1 (later Unicode versions in Chromium could know more)."""
    for code in range(0x20000):
        char = chr(code)
        if unicodedata.category(char) not in ("Cn", "Cs", "Co"):
            yield char


def _table() -> list[str]:
    """Each character in a short word, then the hand-made cases of the unit tests."""
    table = [f" A{char}b\u00a0" for char in _code_points()]
    table += [
        "ΟΔΟΣ",
        "ΟΔΟΣ ΟΔΟΣ.",
        "İstanbul",
        "Straße STRASSE ẞ",
        "ǰ J\u030c",
        "Ａ\uff07Ｂ",
        "u\u00ad\u0308",
        " \u200b \ufeff ",
        "\x1c\x1dx\x1e\x1f",
    ]
    for pair in (*SAME, *DIFFERENT):
        table += list(pair)
    return table


#: Joins the table into one string for the trip to Chromium: a noncharacter, in no entry.
SEPARATOR = "\uffff"


def _browser_normal(page: Page, inputs: list[str], exact: bool) -> list[str]:
    """`normal` exactly as seminarkit.js ships it, run in Chromium over `inputs`."""
    match = re.search(r"^const normal = .*?^};$", SCRIPT.read_text(encoding="utf-8"), re.M | re.S)
    assert match, "seminarkit.js no longer defines `const normal = (value, exact) => {...};`"
    assert not any(SEPARATOR in value for value in inputs)
    result: str = page.evaluate(
        "([source, joined, separator, exact]) => {"
        "  const normal = new Function(`${source}\\nreturn normal;`)();"
        "  return joined.split(separator).map((value) => normal(value, exact)).join(separator);"
        "}",
        [match.group(0), SEPARATOR.join(inputs), SEPARATOR, exact],
    )
    return result.split(SEPARATOR)


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_browser_and_python_normalise_alike(
    session: Session, web_root: WebRoot, realworld_site: str, case_sensitive: bool
) -> None:
    page = session.page(web_root.http(realworld_site, "gaps.html"))
    table = _table()
    assert len(table) > 75_000
    browser = _browser_normal(page, table, case_sensitive)
    python = [normal(value, case_sensitive) for value in table]
    differing = [
        (value, ours, theirs)
        for value, ours, theirs in zip(table, python, browser, strict=True)
        if ours != theirs
    ]
    assert differing == []
