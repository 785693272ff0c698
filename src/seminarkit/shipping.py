"""The web assets as shipped: `seminarkit.js` and `seminarkit.css`, minified.

The sources in `assets/` stay readable and commented; the site gets them without comments and
spare white space (rjsmin and rcssmin, no Node at build time). Other files (licences) ship as
they are. The size budget of the web assets counts these shipped bytes.

Minifying takes about a millisecond per file (rjsmin's C speedup), so nothing is cached: `mkdocs
serve` always ships the current source.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

ASSETS = Path(__file__).parent / "assets"
"""The folder of the readable asset sources."""

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
