"""Markdown or HTML inside a gap is refused at its file, line and column; plain text is not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from seminarkit.cli import main
from seminarkit.loader import parse_exercise
from seminarkit.model.gap_markup import find_markup

from ..conftest import FIXTURES, IGNORED

FILE = "exercises/sample.yml"
HEAD = "type: cloze\ntitle: T\nduration: 5\n"

# (gap content, what is found, the advice that must be in the message)
REFUSED = [
    ("**Haus**", "**Haus**", "put the formatting around the gap: **[[Haus]]**"),
    ("__Haus__", "__Haus__", "__[[Haus]]__"),
    ("***Haus***", "***Haus***", "***[[Haus]]***"),
    ("*Haus*", "*Haus*", "*[[Haus]]*"),
    ("_Haus_", "_Haus_", "_[[Haus]]_"),
    ("~~alt~~", "~~alt~~", "~~[[alt]]~~"),
    ("das **große** Haus", "**große**", "put the formatting around the gap"),
    ("`print`", "`print`", "`[[print]]`"),
    ("``a`b``", "``a`b``", "``[[a`b]]``"),
    ("[Haus](https://example.org)", "[Haus](https://example.org)", "put the link next to"),
    ("![Bild](bild.png)", "![Bild](bild.png)", "put the link next to"),
    ("<https://example.org>", "<https://example.org>", "put the link next to"),
    ("<b>Haus</b>", "<b>Haus</b>", "<b>[[Haus]]</b>"),
    ("<EM>Haus</EM>", "<EM>Haus</EM>", "<EM>[[Haus]]</EM>"),
    ('<span class="x">Haus</span>', '<span class="x">Haus</span>', '<span class="x">[[Haus]]'),
    ("New<br>York", "<br>", "put the formatting around the gap"),
    ("Haus<!-- todo -->", "<!-- todo -->", "put the formatting around the gap"),
    ("New&nbsp;York", "&nbsp;", "write a space"),
    ("Tom &amp; Jerry", "&amp;", "write & itself"),
    ("don&#8217;t", "&#8217;", "write ' (a typed \u2019 counts the same)"),
    ("don&#x2019;t", "&#x2019;", "write '"),
    ("Gr&uuml;&szlig;e", "&uuml;", "write ü itself"),
]
#: What stays plain text in a gap: characters that merely look like markup.
ALLOWED = [
    "*",
    "**",
    "C++",
    "&&",
    "a && b",
    "AT&T",
    "&foo;",
    "2*3*4",
    "a * b * c",
    "*.txt",
    "*/*",
    "**kwargs",
    "snake_case_name",
    "x_1_y",
    "~/",
    "don`t",
    "List<String>",
    "Optional<B>",
    "Vec<i32>",
    "a < b > c",
    "<stdio.h>",
    "arr[0](x)",
    "https://example.org",
    "#include",
    "100%",
    "Rock 'n' Roll",
]


def problems_of(text: str) -> list[str]:
    exercise, problems = parse_exercise(text.encode("utf-8"), FILE)
    assert (exercise is None) == bool(problems)
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(("content", "found", "advice"), REFUSED)
def test_markup_in_a_gap_is_refused_where_it_stands(content: str, found: str, advice: str) -> None:
    text = HEAD + f"text: |\n  Erste Zeile [[ok]].\n  Ein [[{content}]] steht hier.\n"
    column = 3 + len("Ein [[") + content.index(found)
    (problem,) = problems_of(text)
    assert problem.startswith(f"{FILE}:6:{column}: text: gap 2 holds ")
    assert f", {found}, that learners would have to type too; " in problem
    assert advice in problem
    assert problem.endswith("(if they should type it, set 'literal_gaps: true')")
    assert problems_of(text.replace("text:", "literal_gaps: true\ntext:")) == []


@pytest.mark.parametrize("content", ALLOWED)
def test_plain_text_that_looks_like_markup_is_an_answer(content: str) -> None:
    assert find_markup(content) is None
    assert problems_of(HEAD + f"text: |\n  Ein [[{content}]] steht hier.\n") == []


def test_every_alternative_is_checked() -> None:
    (problem,) = problems_of(HEAD + "text: Ein [[Haus|*Heim*]].\n")
    assert problem.startswith(f"{FILE}:4:18: text: gap 1 holds Markdown emphasis, *Heim*,")
    assert problem.count("put the formatting around the gap") == 1


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("text: Ein [[**Haus**]].\n", 4, 13),  # plain
        ("text: 'Ein [[**Haus**]].'\n", 4, 14),  # single-quoted
        ('text: "Ein [[**Haus**]]."\n', 4, 14),  # double-quoted
        ("text: >\n  Ein\n  Satz\n\n  und [[**Haus**]].\n", 8, 9),  # folded
        ("text: |-\n    Ein\n    [[x]] und [[**Haus**]].\n", 6, 17),  # literal, deeper indent
        ("text:\n  Ein\n  [[x]] und\n  [[**Haus**]].\n", 7, 5),  # multi-line plain
        ('text: "Gr\\u00fc\\u00dfe [[**Haus**]]"\n', 4, 7),  # escapes: the value's own place
    ],
)
def test_the_column_counts_in_every_scalar_style(text: str, line: int, column: int) -> None:
    (problem,) = problems_of(HEAD + text)
    assert problem.startswith(f"{FILE}:{line}:{column}: text: gap ")


def test_all_problems_at_once_with_other_gap_rules() -> None:
    text = HEAD + "text: |\n  [[**a**]] [[ ]] [[`b`|c]]\n  [[\u200b]] [[offen\n"
    assert problems_of(text) == [
        f"{FILE}:5:5: text: gap 1 holds Markdown emphasis, **a**, that learners would have to "
        "type too; put the formatting around the gap: **[[a]]** (if they should type it, set "
        "'literal_gaps: true')",
        f"{FILE}:5:13: text: gap 2 has an empty answer; write [[answer|alternative]]",
        f"{FILE}:5:21: text: gap 3 holds a Markdown code span, `b`, that learners would have to "
        "type too; put the formatting around the gap (if they should type it, set "
        "'literal_gaps: true')",
        f"{FILE}:6:3: text: gap 4 has an empty answer; write [[answer|alternative]]",
        f"{FILE}:6:9: text: a gap is opened with [[ but not closed with ]] (or the other way "
        "round)",
    ]


def test_check_names_file_line_and_column(tmp_path: Path) -> None:
    course = tmp_path / "realworld"
    shutil.copytree(FIXTURES / "realworld", course, ignore=IGNORED)
    markup = course / "exercises" / "gaps" / "gaps-markup.yml"
    source = markup.read_text(encoding="utf-8")
    markup.write_text(source.replace("literal_gaps: true\n", ""), encoding="utf-8")
    lines = source.replace("literal_gaps: true\n", "").splitlines()
    result = CliRunner().invoke(main, ["check", str(course)])
    assert result.exit_code == 1
    report = result.output.strip().splitlines()
    assert report[-1] == "6 problems in 1 file"
    for problem, found in zip(
        report[:-1],
        ["**fett**", "_kursiv_", "`code`", "<b>fett</b>", "&amp;", "__init__"],
        strict=True,
    ):
        where, _, message = problem.partition(": text: ")
        _, line, column = where.rsplit(":", 2)
        assert lines[int(line) - 1][int(column) - 1 :].startswith(found), problem
        assert f", {found}, " in message
    assert "Traceback" not in result.output
