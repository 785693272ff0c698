"""Layout on a phone: every page of every course at 360 px, with every exercise answered and
checked and every hint and solution open; selects show their prompt whole; a statement of
several lines stays inside its box."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from .conftest import Session, WebRoot
from .test_site import pages

PHONE = {"width": 360, "height": 800}
#: Answer something everywhere, check every exercise, open everything that folds.
EXPAND = """() => {
  const all = selector => document.querySelectorAll(selector);
  const radios = [...all('.sk-exercise input[type=radio]')];
  for (const name of new Set(radios.map(radio => radio.name))) {
    document.getElementsByName(name)[0].checked = true;
  }
  all('.sk-exercise input[type=checkbox]').forEach(box => { box.checked = true; });
  all('.sk-gap').forEach(gap => { gap.value = 'Donaudampfschifffahrtsgesellschaft'; });
  all('.sk-match select').forEach(select => { select.selectedIndex = select.options.length - 1; });
  all('[data-sk-do=check]').forEach(button => button.click());
  all('details').forEach(fold => { fold.hidden = false; fold.open = true; });
}"""
#: The outermost elements that reach past the right edge of the window, outside any box that
#: scrolls on its own (Material hides the overflow of the root: the page is cut instead).
TOO_WIDE = """() => [...document.querySelectorAll('body *')].filter(node => {
  const out = box => box.getBoundingClientRect().right > window.innerWidth + 0.5;
  if (!out(node)) return false;
  for (let up = node.parentElement; up !== document.documentElement; up = up.parentElement) {
    if (getComputedStyle(up).overflowX !== 'visible' || out(up)) return false;
  }
  return true;
}).map(node => `${node.localName}.${node.className}: ${node.textContent.trim().slice(0, 50)}`)"""
#: Selects whose chosen text (at first the prompt, "– bitte wählen –") is wider than their box.
CUT_SELECTS = """() => [...document.querySelectorAll('.sk-exercise select')].filter(select => {
  const style = getComputedStyle(select);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const room = select.clientWidth - padding - 16;  // the arrow
  return context.measureText(select.options[0].text).width > room;
}).map(select => `${select.id}: ${select.clientWidth}px`)"""
#: Legends that reach above the top border of their fieldset.
LEGENDS_ON_THE_BORDER = """() => [...document.querySelectorAll('.sk-exercise legend')]
.filter(legend => {
  const box = legend.parentElement.getBoundingClientRect();
  const border = parseFloat(getComputedStyle(legend.parentElement).borderTopWidth);
  return legend.getBoundingClientRect().top < box.top + border - 0.5;
}).map(legend => legend.textContent.trim().slice(0, 50))"""


def phone(new_session: Callable[..., Session]) -> Page:
    """A page in a fresh profile with a 360 px wide window."""
    return new_session(viewport=PHONE).page()


@pytest.mark.parametrize("site_fixture", ["flagship_site", "fixture_site", "realworld_site"])
def test_no_page_scrolls_sideways_at_360_px(
    new_session: Callable[..., Session],
    web_root: WebRoot,
    site_fixture: str,
    request: pytest.FixtureRequest,
) -> None:
    site = request.getfixturevalue(site_fixture)
    page = phone(new_session)
    problems, visited = [], 0
    for name in pages(web_root, site):
        page.goto(web_root.http(site, name))
        page.evaluate(EXPAND)
        visited += 1
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            problems.append(f"{name}: {width[0]} px wide: {page.evaluate(TOO_WIDE)}")
        problems += [f"{name}: select cut: {item}" for item in page.evaluate(CUT_SELECTS)]
    assert visited >= 3
    assert problems == []


def test_the_checks_see_what_they_look_for(
    new_session: Callable[..., Session], web_root: WebRoot, realworld_site: str
) -> None:
    """Without the layout rules the same page is too wide, cuts selects and legends collide."""
    page = phone(new_session)
    page.goto(web_root.http(realworld_site, "layout.html"))
    page.add_style_tag(
        content=".sk-exercise, .sk-exercise * { overflow-wrap: normal !important; }"
        ".sk-match select { max-width: 5em !important; }"
        ".sk-exercise fieldset > legend { float: none !important; }"
    )
    page.evaluate(EXPAND)
    assert page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert page.evaluate(TOO_WIDE) != []
    assert page.evaluate(CUT_SELECTS) != []
    assert page.evaluate(LEGENDS_ON_THE_BORDER) != []


@pytest.mark.parametrize("width", [360, 1280])
def test_statements_of_several_lines_stay_inside_their_box(
    new_session: Callable[..., Session], web_root: WebRoot, realworld_site: str, width: int
) -> None:
    page = new_session(viewport={"width": width, "height": 900}).page()
    page.goto(web_root.http(realworld_site, "layout.html"))
    legends = page.locator("#ex-long-statements legend")
    assert legends.first.evaluate("legend => legend.getClientRects().length") >= 1
    heights = [box["height"] for box in (legends.nth(i).bounding_box() for i in range(3)) if box]
    assert max(heights) > 1.5 * min(heights)  # one statement does wrap
    page.evaluate(EXPAND)
    assert page.evaluate(LEGENDS_ON_THE_BORDER) == []
