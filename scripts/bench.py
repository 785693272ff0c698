"""Benchmark seminarkit at catalogue scale (issue 15); benchmark figures, not a test.

Prints every figure of the issue's table in one run, as medians of alternating rounds, for one
or more source trees side by side (each run with its own `src/` on PYTHONPATH, in fresh
processes), so a change can be compared with the main branch in the same run:

- on a synthetic catalogue course (scripts/catalogue.py: LESSONS x 5 exercises copied from the
  flagship): the cold `mkdocs build` (pages and all PDFs, empty cache) with its wall time per
  PDF page and peak memory (the largest single process, as `/usr/bin/time` reports it: the
  build process or its largest child, a PDF worker or a join; and the whole process tree,
  sampled from /proc), the same build again with nothing changed (warm), the build
  with `pdf: false` (first, then again with nothing changed), and plain MkDocs + Material
  on the same pages with every exercise replaced by prose of its YAML's size (these short
  builds `SHORT_REPEATS` times a round, alternating, their medians taken); ratios warm /
  `pdf: false` again (both rebuilds, with the caches of the build before) and `pdf: false`
  first / plain (neither with a cache), each taken within one repetition and the median of
  all repetitions reported;
- `seminarkit check` on 200 x 10 exercises in a fresh process, with an empty cache and then
  again with the cache that run filled (seminarkit.readcache);
- the reader of a 50 x 10 course built alone, cold, by the PDF workers of a build (in
  pieces, print/pieces.py): wall seconds per page and the largest process's peak memory;
- the flagship course (the repository root): cold and warm `mkdocs build`.

Usage:
  python scripts/bench.py                      # this tree, full size (takes long)
  python scripts/bench.py --quick              # small courses, one round: minutes
  git worktree add /tmp/base main              # then compare with main in the same run:
  python scripts/bench.py --tree /tmp/base --tree . [--quick] [--rounds 3]
  python scripts/bench.py --python /tmp/other-venv/bin/python --python .venv/bin/python
                                               # two interpreters (each with seminarkit's
                                               # dependencies installed), side by side
  git worktree add --detach /tmp/old 347c9f0   # the code before issue 15 against today's,
  python scripts/bench.py --tree /tmp/old --tree . --content /tmp/old
                                               # on the older tree's courses (its code does
                                               # not know keys the flagship uses now)

`--content TREE` takes the flagship course, and the exercises the other courses copy, from TREE
instead of this repository. `seminarkit check` runs each tree's own console script (its
`[project.scripts]` entry), so a tree from before `python -m seminarkit` runs too.
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
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import write_catalogue

REPO = Path(__file__).resolve().parent.parent

#: One `mkdocs build` in a fresh interpreter: seconds, peak memory of the build process and of
#: its largest child (a PDF worker), and the PDF pages it wrote.
BUILD_CHILD = """
import json, logging, resource, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.disable(logging.WARNING)
started = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
seconds = time.perf_counter() - started
pages = 0
try:
    from pypdf import PdfReader
    root = Path(sys.argv[1]).parent
    for pdf in [*Path(sys.argv[2]).rglob("*.pdf"), *(root / "trainer").glob("*.pdf")]:
        pages += len(PdfReader(pdf).pages)
except ImportError:
    pass
print(json.dumps({
    "seconds": seconds,
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "pages": pages,
}))
"""

#: Runs of each short catalogue build (warm, `pdf: false` twice, plain) in a round.
SHORT_REPEATS = 3

#: The reader of a course, written by the PDF worker function itself in this process.
READER_CHILD = """
import json, os, resource, sys, tempfile, time
from pathlib import Path
from seminarkit.loader import load_course
from seminarkit.print import pdf
from seminarkit.print.renderer import PrintRenderer
os.environ[pdf.CACHE_ENV] = tempfile.mkdtemp()  # cold: an empty cache
renderer = PrintRenderer(load_course(sys.argv[1]))
reader = renderer.documents[0]
started = time.perf_counter()
built = pdf.build_pdfs(renderer, Path(sys.argv[2]), documents=[reader], log=lambda line: None)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "pages": built[0].pages,
                  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


#: The `seminarkit` command, from the tree on PYTHONPATH.
@dataclass
class Tree:
    """One source tree under test and its measurements, by figure name."""

    path: Path
    label: str
    values: dict[str, list[float]] = field(default_factory=dict)
    python: str = sys.executable
    """The interpreter its fresh processes run on."""

    def add(self, name: str, value: float) -> None:
        self.values.setdefault(name, []).append(value)

    def median(self, name: str) -> float | None:
        found = self.values.get(name)
        return statistics.median(found) if found else None

    def command(self) -> list[str]:
        """The `seminarkit` command of this tree: its `[project.scripts]` entry point, run by
        this tree's interpreter with its `src/` on PYTHONPATH (see `env`)."""
        with (self.path / "pyproject.toml").open("rb") as file:
            entry = tomllib.load(file)["project"]["scripts"]["seminarkit"]
        module, function = entry.split(":")
        code = f"import sys; sys.argv[0] = 'seminarkit'; from {module} import {function}; "
        return [self.python, "-c", code + f"{function}()"]

    def env(self) -> dict[str, str]:
        env = {**os.environ, "PYTHONPATH": str(self.path / "src"), "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SEMINARKIT_CACHE_DIR", None)  # each course keeps its own cache
        return env


def _tree_memory(pid: int) -> tuple[int, int]:
    """Resident bytes of process `pid` and all its descendants (Linux /proc): the sum of their
    RSS, which counts the pages forked workers still share with the build process once per
    process, and the sum of their PSS (each shared page divided among its sharers, from
    /proc/PID/smaps_rollup), the tree's real share of memory."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * page
    family, changed = {pid}, True
    while changed:
        grown = family | {child for child, parent in parents.items() if parent in family}
        changed, family = grown != family, grown
    return sum(rss.get(member, 0) for member in family), sum(map(_pss, family))


def _pss(pid: int) -> int:
    """Proportional set size of process `pid` in bytes; 0 if it ended or cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _child(tree: Tree, code: str, *args: str) -> dict[str, float]:
    """Run `code` in a fresh interpreter of `tree`; its JSON result plus `tree_mb` and
    `tree_pss_mb`, the peaks of its whole process tree's RSS and PSS sums (`_tree_memory`,
    sampled four times a second)."""
    process = subprocess.Popen(
        [tree.python, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=tree.env(),
    )
    peak = [0, 0]

    def sample() -> None:
        while process.poll() is None:
            if sys.platform == "linux":
                rss, pss = _tree_memory(process.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{tree.label}: failed:\n{err[-3000:]}")
    result = dict(json.loads(out.strip().splitlines()[-1]))
    result["tree_mb"] = peak[0] / 2**20
    result["tree_pss_mb"] = peak[1] / 2**20
    return result


def _build(tree: Tree, course: Path, site: Path) -> dict[str, float]:
    return _child(tree, BUILD_CHILD, str(course / "mkdocs.yml"), str(site))


def _fresh(course: Path) -> None:
    """Remove what a build left in `course`: site, trainer folder, cache."""
    for name in ("site", "trainer", ".seminarkit-cache"):
        shutil.rmtree(course / name, ignore_errors=True)


def bench_catalogue(
    trees: list[Tree], work: Path, lessons: int, rounds: int, content: Path
) -> None:
    """Cold, warm, `pdf: false` and plain MkDocs builds of a LESSONS x 5 catalogue course,
    its exercises copied from the flagship of the tree `content`."""
    full, web, plain = work / "catalogue", work / "catalogue-web", work / "catalogue-plain"
    exercises = content / "exercises"
    write_catalogue(full, lessons, 5, exercises=exercises)
    write_catalogue(web, lessons, 5, pdf=False, exercises=exercises)
    write_catalogue(plain, lessons, 5, plain=True, exercises=exercises)
    print(f"catalogue course: {lessons} lessons x 5 exercises, {rounds} round(s)", flush=True)
    for number in range(1, rounds + 1):
        for tree in trees:
            _fresh(full)
            cold = _build(tree, full, full / "site")
            tree.add("cold_s", cold["seconds"])
            tree.add("pages", cold["pages"])
            tree.add("s_per_page", cold["seconds"] / max(cold["pages"], 1))
            tree.add("cold_tree_mb", cold["tree_mb"])
            tree.add("cold_tree_pss_mb", cold["tree_pss_mb"])
            tree.add("cold_self_mb", cold["self_mb"])
            tree.add("cold_worker_mb", cold["worker_mb"])
            tree.add("cold_max_mb", max(cold["self_mb"], cold["worker_mb"]))
            # The short builds (3-5 s) vary by a third from one run to the next on a shared
            # machine: each is run SHORT_REPEATS times, alternating, and the medians taken.
            # A ratio is taken within each repetition, whose four builds run within seconds of
            # each other (the machine's slow and fast phases last minutes), and the median of
            # all repetitions of all rounds is reported.
            runs: dict[str, list[dict[str, float]]] = {}
            for _ in range(SHORT_REPEATS):
                runs.setdefault("warm", []).append(_build(tree, full, full / "site"))
                _fresh(web)
                runs.setdefault("nopdf", []).append(_build(tree, web, web / "site"))
                # nothing changed, as for `warm`
                runs.setdefault("again", []).append(_build(tree, web, web / "site"))
                _fresh(plain)
                runs.setdefault("plain", []).append(_build(tree, plain, plain / "site"))
                latest = {name: found[-1]["seconds"] for name, found in runs.items()}
                tree.add("warm_ratio", latest["warm"] / latest["again"])
                tree.add("web_ratio", latest["nopdf"] / latest["plain"])
            warm, nopdf, again, bare = (
                {key: statistics.median(run[key] for run in runs[name]) for key in runs[name][0]}
                for name in ("warm", "nopdf", "again", "plain")
            )
            tree.add("warm_s", warm["seconds"])
            tree.add("warm_mb", warm["tree_mb"])
            tree.add("nopdf_s", nopdf["seconds"])
            tree.add("nopdf_mb", nopdf["tree_mb"])
            tree.add("nopdf_again_s", again["seconds"])
            tree.add("plain_s", bare["seconds"])
            tree.add("plain_mb", bare["tree_mb"])
            print(
                f"  round {number} {tree.label}: cold {cold['seconds']:.1f} s "
                f"({cold['pages']:.0f} pages), warm {warm['seconds']:.1f} s, "
                f"pdf:false {nopdf['seconds']:.1f} s, again {again['seconds']:.1f} s, "
                f"plain {bare['seconds']:.1f} s",
                flush=True,
            )


def bench_check(trees: list[Tree], work: Path, lessons: int, rounds: int, content: Path) -> None:
    """`seminarkit check` in a fresh process on LESSONS x 10 exercises copied from the flagship
    of the tree `content`."""
    course = work / "check"
    count = write_catalogue(course, lessons, 10, exercises=content / "exercises")
    print(f"check course: {lessons} lessons x 10 = {count} exercises", flush=True)

    def timed(tree: Tree) -> float:
        started = time.perf_counter()
        result = subprocess.run(
            [*tree.command(), "check", str(course)],
            capture_output=True,
            text=True,
            env=tree.env(),
        )
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        return time.perf_counter() - started

    for _ in range(max(rounds, 3)):
        for tree in trees:
            shutil.rmtree(course / ".seminarkit-cache", ignore_errors=True)
            tree.add("check_cold_s", timed(tree))  # and fills the cache (seminarkit.readcache)
            tree.add("check_s", timed(tree))


def bench_reader(trees: list[Tree], work: Path, lessons: int, rounds: int, content: Path) -> None:
    """The reader of a LESSONS x 10 course built alone in a fresh process, cold, by the PDF
    workers of a build (`build_pdfs`): wall seconds per page and the peak RSS of the largest
    process (a worker, or the build)."""
    course = work / "reader"
    write_catalogue(course, lessons, 10, exercises=content / "exercises")
    print(f"reader course: {lessons} lessons x 10 exercises", flush=True)
    for _ in range(rounds):
        for tree in trees:
            result = _child(tree, READER_CHILD, str(course), str(work / "reader-pdf"))
            tree.add("reader_pages", result["pages"])
            tree.add("reader_s_per_page", result["seconds"] / result["pages"])
            tree.add("reader_mb", max(result["self_mb"], result["worker_mb"]))


def bench_flagship(trees: list[Tree], work: Path, rounds: int, content: Path) -> None:
    """Cold and warm `mkdocs build` of the flagship course (the root of the tree `content`)."""
    course = work / "flagship"
    course.mkdir()
    for name in ("mkdocs.yml", "docs", "exercises"):
        source = content / name
        if source.is_dir():
            shutil.copytree(source, course / name)
        else:
            shutil.copy(source, course / name)
    print("flagship course", flush=True)
    for _ in range(rounds):
        for tree in trees:
            _fresh(course)
            cold = _build(tree, course, course / "site")
            warm = _build(tree, course, course / "site")
            tree.add("flagship_cold_s", cold["seconds"])
            tree.add("flagship_pages", cold["pages"])
            tree.add("flagship_warm_s", warm["seconds"])
            tree.add("flagship_mb", cold["tree_mb"])


ROWS: list[tuple[str, str, Callable[[float], str], str]] = [
    ("pages", "catalogue: PDF pages (cold build)", "{:.0f}".format, ""),
    ("cold_s", "catalogue: cold mkdocs build, s", "{:.1f}".format, ""),
    ("s_per_page", "catalogue: cold wall time per PDF page, s", "{:.3f}".format, "<= 0.035"),
    ("cold_max_mb", "catalogue: cold build peak, largest process, MB", "{:.0f}".format, "<= 350"),
    ("cold_self_mb", "catalogue: cold build peak, build process, MB", "{:.0f}".format, ""),
    ("cold_worker_mb", "catalogue: cold build peak, largest child, MB", "{:.0f}".format, ""),
    ("cold_tree_mb", "catalogue: cold build peak, process tree RSS sum, MB", "{:.0f}".format, ""),
    ("cold_tree_pss_mb", "catalogue: same, tree PSS (shared pages once), MB", "{:.0f}".format, ""),
    ("warm_s", "catalogue: warm build (nothing changed), s", "{:.1f}".format, ""),
    ("nopdf_s", "catalogue: build with pdf: false, first, s", "{:.1f}".format, ""),
    ("nopdf_again_s", "catalogue: same again, nothing changed, s", "{:.1f}".format, ""),
    ("plain_s", "catalogue: plain MkDocs, exercises as prose, s", "{:.1f}".format, ""),
    ("warm_ratio", "warm / pdf: false again (both rebuilds)", "{:.2f}".format, "<= 1.15"),
    ("web_ratio", "pdf: false first / plain MkDocs", "{:.2f}".format, "<= 1.3"),
    ("check_cold_s", "seminarkit check, fresh process, empty cache, s", "{:.2f}".format, ""),
    ("check_s", "seminarkit check, fresh process, cache filled, s", "{:.2f}".format, "< 1"),
    ("reader_pages", "reader: pages", "{:.0f}".format, ""),
    ("reader_s_per_page", "reader: wall s per page, cold", "{:.3f}".format, "<= 0.05"),
    ("reader_mb", "reader: peak memory, largest process, MB", "{:.0f}".format, "<= 400"),
    ("flagship_pages", "flagship: PDF pages", "{:.0f}".format, ""),
    ("flagship_cold_s", "flagship: cold mkdocs build, s", "{:.1f}".format, "not slower"),
    ("flagship_warm_s", "flagship: warm mkdocs build, s", "{:.1f}".format, "not slower"),
    ("flagship_mb", "flagship: cold build peak memory, tree, MB", "{:.0f}".format, ""),
]


def report(trees: list[Tree]) -> None:
    """The table: one column per tree (medians), the issue's target last."""
    width = max(len(label) for _, label, _, _ in ROWS)
    head = "".join(f"{tree.label[-18:]:>20}" for tree in trees)
    print(f"\n{'median of rounds':<{width}}{head}  target")
    for name, label, shape, target in ROWS:
        cells = [tree.median(name) for tree in trees]
        if all(cell is None for cell in cells):
            continue
        text = "".join(f"{shape(c) if c is not None else '-':>20}" for c in cells)
        print(f"{label:<{width}}{text}  {target}")


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tree",
        action="append",
        type=Path,
        help="a seminarkit source tree (its src/ goes on PYTHONPATH); repeat to compare; "
        "default: this repository",
    )
    parser.add_argument(
        "--python",
        action="append",
        help="the interpreter of the fresh processes (a virtual environment's, with "
        "seminarkit's dependencies); repeat to compare each tree on each; default: this one",
    )
    parser.add_argument(
        "--content",
        type=Path,
        default=REPO,
        help="the tree whose flagship course and exercises the courses are made of "
        "(default: this repository)",
    )
    parser.add_argument("--quick", action="store_true", help="small courses, one round")
    parser.add_argument("--rounds", type=int, default=None, help="alternating rounds (3)")
    parser.add_argument("--lessons", type=int, default=None, help="catalogue lessons (100)")
    parser.add_argument("--check-lessons", type=int, default=200, help="x 10 exercises")
    parser.add_argument("--reader-lessons", type=int, default=None, help="x 10 exercises (50)")
    parser.add_argument(
        "--only",
        action="append",
        choices=["catalogue", "check", "reader", "flagship"],
        help="run only these parts (repeatable)",
    )
    args = parser.parse_args()
    rounds = args.rounds or (1 if args.quick else 3)
    lessons = args.lessons or (10 if args.quick else 100)
    reader_lessons = args.reader_lessons or (8 if args.quick else 50)
    paths = args.tree or [REPO]
    pythons = args.python or [sys.executable]
    trees = [
        Tree(path.resolve(), str(path) if len(pythons) == 1 else f"{path} {python}", python=python)
        for path in paths
        for python in pythons
    ]
    parts = set(args.only or ["catalogue", "check", "reader", "flagship"])
    content = args.content.resolve()
    with tempfile.TemporaryDirectory(prefix="seminarkit-bench-") as folder:
        work = Path(folder)
        if "check" in parts:
            bench_check(trees, work, args.check_lessons, rounds, content)
        if "catalogue" in parts:
            bench_catalogue(trees, work, lessons, rounds, content)
        if "reader" in parts:
            bench_reader(trees, work, reader_lessons, rounds, content)
        if "flagship" in parts:
            bench_flagship(trees, work, rounds, content)
    report(trees)


if __name__ == "__main__":
    main()
