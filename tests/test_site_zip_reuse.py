"""The site zip of a warm build: kept when it already holds the site as it is now, written
again when any file, name or entry differs or the zip is broken (issue 15: a warm build does
not compress the whole site again). Real zips, read back with `zipfile`."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from seminarkit.loader import load_course
from seminarkit.outputs import DOWNLOADS, site_archive, zip_site
from seminarkit.print.documents import site_zip_name

from .conftest import FIXTURE_COURSE

#: A time no build writes a file at: a zip that still has it was not written again.
OLD = 1_000_000_000


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SEMINARKIT_CACHE_DIR", str(tmp_path / "cache"))
    site = tmp_path / "site"
    (site / DOWNLOADS).mkdir(parents=True)
    (site / "index.html").write_text("<p>Start</p>\n" * 50, "utf-8")
    (site / "basics.html").write_text("<p>Basics</p>\n" * 50, "utf-8")
    (site / DOWNLOADS / "reader.pdf").write_bytes(b"%PDF-1.7 not really" * 20)
    return site


def _zip(site: Path) -> Path:
    course = load_course(FIXTURE_COURSE)
    target, _ = zip_site(course, site)
    assert target == site / DOWNLOADS / site_zip_name(course)
    return target


def _contents(target: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(target) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _kept(site: Path) -> Path:
    """The copy of the last site zip in the cache."""
    return site.parent / "cache" / "outputs" / f"site-{site_zip_name(load_course(FIXTURE_COURSE))}"


def test_unchanged_site_keeps_its_zip(site: Path) -> None:
    target = _zip(site)
    written = target.read_bytes()
    assert _kept(site).read_bytes() == written
    os.utime(target, (OLD, OLD))
    assert _zip(site) == target
    assert target.stat().st_mtime == OLD and target.read_bytes() == written


def test_emptied_site_gets_the_kept_zip(site: Path) -> None:
    """MkDocs empties the site before a build: the zip comes from the cache, not compressed."""
    target = _zip(site)
    written = target.read_bytes()
    target.unlink()
    os.utime(_kept(site), (OLD, OLD))
    _zip(site)
    assert target.read_bytes() == written and _kept(site).stat().st_mtime == OLD


@pytest.mark.parametrize(
    "change",
    [
        "same size",  # one byte of a page, so size and names stay
        "new file",
        "removed file",
        "broken zip",
        "older format",  # the PDF deflated, as an earlier version wrote it
    ],
)
def test_any_difference_writes_the_zip_again(site: Path, change: str) -> None:
    target = _zip(site)
    if change == "same size":
        page = site / "basics.html"
        page.write_text(page.read_text("utf-8").replace("Basics", "Basicz", 1), "utf-8")
    elif change == "new file":
        (site / "extra.html").write_text("<p>Extra</p>", "utf-8")
    elif change == "removed file":
        (site / "index.html").unlink()
    elif change == "broken zip":
        target.write_bytes(target.read_bytes()[:-40])
        _kept(site).write_bytes(target.read_bytes())
    else:
        entries = sorted(p for p in site.rglob("*") if p.is_file() and p != target)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in entries:
                info = zipfile.ZipInfo(f"site/{path.relative_to(site).as_posix()}")
                info.date_time = (2000, 1, 1, 0, 0, 0)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    if change == "older format":
        _kept(site).write_bytes(target.read_bytes())
    os.utime(target, (OLD, OLD))
    _zip(site)
    assert target.stat().st_mtime != OLD
    assert _kept(site).read_bytes() == target.read_bytes()
    expected, _ = site_archive(site, {target})
    assert target.read_bytes() == expected
    if change == "same size":
        assert b"Basicz" in _contents(target)["site/basics.html"]
