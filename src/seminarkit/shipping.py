"""The web assets as shipped: `seminarkit.js` and `seminarkit.css`, minified.

The sources in `assets/` stay readable and commented; the site gets them without comments and
spare white space (rjsmin and rcssmin, no Node at build time). Other files (licences) ship as
they are. The size budget of the web assets counts these shipped bytes.

rcssmin knows no `@container`: inside one it drops the space of a descendant pseudo-class
(`.a :is(.b)` becomes `.a:is(.b)`, another selector). `tests/test_shipped_css.py` compares every
rule of the source with the shipped file, so such a rule fails the tests instead of shipping;
write it as `.a *:is(.b)` there.

Minifying takes about a millisecond per file (rjsmin's C speedup), so nothing is cached: `mkdocs
serve` always ships the current source.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

ASSETS = Path(__file__).parent / "assets"
"""The folder of the readable asset sources."""
ASSET_URI = "assets/seminarkit"
"""Where the assets are in a built site."""

_MINIFY = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def shipped(name: str) -> bytes:
    """The bytes of `assets/<name>` as the site ships them (UTF-8; minified .js and .css).

    Raises `FileNotFoundError` when there is no such asset.
    """
    path = ASSETS / name
    minify = _MINIFY.get(path.suffix)
    if minify is None:
        return path.read_bytes()
    return str(minify(path.read_text(encoding="utf-8"))).encode("utf-8")


def ship_assets(site: Path) -> list[Path]:
    """Write every asset as shipped into `site/assets/seminarkit/`, for a site another host
    built (Zensical runs no plugin); the files that changed. Raises `CannotWrite`."""
    from .files import write_atomically

    written = []
    for asset in sorted(ASSETS.iterdir()):
        if not asset.is_file():
            continue
        target = site / ASSET_URI / asset.name
        data = shipped(asset.name)
        if not target.is_file() or target.read_bytes() != data:
            write_atomically(target, data)
            written.append(target)
    return written
