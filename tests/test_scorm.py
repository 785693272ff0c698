"""The SCORM 1.2 package (`publish.scorm`, `seminarkit export scorm`): a real `mkdocs build`, the
manifest validated with lxml against the schema files the package ships, the placement option
and its errors. The package running in a SCORM runtime: tests/browser/test_scorm.py."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from seminarkit.cli import main
from seminarkit.loader import load_course
from seminarkit.outputs import package_scorm, plan_outputs
from seminarkit.scorm import LAUNCH, SCHEMAS, launch_page

from .conftest import FIXTURE_COURSE, FIXTURES, IGNORED, mkdocs_build

SELF_STUDY = {"quiz-basics", "gaps", "reflect"}
PACKAGE = "fixture-course-scorm12.zip"
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"


def scorm_course(target: Path, **options: object) -> Path:
    """A copy of the fixture course with only `SELF_STUDY` for self-study (every other exercise
    for the seminar only) and these plugin options (e.g. `publish={"scorm": "site"}`)."""
    shutil.copytree(FIXTURE_COURSE, target, ignore=IGNORED)
    for path in (target / "exercises").rglob("*.yml"):
        if path.stem in SELF_STUDY:
            continue
        text = re.sub(r"^use:.*\n", "", path.read_text(encoding="utf-8"), flags=re.M)
        path.write_text(re.sub(r"^(type: .*\n)", r"\1use: [seminar]\n", text, count=1, flags=re.M))
    config_file = target / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"][2]["seminarkit"].update(options)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real `mkdocs build --strict` (with PDFs) of a course that publishes its SCORM package
    with a mastery score; the course folder."""
    course = scorm_course(
        tmp_path_factory.mktemp("scorm") / "course",
        publish={"scorm": "site"},
        mastery_score=75,
    )
    result = mkdocs_build(course, course / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return course


@pytest.fixture(scope="module")
def package(built: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(built / "site" / "downloads" / PACKAGE)


def schema(folder: Path) -> etree.XMLSchema:
    """One schema of the namespaces a seminarkit manifest uses (content packaging and ADL's
    extensions; ims_xml.xsd comes in through them), from the files in `folder`.

    imsmd_rootv1p2p1.xsd (IMS meta-data, for `<lom>` records, which the manifest has none of)
    is shipped but left out here: libxml2 rejects its `annotationType` as a non-deterministic
    content model (the XSD rule of unique particle attribution)."""
    imports = "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{(folder / name).as_uri()}"/>'
        for namespace, name in (
            ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
        )
    )
    text = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(text.encode()))


def test_manifest_is_valid_against_the_schemas_it_ships(
    package: zipfile.ZipFile, tmp_path: Path
) -> None:
    for name in SCHEMAS:
        (tmp_path / name).write_bytes(package.read(name))
    validator = schema(tmp_path)
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    assert validator.validate(manifest), validator.error_log
    assert not list(manifest.iter("{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}*"))
    score = manifest.find(".//{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
    assert score is not None and score.text == "75"
    # The validator does catch a wrong manifest: a resource of an unknown SCORM type, an item
    # whose identifier is no XML name.
    (resource,) = manifest.iter(f"{CP}resource")
    resource.set("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype", "lesson")
    assert not validator.validate(manifest)
    resource.set("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype", "sco")
    assert validator.validate(manifest)
    (item,) = manifest.iter(f"{CP}item")
    item.set("identifier", "the site")
    assert not validator.validate(manifest)


def test_manifest_launches_one_sco_listing_every_file(package: zipfile.ZipFile) -> None:
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    names = package.namelist()
    assert names[0] == "imsmanifest.xml"
    (resource,) = manifest.iter(f"{CP}resource")
    assert resource.get("href") == LAUNCH
    assert resource.get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") == "sco"
    listed = [unquote(file.get("href") or "") for file in resource.iter(f"{CP}file")]
    assert sorted(listed) == sorted(names[1:])
    for name in (LAUNCH, "seminarkit-scorm.js", "index.html", "basics.html", *SCHEMAS):
        assert name in names
    assert "downloads/fixture-course.zip" in names  # the site zip, offered on its downloads page
    assert not any(n.endswith("-scorm12.zip") for n in names)
    (item,) = manifest.iter(f"{CP}item")
    assert item.get("identifierref") == resource.get("identifier")


def test_package_pages_link_files_not_folders(package: zipfile.ZipFile) -> None:
    """Learning platforms serve files: every page link inside the package names an existing
    file (the offline plugin turns directory URLs off)."""
    names = set(package.namelist())
    for name in (n for n in names if n.endswith(".html") and n != "404.html"):
        html = package.read(name).decode("utf-8")
        folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        for href in re.findall(r'<a [^>]*href="(?![a-z]+:)([^"#?]+)[^"]*"', html):
            target = Path(folder + href).as_posix()
            parts: list[str] = []
            for part in target.split("/"):
                if part == "..":
                    parts.pop()
                elif part not in (".", ""):
                    parts.append(part)
            path = "/".join(parts)
            if path.endswith("-scorm12.zip"):
                continue  # the package itself, listed on the downloads page
            assert path in names, f"{name}: {href}"


def test_launch_page_names_what_the_platform_stores(package: zipfile.ZipFile) -> None:
    launch = package.read(LAUNCH).decode("utf-8")
    assert "What is stored there?" in launch and "stay in this browser only" in launch
    assert '"mastery":75' in launch
    for exercise in SELF_STUDY:
        assert f'["{exercise}",' in launch
    assert '"pairs"' not in launch  # seminar only
    assert "SECRET" not in launch


def test_launch_page_speaks_the_course_language() -> None:
    course = load_course(FIXTURE_COURSE)
    course.config.language = "de"
    launch = launch_page(course).decode("utf-8")
    assert '<html lang="de">' in launch
    assert "Was wird dort gespeichert?" in launch and "bleiben nur in diesem Browser" in launch


def test_build_publishes_and_zips_the_package(built: Path) -> None:
    downloads = built / "site" / "downloads"
    assert (downloads / PACKAGE).is_file()
    index = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert f"downloads/{PACKAGE}" in index
    with zipfile.ZipFile(downloads / "fixture-course.zip") as site_zip:
        assert "site/index.html" in site_zip.namelist()
        assert f"site/downloads/{PACKAGE}" not in site_zip.namelist()


def test_placement_option(tmp_path: Path) -> None:
    def plan(**options: object) -> dict[str, str]:
        course = load_course(scorm_course(tmp_path / str(len(list(tmp_path.iterdir()))), **options))
        assert course.errors == []
        return {o.name: o.place for o in plan_outputs(course)}

    assert "scorm" not in plan()
    assert "scorm" not in plan(publish={"scorm": False})  # `scorm: off` in YAML
    assert "scorm" not in plan(publish={"scorm": "off"})
    assert plan(publish={"scorm": "site"})["scorm"] == "site"
    assert plan(publish={"scorm": "trainer"})["scorm"] == "trainer"


@pytest.mark.parametrize(
    ("options", "use_directory_urls", "message"),
    [
        ({"publish": {"scorm": "lms"}}, False, "publish.scorm"),
        ({"mastery_score": 120}, False, "mastery_score: expected a whole number of at most 100"),
        ({"mastery_score": "80"}, False, "mastery_score"),
        ({"publish": {"scorm": "site"}}, True, "the SCORM package needs pages that open from"),
    ],
)
def test_option_errors_are_located(
    tmp_path: Path, options: dict[str, object], use_directory_urls: bool, message: str
) -> None:
    course = scorm_course(tmp_path / "course", **options)
    if use_directory_urls:
        config_file = course / "mkdocs.yml"
        text = config_file.read_text(encoding="utf-8")
        config_file.write_text(text.replace("- offline\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(course)])
    assert result.exit_code == 1
    assert re.search(r"mkdocs\.yml:\d+:\d+: plugins\[\d\]\.seminarkit\.", result.output)
    assert message in result.output
    assert "Traceback" not in result.output


def test_export_command_packages_the_built_site(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    result = CliRunner().invoke(main, ["export", "scorm", str(built), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}: SCORM 1.2 package" in result.output
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist()[0] == "imsmanifest.xml"


def test_package_for_the_trainer_stays_out_of_the_site(built: Path) -> None:
    course = load_course(built)
    course.config.options.publish.scorm = "trainer"
    target, _ = package_scorm(course, built / "site")
    assert target == built / "trainer" / PACKAGE
    with zipfile.ZipFile(target) as archive:
        assert "index.html" in archive.namelist()
    assert not any(
        output.place == "site" for output in plan_outputs(course) if output.name == "scorm"
    )


def test_export_command_needs_a_built_site(tmp_path: Path) -> None:
    course = scorm_course(tmp_path / "course")
    result = CliRunner().invoke(main, ["export", "scorm", str(course)])
    assert result.exit_code == 1
    assert "no built site here; run `mkdocs build` first" in result.output


def test_realworld_course_packages_with_odd_file_names(tmp_path: Path) -> None:
    """The real-world course (images with spaces and umlauts in their names, right-to-left text,
    every kind of input): its package's manifest is valid and lists every file, URI-encoded."""
    course = tmp_path / "realworld"
    shutil.copytree(FIXTURES / "realworld", course, ignore=IGNORED)
    config_file = course / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        text.replace("  - seminarkit\n", "  - seminarkit:\n      pdf: false\n"), encoding="utf-8"
    )
    result = mkdocs_build(course, course / "site", "--strict")
    assert result.returncode == 0, result.stderr
    target, count = package_scorm(load_course(course), course / "site", tmp_path / "rw.zip")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        for name in SCHEMAS:
            (tmp_path / name).write_bytes(archive.read(name))
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    validator = schema(tmp_path)
    assert validator.validate(manifest), validator.error_log
    hrefs = [file.get("href") or "" for file in manifest.iter(f"{CP}file")]
    assert "images/img/Gr%C3%B6%C3%9Fe%20plan.png" in hrefs
    assert sorted(unquote(href) for href in hrefs) == sorted(names[1:])
    assert count == len(names)
