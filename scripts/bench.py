"""Benchmark seminarkit builds against plain Markdown of similar size (not a test).

In one run it generates a synthetic course of N lessons with k exercises each (all twelve types in
turn, taken from the test fixture course), then alternates `mkdocs build` of
(a) that course with seminarkit and (b) the same lessons with every directive replaced by static
Markdown of about the size seminarkit renders, for several rounds, and prints the median ratio a/b
and the peak memory of each. It also times `seminarkit check` on a course of 5,000 exercises.

It then times the PDFs of the flagship course: a cold build (empty cache), a warm one (nothing
changed), seconds per page, and what the tagged PDF/UA variant costs over a plain PDF.

Usage: python scripts/bench.py [--lessons 200] [--per-lesson 5] [--rounds 3] [--check 5000]
       [--skip-builds] [--skip-pdf]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "fixtures" / "course" / "exercises"
BIN = Path(sys.executable).parent

MKDOCS_YML = """site_name: Bench
theme:
  name: material
  language: de
  font: false
plugins:
  - search
{plugins}markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
"""

LESSON_TEXT = (
    "Netzwerke tragen, wenn Menschen einander kennen, einander vertrauen und wissen, was sie "
    "füreinander tun können. Dieser Absatz steht für den Text einer Lektion.\n\n"
)

# Runs one build in a fresh interpreter and reports seconds and peak memory as JSON.
BUILD_CHILD = """
import json, logging, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.disable(logging.WARNING)
started = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mb": peak_mb}))
"""


def sample_exercises() -> list[tuple[str, str]]:
    """(type folder-less file text, type) of each fixture exercise, without its first line."""
    samples = []
    for path in sorted(SAMPLES.rglob("*.yml")):
        text = path.read_text(encoding="utf-8").split("\n", 1)[1]
        samples.append((text, path.stem))
    return samples


def write_course(root: Path, lessons: int, per_lesson: int, *, with_seminarkit: bool) -> None:
    """A synthetic course; without seminarkit, directives become static Markdown."""
    samples = sample_exercises()
    # The ratio compares web builds; PDFs are timed on their own below (bench_pdfs).
    plugins = "  - seminarkit:\n      pdf: false\n" if with_seminarkit else ""
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins=plugins), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Bench\n\nStart.\n", encoding="utf-8")
    static_sizes = _rendered_sizes() if not with_seminarkit else {}
    number = 0
    for lesson in range(1, lessons + 1):
        body = [f"---\nduration: 20\n---\n\n# Lektion {lesson}\n\n", LESSON_TEXT * 3]
        for _ in range(per_lesson):
            text, stem = samples[number % len(samples)]
            exercise_id = f"e{number:05d}-{stem}"
            if with_seminarkit:
                folder = root / "exercises" / f"l{lesson:04d}"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{exercise_id}.yml").write_text(text, encoding="utf-8")
                body.append(f"## Abschnitt {number}\n\n::: exercise {exercise_id}\n\n")
            else:
                body.append(f"## Abschnitt {number}\n\n{_static_markdown(static_sizes[stem])}\n")
            body.append(LESSON_TEXT)
            number += 1
        (root / "docs" / f"lektion-{lesson:04d}.md").write_text("".join(body), encoding="utf-8")


def _rendered_sizes() -> dict[str, int]:
    """Bytes of HTML seminarkit renders for each sample exercise."""
    sys.path.insert(0, str(REPO / "src"))
    from seminarkit.loader import load_course
    from seminarkit.web import WebRenderer

    course = load_course(REPO / "tests" / "fixtures" / "course")
    renderer = WebRenderer(course)
    return {key: len(renderer.exercise(ex)) for key, ex in course.exercises.items()}


def _static_markdown(size: int) -> str:
    """A static Markdown block (heading, list, paragraphs) of about `size` characters."""
    parts = ["### Übung\n\n", "- erster Punkt\n- zweiter Punkt\n- dritter Punkt\n\n"]
    length = sum(map(len, parts))
    while length < size:
        parts.append(LESSON_TEXT)
        length += len(LESSON_TEXT)
    return "".join(parts)


def build_once(course: Path, site: Path) -> dict[str, float]:
    """One `mkdocs build` in a fresh interpreter."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", BUILD_CHILD, str(course / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def bench_builds(lessons: int, per_lesson: int, rounds: int, work: Path) -> None:
    """Alternate builds with and without seminarkit and print the median ratio."""
    with_kit, plain = work / "with-seminarkit", work / "plain"
    write_course(with_kit, lessons, per_lesson, with_seminarkit=True)
    write_course(plain, lessons, per_lesson, with_seminarkit=False)
    print(f"course: {lessons} lessons x {per_lesson} exercises, {rounds} rounds, alternating")
    results: dict[str, list[dict[str, float]]] = {"a": [], "b": []}
    for round_number in range(1, rounds + 1):
        for key, course in (("a", with_kit), ("b", plain)):
            site = work / f"site-{key}"
            shutil.rmtree(site, ignore_errors=True)
            results[key].append(build_once(course, site))
        a, b = results["a"][-1], results["b"][-1]
        print(
            f"  round {round_number}: (a) seminarkit {a['seconds']:.2f} s, "
            f"(b) static {b['seconds']:.2f} s, ratio {a['seconds'] / b['seconds']:.3f}"
        )
    ratios = [a["seconds"] / b["seconds"] for a, b in zip(results["a"], results["b"], strict=True)]
    print(
        f"median build: (a) {statistics.median(r['seconds'] for r in results['a']):.2f} s, "
        f"(b) {statistics.median(r['seconds'] for r in results['b']):.2f} s"
    )
    print(f"median ratio a/b: {statistics.median(ratios):.3f} (target <= 1.10)")
    print(
        f"peak memory: (a) {max(r['rss_mb'] for r in results['a']):.0f} MB, "
        f"(b) {max(r['rss_mb'] for r in results['b']):.0f} MB"
    )


def bench_check(exercises: int, work: Path) -> None:
    """Time `seminarkit check` (the real command, fresh process) on `exercises` exercises."""
    course = work / "check"
    per_lesson = 5
    write_course(course, exercises // per_lesson, per_lesson, with_seminarkit=True)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        result = subprocess.run(
            [str(BIN / "seminarkit"), "check", str(course)], capture_output=True, text=True
        )
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
    print(f"seminarkit check, {exercises} exercises: {result.stdout.strip()}")
    print(f"  median {statistics.median(times):.2f} s over 3 runs (target < 2 s)")


PDF_CHILD = """
import json, sys, time
from pathlib import Path
from seminarkit.loader import load_course
from seminarkit.print.pdf import build_pdfs
from seminarkit.print.renderer import PrintRenderer
started = time.perf_counter()
built = build_pdfs(PrintRenderer(load_course(sys.argv[1])), Path(sys.argv[2]), log=lambda _: None)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "pages": sum(p.pages for p in built), "documents": len(built),
                  "rebuilt": sum(not p.cached for p in built)}))
"""

VARIANT_CHILD = """
import json, sys, time
from seminarkit.loader import load_course
from seminarkit.print.renderer import PrintRenderer
from weasyprint import HTML
renderer = PrintRenderer(load_course(sys.argv[1]))
html = renderer.render_document(renderer.documents[0]).html
times = {"plain": [], "pdf/ua-1": []}
for _ in range(int(sys.argv[2])):
    for variant in ("plain", "pdf/ua-1"):
        started = time.perf_counter()
        document = HTML(string=html, base_url=str(renderer.docs)).render()
        document.write_pdf("/dev/null", pdf_variant=None if variant == "plain" else variant)
        times[variant].append(time.perf_counter() - started)
print(json.dumps(times))
"""


def _child(code: str, *args: str) -> dict[str, object]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def bench_pdfs(work: Path, rounds: int) -> None:
    """Cold and warm PDF builds of the flagship course, seconds per page, PDF/UA overhead."""
    course = work / "flagship"
    course.mkdir()
    for name in ("mkdocs.yml", "docs", "exercises"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, course / name)
        else:
            shutil.copy(source, course / name)
    cold = _child(PDF_CHILD, str(course), str(work / "pdf-cold"))
    warm = _child(PDF_CHILD, str(course), str(work / "pdf-warm"))
    pages = int(str(cold["pages"]))
    cold_s, warm_s = float(str(cold["seconds"])), float(str(warm["seconds"]))
    print(f"PDFs of the flagship course: {cold['documents']} documents, {pages} pages")
    print(f"  cold (empty cache): {cold_s:.2f} s, {cold_s / pages * 1000:.0f} ms per page")
    print(f"  warm (no change):   {warm_s:.2f} s, {warm['rebuilt']} rebuilt")
    times = _child(VARIANT_CHILD, str(course), str(rounds))
    plain = statistics.median(list(times["plain"]))  # type: ignore[call-overload]
    tagged = statistics.median(list(times["pdf/ua-1"]))  # type: ignore[call-overload]
    print(
        f"  reader, plain PDF {plain:.2f} s vs tagged PDF/UA-1 {tagged:.2f} s: "
        f"+{(tagged / plain - 1) * 100:.0f} % (target < 25 %)"
    )


def main() -> None:
    """Run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lessons", type=int, default=200)
    parser.add_argument("--per-lesson", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--check", type=int, default=5000, help="exercises for the check timing")
    parser.add_argument("--skip-builds", action="store_true", help="no site build or check timing")
    parser.add_argument("--skip-pdf", action="store_true", help="no PDF timing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="seminarkit-bench-") as folder:
        work = Path(folder)
        if not args.skip_builds:
            bench_builds(args.lessons, args.per_lesson, args.rounds, work)
            bench_check(args.check, work)
        if not args.skip_pdf:
            bench_pdfs(work, args.rounds)


if __name__ == "__main__":
    main()
