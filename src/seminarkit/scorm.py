"""The course site as a SCORM 1.2 package: one SCO that a learning platform launches in its frame.

The package is the built site (pages, assets, published downloads) with, at its root:

- `imsmanifest.xml` (IMS Content Packaging 1.1.2 with ADL's SCORM 1.2 extensions): one
  organization, one item, one SCO resource listing every file; `adlcp:masteryscore` when
  `mastery_score` is set in mkdocs.yml;
- the four schema files SCORM 1.2 asks a package to carry (`assets/scorm/*.xsd`, see
  `SCHEMAS-LICENSE.txt` there for their source and licence);
- `seminarkit-scorm.html`, the launch page: the course start page in a full-size frame, a note
  on what the platform stores, and `seminarkit-scorm.js`, the runtime bridge (SCORM 1.2 RTE: it
  finds the platform's `API`, reports status, score and answers, resumes from suspend data).

A SCORM 1.2 SCO must keep one API session from `LMSInitialize` to `LMSFinish`; the site has many
pages, so the launch page holds the session and the pages load inside it (the bridge hears their
saves through `storage` events). The site must open from files, without directory URLs: the
loader requires the `offline` plugin or `use_directory_urls: false` when `publish.scorm` is on.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as etree

from .i18n import translator
from .model.course import Course
from .model.exercises import AUTO_CHECKED_TYPES
from .print.documents import site_zip_name
from .shipping import ASSETS, shipped

LAUNCH = "seminarkit-scorm.html"
BRIDGE = "seminarkit-scorm.js"
SCHEMAS = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
"""The schema files at the package root (ADL SCORM 1.2 Content Aggregation Model, 2.3.1)."""
SCHEMA_FOLDER = ASSETS / "scorm"

#: Exercise types whose answers are short (choices, gap words, pairs, orders, ticks, ratings):
#: they may go to the platform. Any other type (reflection, network map, action plan: free texts)
#: keeps its answers in the browser only.
SHORT_ANSWER_TYPES = (*AUTO_CHECKED_TYPES, "self-assessment", "scenario", "checklist")

_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_LOCATIONS = (
    f"{_CP} imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    f"{_ADLCP} adlcp_rootv1p2.xsd"
)


def scorm_filename(course: Course) -> str:
    """`erfolgreich-netzwerken-scorm12.zip`: the site zip's name with `-scorm12`."""
    return site_zip_name(course).removesuffix(".zip") + "-scorm12.zip"


def runtime_config(course: Course) -> dict[str, Any]:
    """What the bridge needs, embedded in the launch page as JSON.

    `course`: the storage id (`Course.course_id`); `mastery`: 0-100 or null; `exercises`: every
    self-study exercise in page order as `[id, hash, legacy hash, type, auto-checked 0|1, short
    answers 0|1]`. Suspend data refers to an exercise by its index here, checked by its hash.
    """
    exercises = [
        [
            exercise.key,
            exercise.content_hash(),
            exercise.legacy_content_hash(),
            exercise.type,
            int(exercise.auto_checked),
            int(exercise.type in SHORT_ANSWER_TYPES),
        ]
        for exercise in course.exercises_in_order()
        if exercise.for_self_study
    ]
    mastery = course.config.options.mastery_score
    return {"course": course.course_id, "mastery": mastery, "exercises": exercises}


def launch_page(course: Course) -> bytes:
    """The launch page: the start page in a frame filling the window, and below it a line on
    what the learning platform stores (open for details). Without JavaScript: a link."""
    t = translator(course.language)
    title = html.escape(course.config.site_name)
    data = json.dumps(runtime_config(course), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c")  # never ends the script element
    page = f"""<!doctype html>
<html lang="{course.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ height: 100%; margin: 0; }}
body {{ display: flex; flex-direction: column; font: 0.8rem/1.4 system-ui, sans-serif; }}
iframe {{ flex: 1; width: 100%; border: 0; }}
.sk-lms {{ padding: 0.2rem 0.8rem; background: #f4f4f6; border-top: 1px solid #ccc; }}
.sk-lms p {{ margin: 0.3rem 0; max-width: 60rem; }}
</style>
</head>
<body>
<iframe title="{title}" src="about:blank" data-src="index.html"></iframe>
<details class="sk-lms"><summary>{html.escape(t("scorm.note"))}</summary>
<p>{html.escape(t("scorm.stored"))}</p>
<p>{html.escape(t("scorm.browser"))}</p></details>
<noscript><p><a href="index.html">{title}</a></p></noscript>
<script type="application/json" id="sk-scorm">{data}</script>
<script src="{BRIDGE}"></script>
</body>
</html>
"""
    return page.encode("utf-8")


def manifest(course: Course, files: list[str]) -> bytes:
    """`imsmanifest.xml`: one organization whose one item launches the SCO `LAUNCH`, with
    `adlcp:masteryscore` if set; `files` are every file of the package (below its root)."""
    for name, uri in (("", _CP), ("adlcp", _ADLCP), ("xsi", _XSI)):
        etree.register_namespace(name, uri)
    root = etree.Element(f"{{{_CP}}}manifest")
    root.set("identifier", "seminarkit-" + scorm_filename(course).removesuffix(".zip"))
    root.set("version", "1.0")
    root.set(f"{{{_XSI}}}schemaLocation", _LOCATIONS)
    metadata = etree.SubElement(root, f"{{{_CP}}}metadata")
    etree.SubElement(metadata, f"{{{_CP}}}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{{{_CP}}}schemaversion").text = "1.2"
    organizations = etree.SubElement(root, f"{{{_CP}}}organizations", default="course")
    organization = etree.SubElement(organizations, f"{{{_CP}}}organization", identifier="course")
    etree.SubElement(organization, f"{{{_CP}}}title").text = course.config.site_name
    item = etree.SubElement(
        organization, f"{{{_CP}}}item", identifier="site", identifierref="sco", isvisible="true"
    )
    etree.SubElement(item, f"{{{_CP}}}title").text = course.config.site_name
    mastery = course.config.options.mastery_score
    if mastery is not None:
        etree.SubElement(item, f"{{{_ADLCP}}}masteryscore").text = str(mastery)
    resources = etree.SubElement(root, f"{{{_CP}}}resources")
    resource = etree.SubElement(
        resources, f"{{{_CP}}}resource", identifier="sco", type="webcontent", href=LAUNCH
    )
    resource.set(f"{{{_ADLCP}}}scormtype", "sco")
    for name in files:  # a URI reference: `Größe plan.png` as `Gr%C3%B6%C3%9Fe%20plan.png`
        etree.SubElement(resource, f"{{{_CP}}}file", href=quote(name))
    etree.indent(root)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data


def scorm_entries(course: Course, site: Path, leave_out: set[Path]) -> list[tuple[str, bytes]]:
    """Every file of the package as (path in the zip, bytes), sorted, `imsmanifest.xml` first:
    the site below `site` without the files in `leave_out`, the launch page, the bridge and the
    schema files."""
    files = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path not in leave_out
    }
    files[LAUNCH] = launch_page(course)
    files[BRIDGE] = shipped(f"scorm/{BRIDGE}")
    for name in SCHEMAS:
        files[name] = (SCHEMA_FOLDER / name).read_bytes()
    names = sorted(files)
    return [("imsmanifest.xml", manifest(course, names)), *((name, files[name]) for name in names)]
