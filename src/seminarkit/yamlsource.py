"""Safe YAML loading that keeps the line and column of every key and value.

Only plain data is built: mappings, lists, strings, whole numbers, decimals, true/false and null
(YAML 1.2 rules, so `ja`, `yes` and `on` stay text). Tags that would construct objects are refused,
and alias expansion is capped so an alias bomb fails fast instead of eating memory: what counts is
the values built again because an alias (`*name`) repeats them, not the values written in the
file, so a big file without aliases is never refused. An alias inside its own anchor (a cycle) and
nesting too deep to build are reported, not raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import KeyPath, Problem, format_key_path

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: How many values aliases may repeat in one document: far above any real exercise or course
#: config (a quiz that reuses a ten-value option list 500 times repeats 5,000), yet building that
#: many takes well under a tenth of a second. The size of each expansion is counted before it is
#: built, so a bomb is refused once the cap is reached, however big it would grow.
MAX_ALIAS_EXPANSION = 20_000

_STANDARD = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    f"{_STANDARD}{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "binary", "merge", "value")
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
#: First characters of a plain scalar that may be null, a boolean or a number (`""` is null).
_MAYBE_TYPED = frozenset(("", "~", "n", "N", "t", "T", "f", "F", "+", "-", ".", *"0123456789"))
_KIND_TAGS = {
    ScalarNode: f"{_STANDARD}str",
    SequenceNode: f"{_STANDARD}seq",
    MappingNode: f"{_STANDARD}map",
}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader without PyYAML's implicit typing of untagged nodes: `_Builder.scalar`
    types plain scalars itself (YAML 1.2), so every untagged node only needs its kind's
    standard tag. PyYAML's resolver tries a dozen regular expressions per scalar, a third of
    the time of composing an exercise file."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _KIND_TAGS[kind]


class Mark(NamedTuple):
    """A 1-based line and column in a source file (a tuple: thousands are made per file)."""

    line: int
    column: int


class YamlDocument:
    """Plain data from one YAML file plus where each value and key stands.

    The positions (`values`, `keys`, `texts`) are found when first asked for, by walking the
    composed nodes again: most files have no problem and need none of them, and recording
    them while building the data was a third of the time of reading an exercise.
    """

    def __init__(
        self,
        data: Any,
        values: dict[KeyPath, Mark] | None = None,
        keys: dict[KeyPath, Mark] | None = None,
        source: str = "",
        texts: dict[KeyPath, tuple[str, int, int]] | None = None,
        *,
        root: Node | None = None,
        allow_tags: bool = False,
    ) -> None:
        self.data = data
        self.source = source
        self._values: dict[KeyPath, Mark] = {} if values is None else values
        self._keys: dict[KeyPath, Mark] = {} if keys is None else keys
        self._texts: dict[KeyPath, tuple[str, int, int]] = {} if texts is None else texts
        self._root = root
        self._allow_tags = allow_tags

    def _positions(self) -> None:
        """Fill the position tables from the composed nodes, once."""
        root, self._root = self._root, None
        if root is not None:
            _Builder("", self._allow_tags, self).build(root, ())

    @property
    def values(self) -> dict[KeyPath, Mark]:
        """Where each value stands, by key path."""
        self._positions()
        return self._values

    @property
    def keys(self) -> dict[KeyPath, Mark]:
        """Where each mapping key stands, by the key path of its value."""
        self._positions()
        return self._keys

    @property
    def texts(self) -> dict[KeyPath, tuple[str, int, int]]:
        """Each text value's string and the span of `source` that holds its characters."""
        self._positions()
        return self._texts

    def mark(self, path: KeyPath, *, key: bool = False) -> Mark:
        """The position of the value (or key) at `path`, else of its nearest known parent."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Mark(1, 1))

    def mark_in(self, path: KeyPath, offset: int) -> Mark:
        """The position of character `offset` of the text value at `path`.

        The value's characters are found one by one in its source, skipping what YAML drops
        (indentation, line folds, quotes, escape backslashes): exact for plain, block and
        single-quoted texts; a double-quoted one with escapes such as `\\u00fc` before the offset
        falls back to the value's own position.
        """
        if path not in self.texts:
            return self.mark(path)
        value, index, end = self.texts[path]
        for char in value[: offset + 1]:
            index = self.source.find(char, index, end) + 1
            if index == 0:
                return self.mark(path)
        index -= 1
        line_start = self.source.rfind("\n", 0, index) + 1
        return Mark(self.source.count("\n", 0, index) + 1, index - line_start + 1)


class _AliasBomb(Exception):
    """Raised when alias expansion exceeds MAX_ALIAS_EXPANSION."""


class _AliasCycle(Exception):
    """Raised when an alias stands inside the node it refers to."""

    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node = node


class _Builder:
    """Turns a composed node tree into plain data, recording positions and problems."""

    def __init__(self, file: str, allow_tags: bool, positions: YamlDocument | None = None) -> None:
        self.file = file
        self.allow_tags = allow_tags
        self.problems: list[Problem] = []
        self.document = positions or YamlDocument(data=None)
        self.track = positions is not None
        """Whether to record positions into `document` (a second walk, see `YamlDocument`)."""
        self.built: set[int] = set()
        """Ids of the nodes built at least once; building one again is an alias expansion."""
        self.open: set[int] = set()
        """Ids of the nodes being built (ancestors of the current one), to find cycles."""
        self.sizes: dict[int, int] = {}
        """Values in the (acyclic, already built) tree below a node, by node id."""
        self.expanded = 0
        """Values repeated by aliases so far."""
        self.in_alias = False

    def problem(self, node: Node, path: KeyPath, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, format_key_path(path), message)
        )

    def build(self, node: Node, path: KeyPath) -> Any:
        identity = id(node)
        if identity in self.open:
            raise _AliasCycle(node)
        if identity in self.built and not self.in_alias:
            self.expanded += self.size(node)
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise _AliasBomb
            self.in_alias = True
            try:
                return self.build_node(node, path)
            finally:
                self.in_alias = False
        self.built.add(identity)
        return self.build_node(node, path)

    def size(self, node: Node) -> int:
        """How many values building `node` makes (aliases below it expanded)."""
        identity = id(node)
        if identity not in self.sizes:
            if isinstance(node, SequenceNode):
                children = sum(self.size(item) for item in node.value)
            elif isinstance(node, MappingNode):
                children = sum(self.size(value) for _, value in node.value)
            else:
                children = 0
            self.sizes[identity] = 1 + children
        return self.sizes[identity]

    def build_node(self, node: Node, path: KeyPath) -> Any:
        if self.track:
            self.document._values[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        identity = id(node)
        self.open.add(identity)
        try:
            if isinstance(node, SequenceNode):
                self.check_tag(node, path, f"{_STANDARD}seq")
                items = [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
                if self.allow_tags and node.tag.startswith("!") and node.tag != "!":
                    return _TaggedValue(node.tag, items)  # `!ENV [NAME, default]`
                return items
            if isinstance(node, MappingNode):
                self.check_tag(node, path, f"{_STANDARD}map")
                return self.mapping(node, path)
        finally:
            self.open.discard(identity)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def check_tag(self, node: Node, path: KeyPath, expected: str) -> None:
        if node.tag != expected and not self.allow_tags:
            self.problem(node, path, f"the tag '{_short_tag(node.tag)}' is not allowed here")

    def mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = str(key_node.value)
            key_path = (*path, key)
            if key in result:
                self.problem(key_node, key_path, f"the key '{key}' appears twice in this mapping")
                continue
            if self.track:
                self.document._keys[key_path] = Mark(
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1
                )
            result[key] = self.build(value_node, key_path)
        return result

    def record_text(self, node: ScalarNode, path: KeyPath) -> None:
        """Keep where a scalar's characters stand: after a block header line or opening quote."""
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):
            start = self.document.source.find("\n", start, end) + 1 or end
        elif node.style in ("'", '"'):
            start += 1
        self.document._texts[path] = (node.value, start, end)

    def scalar(self, node: ScalarNode, path: KeyPath) -> Any:
        text: str = node.value
        if self.track:
            self.record_text(node, path)
        if node.tag not in _PLAIN_TAGS:
            if self.allow_tags:
                return _TaggedValue(_short_tag(node.tag), text)
            self.problem(
                node,
                path,
                f"the tag '{_short_tag(node.tag)}' is not allowed; write plain text, "
                "numbers, true/false, lists and mappings only",
            )
            return text
        if node.style or text[:1] not in _MAYBE_TYPED:  # quoted, block or plainly a word
            return text
        return _typed(text)


def _typed(text: str) -> Any:
    """A plain scalar's value by YAML 1.2's core schema: null, true/false, a whole number, a
    decimal, or the text itself."""
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT.match(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
        return float(text)
    return text


class _NotPlain(Exception):
    """Raised by `_plain` at a node it leaves to `_Builder` (which finds the problem, if any)."""


_STR_TAG, _SEQ_TAG, _MAP_TAG = (f"{_STANDARD}{kind}" for kind in ("str", "seq", "map"))

#: Where an anchor (`&name`) may stand: a `&` not right after a letter, digit or `_` (a token
#: starts after a space, a line break or a flow indicator) and not before a space. Text such
#: as `Q&A`, `Trenn&shy;strich` or `Ingram & Morris` has none (the `&` is matched first, then
#: what stands before it: a look-behind first would be tried at every character).
_ANCHOR = re.compile(r"&(?<!\w&)\S")

#: How deep `_plain` goes before it leaves a document to `_Builder`: far below the depth at
#: which `_Builder` (three calls per level) runs out of stack, so both agree on what is too deep.
_PLAIN_DEPTH = 64


def _plain(node: Node, depth: int = 0) -> Any:
    """The data of a node tree without anchors, as `_Builder` makes it, in one quick walk.

    It records nothing and checks only that there is nothing to report: any tag other than a
    kind's standard one, a key that is not a scalar, a key that appears twice or nesting deeper
    than `_PLAIN_DEPTH` raises `_NotPlain`, and the caller builds the tree with `_Builder`.
    Without anchors no node is reached twice (an alias needs an anchor), so there is nothing
    to expand or count. Half the time of `_Builder` on a typical exercise file.
    """
    if isinstance(node, ScalarNode):
        if node.tag != _STR_TAG:
            raise _NotPlain
        text: str = node.value
        if node.style or text[:1] not in _MAYBE_TYPED:
            return text
        return _typed(text)
    if depth > _PLAIN_DEPTH:
        raise _NotPlain
    if isinstance(node, MappingNode) and node.tag == _MAP_TAG:
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _NotPlain
            result[str(key_node.value)] = _plain(value_node, depth + 1)
        if len(result) != len(node.value):
            raise _NotPlain
        return result
    if isinstance(node, SequenceNode) and node.tag == _SEQ_TAG:
        return [_plain(item, depth + 1) for item in node.value]
    raise _NotPlain


@dataclass(frozen=True)
class _TaggedValue:
    """A scalar (as text) or a list with a custom tag, only where tags are allowed (mkdocs.yml)."""

    tag: str
    value: Any


TaggedValue = _TaggedValue


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag


def decode_utf8(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode bytes as UTF-8 (a BOM is fine) or explain where and why it is not."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start]
        return None, [
            Problem(
                file,
                line,
                column,
                "",
                f"the file is not UTF-8 (byte 0x{byte:02x} cannot start a character here; "
                "it looks like Latin-1 or Windows-1252): save it as UTF-8",
            )
        ]


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    offending = text[mark.index] if mark is not None and mark.index < len(text) else ""
    if offending == "\t" or "'\\t'" in problem:
        message = "a tab character is used for indentation; YAML allows only spaces"
    elif "quoted scalar" in context and error.context_mark is not None:
        start = error.context_mark
        line, column = start.line + 1, start.column + 1
        message = "a quoted text is opened here but never closed (the closing quote is missing)"
    elif "mapping values are not allowed" in problem:
        message = "a ': ' is inside a plain text; put the text in quotes or use a block scalar (|)"
    elif "could not find expected ':'" in problem:
        message = "expected 'key: value' here; a ':' is missing or the indentation is off"
    else:
        detail = f"{context}, {problem}" if context else problem
        message = f"this is not valid YAML ({detail})"
    return Problem(file, line, column, "", message)


def _plain_or_none(root: Node) -> Any:
    """`_plain(root)`, or None where `_Builder` must build the tree (a mapping or list
    root has no None to confuse; a null root is built again, at no cost)."""
    try:
        return _plain(root)
    except _NotPlain:
        return None


def parse_yaml(
    text: str, file: str, *, allow_tags: bool = False
) -> tuple[YamlDocument, list[Problem]]:
    """Parse one YAML document into plain data with positions, or return its problems."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return YamlDocument(None), [_syntax_problem(error, text, file)]
    except yaml.YAMLError as error:
        return YamlDocument(None), [Problem(file, 1, 1, "", f"this is not valid YAML ({error})")]
    if root is None:
        return YamlDocument(None), []
    builder = _Builder(file, allow_tags)
    try:
        data = None if allow_tags or _ANCHOR.search(text) else _plain_or_none(root)
        if data is None:
            data = builder.build(root, ())
    except _AliasBomb:
        return YamlDocument(None), [
            Problem(
                file,
                1,
                1,
                "",
                f"aliases (*name) repeat more than {MAX_ALIAS_EXPANSION:,} values; "
                "this looks like an alias bomb and is refused",
            )
        ]
    except _AliasCycle as cycle:
        mark = cycle.node.start_mark
        return YamlDocument(None), [
            Problem(
                file,
                mark.line + 1,
                mark.column + 1,
                "",
                "an alias (*name) inside this anchored value refers to the value itself; "
                "it would never end",
            )
        ]
    except RecursionError:
        return YamlDocument(None), [
            Problem(file, 1, 1, "", "the values are nested too deeply to read")
        ]
    document = YamlDocument(data, source=text, root=root, allow_tags=allow_tags)
    return document, builder.problems
