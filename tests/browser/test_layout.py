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


#: Permalinks ("¶") not on the line of the last character of their heading's own text.
PERMALINKS_ALONE = """() => [...document.querySelectorAll('.md-content .headerlink')]
.filter(link => {
  const heading = link.parentElement;
  const texts = [...heading.childNodes].filter(node => node.nodeType === 3 && node.data.trim());
  const last = texts[texts.length - 1];
  if (!last) return false;
  const end = last.data.trimEnd().length;
  const range = document.createRange();
  range.setStart(last, end - 1);
  range.setEnd(last, end);
  const char = [...range.getClientRects()].pop();
  const mark = [...link.getClientRects()].pop();
  return mark.top >= char.bottom - 1;
}).map(link => link.parentElement.textContent.trim().slice(0, 60))"""


@pytest.mark.parametrize("site_fixture", ["flagship_site", "fixture_site", "realworld_site"])
def test_a_permalink_never_takes_a_line_of_its_own(
    new_session: Callable[..., Session],
    web_root: WebRoot,
    site_fixture: str,
    request: pytest.FixtureRequest,
) -> None:
    """At 360 px on every page; the long headings of every level, ending in a question mark, a
    bracket, a quotation mark or a long word, at every window width from 300 to 420 px."""
    site = request.getfixturevalue(site_fixture)
    page = phone(new_session)
    problems, checked = [], 0
    for name in pages(web_root, site):
        page.goto(web_root.http(site, name))
        checked += page.locator(".md-content .headerlink").count()
        problems += [f"{name}: {heading}" for heading in page.evaluate(PERMALINKS_ALONE)]
    if site_fixture == "realworld_site":
        page.goto(web_root.http(site, "phone-layout.html"))
        for width in range(300, 421, 6):
            page.set_viewport_size({"width": width, "height": 800})
            problems += [f"{width} px: {heading}" for heading in page.evaluate(PERMALINKS_ALONE)]
    assert checked >= 5
    assert problems == []


def test_the_permalink_check_sees_a_permalink_alone(
    new_session: Callable[..., Session], web_root: WebRoot, realworld_site: str
) -> None:
    """With Material's own rule (an inline-block) the permalink does wrap alone at some width."""
    page = phone(new_session)
    page.goto(web_root.http(realworld_site, "phone-layout.html"))
    page.add_style_tag(
        content=".md-typeset .headerlink { display: inline-block !important;"
        " position: static !important; }"
        ".md-typeset .headerlink::before { content: none !important; }"
    )
    alone = []
    for width in range(300, 421, 6):
        page.set_viewport_size({"width": width, "height": 800})
        alone += page.evaluate(PERMALINKS_ALONE)
    assert alone != []


def test_a_permalink_shows_when_focused(
    new_session: Callable[..., Session], web_root: WebRoot, realworld_site: str
) -> None:
    """Keyboard users reach every permalink with Tab, and it shows while it has the focus."""
    page = phone(new_session)
    page.goto(web_root.http(realworld_site, "phone-layout.html"))
    page.add_style_tag(content="* { transition: none !important; }")
    links = page.locator(".md-content .headerlink")
    assert links.count() >= 6
    for index in range(links.count()):
        link = links.nth(index)
        assert link.evaluate("link => link.tabIndex") == 0
        assert link.evaluate("link => getComputedStyle(link).opacity") == "0"
        link.focus()
        assert link.evaluate("link => document.activeElement === link")
        assert link.evaluate("link => getComputedStyle(link).opacity") == "1"
        box = link.bounding_box()
        assert box is not None and box["width"] > 3


#: Cells of the progress table: where they are, and whether the table scrolls in its box.
PROGRESS_CELLS = """() => {
  const table = document.querySelector('.sk-progress__table');
  const scroll = table.closest('.sk-table-scroll');
  const rows = [...table.querySelectorAll('tbody tr')].map(row => [...row.children].map(cell => {
    const box = cell.getBoundingClientRect();
    return {left: box.left, right: box.right, width: box.width, top: box.top};
  }));
  return {rows, width: table.getBoundingClientRect().width,
          scrolls: scroll.scrollWidth > scroll.clientWidth + 1, window: window.innerWidth};
}"""


@pytest.mark.parametrize("site_fixture", ["flagship_site", "fixture_site"])
@pytest.mark.parametrize("width", [320, 360, 1280])
def test_the_progress_table_is_readable_on_a_phone(
    new_session: Callable[..., Session],
    web_root: WebRoot,
    site_fixture: str,
    width: int,
    request: pytest.FixtureRequest,
) -> None:
    """Nothing scrolls sideways, every cell is on screen; on a phone each title has the whole
    width (no word broken letter by letter), on a wide screen the table has its four columns."""
    site = request.getfixturevalue(site_fixture)
    page = new_session(viewport={"width": width, "height": 800}).page()
    name = next(
        name
        for name in pages(web_root, site)
        if name.endswith(("fortschritt.html", "progress.html"))
    )
    page.goto(web_root.http(site, name))
    page.locator(".sk-progress__actions").wait_for()
    cells = page.evaluate(PROGRESS_CELLS)
    assert len(cells["rows"]) >= 2
    assert not cells["scrolls"]
    for row in cells["rows"]:
        assert all(cell["left"] >= 0 and cell["right"] <= cells["window"] for cell in row)
        title = row[0]
        if width < 600:
            assert title["width"] >= 0.9 * cells["width"]
        else:
            assert len({cell["top"] for cell in row}) == 1  # one line of four cells
            assert title["width"] < 0.6 * cells["width"]


#: Rendered size in CSS px of every label of every network map, and labels that overlap.
MAP_LABELS = """() => [...document.querySelectorAll('svg.sk-map')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('text')];
  const boxes = labels.map(label => label.getBoundingClientRect());
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
      overlaps.push(`${labels[i].textContent} / ${labels[i + 1 + j].textContent}`);
    }
  }));
  return {sizes: labels.map(label => [label.textContent,
                                      parseFloat(getComputedStyle(label).fontSize) * scale]),
          overlaps, left: Math.min(...boxes.map(box => box.left)),
          right: Math.max(...boxes.map(box => box.right)), window: window.innerWidth};
})"""


@pytest.mark.parametrize("site_fixture", ["flagship_site", "fixture_site", "realworld_site"])
@pytest.mark.parametrize("width", [320, 360, 480, 1280])
def test_network_map_labels_are_readable(
    new_session: Callable[..., Session],
    web_root: WebRoot,
    site_fixture: str,
    width: int,
    request: pytest.FixtureRequest,
) -> None:
    """Every label of every network map is on screen and overlaps no other. Labels as courses
    have them show at 9.5 px or more (11 px or more from a 360 px window up); the real-world
    course's map of very long labels makes room for them at a smaller size (7 px or more)."""
    site = request.getfixturevalue(site_fixture)
    page = new_session(viewport={"width": width, "height": 800}).page()
    problems, maps = [], 0
    smallest = 7 if site_fixture == "realworld_site" else 9.5 if width < 360 else 11
    for name in pages(web_root, site):
        page.goto(web_root.http(site, name))
        for drawing in page.evaluate(MAP_LABELS):
            maps += 1
            problems += [
                f"{name}: {text!r} at {size:.1f} px"
                for text, size in drawing["sizes"]
                if size < smallest
            ]
            problems += [f"{name}: {pair} overlap" for pair in drawing["overlaps"]]
            if drawing["left"] < 0 or drawing["right"] > drawing["window"]:
                problems.append(f"{name}: labels off screen {drawing['left']}..{drawing['right']}")
    assert maps >= 1
    assert problems == []
