"""Turn pydantic validation errors into problems in the words of YAML, with positions."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ..problems import KeyPath, Problem, did_you_mean, format_key_path
from ..yamlsource import YamlDocument


def describe_value(value: Any) -> str:
    """A value as an author would recognise it in their YAML file."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return '"' + shown.replace("\n", " ") + '"'
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return type(value).__name__


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Pydantic model classes reachable in one annotation (through lists, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in typing.get_args(annotation):
        found.extend(_models_in(argument))
    return found


def model_at(root: type[BaseModel], path: KeyPath) -> type[BaseModel] | None:
    """The model class that owns the mapping at `path` below `root`."""
    current: type[BaseModel] | None = root
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        models = _models_in(field.annotation)
        current = models[0] if models else None
    return current


def _limits(context: dict[str, Any]) -> str:
    if "ge" in context:
        return f"at least {context['ge']}"
    if "le" in context:
        return f"at most {context['le']}"
    if "gt" in context:
        return f"more than {context['gt']}"
    return f"less than {context.get('lt')}"


def _message(error: ErrorDetails, root: type[BaseModel] | None, path: KeyPath) -> str:
    kind = error["type"]
    value = error.get("input")
    context: dict[str, Any] = dict(error.get("ctx") or {})
    got = describe_value(value)
    if kind == "missing":
        return f"missing required key '{path[-1]}'"
    if kind == "extra_forbidden":
        owner = model_at(root, path[:-1]) if root else None
        allowed = list(owner.model_fields) if owner else []
        if "type" in allowed and root is not None:
            allowed.remove("type")
        hint = did_you_mean(str(path[-1]), allowed)
        return f"unknown key '{path[-1]}'{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {got}"
    if kind in ("string_type", "str_type"):
        return f"expected a text, got {got}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping (key: value pairs), got {got}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"expected a whole number of {_limits(context)}, got {got}"
    if kind == "too_short":
        need = context.get("min_length", 1)
        return f"expected a list with at least {need} item{'s' if need != 1 else ''}, got {got}"
    if kind == "too_long":
        most = context.get("max_length")
        return f"expected a list with at most {most} items, got {got}"
    if kind == "string_pattern_mismatch":
        pattern = str(context.get("pattern", ""))
        if ":" in pattern:
            return f'expected a clock time such as "09:30" (in quotes), got {got}'
        if "\\d{4}" in pattern:
            return f'expected a date such as "2027-03-12", got {got}'
        return (
            "expected an id of lowercase letters, digits and single hyphens "
            f"(e.g. 'meine-karte'), got {got}"
        )
    if kind == "literal_error":
        expected = str(context.get("expected", ""))
        choices = [choice.strip(" '") for choice in expected.replace(" or ", ",").split(",")]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"expected {expected}, got {got}{hint}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return f"{error['msg']}, got {got}"


def problems_from_errors(
    errors: list[ErrorDetails],
    document: YamlDocument,
    file: str,
    root: type[BaseModel] | None,
    strip_tag: bool,
) -> list[Problem]:
    """Problems for pydantic errors; `strip_tag` drops the union tag that starts each loc.

    A missing key that an unknown key's suggestion names is not reported twice: `itmes` gets
    "did you mean 'items'?" and the missing `items` is left out.
    """
    located: list[tuple[KeyPath, ErrorDetails, str]] = []
    suggested: set[KeyPath] = set()
    for error in errors:
        loc = tuple(error["loc"])
        path: KeyPath = tuple(loc[1:] if strip_tag and loc else loc)
        message = _message(error, root, path)
        located.append((path, error, message))
        if error["type"] == "extra_forbidden" and "did you mean '" in message:
            guess = message.split("did you mean '", 1)[1].split("'", 1)[0]
            suggested.add((*path[:-1], guess))
    problems: list[Problem] = []
    for path, error, message in located:
        if error["type"] == "missing":
            if path in suggested:
                continue
            mark = document.mark(path[:-1])
        else:
            mark = document.mark(path, key=error["type"] == "extra_forbidden")
        problems.append(Problem(file, mark.line, mark.column, format_key_path(path), message))
    return problems
