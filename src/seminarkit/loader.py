"""Read a course folder into the model: the only module that reads course files."""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import collector
from .directives import DirectiveScanner
from .forking import SplitMap
from .image_files import CourseImages, may_show_images
from .model.course import (
    CACHE_ENV,
    SCORM_NEEDS_FILES,
    Course,
    CourseConfig,
    CourseOptions,
    check_references,
)
from .model.exercises import EXERCISE_ADAPTER, EXERCISE_CLASSES, SLUG_PATTERN, ExerciseBase
from .model.lessons import Lesson, LessonMeta, first_heading, split_front_matter
from .model.room import Participant
from .model.rules import check_exercise
from .model.yaml_words import problems_from_errors
from .participants import participant_file, read_participants
from .problems import Problem, Severity, did_you_mean, format_key_path
from .readcache import ReadCache
from .yamlsource import TaggedValue, YamlDocument, decode_utf8, parse_yaml

CONFIG_FILE = "mkdocs.yml"
EXERCISE_SUFFIXES = (".yml", ".yaml")
_SEMINARKIT_LESSON_KEYS = tuple(LessonMeta.model_fields)


def parse_exercise(raw: bytes, file: str) -> tuple[ExerciseBase | None, list[Problem]]:
    """Validate one exercise file's bytes; `file` is its path relative to the course."""
    exercise, problems, _ = _parse_exercise(raw, file)
    return exercise, problems


def _parse_exercise(
    raw: bytes, file: str
) -> tuple[ExerciseBase | None, list[Problem], YamlDocument | None]:
    """`parse_exercise`, plus the YAML document (with positions) of a valid exercise."""
    text, problems = decode_utf8(raw, file)
    if text is None:
        return None, problems, None
    document, problems = parse_yaml(text, file)
    if problems:
        return None, problems, None
    exercise, problems = _validate_exercise(document, file)
    return exercise, problems, document if exercise is not None else None


def _validate_exercise(
    document: YamlDocument, file: str
) -> tuple[ExerciseBase | None, list[Problem]]:
    """The exercise in a parsed YAML document, or the problems that keep it from loading."""
    if document.data is None:
        return None, [
            Problem(
                file,
                1,
                1,
                "",
                "the file is empty; expected a mapping with at least type, title and duration",
            )
        ]
    if not isinstance(document.data, dict):
        found = "a list" if isinstance(document.data, list) else "a single value"
        return None, [
            Problem(
                file, 1, 1, "", f"expected a mapping (key: value pairs) at the top, got {found}"
            )
        ]
    data = document.data
    kind = data.get("type")
    if "type" in data and kind not in EXERCISE_CLASSES:
        mark = document.mark(("type",))
        shown = f"'{kind}'" if isinstance(kind, str) else repr(kind)
        hint = did_you_mean(kind, EXERCISE_CLASSES) if isinstance(kind, str) else ""
        return None, [
            Problem(
                file,
                mark.line,
                mark.column,
                "type",
                f"unknown exercise type {shown}{hint}; expected one of "
                + ", ".join(EXERCISE_CLASSES),
            )
        ]
    if "type" not in data:
        return None, [
            Problem(
                file,
                1,
                1,
                "",
                "missing required key 'type' (one of " + ", ".join(EXERCISE_CLASSES) + ")",
            )
        ]
    try:
        exercise = EXERCISE_ADAPTER.validate_python(data)
    except ValidationError as error:
        root = EXERCISE_CLASSES[str(kind)]
        return None, problems_from_errors(error.errors(), document, file, root, strip_tag=True)
    findings = check_exercise(exercise)
    if findings:
        return None, [_located(document, file, *finding) for finding in findings]
    stem = Path(file).stem
    if exercise.id is None:
        if not re.match(SLUG_PATTERN, stem):
            return None, [
                Problem(
                    file,
                    1,
                    1,
                    "id",
                    f"the file name '{stem}' is not a valid id; rename the file to lowercase "
                    "letters, digits and hyphens, or set 'id:'",
                )
            ]
        # The model was made just now and is no one else's: set the id (a valid slug, the
        # field's one rule) instead of copying the model, as `model_copy(update=)` would.
        exercise.id = stem
    exercise._source = file
    return exercise, []


def _located(
    document: YamlDocument,
    file: str,
    path: tuple[Any, ...],
    message: str,
    offset: int | None = None,
) -> Problem:
    """A rule's finding at its value, or at `offset` characters into that (text) value."""
    mark = document.mark(path) if offset is None else document.mark_in(path, offset)
    return Problem(file, mark.line, mark.column, format_key_path(path), message)


def _relative(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes, or all of it where it is outside."""
    text, prefix = str(path), os.path.join(str(root), "")
    if text.startswith(prefix) and os.sep == "/":  # the common case, without pathlib's parsing
        return text[len(prefix) :]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _claimed_id(raw: bytes, file: str) -> str:
    """The id a broken exercise file meant to have, so pages that embed it add no noise."""
    match = re.search(rb"^id:\s*['\"]?([a-z0-9-]+)", raw, re.MULTILINE)
    return match.group(1).decode() if match else Path(file).stem


#: One exercise file read: its path relative to the course, the exercise (None when broken),
#: its problems, the id a broken file meant to have (else ""), and for a valid file that may
#: show images (`may_show_images`) its bytes and YAML document, which is None where a forked
#: process read the file (it sends no positions back).
_ReadFile = tuple[
    str, ExerciseBase | None, list[Problem], str, tuple[bytes, YamlDocument | None] | None
]


def load_exercises(
    root: Path, folder: str, images: CourseImages | None = None, *, fork: bool = False
) -> tuple[dict[str, ExerciseBase], set[str], list[Problem]]:
    """Every exercise file below `folder` by id, the ids of broken files, and problems
    (with those of the images each exercise shows, when `images` is given).

    With `fork`, the files are read and validated by this process and a forked child
    (`forking.SplitMap`; only for a process without other threads, like the command line);
    the result is the same."""
    return _exercises_read(_read_exercises(root, folder, fork), images)


def _read_exercises(
    root: Path, folder: str, fork: bool, cache: Path | None = None
) -> tuple[list[Problem], _Reading | None]:
    """Start reading the exercise files below `folder` (the problems of finding them, and
    the reading, shared with a forked process with `fork`), or None without the folder.
    `cache`: the folder of the files' results kept between runs (`readcache`), or None."""
    base = root / folder
    if not base.is_dir():
        return [], None
    files, problems = _exercise_files(base, root)
    return problems, _Reading(root, files, fork, cache)


def read_exercise(file: str, raw: bytes) -> _ReadFile:
    """One exercise file `file` (relative to the course) with the bytes `raw`, read."""
    exercise, found, document = _parse_exercise(raw, file)
    if exercise is None:
        return file, None, found, _claimed_id(raw, file), None
    pictures = (raw, document) if may_show_images(raw) else None
    return file, exercise, found, "", pictures


#: What `readcache` keeps of an exercise file read: exercise, problems, claimed id, and
#: whether it may show images (`may_show_images`).
_Kept = tuple[ExerciseBase | None, list[Problem], str, bool]

#: A file taken by `_Reading`: its cache key (b"" without a cache); either the file read, or
#: its path and bytes (b"" where they are not needed: the file read by the forked process,
#: or known to the cache and showing no images); and, for a file read with a cache, what the
#: cache keeps of it, pickled (`ReadCache.pack`), else b"".
_Taken = tuple[bytes, _ReadFile | tuple[str, bytes], bytes]


class _Reading:
    """The exercise files `files` being read: with `fork`, shared with a forked process that
    starts now (`forking.SplitMap`), this one joining in when `results` is called.

    With a `cache` folder, a file whose path and bytes the cache (`readcache`) knows is not
    read again; `results` puts the others in the cache and writes it. Whichever process
    takes a file reads and hashes its bytes (all here before the fork was a tenth of a cold
    `seminarkit check` of 2,000 exercises, the second core idle), and pickles what the cache
    keeps of it: the forked process sends those bytes, which the cache keeps as they are."""

    def __init__(self, root: Path, files: list[Path], fork: bool, cache: Path | None) -> None:
        self.cache: ReadCache[_Kept] = ReadCache(cache)
        self.files = files
        caching = cache is not None

        def read(path: Path) -> _Taken:
            file, raw = _relative(path, root), path.read_bytes()
            if not caching:
                return b"", read_exercise(file, raw), b""
            key = ReadCache.key(file, raw)
            if self.cache.has(key):
                return key, (file, raw), b""
            done = read_exercise(file, raw)
            _, exercise, found, claimed, pictures = done
            return key, done, ReadCache.pack((exercise, found, claimed, pictures is not None))

        def sendable(taken: _Taken) -> _Taken:
            """Without the YAML document: pickling node trees costs more than parsing again
            the few files whose images need positions (see `_exercises_read`); with a cache,
            only the bytes it keeps (and the file's, where it may show images)."""
            key, done, packed = taken
            if len(done) == 2:  # known to the cache
                kept = self.cache.shown(key)
                return key, (done[0], done[1] if kept is not None and kept[3] else b""), b""
            file, exercise, found, claimed, pictures = done
            if packed:
                return key, (file, b"" if pictures is None else pictures[0]), packed
            sent = None if pictures is None else (pictures[0], None)
            return key, (file, exercise, found, claimed, sent), packed

        def received(taken: _Taken) -> _Taken:
            """A file the forked process read, with what the cache keeps of it unpickled,
            as if read here (in the thread that receives, while this process reads too)."""
            key, done, packed = taken
            if len(done) == 5 or not packed:
                return taken
            file, raw = done
            exercise, found, claimed, shows = ReadCache[_Kept].unpack(packed)
            return key, (file, exercise, found, claimed, (raw, None) if shows else None), packed

        self.reading = SplitMap(read, files, sendable=sendable, received=received, fork=fork)

    def results(self) -> list[_ReadFile]:
        """Every file's result, in the order of `files`."""
        results: list[_ReadFile] = []
        for path, (key, done, packed) in zip(self.files, self.reading.results(), strict=True):
            if len(done) == 5:  # read by either process, or without a cache
                if packed:
                    self.cache.put_packed(key, packed)
                results.append(done)
                continue
            file, raw = done
            kept = self.cache.get(key)
            if kept is None:  # known to the cache, but it no longer unpickles: read it here
                read = read_exercise(file, path.read_bytes())
                _, exercise, found, claimed, pictures = read
                self.cache.put(key, (exercise, found, claimed, pictures is not None))
                results.append(read)
                continue
            exercise, found, claimed, shows = kept
            pictures = (raw or path.read_bytes(), None) if shows else None
            results.append((file, exercise, found, claimed, pictures))
        self.cache.save()
        return results

    def cancel(self) -> None:
        """Stop the forked process, if any."""
        self.reading.cancel()


def _exercises_read(
    started: tuple[list[Problem], _Reading | None],
    images: CourseImages | None,
) -> tuple[dict[str, ExerciseBase], set[str], list[Problem]]:
    """The exercises (by id), broken ids and problems of a `_read_exercises`."""
    exercises: dict[str, ExerciseBase] = {}
    broken: set[str] = set()
    problems, reading = started
    if reading is None:
        return exercises, broken, problems
    for file, exercise, found, claimed, pictures in reading.results():
        problems.extend(found)
        if exercise is None:
            broken.add(claimed)
            continue
        if images is not None and pictures is not None:
            raw, document = pictures
            if document is None:
                document = _parse_exercise(raw, file)[2]
            if document is not None:
                text = raw.decode("utf-8")
                problems.extend(images.exercise(exercise.key, file, document, text))
        if exercise.key in exercises:
            other = exercises[exercise.key].source
            problems.append(
                Problem(
                    file,
                    1,
                    1,
                    "id",
                    f"the id '{exercise.key}' is already used by {other}; ids must be unique",
                )
            )
            continue
        exercises[exercise.key] = exercise
    return exercises, broken, problems


def _inside(path: Path, root: Path) -> bool:
    """Whether `path` (resolved) is `root` or below it."""
    return path == root or root in path.parents


def _exercise_files(base: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The exercise files below `base`, sorted, each once; links are followed while they stay
    in the course folder `root` (resolved), and a link leading out of it is a problem."""
    # Paths as strings until the end, sorted by their parts as `Path` sorts them: pathlib's
    # joins and comparisons took half of listing 2,000 files, before the fork of `check`.
    files: dict[str, str] = {}
    problems: list[Problem] = []
    # (folder, its real path, whether that is inside the course): an entry that is no link
    # has the real path of its folder plus its name, so only links are resolved (one call
    # per file would be a tenth of `seminarkit check` on a catalogue).
    start = base.resolve()
    folders = [(str(base), str(start), _inside(start, root))]
    seen: set[str] = set()
    while folders:
        folder, real_folder, folder_inside = folders.pop()
        if real_folder in seen:
            continue
        seen.add(real_folder)
        with os.scandir(folder) as entries:
            listed = list(entries)
        for item in listed:
            wanted = os.path.splitext(item.name)[1] in EXERCISE_SUFFIXES and item.is_file()
            if not wanted and not item.is_dir():
                continue
            entry = os.path.join(folder, item.name)
            if item.is_symlink():
                resolved = Path(entry).resolve()
                real, inside = str(resolved), _inside(resolved, root)
            else:
                real, inside = os.path.join(real_folder, item.name), folder_inside
            if not inside:
                problems.append(
                    Problem(
                        _relative(Path(entry), root),
                        0,
                        0,
                        "",
                        f"this link leads out of the course folder (to {real}); "
                        "put the exercise files themselves into the course",
                    )
                )
            elif wanted:
                # A file reached twice is read once, by its own path rather than a link's.
                files[real] = min(
                    files.get(real, entry), entry, key=lambda p: (p != real, _parts(p))
                )
            else:
                folders.append((entry, real, True))
    return [Path(file) for file in sorted(files.values(), key=_parts)], problems


def _parts(path: str) -> list[str]:
    """The parts of a normal path, compared as `Path` compares them (case folded where the
    system folds it: `os.path.normcase`)."""
    return os.path.normcase(path).split(os.sep)


def _resolve_tags(value: Any) -> Any:
    """Resolve MkDocs' `!!python/name:` and `!ENV` tags in `mkdocs.yml`, as MkDocs does."""
    if isinstance(value, dict):
        return {key: _resolve_tags(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_tags(item) for item in value]
    if isinstance(value, TaggedValue):
        if value.tag.startswith("tag:yaml.org,2002:python/name:"):
            dotted = value.tag.rsplit(":", 1)[-1] or value.value
            module, _, attribute = dotted.rpartition(".")
            return getattr(importlib.import_module(module), attribute)
        if value.tag == "!ENV":  # `!ENV NAME` or `!ENV [NAME, OTHER, default]`
            names = [value.value] if isinstance(value.value, str) else list(value.value)
            default = names.pop() if len(names) > 1 else None
            return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)
        return value.value
    return value


def _extensions(raw: Any) -> tuple[list[Any], dict[str, Any]]:
    names: list[Any] = []
    configs: dict[str, Any] = {}
    for entry in raw or []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                if options:
                    configs[name] = options
    return names, configs


def _plugin_options(plugins: Any) -> tuple[dict[str, Any], tuple[Any, ...] | None]:
    """The options given to the seminarkit plugin and their key path in mkdocs.yml."""
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for index, entry in enumerate(plugins or []):
        if entry == "seminarkit":
            return {}, ("plugins", index)
        if isinstance(entry, dict) and "seminarkit" in entry:
            return entry["seminarkit"] or {}, ("plugins", index, "seminarkit")
    return {}, None


NavPage = tuple[str, str | None, int, int]
"""(page path, nav title or None, line, column) of one nav entry."""


def _has_plugin(plugins: Any, name: str) -> bool:
    """Whether `plugins:` in mkdocs.yml lists `name` (or `material/name`)."""
    names: list[str] = []
    for entry in plugins or []:
        names.extend(
            [entry] if isinstance(entry, str) else list(entry) if isinstance(entry, dict) else []
        )
    return name in names or f"material/{name}" in names


def _nav_pages(nav: Any, document: YamlDocument) -> list[NavPage]:
    """Page paths of the nav in order, each with its nav title and position in mkdocs.yml."""
    pages: list[NavPage] = []

    def walk(item: Any, title: str | None, path: tuple[Any, ...]) -> None:
        if isinstance(item, str):
            if "://" not in item and item.endswith(".md"):
                mark = document.mark(path)
                pages.append((item, title, mark.line, mark.column))
        elif isinstance(item, list):
            for index, child in enumerate(item):
                walk(child, None, (*path, index))
        elif isinstance(item, dict):
            for key, child in item.items():
                walk(child, key if isinstance(child, str) else None, (*path, key))

    walk(nav, None, ("nav",))
    return pages


def read_config(root: Path) -> tuple[CourseConfig | None, list[NavPage], list[Problem]]:
    """Read `mkdocs.yml`: the course config, nav pages and problems."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return None, [], [Problem(CONFIG_FILE, 0, 0, "", f"no {CONFIG_FILE} in {root}")]
    text, problems = decode_utf8(path.read_bytes(), CONFIG_FILE)
    if text is None:
        return None, [], problems
    document, problems = parse_yaml(text, CONFIG_FILE, allow_tags=True)
    if problems:
        return None, [], problems
    data = document.data
    if not isinstance(data, dict):
        return None, [], [Problem(CONFIG_FILE, 1, 1, "", "expected a mapping at the top")]
    raw_options, options_path = _plugin_options(data.get("plugins"))
    options = CourseOptions()
    if options_path is not None:
        try:
            options = CourseOptions.model_validate(_resolve_tags(raw_options))
        except ValidationError as error:
            prefixed = YamlDocument(
                document.data,
                {
                    path[len(options_path) :]: mark
                    for path, mark in document.values.items()
                    if path[: len(options_path)] == options_path
                },
                {
                    path[len(options_path) :]: mark
                    for path, mark in document.keys.items()
                    if path[: len(options_path)] == options_path
                },
            )
            found = problems_from_errors(
                error.errors(), prefixed, CONFIG_FILE, CourseOptions, strip_tag=False
            )
            prefix = format_key_path(options_path)
            return (
                None,
                [],
                [
                    Problem(p.file, p.line, p.column, f"{prefix}.{p.key_path}", p.message)
                    for p in found
                ],
            )
    theme = data.get("theme") or {}
    language = theme.get("language", "en") if isinstance(theme, dict) else "en"
    names, configs = _extensions(_resolve_tags(data.get("markdown_extensions")))
    site_name = data.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip():
        mark = document.mark(("site_name",))
        return (
            None,
            [],
            [
                Problem(
                    CONFIG_FILE, mark.line, mark.column, "site_name", "expected the course title"
                )
            ],
        )
    config = CourseConfig(
        site_name=site_name,
        language=str(language),
        docs_dir=str(data.get("docs_dir", "docs")),
        site_dir=str(data.get("site_dir", "site")),
        use_directory_urls=bool(data.get("use_directory_urls", True))
        and not _has_plugin(data.get("plugins"), "offline"),
        markdown_extensions=names,
        mdx_configs=configs,
        options=options,
        site_description=str(data.get("site_description") or ""),
        site_author=str(data.get("site_author") or ""),
    )
    config.marks = {
        path[len(options_path) :]: (mark.line, mark.column)
        for path, mark in document.values.items()
        if options_path is not None and path[: len(options_path)] == options_path
    }
    config.options_path = format_key_path(options_path) if options_path else ""
    if options.publish.scorm not in ("off", False) and config.use_directory_urls:
        line, column = config.marks.get(("publish", "scorm"), (0, 0))
        key = f"{config.options_path}.publish.scorm"
        return None, [], [Problem(CONFIG_FILE, line, column, key, SCORM_NEEDS_FILES)]
    return config, _nav_pages(data.get("nav"), document), []


def _all_pages(docs: Path) -> list[str]:
    """Markdown files below docs/ in MkDocs' default order (index first, then by name)."""

    def order(path: Path) -> tuple[Any, ...]:
        parts = path.relative_to(docs).parts
        return tuple((0 if part in ("index.md", "README.md") else 1, part) for part in parts)

    return [p.relative_to(docs).as_posix() for p in sorted(docs.rglob("*.md"), key=order)]


def parse_lesson(
    raw: bytes, path: str, file: str, nav_title: str | None, scanner: DirectiveScanner
) -> tuple[Lesson, list[Problem]]:
    """One page: front matter, title and directives (found by `scanner`)."""
    text, problems = decode_utf8(raw, file)
    if text is None:
        return Lesson(path, file, path, "", 1), problems
    text = text.replace("\r\n", "\n")
    front, body, body_line = split_front_matter(text)
    meta = LessonMeta()
    raw_meta: dict[str, Any] = {}
    front_marks: dict[str, tuple[int, int]] = {}
    if front is not None:
        document, found = parse_yaml(front, file)
        shifted = [Problem(p.file, p.line + 1, p.column, p.key_path, p.message) for p in found]
        problems.extend(shifted)
        if not found and document.data is not None and not isinstance(document.data, dict):
            problems.append(Problem(file, 2, 1, "", "front matter must be a mapping (key: value)"))
        elif not found and isinstance(document.data, dict):
            raw_meta = document.data
            if "duration" in raw_meta:
                mark = document.mark(("duration",))
                front_marks["duration"] = (mark.line + 1, mark.column)
            for key in raw_meta:
                if key in _SEMINARKIT_LESSON_KEYS:  # known: no near miss to look for
                    continue
                hint = did_you_mean(key, _SEMINARKIT_LESSON_KEYS)
                if hint:
                    mark = document.mark((key,), key=True)
                    problems.append(
                        Problem(file, mark.line + 1, mark.column, key, f"unknown key '{key}'{hint}")
                    )
            try:
                meta = LessonMeta.model_validate(raw_meta)
            except ValidationError as error:
                for p in problems_from_errors(error.errors(), document, file, LessonMeta, False):
                    problems.append(Problem(p.file, p.line + 1, p.column, p.key_path, p.message))
    title = meta.title or nav_title or first_heading(body) or Path(path).stem
    lesson = Lesson(
        path=path,
        file=file,
        title=title,
        body=body,
        body_line=body_line,
        duration=meta.duration,
        objectives=list(meta.objectives),
        trainer_notes=meta.trainer_notes,
        meta=raw_meta,
    )
    try:
        scanned = scanner.scan(body, body_line)
    except Exception as error:  # an extension failing on this page; MkDocs would fail too
        scanned = []
        problems.append(
            Problem(file, 0, 0, "", f"Markdown fails on this page: {type(error).__name__}: {error}")
        )
    for found_line in scanned:
        if found_line.directive is not None:
            lesson.directives.append(found_line.directive)
        else:
            problems.append(Problem(file, found_line.line, 0, "", found_line.error or ""))
    problems.extend(_input_duration(lesson, file, front_marks))
    return lesson, problems


def _input_duration(lesson: Lesson, file: str, marks: dict[str, tuple[int, int]]) -> list[Problem]:
    """A lesson split by `::: input` parts takes its `duration` from them; a `duration` in the
    front matter must then agree, so the agenda never silently drops or adds minutes."""
    parts = lesson.input_parts
    if not parts:
        return []
    total = sum(part.minutes for part in parts)
    if "duration" in marks and lesson.duration != total:
        line, column = marks["duration"]
        listed = " + ".join(f"{part.minutes} (line {part.line})" for part in parts)
        return [
            Problem(
                file,
                line,
                column,
                "duration",
                f"duration is {lesson.duration} minutes, but the '::: input' parts of the page "
                f"add up to {total} ({listed}); correct one of them or leave duration out",
            )
        ]
    lesson.duration = total
    return []


def _check_folders(root: Path, config: CourseConfig, strict: bool) -> list[Problem]:
    """Course folders that lead out of the course: `exercises_dir` is refused (the course
    would read files it does not contain); `templates_dir` is a warning (an error if strict),
    because a template folder shared by several courses is a legitimate use."""
    problems = []
    for option, allowed in (("exercises_dir", False), ("templates_dir", True)):
        value = getattr(config.options, option)
        real = (root / value).resolve()
        if _inside(real, root):
            continue
        line, column = config.marks.get((option,), (0, 0))
        if line:
            file, key = CONFIG_FILE, f"{config.options_path}.{option}"
        else:  # the default folder name, a link that leads out of the course
            file, key = value, ""
        if allowed:
            message = (
                f"'{value}' is outside the course folder (it is {real}); its templates are "
                "used, but the course no longer builds from its own folder alone"
            )
        else:
            message = (
                f"'{value}' is outside the course folder (it is {real}); "
                "exercises must be inside the course: move or copy them in"
            )
        severity: Severity = "warning" if allowed and not strict else "error"
        problems.append(Problem(file, line, column, key, message, severity))
    return problems


def load_course(
    root: Path | str, *, strict: bool = False, fork: bool = False, cache: bool = False
) -> Course:
    """Load and validate a whole course folder; problems are collected, never raised.

    `fork`: share the reading of the exercise files with a forked process (see
    `load_exercises`).
    `cache`: keep the exercise files' results between runs, in `<cache_dir>/check/`
    (`readcache`: a file read again only when its bytes changed)."""
    # Loading makes a hundred thousand containers for 2,000 exercises (YAML nodes, dicts,
    # lists, models), none in a reference cycle: with the cycle collector running, nearly half
    # of the CPU time of loading a catalogue went into its runs over them.
    with collector.paused():
        return _load_course(Path(root).resolve(), strict, fork, cache)


def _load_course(root: Path, strict: bool, fork: bool, cache: bool) -> Course:
    """`load_course` for a resolved course folder."""
    config, nav, problems = read_config(root)
    if config is None:
        return Course(str(root), CourseConfig(site_name=""), problems=problems)
    # Nothing is read from an exercise folder outside the course; the pages that embed its
    # exercises would only repeat that one problem. A forked process starts reading the
    # exercises now, while this one reads the pages.
    reading = None
    if _inside((root / config.options.exercises_dir).resolve(), root):
        kept = Path(root, os.environ.get(CACHE_ENV) or config.options.cache_dir, "check")
        reading = _read_exercises(root, config.options.exercises_dir, fork, kept if cache else None)
    try:
        return _load_pages_and_exercises(root, strict, config, nav, problems, reading)
    except BaseException:
        if reading is not None and reading[1] is not None:
            reading[1].cancel()
        raise


def _load_pages_and_exercises(
    root: Path,
    strict: bool,
    config: CourseConfig,
    nav: list[NavPage],
    problems: list[Problem],
    reading: tuple[list[Problem], _Reading | None] | None,
) -> Course:
    """The rest of `_load_course`, with the exercise files being read (None: outside)."""
    course = Course(str(root), config, problems=problems)
    docs = root / config.docs_dir
    nav_titles = {page: title for page, title, _, _ in nav}
    ordered = [page for page, _, _, _ in nav]
    for page, _, line, column in nav:
        if not (docs / page).is_file():
            course.problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    column,
                    "nav",
                    f"the page '{page}' is not in {config.docs_dir}/",
                )
            )
    pages = [p for p in ordered if (docs / p).is_file()]
    pages += [p for p in (_all_pages(docs) if docs.is_dir() else []) if p not in pages]
    texts: list[str] = []
    scanner = _directive_scanner(config, course.problems)
    for page in pages:
        file = f"{config.docs_dir}/{page}"
        raw = (docs / page).read_bytes()
        lesson, found = parse_lesson(raw, page, file, nav_titles.get(page), scanner)
        lesson.in_nav = page in nav_titles or not nav
        course.lessons.append(lesson)
        course.problems.extend(found)
        texts.append(raw.decode("utf-8", errors="replace").replace("\r\n", "\n"))
    images = CourseImages(
        docs,
        config.docs_dir,
        config.markdown_extensions,
        config.mdx_configs,
        course.lessons,
        strict=strict,
        root=root,
    )
    for lesson, text in zip(course.lessons, texts, strict=True):
        course.problems.extend(images.lesson(lesson, text))
    course.problems.extend(_check_folders(root, config, strict))
    if reading is not None:
        exercises, broken, found = _exercises_read(reading, images)
        course.exercises = exercises
        course.broken_exercises = broken
        course.problems.extend(found)
        course.problems.extend(check_references(course, strict=strict))
    course.images = images.files
    course.problems.extend(_check_schedule(course))
    course.participants, found = _load_participants(root, config)
    course.problems.extend(found)
    return course


def _load_participants(
    root: Path, config: CourseConfig
) -> tuple[list[Participant] | None, list[Problem]]:
    """The participant list of `room.participants` (relative to mkdocs.yml or absolute, inside
    the course folder or not), or None when the option is not set or the list is unusable."""
    configured = config.options.room.participants
    if configured is None:
        return None, []
    path = participant_file(root, configured)
    try:
        raw = path.read_bytes()
    except OSError as error:
        line, column = config.marks.get(("room", "participants"), (0, 0))
        reason = "no such file" if not path.exists() else error.strerror or str(error)
        return None, [
            Problem(
                CONFIG_FILE,
                line,
                column,
                f"{config.options_path}.room.participants",
                f"cannot read the participant list {path}: {reason} (without the option the "
                "documents are blank; `!ENV NAME` leaves it out where NAME is not set)",
            )
        ]
    return read_participants(raw, _relative(path.resolve(), root))


def _directive_scanner(config: CourseConfig, problems: list[Problem]) -> DirectiveScanner:
    """A scanner with the course's Markdown extensions; if they do not load, a problem and a
    scanner with MkDocs' built-in ones only."""
    try:
        return DirectiveScanner(config.markdown_extensions, config.mdx_configs)
    except Exception as error:  # whatever an extension raises while it loads
        problems.append(
            Problem(
                CONFIG_FILE,
                0,
                0,
                "markdown_extensions",
                f"Markdown cannot load the extensions: {type(error).__name__}: {error}",
            )
        )
        return DirectiveScanner()


def _check_schedule(course: Course) -> list[Problem]:
    """Breaks `after` a lesson and fixed blocks `before` or `after` one must name a page of
    the course's nav (a page outside the nav is not on the agenda)."""
    problems = []
    pages = [lesson.path for lesson in course.lessons if lesson.in_nav]
    schedule = course.config.options.schedule
    anchors: list[tuple[tuple[str | int, ...], str | None]] = [
        (("schedule", "breaks", index, "after"), item.after)
        for index, item in enumerate(schedule.breaks)
    ]
    for index, block in enumerate(schedule.blocks):
        anchors.append((("schedule", "blocks", index, "before"), block.before))
        anchors.append((("schedule", "blocks", index, "after"), block.after))
    for path, page in anchors:
        if page is not None and page not in pages:
            line, column = course.config.marks.get(path, (0, 0))
            problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    column,
                    f"{course.config.options_path}.{format_key_path(path)}",
                    f"no page '{page}' in the nav of {course.config.docs_dir}/"
                    f"{did_you_mean(page, pages)}",
                )
            )
    return problems
