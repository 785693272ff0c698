"""Write a synthetic catalogue course for benchmarks (not a test).

The course has `lessons` pages of a few paragraphs each, every page embeds `per_lesson`
exercises copied in turn from the flagship course (the repository root), so all of its types
and sizes occur. With `plain=True` the same pages are written without seminarkit: every
`::: exercise` becomes static Markdown prose of the size of the exercise's YAML file (the
"plain MkDocs" baseline of issue 15).

Usage: python scripts/catalogue.py FOLDER [--lessons 100] [--per-lesson 5] [--plain]
       [--no-pdf] [--exercises-from FOLDER]
"""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP_EXERCISES = REPO / "exercises"

MKDOCS_YML = """site_name: Katalogkurs
theme:
  name: material
  language: de
  font: false
plugins:
  - search:
      lang: de
{plugins}markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
"""

LESSON_TEXT = (
    "Netzwerke tragen, wenn Menschen einander kennen, einander vertrauen und wissen, was sie "
    "füreinander tun können. Dieser Absatz steht für den Text einer Lektion.\n\n"
)


def flagship_exercises(folder: Path = FLAGSHIP_EXERCISES) -> list[tuple[str, str]]:
    """(YAML text without its schema comment line, file stem) of every exercise in `folder`
    (the flagship's, by default)."""
    samples = []
    for path in sorted(folder.rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("#"):
            text = text.split("\n", 1)[1]
        samples.append((text, path.stem))
    return samples


def prose(size: int) -> str:
    """Static Markdown (a heading, a list, paragraphs) of about `size` characters."""
    parts = ["### Übung\n\n", "- erster Punkt\n- zweiter Punkt\n- dritter Punkt\n\n"]
    length = sum(map(len, parts))
    while length < size:
        parts.append(LESSON_TEXT)
        length += len(LESSON_TEXT)
    return "".join(parts)


def write_catalogue(
    root: Path,
    lessons: int,
    per_lesson: int,
    *,
    plain: bool = False,
    pdf: bool = True,
    exercises: Path = FLAGSHIP_EXERCISES,
) -> int:
    """Write the course into `root` (created), its exercises copied from the folder
    `exercises` (the flagship's, by default); the number of exercises."""
    samples = flagship_exercises(exercises)
    if plain:
        plugins = ""
    elif pdf:
        plugins = "  - seminarkit\n"
    else:
        plugins = "  - seminarkit:\n      pdf: false\n"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(plugins=plugins), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Katalogkurs\n\nStart.\n", encoding="utf-8")
    number = 0
    for lesson in range(1, lessons + 1):
        body = [f"---\nduration: 20\n---\n\n# Lektion {lesson}\n\n", LESSON_TEXT * 3]
        for _ in range(per_lesson):
            text, stem = samples[number % len(samples)]
            exercise_id = f"e{number:05d}-{stem}"
            if plain:
                body.append(f"## Abschnitt {number}\n\n{prose(len(text))}\n")
            else:
                folder = root / "exercises" / f"l{lesson:04d}"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{exercise_id}.yml").write_text(text, encoding="utf-8")
                body.append(f"## Abschnitt {number}\n\n::: exercise {exercise_id}\n\n")
            body.append(LESSON_TEXT)
            number += 1
        (root / "docs" / f"lektion-{lesson:04d}.md").write_text("".join(body), encoding="utf-8")
    return number


def main() -> None:
    """Write one course."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lessons", type=int, default=100)
    parser.add_argument("--per-lesson", type=int, default=5)
    parser.add_argument("--plain", action="store_true", help="exercises as prose, no seminarkit")
    parser.add_argument("--no-pdf", action="store_true", help="seminarkit with `pdf: false`")
    parser.add_argument(
        "--exercises-from",
        type=Path,
        default=FLAGSHIP_EXERCISES,
        help="the exercise files to copy (default: the flagship's)",
    )
    args = parser.parse_args()
    count = write_catalogue(
        args.folder,
        args.lessons,
        args.per_lesson,
        plain=args.plain,
        pdf=not args.no_pdf,
        exercises=args.exercises_from,
    )
    print(f"{args.folder}: {args.lessons} pages, {count} exercises")


if __name__ == "__main__":
    main()
