"""Lay PNG pages side by side on one image, to look at many PDF pages at once.

Usage: python scripts/contact_sheet.py OUT.png PAGE.png [PAGE.png ...] [--columns 4]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image


def main() -> None:
    """Combine the pages into a grid with a thin gap."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("pages", type=Path, nargs="+")
    parser.add_argument("--columns", type=int, default=4)
    args = parser.parse_args()
    images = [Image.open(page).convert("RGB") for page in args.pages]
    width = max(image.width for image in images)
    height = max(image.height for image in images)
    rows = (len(images) + args.columns - 1) // args.columns
    gap = 12
    sheet = Image.new(
        "RGB",
        (args.columns * (width + gap) + gap, rows * (height + gap) + gap),
        (120, 120, 120),
    )
    for index, image in enumerate(images):
        column, row = index % args.columns, index // args.columns
        sheet.paste(image, (gap + column * (width + gap), gap + row * (height + gap)))
    sheet.save(args.output)


if __name__ == "__main__":
    main()
