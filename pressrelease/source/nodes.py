"""Read typed values out of YAML nodes, collecting located problems.

The reader never raises on bad input: it records a :class:`Problem` and
returns ``None``, so one pass over a file reports everything wrong with it.
Scalars are read from the text the author typed, under YAML 1.2-style rules
we choose per field: a string field takes ``NO`` or ``12:30`` literally, a
boolean field takes only ``true`` or ``false``, a date field only
``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from ..errors import ModelError, Problem
from ..rules import CONTROL, ISO_DATE, LINE_BREAK, YEARS

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Callable, Iterable, Sequence, TypeVar
    T = TypeVar("T")

__all__ = ["NodeReader", "closest", "model_problem", "read_items"]

_NULL = "tag:yaml.org,2002:null"


def closest(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The choice most like ``word``, for "did you mean ...?" hints (difflib, imported only then)."""
    import difflib

    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return found[0] if found else None


class NodeReader:
    """Typed access to the nodes of one YAML document in one file."""

    def __init__(self, path: Path | None, first_line: int, problems: list[Problem]) -> None:
        self.path = path
        self.first_line = first_line
        self.problems = problems
        self.positions: dict[str, tuple[int, int]] = {}

    # -- locations and problems -------------------------------------------

    def position(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (self.first_line + mark.line, mark.column + 1)

    def error(self, node: yaml.Node | None, message: str, hint: str = "", code: str = "") -> None:
        line, col = self.position(node) if node is not None else (self.first_line, 1)
        self.problems.append(Problem(self.path, line, col, message, hint, code=code))

    def remember(self, field: str, node: yaml.Node) -> None:
        self.positions[field] = self.position(node)

    # -- containers -------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node | None,
        field: str,
        known: Sequence[str],
        required: Iterable[str] = (),
        anchor: yaml.Node | None = None,
        elsewhere: dict[str, str] | None = None,
    ) -> dict[str, yaml.Node] | None:
        """The mapping's values by key; unknown, duplicate and missing keys are problems.

        ``anchor`` is where to report missing keys when ``node`` is a whole
        document (so it has no key of its own); ``elsewhere`` names the
        mapping where a misplaced key belongs ("release_line" -> "style").
        """
        label = field or "the front matter"
        if not isinstance(node, yaml.MappingNode):
            what = "is empty" if node is None or node.tag == _NULL else \
                f"must be a mapping of 'name: value' lines, not {_describe(node)}"
            self.error(anchor or node if what == "is empty" else node, f"{label} {what}",
                       f"expected fields: {', '.join(known)}", "type")
            return None
        values: dict[str, yaml.Node] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, field, label, known, first_seen, elsewhere or {})
            if key is not None:
                self.remember(_join(field, key), key_node)
                values[key] = value_node
        for key in required:
            if key not in values and key not in first_seen:
                self.error(anchor or node, f"missing required field '{_join(field, key)}'",
                           f"add a line '{key}: ...'", "missing-field")
        return values

    def _key(self, key_node: yaml.Node, field: str, label: str, known: Sequence[str],
             first_seen: dict[str, yaml.Node], elsewhere: dict[str, str]) -> str | None:
        """A mapping's key if it is a known one seen for the first time; else None after saying why."""
        if not isinstance(key_node, yaml.ScalarNode):
            self.error(key_node, f"a key in {label} is not a plain name", code="key")
            return None
        key = key_node.value
        if key in first_seen:
            line, _ = self.position(first_seen[key])
            self.error(key_node, f"{_join(field, key)} is given twice (first on line {line})",
                       "remove one of them", "duplicate")
            return None
        first_seen[key] = key_node
        if key in known:
            return key
        if key in elsewhere:
            hint = f"it belongs under '{elsewhere[key]}:'"
        elif guess := closest(key, known):
            hint = f"did you mean '{guess}'?"
        else:
            hint = f"known fields: {', '.join(known)}"
        self.error(key_node, f"unknown field '{_join(field, key)}'", hint, "unknown-field")
        return None

    def sequence(self, node: yaml.Node, field: str, *, scalar_ok: bool = False) -> list[yaml.Node] | None:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if scalar_ok and isinstance(node, yaml.ScalarNode) and node.tag != _NULL:
            return [node]
        if node.tag == _NULL:
            return []
        self.error(node, f"{field} must be a list, not {_describe(node)}",
                   f"write one '- item' per line under '{field.rsplit('.', 1)[-1]}:'", "type")
        return None

    # -- scalars ----------------------------------------------------------

    def text(self, node: yaml.Node, field: str, *, multiline: bool = False, required: bool = False) -> str | None:
        """The text the author typed, whatever YAML 1.1 would have made of it."""
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{field} must be text, not {_describe(node)}", "put the text on the same line", "type")
            return None
        if node.tag == _NULL and node.style is None:
            if required:
                self.error(node, f"{field} is empty", "write a value after the colon", "empty")
            return None
        value = node.value.strip()
        if not multiline and LINE_BREAK.search(value):
            self.error(node, f"{field} must be a single line", "remove the line breaks ('|' keeps them)", "newline")
            return None
        bad = CONTROL.search(value)
        if bad:
            self.error(node, f"{field} contains a control character (U+{ord(bad.group()):04X})",
                       "delete the invisible character", "control")
            return None
        if required and not value:
            self.error(node, f"{field} is empty", "write a value after the colon", "empty")
            return None
        return value

    def boolean(self, node: yaml.Node, field: str) -> bool | None:
        text = self.text(node, field)
        if text is None:
            return None
        if text in ("true", "True", "TRUE"):
            return True
        if text in ("false", "False", "FALSE"):
            return False
        hint = "write true or false"
        if text.lower() in ("yes", "no", "on", "off", "y", "n"):
            hint += f" (YAML 1.2 reads '{text}' as text, older readers as a boolean)"
        self.error(node, f"{field} must be true or false, not '{text}'", hint, "type")
        return None

    def date(self, node: yaml.Node, field: str) -> dt.date | None:
        text = self.text(node, field, required=True)
        if text is None:
            return None
        match = ISO_DATE.fullmatch(text)
        if match is None:
            self.error(node, f"{field} must be a date written YYYY-MM-DD, not '{text}'",
                       "for example 2016-02-19", "date")
            return None
        try:
            date = dt.date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            self.error(node, f"{field} {text} is not a real date: {exc}", "check the day and month", "date")
            return None
        if date.year not in YEARS:
            self.error(node, f"{field} {text} is not in the years {YEARS.start} to {YEARS.stop - 1}",
                       "check the year", "date")
            return None
        return date

    def choice(self, node: yaml.Node, field: str, choices: Sequence[str]) -> str | None:
        text = self.text(node, field)
        if text is None:
            return None
        if text not in choices:
            guess = closest(text, choices)
            hint = f"did you mean '{guess}'?" if guess else f"choose one of: {', '.join(choices)}"
            self.error(node, f"{field} must be one of {', '.join(choices)}, not '{text}'", hint, "choice")
            return None
        return text

    def text_list(self, node: yaml.Node, field: str, *, scalar_ok: bool = False) -> list[tuple[str, yaml.Node]]:
        items = self.sequence(node, field, scalar_ok=scalar_ok)
        result: list[tuple[str, yaml.Node]] = []
        for index, item in enumerate(items or ()):
            text = self.text(item, f"{field}[{index}]", required=True)
            if text is not None:
                self.remember(f"{field}[{index}]", item)
                result.append((text, item))
        return result


def read_items(reader: NodeReader, node: yaml.Node, field: str, known: tuple[str, ...], required: str,
                read_one: Callable[[dict[str, yaml.Node], str], T | None]) -> tuple[T, ...] | None:
    """A list of mappings (contacts, photos, fonts): each item read by ``read_one(values, "field[i]")``."""
    items = reader.sequence(node, field)
    if items is None:
        return None
    found = []
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        values = reader.mapping(item, where, known, required=(required,))
        value = read_one(values, where) if values is not None else None
        if value is not None:
            found.append(value)
    return tuple(found)


def model_problem(reader: NodeReader, exc: ModelError) -> Problem:
    """A model's refusal as a problem, at the field it names: the one read last of that name (the model is
    built right after its fields are read), or the file's start."""
    suffix = "." + exc.field
    key = next((key for key in reversed(reader.positions) if key == exc.field or key.endswith(suffix)), None)
    line, col = reader.positions[key] if key is not None else (reader.first_line, 1)
    return Problem(reader.path, line, col, str(exc), "correct the value", code="model")


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "nothing"
    value = str(node.value)
    return f"'{value[:40]}…'" if len(value) > 40 else f"'{value}'"
