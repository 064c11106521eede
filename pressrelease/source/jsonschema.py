"""JSON Schemas (draft 2020-12) of a release's front matter and of an organisation file, for editors.

Written from the field tables of :mod:`.fields`, so an editor completes and
checks the same fields the readers take: names, descriptions, choices, and
patterns from :mod:`pressrelease.rules` where the rule is a regular
expression. The schemas are plain dictionaries (nothing here imports a JSON
Schema library); the package ships them as ``pressrelease/schemas/*.schema.json``
and ``pressrelease schema`` prints them. Regenerate the shipped files with
``python -m pressrelease.source.jsonschema`` (a test fails when they differ).

A schema sees YAML as an editor's YAML 1.2 reader does: ``date: 2016-02-19``
is text, ``headline_max: 70`` a number, ``subheadline:`` with nothing after
it is null (which the readers take as "not given"). A schema checks the
shape and the spelling of each value; what needs the files or the calendar
(that a photo exists, that 10:00 happens once in that zone on that day) is
left to ``pressrelease check``. Patterns use the part of regular-expression
syntax that ECMA-262 (editors) and Python (the tests) read alike.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..i18n import MESSAGES
from ..model import KINDS, LINT_RULES, SECTIONS
from ..rules import CONTROL, EMAIL_ADDRESS, HEADER_TEXT_MAX, HEX_COLOUR, SLUG, WEB_ADDRESS
from .fields import TABLES, Field

__all__ = ["SCHEMAS", "SCHEMA_FOLDER", "schema", "schema_text", "shipped_schema_text", "write_schemas"]

#: The schemas there are: the document each describes, and the table of its top-level fields.
SCHEMAS = {"release": "release", "organisation": "organisation"}
#: Where the package keeps the generated files.
SCHEMA_FOLDER = Path(__file__).resolve().parent.parent / "schemas"

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_TITLES = {
    "release": ("pressrelease release front matter",
                "The YAML between the --- lines at the top of a pressrelease release (.md)."),
    "organisation": ("pressrelease organisation file",
                     "An organisation.yaml: the facts shared by all of an organisation's releases."),
}

#: The copies of rules that :mod:`pressrelease.rules` and :mod:`pressrelease.i18n` keep private
#: (tests/test_jsonschema.py checks they are the same text).
PHONE_PATTERN = r"\+?[0-9 ()./\-]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?"
ZONE_PATTERN = r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}"
LANGUAGE_PATTERN = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"

_DAY = "(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = "(?:0[1-9]|1[0-2])"
_DATE = f"[0-9]{{4}}-{_MONTH}-{_DAY}"
_TIME = r"[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?"
_OFFSET = r"(?:Z|[+-][0-9]{2}:?[0-9]{2})"
#: A moment as the embargo and an event's start take it: a date, or a date and time with an offset, a zone or both.
_MOMENT = rf"{_DATE}(?:{_TIME}(?:\s*{_OFFSET}(?:\s+{ZONE_PATTERN})?|\s+{ZONE_PATTERN}))?"
#: FONT_FAMILY's ``[\w \-]`` as both dialects read it: JavaScript's ``\w`` is ASCII only, so this takes the ASCII
#: that ``\w`` takes and any character past U+009F (check refuses the few of those that are not letters or digits).
FONT_FAMILY_PATTERN = r"[^\u0000-\u001f!-,./:-@\[-\^`{-\u009f]+"
_DATELINE_FORMAT = r"[^{}]*(?:\{date\}[^{}]*(?:\{(?:city|CITY)\}[^{}]*)?|\{(?:city|CITY)\}[^{}]*\{date\}[^{}]*)"


def _escaped(text: str) -> str:
    """``text`` with every character outside printable ASCII written \\uXXXX (both regex dialects read it)."""
    return "".join(ch if " " <= ch <= "~" else f"\\u{ord(ch):04x}" for ch in text)


def _anchored(pattern: str) -> str:
    """A rule's pattern matching whole texts, its needless ``\\"`` written ``"`` (JavaScript's u mode refuses it)."""
    return f"^(?:{pattern.replace(chr(92) + chr(34), chr(34))})$"


_CONTROLS = _escaped(CONTROL.pattern[1:-1])
#: One line: no control character and no line feed (CONTROL holds every other character LINE_BREAK breaks at;
#: a test checks both patterns take the same texts). The readers strip the value first, so line feeds around
#: it are allowed.
LINE = rf"^\n*[^{_CONTROLS}\n]*\n*$"
#: Text that may span lines: no control character but tab and line feed.
TEXT = rf"^[^{_CONTROLS}]*$"


def _text(kind: str) -> dict:
    return {"type": ["string", "number"], "pattern": LINE if kind == "line" else TEXT}


def _string(pattern: str, **more: object) -> dict:
    return {"type": "string", "pattern": pattern, **more}


def _scalars() -> dict[str, dict]:
    """The schema of each single-value type a field table names."""
    return {
        "line": _text("line"),
        "text": _text("text"),
        "markdown": _text("markdown"),
        "date_or_month": _string(_anchored(f"[0-9]{{4}}-{_MONTH}(?:-{_DAY})?"), examples=["2016-02-19", "2019-11"],
                                 anyOf=[{"format": "date"}, {"pattern": _anchored(f"[0-9]{{4}}-{_MONTH}")}]),
        "moment": _string(_anchored(_MOMENT), examples=["2016-02-19 10:00 Europe/Zurich", "2016-02-19T10:00+01:00",
                                                        "2016-02-19"],
                          anyOf=[{"format": "date"}, {"pattern": f"^{_DATE}[T ]"}]),
        "boolean": {"type": "boolean"},
        "false": {"const": False},
        "path": _string(LINE, minLength=1),
        "yaml_path": _string(r"^(?!/)[^\n]*\.ya?ml$", examples=["organisation.yaml", "../partners/organisation.yaml"]),
        "url": _string(_anchored(WEB_ADDRESS.pattern), examples=["https://www.example.org"]),
        "email": _string(rf"^(?!\.)(?!.*\.\.){_anchored(EMAIL_ADDRESS.pattern)[1:]}", maxLength=254,
                         examples=["press@example.org"]),
        "zone": _string(_anchored(ZONE_PATTERN), maxLength=64, examples=["Europe/Zurich", "America/New_York", "UTC"]),
        "language": _string(_anchored(LANGUAGE_PATTERN), examples=["en", "en-GB", "fr", "km"]),
        "colour": _string(_anchored(HEX_COLOUR.pattern), examples=["#1f4e79"]),
        "hex": _string("^#[0-9a-fA-F]{6}$", examples=["#00558c"]),
        "slug": _string(_anchored(SLUG.pattern)),
        "translation_key": _string(_anchored(SLUG.pattern), examples=["ipu-cambodia-2016"]),
        "integer": {"type": ["integer", "string"], "minimum": 0, "maximum": 999999, "pattern": "^[0-9]{1,6}$"},
        "phone": {"type": ["string", "integer"], "minimum": 0,
                  "pattern": rf"^(?=(?:[^0-9]*[0-9]){{5}}){_anchored(PHONE_PATTERN)[1:]}",
                  "examples": ["+41 22 919 41 58"]},
        "font_family": _string(_anchored(FONT_FAMILY_PATTERN)),
        "font_weight": {"enum": [*range(100, 1000, 100), *(str(n) for n in range(100, 1000, 100)), "normal", "bold"]},
        "dateline_format": _string(_anchored(_DATELINE_FORMAT), maxLength=200,
                                   examples=["{CITY}, {date} –", "{city}, {date}", "{city} ({date})"]),
        "date_format": {**_text("line"), "examples": ["short", "medium", "long", "full", "d MMMM y"]},
        "kind": {**_text("line"), "examples": list(KINDS.values())},
        "section": {"enum": list(SECTIONS)},
        "lint_rule": {"enum": list(LINT_RULES)},
    }


#: What an editor says when a value does not match its type's pattern (``patternErrorMessage``, which VS Code's
#: JSON and YAML support show instead of the pattern; validators that do not know the keyword ignore it).
_MESSAGES = {
    "line": "one line of text, without control characters",
    "text": "text without control characters",
    "markdown": "Markdown text without control characters",
    "date_or_month": "a date written YYYY-MM-DD (2016-02-19), or YYYY-MM for a month (2019-11)",
    "moment": "a date and time with an offset or a zone (2016-02-19 10:00 Europe/Zurich, 2016-02-19T10:00+01:00), "
              "or a date (2016-02-19)",
    "path": "a file name relative to this file, on one line",
    "yaml_path": "a relative path to a .yaml file, such as organisation.yaml",
    "url": "a web address starting with https:// or http://",
    "email": "an email address such as press@example.org, without a name or spaces",
    "zone": "an IANA time zone such as Europe/Zurich or America/New_York",
    "language": "a BCP 47 language tag such as en, en-GB, fr or km",
    "colour": "a hex colour such as \"#1f4e79\", in quotes (without them # starts a comment)",
    "hex": "a hex colour written #RRGGBB such as \"#00558c\", in quotes (without them # starts a comment)",
    "slug": "lowercase letters, digits and hyphens, such as 2016-02-19-ipu-mission",
    "translation_key": "lowercase letters, digits and hyphens, the same in every language, such as ipu-cambodia-2016",
    "integer": "a whole number",
    "phone": "a phone number: digits (five at least), spaces, + ( ) . / - and an optional ext 12",
    "font_family": "letters, digits, spaces and hyphens, such as Source Sans 3",
    "dateline_format": "{date} once, at most one of {city} or {CITY}, and no other braces",
    "date_format": "short, medium, long, full or a CLDR pattern such as d MMMM y, on one line",
    "kind": "one line of text, without control characters",
}


def _with_messages(scalars: dict[str, dict]) -> dict[str, dict]:
    """The scalars' schemas with their pattern error messages, also in the branches of an anyOf."""
    for kind, message in _MESSAGES.items():
        found = scalars[kind]
        found["patternErrorMessage"] = message
        for branch in found.get("anyOf", ()):
            branch["patternErrorMessage"] = message
            if "format" in branch:
                branch["errorMessage"] = message
    scalars["hex"]["errorMessage"] = _MESSAGES["hex"]
    scalars["colour"]["errorMessage"] = _MESSAGES["colour"]  # also for an unquoted colour, which YAML reads as null
    return scalars


class _Writer:
    """Turns type descriptors into schemas, collecting the mappings they refer to as ``$defs``."""

    def __init__(self) -> None:
        self.scalars = _with_messages(_scalars())
        self.defs: dict[str, dict] = {}

    def field(self, field: Field) -> dict:
        found = dict(self.type(field.type))
        if not field.required and _nullable(field.type):
            found = _or_null(found)
        return {"description": field.description, **found}

    def type(self, descriptor: tuple) -> dict:
        kind, rest = descriptor[0], descriptor[1:]
        if kind in self.scalars:
            return self.scalars[kind]
        if kind == "choice":
            return {"enum": list(rest)}
        if kind == "mapping":
            return self.mapping(rest[0])
        if kind == "list":
            return {"type": "array", "items": self.type(rest[0])}
        if kind == "one_or_list":
            item = self.type(rest[0])
            return {"anyOf": [item, {"type": "array", "items": item}]}
        if kind == "either":
            return {"anyOf": [self.type(option) for option in rest]}
        if kind == "labels":
            return self.labels()
        if kind == "by_language":
            return {"type": "object", "propertyNames": self.scalars["language"], "minProperties": 1,
                    "additionalProperties": self.type(rest[0])}
        raise ValueError(f"unknown field type {descriptor!r}")

    def mapping(self, name: str) -> dict:
        if name not in self.defs:
            self.defs[name] = {}  # taken before its fields are written, so a mapping may contain itself
            self.defs[name] = self.object(TABLES[name])
        return {"$ref": f"#/$defs/{name}"}

    def object(self, table: dict[str, Field]) -> dict:
        found: dict = {"type": "object", "properties": {key: self.field(field) for key, field in table.items()}}
        required = [key for key, field in table.items() if field.required]
        if required:
            found["required"] = required
        found["additionalProperties"] = False
        return found

    def labels(self) -> dict:
        table = {key: {"description": f"Default: {text}", **_text("line")} for key, text in MESSAGES.items()}
        return {"type": "object", "propertyNames": self.scalars["language"],
                "additionalProperties": {"type": "object", "properties": table, "additionalProperties": False}}


def _nullable(descriptor: tuple) -> bool:
    """Whether an empty value (null: "not given") is fine for a field of this type when it is optional."""
    kind = descriptor[0]
    if kind == "either":
        return any(_nullable(option) for option in descriptor[1:])
    return kind not in ("mapping", "labels", "colour", "hex", "false", "by_language")


def _or_null(found: dict) -> dict:
    if "$ref" in found or "const" in found:
        return {"anyOf": [found, {"type": "null"}]}
    if "anyOf" in found:
        return {**found, "anyOf": [*found["anyOf"], {"type": "null"}]}
    if "enum" in found:
        return {**found, "enum": [*found["enum"], None]}
    kinds = found["type"] if isinstance(found["type"], list) else [found["type"]]
    return {**found, "type": [*kinds, "null"]}


def schema(name: str) -> dict:
    """The JSON Schema of document ``name`` ("release" or "organisation") as a dictionary."""
    writer = _Writer()
    title, description = _TITLES[name]
    body = writer.object(TABLES[SCHEMAS[name]])
    found: dict = {"$schema": _DRAFT, "title": title, "description": description, **body}
    if name == "release":
        found["properties"]["headline"]["maxLength"] = HEADER_TEXT_MAX
        found["if"] = {"not": {"required": ["embargo"]}}  # a release without an embargo is dated by its dateline
        found["then"] = {"required": ["dateline"]}
    if writer.defs:
        found["$defs"] = dict(sorted(writer.defs.items()))
    return found


def schema_text(name: str) -> str:
    """The schema as the shipped file holds it: indented JSON, ASCII only, ending in a line break."""
    return json.dumps(schema(name), indent=2, ensure_ascii=True) + "\n"


def shipped_schema_text(name: str) -> str:
    """The schema file the package ships (the same text as :func:`schema_text` writes; made if it is missing)."""
    path = SCHEMA_FOLDER / f"{name}.schema.json"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return schema_text(name)


def write_schemas(folder: Path = SCHEMA_FOLDER) -> list[Path]:
    """Write every schema into ``folder`` (``<name>.schema.json``); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8", newline="\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_schemas():
        print(written_path)
