"""Right-to-left exercises keep their reading order after Check (fixture: realworld's rtl.md).

Where each word and each field stands on screen, before and after Check: in a right-to-left
text the first word is rightmost and reading goes down the lines, each from right to left. Words
with Latin letters run left to right inside it, so they are compared among themselves.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import Session, WebRoot

#: Each word of an element's text (marks left out) and each field, with its box on screen.
TOKENS = """root => {
  const found = [];
  const add = (name, { left, right, top, bottom }) => found.push({name, left, right, top, bottom});
  const visit = node => {
    if (node.nodeType === Node.TEXT_NODE) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        add(word[0], range.getBoundingClientRect());
      }
    } else if (node.matches('input, select, textarea')) {
      add('#' + node.id, node.getBoundingClientRect());
    } else if (!node.matches('.sk-mark')) {
      node.childNodes.forEach(visit);
    }
  };
  visit(root);
  return found;
}"""
LATIN = re.compile(r"^(?!#).*[A-Za-z]")  # a word with Latin letters (fields are "#id")
Token = dict[str, Any]


def middle(token: Token) -> float:
    return (token["top"] + token["bottom"]) / 2


def lines(tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped into the lines they stand on, top to bottom."""
    rows: list[list[Token]] = []
    for token in sorted(tokens, key=middle):
        if rows and abs(middle(token) - middle(rows[-1][0])) < 12:
            rows[-1].append(token)
        else:
            rows.append([token])
    return rows


def reading_order(tokens: list[Token]) -> list[str]:
    """The order a reader of right-to-left text meets the tokens on screen."""
    return [
        token["name"]
        for row in lines(tokens)
        for token in sorted(row, key=lambda item: -(item["left"] + item["right"]))
    ]


def assert_reads_right_to_left(element: Locator) -> list[Token]:
    """The element's words and fields stand in right-to-left reading order; returns them."""
    tokens: list[Token] = element.evaluate(TOKENS)
    rtl = [token for token in tokens if not LATIN.search(token["name"])]
    assert len(rtl) >= 2
    assert reading_order(rtl) == [token["name"] for token in rtl]
    first_line = lines(rtl)[0]
    assert rtl[0]["right"] == max(token["right"] for token in first_line)  # first is rightmost
    latin = [token for token in tokens if LATIN.search(token["name"])]
    for left, right in itertools.pairwise(latin):  # e.g. "Mark Granovetter"
        if abs(middle(left) - middle(right)) < 12:
            assert left["right"] <= right["left"] + 1, (left["name"], right["name"])
    return tokens


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None
    return found


def assert_mark_beside(field: Locator, paragraph: Locator) -> None:
    """The field's mark follows it: just left of it on its line, or first on the next line."""
    mark = field.locator("xpath=following-sibling::*[1]")
    expect(mark).to_have_class(re.compile(r"\bsk-mark\b"))
    assert mark.evaluate("node => [node.localName, getComputedStyle(node).unicodeBidi]") == [
        "bdi",
        "isolate",
    ]
    own, note, text = box(field), box(mark), box(paragraph)
    same_line = abs((own["y"] + own["height"] / 2) - (note["y"] + note["height"] / 2)) < 12
    if same_line:
        assert 0 <= own["x"] - (note["x"] + note["width"]) < 16
    else:
        assert note["y"] > own["y"]
        assert abs((note["x"] + note["width"]) - (text["x"] + text["width"])) < 16


@pytest.fixture
def rtl_page(session: Session, web_root: WebRoot, realworld_site: str) -> Page:
    return session.page(web_root.http(realworld_site, "rtl.html"))


@pytest.mark.parametrize("key", ["he-cloze", "he-cloze-bank", "ar-cloze"])
def test_cloze_keeps_its_order_after_check(rtl_page: Page, key: str) -> None:
    exercise = rtl_page.locator(f"#ex-{key}")
    text = exercise.locator(".sk-cloze p").first
    before = [token["name"] for token in assert_reads_right_to_left(text)]
    gaps = exercise.locator(".sk-gap")
    count = gaps.count()
    assert count >= 2
    answers = exercise.locator(".sk-solution .sk-key li")
    gaps.nth(0).fill("טעות")  # wrong
    gaps.nth(1).fill(answers.nth(1).text_content() or "")  # right
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise.locator(".sk-mark")).to_have_count(count)
    expect(exercise.locator(".sk-mark--right")).to_have_count(1)
    after = [token["name"] for token in assert_reads_right_to_left(text)]
    assert after == before
    for index in range(count):
        assert_mark_beside(gaps.nth(index), text)


def test_gaps_at_start_and_end_stay_at_the_right_and_left_end(rtl_page: Page) -> None:
    exercise = rtl_page.locator("#ex-he-cloze")
    text = exercise.locator(".sk-cloze p")
    exercise.get_by_role("button", name="Check", exact=True).click()
    first, paragraph = box(exercise.locator(".sk-gap").first), box(text)
    assert abs((first["x"] + first["width"]) - (paragraph["x"] + paragraph["width"])) < 8
    tokens = [token for token in text.evaluate(TOKENS) if not LATIN.search(token["name"])]
    assert tokens[-1]["name"].endswith("-g3")
    assert tokens[-1]["left"] == min(token["left"] for token in lines(tokens)[-1])


def test_quiz_question_and_options_read_right_to_left(rtl_page: Page) -> None:
    quiz = rtl_page.locator("#ex-he-quiz")
    quiz.get_by_label("חברים קרובים").check()
    quiz.get_by_role("button", name="Check", exact=True).click()
    expect(quiz.locator(".sk-option-feedback")).to_be_visible()
    assert_reads_right_to_left(quiz.locator("legend"))
    for option in quiz.locator(".sk-option").all():
        radio, label = box(option.locator("input")), box(option.locator("label"))
        assert radio["x"] >= label["x"] + label["width"] - 1  # the radio stands first: right
        assert_reads_right_to_left(option.locator("label"))
    feedback = quiz.locator(".sk-option-feedback p")
    assert feedback.evaluate("node => getComputedStyle(node).unicodeBidi") == "plaintext"
    assert_reads_right_to_left(feedback)


def test_true_false_statements_read_right_to_left(rtl_page: Page) -> None:
    exercise = rtl_page.locator("#ex-he-true-false")
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise.locator(".sk-mark")).to_have_count(2)
    for legend in exercise.locator("legend").all():
        assert_reads_right_to_left(legend)


def test_matching_rows_read_right_to_left(rtl_page: Page) -> None:
    exercise = rtl_page.locator("#ex-he-matching")
    exercise.locator("select").first.select_option("גרנובטר")
    exercise.get_by_role("button", name="Check", exact=True).click()
    for row in exercise.locator(".sk-match").all():
        item, select = box(row.locator("label")), box(row.locator("select"))
        assert item["x"] >= select["x"] + select["width"]  # the item first, at the right
        assert_reads_right_to_left(row.locator("label"))
        mark = box(row.locator(".sk-mark"))
        assert mark["x"] + mark["width"] <= select["x"] + 1  # the mark after the select
    expect(exercise.locator(".sk-mark--right")).to_have_count(1)


def test_ordering_items_read_right_to_left(rtl_page: Page) -> None:
    exercise = rtl_page.locator("#ex-ar-ordering")
    texts = exercise.locator(".sk-ordering__text")
    before = [text.text_content() for text in texts.all()]
    exercise.get_by_role("button", name="Move down").first.click()
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise.locator(".sk-mark")).to_have_count(len(before))
    for text in texts.all():
        if len((text.text_content() or "").split()) > 1:
            assert_reads_right_to_left(text)


def test_learners_write_right_to_left_where_they_type_it(rtl_page: Page) -> None:
    area = rtl_page.locator("#ex-he-reflection textarea").first
    area.fill("דני, מהצוות הקודם")
    assert area.evaluate("node => node.matches(':dir(rtl)')")
    gap = rtl_page.locator("#ex-he-cloze .sk-gap").first
    gap.fill("רשת")
    assert gap.evaluate("node => node.matches(':dir(rtl)')")
