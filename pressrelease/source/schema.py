"""The source format's parts: how each mapping and list of a release or organisation file is read.

Every reader takes a :class:`~.nodes.NodeReader` and returns plain values
(or ``None`` after recording a problem), leaving model assembly to
:mod:`.loader`. Field names come from :mod:`.fields`, single values from
:mod:`.values`, files from :mod:`.files`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from ..errors import Problem, Severity
from ..i18n import DATELINE_LABELS, MESSAGES, is_known_language, placeholders
from .site import read_site
from .press_kit import read_press_kit
from ..model import LINT_RULES, SECTIONS, Dateline, FontFile, LintConfig, Organisation, Photo, Release
from ..rules import PHOTO_TYPES, is_dateline_format
from .events import read_event
from .fields import DATELINE_FIELDS, FONT_FIELDS, LINT_FIELDS, PHOTO_FIELDS, STYLE_FIELDS
from .files import check_file
from .nodes import NodeReader, read_items
from .people import read_contacts, read_partners
from .values import (
    check_colour,
    check_date_format,
    check_dateline_format,
    check_email,
    check_font_family,
    check_header_text,
    check_language,
    check_slug,
    check_translation_key,
    check_url,
    check_zone,
    read_dateline_date,
    read_embargo,
    read_updated,
)

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Any, Callable
    from .people import NamedFile
    Reader = Callable[[NodeReader, yaml.Node, str], Any]

__all__ = [
    "MAX_PHOTOS",
    "MAX_PHOTO_BYTES",
    "merge_organisation",
    "read_dateline",
    "read_organisation_fields",
    "read_photos",
    "read_release_fields",
    "read_style_fields",
    "sender_problems",
]



def read_dateline(reader: NodeReader, node: yaml.Node) -> Dateline | None:
    values = reader.mapping(node, "dateline", DATELINE_FIELDS, required=("date",))
    if values is None:
        return None
    city = reader.text(values["city"], "dateline.city") if "city" in values else ""
    dated = read_dateline_date(reader, values["date"], "dateline.date") if "date" in values else None
    if city is None or dated is None:
        return None
    return Dateline(city=city, date=dated[0], precision=dated[1])


def read_release_fields(reader: NodeReader, values: dict[str, yaml.Node], base: Path, roots: tuple[Path, ...],
                        org: Organisation | None, named: NamedFile) -> dict[str, Any]:
    """The release's own fields that are present and valid, typed (the model's keyword arguments).

    ``org`` is the release's organisation (its zone dates a day-only embargo); ``named`` reads a
    partner's organisation file.
    """
    fields: dict[str, Any] = {}
    for key in ("kind", "notes_to_editors", "disclaimer", "footer"):
        if key in values:
            fields[key] = reader.text(values[key], key, multiline=key != "kind")
    for key, where in _TITLE_FIELDS.items():
        if key in values:
            text = reader.text(values[key], key, required=key == "headline")
            fields[key] = check_header_text(reader, values[key], key, text, where)
    readers: dict[str, Callable[[yaml.Node], Any]] = {
        "label": lambda node: _read_label(reader, node),
        "subheadline": lambda node: _read_deck(reader, node),
        "dateline": lambda node: read_dateline(reader, node),
        "language": lambda node: check_language(reader, node, "language"),
        "embargo": lambda node: read_embargo(reader, node, org.timezone if org is not None else ""),
        "updated": lambda node: read_updated(reader, node),
        "photos": lambda node: read_photos(reader, node, base, roots),
        "tags": lambda node: _read_tags(reader, node),
        "contacts": lambda node: read_contacts(reader, node, "contacts"),
        "event": lambda node: read_event(reader, node),
        "partners": lambda node: read_partners(reader, node, base, roots, named, org),
        "slug": lambda node: check_slug(reader, node, "slug"),
        "translation_key": lambda node: check_translation_key(reader, node, "translation_key"),
    }
    for key, read in readers.items():
        if key in values:
            fields[key] = read(values[key])
    return {key: value for key, value in fields.items() if value is not None}


def _read_label(reader: NodeReader, node: yaml.Node) -> str | None:
    """What is printed above the headline: a text, ``false`` (or ``""``) for none, ``true`` for the default."""
    if isinstance(node, yaml.ScalarNode) and not node.style and node.value in ("false", "False", "FALSE"):
        return ""
    if isinstance(node, yaml.ScalarNode) and not node.style and node.value in ("true", "True", "TRUE"):
        return None  # the kind's name, as without a label
    text = reader.text(node, "label")
    return check_header_text(reader, node, "label", text, "the label is printed above the headline") \
        if text else text


def _read_deck(reader: NodeReader, node: yaml.Node) -> str | None:
    """The subheadline: one line, or a list of lines (a deck), kept joined by line breaks."""
    where = "the subheadline becomes the page's description"
    if not isinstance(node, yaml.SequenceNode):
        return check_header_text(reader, node, "subheadline", reader.text(node, "subheadline"), where)
    lines = [check_header_text(reader, item, "subheadline", text, where)
             for text, item in reader.text_list(node, "subheadline")]
    if any(line is None for line in lines):
        return None
    return "\n".join(line for line in lines if line)


#: The release's fields that reach an email header or a page's title and metadata, and where they go.
_TITLE_FIELDS = {
    "headline": "the headline becomes the email's subject and the page's title",
    "short_headline": "the short headline heads every page of the PDF",
}


def _read_tags(reader: NodeReader, node: yaml.Node) -> tuple[str, ...]:
    """The tags (the page's keywords), each passing the header rules."""
    where = "tags become the page's keywords"
    checked = (check_header_text(reader, item, "tags", tag, where) for tag, item in reader.text_list(node, "tags"))
    return tuple(tag for tag in checked if tag is not None)


def sender_problems(release: Release, severity: Severity = "warning") -> list[Problem]:
    """Why the release's email has no sender: no press-office address and no media contact with an email.

    A warning, not a loading error: the release's other formats still build and only its email is
    skipped; ``check`` reports the same warning at the same place. As an ``"error"`` it is why ``send``
    (or a program asking for the email) gets none.
    """
    if release.organisation.email or any(contact.email for contact in release.media_contacts):
        return []
    origin = release.origin
    field = "contacts" if release.contacts else "headline"
    path, (line, col) = (origin.path, origin.locate(field)) if origin else (None, (0, 0))
    why = "it has no sender (no press-office address and no media contact with an email)"
    message = f"the email is skipped: {why}" if severity == "warning" else f"the email cannot be made: {why}"
    return [Problem(path, line, col, message,
                    "add 'email: press@example.org' to the organisation file (the email is sent from it), "
                    "give a contact an email, or build with --from", severity=severity, code="sender")]


#: The most photos a release may have.
MAX_PHOTOS = 100
#: What a release's photos may weigh together (a file named twice counts twice: every output shows it twice).
MAX_PHOTO_BYTES = 50_000_000


#: The endings a photo's file may have (any case): the site publishes it under its own name.
PHOTO_SUFFIXES = tuple(PHOTO_TYPES)


def read_photos(reader: NodeReader, node: yaml.Node, base_dir: Path, roots: tuple[Path, ...]) -> tuple[Photo, ...] | None:
    if isinstance(node, yaml.SequenceNode) and len(node.value) > MAX_PHOTOS:
        reader.error(node.value[MAX_PHOTOS], f"a release may have at most {MAX_PHOTOS} photos, not {len(node.value)}",
                     "keep the photos the story needs; link to a gallery for the rest", "photo-limit")
        return None
    total = 0

    def read_one(values: dict[str, yaml.Node], where: str) -> Photo | None:
        nonlocal total
        texts = {key: reader.text(values[key], f"{where}.{key}") for key in ("alt", "caption", "credit", "usage")
                 if key in values}
        file = check_file(reader, values["file"], f"{where}.file", base_dir, roots) if "file" in values else None
        if file is None:
            return None
        if file.suffix.lower() not in PHOTO_SUFFIXES:  # the site publishes it under its name: .html would be a page
            reader.error(values["file"], f"{where}.file '{file.name}' does not end in {', '.join(PHOTO_SUFFIXES)}",
                         "name the photo after its kind: the newsroom site publishes it under this name, and a "
                         "web server serves a file by its ending", "photo-name")
            return None
        total += file.stat().st_size
        if total > MAX_PHOTO_BYTES:
            reader.error(values["file"], f"{where}.file: the photos add up to more than {MAX_PHOTO_BYTES // 1_000_000} MB",
                         "export smaller versions of the photos", "photo-limit")
            return None
        return Photo(file=file, **{k: v for k, v in texts.items() if v is not None})

    return read_items(reader, node, "photos", PHOTO_FIELDS, "file", read_one)


def _read_fonts(reader: NodeReader, node: yaml.Node, field: str, base_dir: Path) -> tuple[FontFile, ...] | None:
    def read_one(values: dict[str, yaml.Node], where: str) -> FontFile | None:
        if "file" not in values:
            return None
        path = check_file(reader, values["file"], f"{where}.file", base_dir, (base_dir.resolve(),), font=True)
        weight = 400
        if "weight" in values:
            text = reader.text(values["weight"], f"{where}.weight")
            named = {"normal": "400", "bold": "700"}.get(text or "", text)
            if named is None or not re.fullmatch(r"[1-9]00", named):
                reader.error(values["weight"], f"{where}.weight must be 100, 200, ... 900, normal or bold",
                             code="font")
                return None
            weight = int(named)
        style = reader.choice(values["style"], f"{where}.style", ("normal", "italic")) if "style" in values else "normal"
        if path is None or style is None:
            return None
        return FontFile(file=path, weight=weight, style=style)  # type: ignore[arg-type]

    return read_items(reader, node, field, FONT_FIELDS, "file", read_one)


def read_style_fields(reader: NodeReader, node: yaml.Node, field: str, base_dir: Path) -> dict[str, Any]:
    """The house-style fields present in a ``style:`` mapping, typed (``Style``'s keyword arguments)."""
    values = reader.mapping(node, field, STYLE_FIELDS)
    if values is None:
        return {}
    readers: dict[str, Reader] = {
        "dateline": lambda r, n, f: r.choice(n, f, ("lead", "line", "none")),
        "dateline_format": check_dateline_format,
        "embargo_zones": lambda r, n, f: _read_zones(r, n, f),
        "sections": lambda r, n, f: _read_sections(r, n, f),
        "paper": lambda r, n, f: r.choice(n, f, ("a4", "letter")),
        "release_line": lambda r, n, f: r.boolean(n, f),
        "hyphenate": lambda r, n, f: r.boolean(n, f),
        "smart_quotes": lambda r, n, f: r.boolean(n, f),
        "digits": lambda r, n, f: r.choice(n, f, ("latin", "native")),
        "end_mark": lambda r, n, f: r.text(n, f),
        "date_format": lambda r, n, f: r.text(n, f),
        "accent_colour": check_colour,
        "font_family": check_font_family,
        "fonts": lambda r, n, f: _read_fonts(r, n, f, base_dir),
    }
    fields = {key: readers[key](reader, value_node, f"{field}.{key}") for key, value_node in values.items()}
    if fields.get("fonts") and not fields.get("font_family"):
        reader.error(values["fonts"], f"{field}.fonts need a font_family to name them",
                     "add 'font_family: Your Font' next to fonts", "font")
        fields["fonts"] = None
    if fields.get("date_format"):
        fields["date_format"] = check_date_format(reader, values["date_format"], f"{field}.date_format",
                                                  fields["date_format"])
    return {k: v for k, v in fields.items() if v is not None}


def _read_zones(reader: NodeReader, node: yaml.Node, field: str) -> tuple[str, ...] | None:
    listed = reader.text_list(node, field, scalar_ok=True)
    zones = [check_zone(reader, item, f"{field}[{index}]") for index, (_, item) in enumerate(listed)]
    return None if any(zone is None for zone in zones) else tuple(zone for zone in zones if zone)


def _read_sections(reader: NodeReader, node: yaml.Node, field: str) -> tuple[str, ...] | None:
    """The parts after the body in the order given: each a known section, at most once."""
    sections: list[str] = []
    for index, (_, item) in enumerate(reader.text_list(node, field)):
        name = reader.choice(item, f"{field}[{index}]", SECTIONS)
        if name is None:
            return None
        if name in sections:
            reader.error(item, f"{field} lists {name} twice", "name each section once", "duplicate")
            return None
        sections.append(name)
    return tuple(sections)


def _read_labels(reader: NodeReader, node: yaml.Node, field: str) -> dict[str, dict[str, str]]:
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, f"{field} must map languages to label tables", "e.g. labels: {fr: {kind: Communiqué}}", "type")
        return {}
    tables: dict[str, dict[str, str]] = {}
    for key_node, table_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            reader.error(key_node, f"a key in {field} is not a language tag", code="key")
            continue
        language = key_node.value
        if language in tables:
            reader.error(key_node, f"{field}.{language} is given twice", "remove one of them", "duplicate")
        elif not is_known_language(language):
            reader.error(key_node, f"{field}: '{language}' is not a known language tag", "for example en or fr", "language")
        else:
            table = _read_label_table(reader, table_node, f"{field}.{language}")
            if table is not None:
                tables[language] = table
    return tables


def _read_label_table(reader: NodeReader, node: yaml.Node, field: str) -> dict[str, str] | None:
    values = reader.mapping(node, field, tuple(MESSAGES))
    if values is None:
        return None
    table = {}
    for label, value_node in values.items():
        text = reader.text(value_node, f"{field}.{label}")
        if text is None:
            continue
        allowed = placeholders(label)
        wrong = sorted({name for name in re.findall(r"\{([^{}]*)\}", text) if name not in allowed})
        if wrong:
            reader.error(value_node, f"{field}.{label} uses {', '.join('{' + w + '}' for w in wrong)}",
                         f"it may use: {', '.join('{' + a + '}' for a in sorted(allowed)) or 'no placeholders'}",
                         "label")
            continue
        if label in DATELINE_LABELS and not is_dateline_format(text):
            reader.error(value_node, f"{field}.{label} is not a dateline format",
                         "write {date} once and at most one of {city} or {CITY}, e.g. \"{city}, {date} –\"", "label")
            continue
        if label.startswith("subject_"):
            text = check_header_text(reader, value_node, f"{field}.{label}", text, "this label begins the email's subject")
        if text is not None:
            table[label] = text
    return table


def _read_lint(reader: NodeReader, node: yaml.Node, field: str) -> LintConfig | None:
    values = reader.mapping(node, field, LINT_FIELDS)
    if values is None:
        return None
    fields: dict[str, Any] = {}
    for key in ("headline_max", "body_min_words", "body_max_words"):
        if key in values:
            text = reader.text(values[key], f"{field}.{key}")
            if text is not None and not re.fullmatch(r"[0-9]{1,6}", text):
                reader.error(values[key], f"{field}.{key} must be a whole number, not '{text}'", code="type")
            elif text is not None:
                fields[key] = int(text)
    if "disable" in values:
        rules = []
        for rule, rule_node in reader.text_list(values["disable"], f"{field}.disable", scalar_ok=True):
            if rule not in LINT_RULES:
                reader.error(rule_node, f"{field}.disable: unknown rule '{rule}'", f"rules: {', '.join(LINT_RULES)}",
                             "lint-rule")
            else:
                rules.append(rule)
        fields["disable"] = frozenset(rules)
    return LintConfig(**fields)


def read_organisation_fields(
    reader: NodeReader, values: dict[str, yaml.Node], field: str, base_dir: Path
) -> dict[str, Any]:
    """The typed organisation fields present in ``values`` (for a file or an override)."""
    prefix = f"{field}." if field else ""
    own_folder = (base_dir.resolve(),)
    readers: dict[str, Reader] = {
        "name": lambda r, n, f: check_header_text(r, n, f, r.text(n, f, required=True),
                                                  "the organisation's name is the page's author"),
        "city": lambda r, n, f: r.text(n, f),
        "address": lambda r, n, f: r.text(n, f, multiline=True),
        "boilerplate": lambda r, n, f: r.text(n, f, multiline=True),
        "website": check_url,
        "language": check_language,
        "email": check_email,
        "timezone": check_zone,
        "about_heading": lambda r, n, f: r.text(n, f),
        "footer": lambda r, n, f: r.text(n, f, multiline=True),
        "logo": lambda r, n, f: check_file(r, n, f, base_dir, own_folder, svg_ok=True),
        "contacts": read_contacts,
        "style": lambda r, n, f: read_style_fields(r, n, f, base_dir),
        "labels": _read_labels,
        "lint": _read_lint,
        "site": read_site,
        "press_kit": lambda r, n, f: read_press_kit(r, n, f, base_dir),
    }
    fields = {key: readers[key](reader, node, prefix + key) for key, node in values.items() if key in readers}
    return {key: value for key, value in fields.items() if value is not None}


def merge_organisation(org: Organisation | None, fields: dict[str, Any], base: Path) -> Organisation | None:
    """``org`` with a release's overrides applied; a new organisation if there was none and a name is given."""
    style_fields = fields.pop("style", None)
    if org is None:
        if "name" not in fields:
            return None
        org = Organisation(name=fields.pop("name"), base_dir=base.resolve())
    if style_fields:
        fields["style"] = dataclasses.replace(org.style, **style_fields)
    return dataclasses.replace(org, **fields)
