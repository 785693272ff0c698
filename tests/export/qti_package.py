"""Reading a QTI 2.1 package back: schema validation against the official IMS XSDs (offline) and
a small interpreter of QTI response processing, to score responses the way a delivery engine
would (no platform needed).

The XSDs live in `qti_schemas/`, one folder per host as the URLs that import them name them
(README.md there says where they come from and under which licence); `_Catalogue` answers every
`http://` import from that folder, so validation never reaches the network.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMAS = Path(__file__).parent / "qti_schemas"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
ITEM_XSD = "www.imsglobal.org/xsd/imsqti_v2p1.xsd"
MANIFEST_XSD = "www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
#: The CP profile imports the QTI metadata schema 2.1.1; the copy here is 2.1 (same namespace,
#: the packages written here carry no QTI metadata).
_ALIASES = {
    "www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1p1.xsd": (
        "www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1.xsd"
    ),
}
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"


class _Catalogue(etree.Resolver):
    """Every `http(s)://host/path` import read from `qti_schemas/host/path`; nothing else."""

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        if url is None or not url.startswith(("http://", "https://")):
            return None
        local = url.split("://", 1)[1]
        path = SCHEMAS / _ALIASES.get(local, local)
        assert path.is_file(), f"schema {url} is not in {SCHEMAS}"
        return self.resolve_filename(str(path), context)


@cache
def schema(name: str) -> etree.XMLSchema:
    """One of the vendored schemas, compiled with its imports from the catalogue."""
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Catalogue())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def schema_errors(data: bytes, name: str) -> list[str]:
    """Why `data` is not valid against the schema `name`; empty when it is."""
    validator = schema(name)
    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    if validator.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in validator.error_log]


@dataclass
class Package:
    """A package read from zip bytes: its files and their parsed XML."""

    files: dict[str, bytes]
    manifest: etree._Element = field(init=False)

    def __post_init__(self) -> None:
        self.manifest = etree.fromstring(self.files["imsmanifest.xml"])

    @classmethod
    def read(cls, data: bytes) -> Package:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return cls({name: archive.read(name) for name in archive.namelist()})

    def resources(self, kind: str) -> list[etree._Element]:
        return self.manifest.findall(f"{CP}resources/{CP}resource[@type='{kind}']")

    def item(self, identifier: str) -> etree._Element:
        return etree.fromstring(self.files[f"{identifier}.xml"])

    def items(self) -> dict[str, etree._Element]:
        hrefs = [resource.get("href") for resource in self.resources("imsqti_item_xmlv2p1")]
        found = {}
        for href in hrefs:
            assert href is not None
            element = etree.fromstring(self.files[href])
            found[element.get("identifier")] = element
        return found


Value = Any
"""A QTI value: None (NULL), str, float, or a list (multiple and ordered containers)."""


@dataclass
class Session:
    """One attempt at an item: the responses given and the outcomes response processing set."""

    item: etree._Element
    responses: dict[str, Value]
    outcomes: dict[str, Value] = field(default_factory=dict)

    def declaration(self, identifier: str) -> etree._Element:
        found = self.item.find(f"{QTI}responseDeclaration[@identifier='{identifier}']")
        assert found is not None, identifier
        return found

    def run(self) -> Session:
        """Outcomes from their defaults, then the item's response processing."""
        for declaration in self.item.iterfind(f"{QTI}outcomeDeclaration"):
            default = declaration.find(f"{QTI}defaultValue/{QTI}value")
            self.outcomes[declaration.get("identifier")] = (
                None if default is None else _typed(declaration.get("baseType"), default.text)
            )
        processing = self.item.find(f"{QTI}responseProcessing")
        assert processing is not None
        template = processing.get("template")
        if template is not None:
            assert len(processing) == 0
            self._template(template)
        else:
            self._rules(processing)
        return self

    def _template(self, template: str) -> None:
        """The two standard templates, as the QTI 2.1 specification defines them."""
        if template == TEMPLATES + "match_correct":
            same = self._match(self.responses.get("RESPONSE"), self._correct("RESPONSE"))
            self.outcomes["SCORE"] = 1.0 if same else 0.0
        elif template == TEMPLATES + "map_response":
            response = self.responses.get("RESPONSE")
            self.outcomes["SCORE"] = 0.0 if _null(response) else self._map("RESPONSE")
        else:
            raise AssertionError(f"unknown template {template}")

    def _rules(self, parent: etree._Element) -> None:
        for rule in parent:
            name = etree.QName(rule).localname
            if name == "setOutcomeValue":
                self.outcomes[rule.get("identifier")] = self._value(rule[0])
            elif name == "responseCondition":
                for branch in rule:
                    kind = etree.QName(branch).localname
                    if kind == "responseElse" or self._value(branch[0]) is True:
                        self._rules(branch if kind == "responseElse" else _rest(branch))
                        break
            else:
                raise AssertionError(f"rule {name} not supported")

    def _correct(self, identifier: str) -> Value:
        declaration = self.declaration(identifier)
        values = [v.text for v in declaration.iterfind(f"{QTI}correctResponse/{QTI}value")]
        return values[0] if declaration.get("cardinality") == "single" else values

    def _match(self, given: Value, wanted: Value) -> bool | None:
        if _null(given) or _null(wanted):
            return None
        if isinstance(given, list):
            ordered = isinstance(wanted, list) and self._ordered(given)
            return given == wanted if ordered else Counter(given) == Counter(wanted)
        return bool(given == wanted)

    def _ordered(self, given: list[Value]) -> bool:
        return any(
            d.get("cardinality") == "ordered"
            for d in self.item.iterfind(f"{QTI}responseDeclaration")
            if self.responses.get(d.get("identifier")) is given
        )

    def _map(self, identifier: str) -> float:
        """`mapResponse`: each distinct value mapped once, then the bounds."""
        mapping = self.declaration(identifier).find(f"{QTI}mapping")
        assert mapping is not None
        response = self.responses.get(identifier)
        values = response if isinstance(response, list) else [response]
        total = 0.0
        for value in dict.fromkeys(values):
            for entry in mapping.iterfind(f"{QTI}mapEntry"):
                key = entry.get("mapKey") or ""
                exact = entry.get("caseSensitive", "true") == "true"
                if value == key or (not exact and str(value).lower() == key.lower()):
                    total += float(entry.get("mappedValue") or 0)
                    break
            else:
                total += float(mapping.get("defaultValue", "0"))
        if mapping.get("lowerBound") is not None:
            total = max(total, float(mapping.get("lowerBound") or 0))
        if mapping.get("upperBound") is not None:
            total = min(total, float(mapping.get("upperBound") or 0))
        return total

    def _value(self, expression: etree._Element) -> Value:
        name = etree.QName(expression).localname
        children = [self._value(child) for child in expression] if name != "mapResponse" else []
        if name == "baseValue":
            return _typed(expression.get("baseType"), expression.text)
        if name == "variable":
            identifier = expression.get("identifier")
            return (
                self.outcomes[identifier]
                if identifier in self.outcomes
                else (self.responses.get(identifier))
            )
        if name == "correct":
            return self._correct(expression.get("identifier"))
        if name == "mapResponse":
            return self._map(expression.get("identifier"))
        if name == "isNull":
            return _null(children[0])
        if name == "match":
            return self._match(children[0], children[1])
        if name == "member":
            return None if _null(children[1]) else children[0] in children[1]
        if name == "multiple":
            values = [v for child in children if not _null(child) for v in _listed(child)]
            return values or None
        if name == "sum":
            return None if any(_null(c) for c in children) else float(sum(children))
        raise AssertionError(f"expression {name} not supported")

    def shown(self) -> list[str]:
        """Identifiers of the modal feedback the outcomes show, in file order."""
        shown = []
        for feedback in self.item.iterfind(f"{QTI}modalFeedback"):
            value = self.outcomes.get(feedback.get("outcomeIdentifier"))
            hit = feedback.get("identifier") in _listed(value) if not _null(value) else False
            if hit == (feedback.get("showHide") == "show"):
                shown.append(feedback.get("identifier"))
        return shown


def _rest(branch: etree._Element) -> list[etree._Element]:
    return list(branch)[1:]


def _listed(value: Value) -> list[Value]:
    return value if isinstance(value, list) else [value]


def _null(value: Value) -> bool:
    return value is None or value == "" or value == []


def _typed(base_type: str | None, text: str | None) -> Value:
    if base_type in ("float", "integer"):
        return float(text or 0)
    return text or ""


def score(item: etree._Element, **responses: Value) -> tuple[float, float, list[str]]:
    """(SCORE, MAXSCORE, modal feedback shown) after one attempt with `responses`."""
    session = Session(item, responses).run()
    return session.outcomes["SCORE"], session.outcomes["MAXSCORE"], session.shown()
