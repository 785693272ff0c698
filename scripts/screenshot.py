"""Screenshot built pages with Debian's Chromium, for looking at what seminarkit makes.

Usage: python scripts/screenshot.py PAGE.html OUT.png [--width 1280] [--full]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    """Parse arguments and take one screenshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("page", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true", help="the whole page, not the viewport")
    parser.add_argument("--selector", help="scroll this element into view first")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.page.resolve().as_uri())
        if args.selector:
            page.locator(args.selector).first.scroll_into_view_if_needed()
        page.screenshot(path=str(args.output), full_page=args.full)
        browser.close()


if __name__ == "__main__":
    main()
