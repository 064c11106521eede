"""The source format: which fields exist, and how each one is read and checked.

This is the single place that knows the field names of release front matter
and of organisation files; README's "Source format" section documents the
same table. Every reader takes a :class:`NodeReader` and returns plain
values (or ``None`` after recording a problem), leaving model assembly to
:mod:`.loader`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .fields import ENCODED_WORD, NodeReader
from .i18n import LABELS, is_known_language
from .models import Contact, Embargo, FontFile, LintConfig, Photo

__all__ = [
    "CONTACT_FIELDS",
    "ORGANISATION_FIELDS",
    "PHOTO_FIELDS",
    "RELEASE_FIELDS",
    "STYLE_FIELDS",
    "check_file",
    "parse_embargo",
    "read_contacts",
    "read_organisation_fields",
    "read_photos",
    "read_style_fields",
]

RELEASE_FIELDS = (
    "kind", "headline", "short_headline", "subheadline", "dateline", "embargo", "language", "photos",
    "tags", "contacts", "notes_to_editors", "organisation", "slug", "style",
)
RELEASE_REQUIRED = ("headline", "dateline")
DATELINE_FIELDS = ("city", "date")
PHOTO_FIELDS = ("file", "alt", "caption", "credit")
CONTACT_FIELDS = ("organisation", "name", "role", "phones", "email")
ORGANISATION_FIELDS = (
    "name", "website", "logo", "address", "city", "language", "boilerplate",
    "contacts", "style", "labels", "lint",
)
LINT_FIELDS = ("headline_max", "body_min_words", "body_max_words", "disable")
STYLE_FIELDS = (
    "dateline", "end_mark", "release_line", "accent_colour", "font_family", "fonts", "paper", "date_format",
)
FONT_FIELDS = ("file", "weight", "style")
FONT_TYPES = {b"\x00\x01\x00\x00": "TrueType", b"OTTO": "OpenType", b"true": "TrueType", b"wOFF": "WOFF", b"wOF2": "WOFF2"}

IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
MAX_IMAGE_BYTES = 20_000_000

_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
_PHONE = re.compile(r"\+?[0-9 ()./\-]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?")
_URL = re.compile(r"https?://[^\s<>\"']+")
_SLUG = re.compile(r"[a-z0-9][a-z0-9\-]*")
_EMBARGO = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?(?:\s+(?P<zone>[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*))?"
)


# -- small value checks -------------------------------------------------------

def check_email(reader: NodeReader, node: yaml.Node, field: str) -> str | None:
    text = reader.text(node, field, required=True)
    if text is None:
        return None
    if not _EMAIL.fullmatch(text) or ".." in text or text.startswith(".") or len(text) > 254:
        reader.error(node, f"{field} '{text}' is not an email address",
                     "write it as name@example.org, without a display name or spaces", "email")
        return None
    return text


def check_url(reader: NodeReader, node: yaml.Node, field: str) -> str | None:
    text = reader.text(node, field)
    if text is None:
        return None
    if not _URL.fullmatch(text):
        reader.error(node, f"{field} '{text}' is not a web address", "write it as https://www.example.org", "url")
        return None
    return text


def check_language(reader: NodeReader, node: yaml.Node, field: str) -> str | None:
    text = reader.text(node, field)
    if text is None:
        return None
    if not is_known_language(text):
        reader.error(node, f"{field} '{text}' is not a known BCP 47 language tag",
                     "for example en, en-GB, fr or km", "language")
        return None
    return text


def check_file(
    reader: NodeReader,
    node: yaml.Node,
    field: str,
    base_dir: Path,
    roots: tuple[Path, ...],
    *,
    svg_ok: bool = False,
    font: bool = False,
) -> Path | None:
    """A file named relative to ``base_dir`` that exists, is an image, and lies under ``roots``.

    The containment check runs on the resolved path, so neither ``../`` nor a
    symbolic link can reach outside the release's folder.
    """
    text = reader.text(node, field, required=True)
    if text is None:
        return None
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", text) and not re.match(r"[a-zA-Z]:[\\/]", text):
        reader.error(node, f"{field} '{text}' is a URL; only local files are read",
                     "download the image into the release's folder and name it here", "file")
        return None
    if Path(text).is_absolute():
        reader.error(node, f"{field} '{text}' is an absolute path", "name the file relative to the release", "file")
        return None
    path = base_dir / text
    try:
        resolved = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        reader.error(node, f"{field}: file '{text}' does not exist",
                     f"looked for {path}; check the spelling and the folder", "file-missing")
        return None
    except OSError as exc:
        reader.error(node, f"{field}: cannot read '{text}': {exc.strerror}", code="file")
        return None
    if not any(resolved.is_relative_to(root) for root in roots):
        reader.error(node, f"{field} '{text}' is outside the release's folder",
                     "copy the file next to the release; files elsewhere are never read", "file-outside")
        return None
    if not resolved.is_file():
        reader.error(node, f"{field} '{text}' is not a regular file", code="file")
        return None
    size = resolved.stat().st_size
    if size > MAX_IMAGE_BYTES:
        reader.error(node, f"{field} '{text}' is {size // 1_000_000} MB; the limit is 20 MB",
                     "export a smaller version of the image", "file")
        return None
    with resolved.open("rb") as handle:
        head = handle.read(512)
    if font:
        if not any(head.startswith(magic) for magic in FONT_TYPES):
            reader.error(node, f"{field} '{text}' is not a TrueType, OpenType or WOFF font", code="file-type")
            return None
        return resolved
    if not _image_kind(head, svg_ok=svg_ok):
        kinds = "PNG, JPEG, GIF" + (" or SVG" if svg_ok else "")
        reader.error(node, f"{field} '{text}' is not a {kinds} image", "export the picture as PNG or JPEG", "file-type")
        return None
    return resolved


def _image_kind(head: bytes, *, svg_ok: bool) -> str | None:
    for magic, kind in IMAGE_TYPES.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if svg_ok and b"<svg" in head.lstrip()[:512]:
        return "SVG"
    return None


def parse_embargo(text: str) -> tuple[dt.datetime | None, str, str]:
    """An aware datetime from "2016-02-19T10:00+01:00" or "2016-02-19 10:00 Europe/Zurich".

    Returns (value, "", "") or (None, message, hint). A wall-clock time that
    a daylight-saving change skips or repeats is refused: an embargo must
    name exactly one instant.
    """
    match = _EMBARGO.fullmatch(text.strip())
    if match is None:
        return None, f"embargo '{text}' is not a date and time", "write it as 2016-02-19T10:00+01:00 or 2016-02-19 10:00 Europe/Zurich"
    try:
        naive = dt.datetime.fromisoformat(
            f"{match['date']}T{match['h']}:{match['m']}:{match['s'] or '00'}"
        )
    except ValueError as exc:
        return None, f"embargo '{text}' is not a real date and time: {exc}", "check the day, month and hour"
    offset = _parse_offset(match["offset"]) if match["offset"] else None
    if match["offset"] and offset is None:
        return None, f"embargo: '{match['offset']}' is not a UTC offset", "offsets run from -23:59 to +23:59, e.g. +01:00"
    if match["zone"] is None:
        if offset is None:
            return None, f"embargo '{text}' has no time zone", "add an offset (+01:00) or an IANA zone (Europe/Zurich)"
        return naive.replace(tzinfo=dt.timezone(offset)), "", ""
    try:
        zone = ZoneInfo(match["zone"])
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder in tzdata
        return None, f"embargo: unknown time zone '{match['zone']}'", "use an IANA name such as Europe/Zurich or Asia/Phnom_Penh"
    candidates = [naive.replace(tzinfo=zone, fold=fold) for fold in (0, 1)]
    try:
        real = [c for c in candidates if c.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None) == naive]
    except OverflowError:
        return None, f"embargo '{text}' is out of range", "write a date between the years 1 and 9999"
    if offset is not None:
        real = [c for c in real if c.utcoffset() == offset]
        if not real:
            return None, f"embargo: offset {match['offset']} does not match {zone.key} at that time", "remove the offset or correct it"
    if not real:
        return None, f"embargo: {naive:%H:%M} on {naive:%Y-%m-%d} does not exist in {zone.key} (the clocks skip it)", "choose another time"
    offsets = {c.utcoffset() for c in real}
    if len(offsets) > 1:
        return None, f"embargo: {naive:%H:%M} on {naive:%Y-%m-%d} happens twice in {zone.key} (the clocks go back)", "add the offset, e.g. 2016-10-30T02:30+01:00 Europe/Paris"
    return min(real, key=lambda c: c.fold), "", ""


def _parse_offset(text: str) -> dt.timedelta | None:
    """The offset of "+01:00", "-0530" or "Z"; None if it is not one (+24:00, +01:60)."""
    if text == "Z":
        return dt.timedelta(0)
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return -delta if text[0] == "-" else delta


# -- composite parts ----------------------------------------------------------

def read_embargo(reader: NodeReader, node: yaml.Node) -> Embargo | None:
    text = reader.text(node, "embargo")
    if text is None:
        return None
    moment, message, hint = parse_embargo(text)
    if moment is None:
        reader.error(node, message, hint, "embargo")
        return None
    return Embargo(until=moment)


def read_contacts(reader: NodeReader, node: yaml.Node, field: str) -> tuple[Contact, ...] | None:
    items = reader.sequence(node, field)
    if items is None:
        return None
    contacts = []
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        values = reader.mapping(item, where, CONTACT_FIELDS, required=("name",))
        if values is None:
            continue
        parts: dict[str, Any] = {}
        for key in ("organisation", "name", "role"):
            if key in values:
                parts[key] = reader.text(values[key], f"{where}.{key}", required=key == "name")
        if parts.get("name") and ENCODED_WORD.search(parts["name"]):
            reader.error(values["name"], f"{where}.name contains '=?...?=', which mail programs would decode "
                         "as an encoded word", "remove it: the name goes into the email's From", "header")
            parts["name"] = None
        if "email" in values:
            parts["email"] = check_email(reader, values["email"], f"{where}.email")
        if "phones" in values:
            phones = []
            for phone, phone_node in reader.text_list(values["phones"], f"{where}.phones", scalar_ok=True):
                if not _PHONE.fullmatch(phone) or sum(ch.isdigit() for ch in phone) < 5:
                    reader.error(phone_node, f"{where}.phones: '{phone}' is not a phone number",
                                 "write it with digits, spaces and an optional +, e.g. +41 22 919 41 58", "phone")
                else:
                    phones.append(phone)
            parts["phones"] = tuple(phones)
        if parts.get("name"):
            contacts.append(Contact(**{k: v for k, v in parts.items() if v is not None}))
    return tuple(contacts)


def read_photos(reader: NodeReader, node: yaml.Node, base_dir: Path, roots: tuple[Path, ...]) -> tuple[Photo, ...] | None:
    items = reader.sequence(node, "photos")
    if items is None:
        return None
    photos = []
    for index, item in enumerate(items):
        where = f"photos[{index}]"
        values = reader.mapping(item, where, PHOTO_FIELDS, required=("file",))
        if values is None:
            continue
        texts = {key: reader.text(values[key], f"{where}.{key}") for key in ("alt", "caption", "credit") if key in values}
        file = check_file(reader, values["file"], f"{where}.file", base_dir, roots) if "file" in values else None
        if file is not None:
            photos.append(Photo(file=file, **{k: v for k, v in texts.items() if v is not None}))
    return tuple(photos)


def read_fonts(reader: NodeReader, node: yaml.Node, field: str, base_dir: Path) -> tuple[FontFile, ...] | None:
    items = reader.sequence(node, field)
    if items is None:
        return None
    fonts = []
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        values = reader.mapping(item, where, FONT_FIELDS, required=("file",))
        if values is None or "file" not in values:
            continue
        path = check_file(reader, values["file"], f"{where}.file", base_dir, (base_dir.resolve(),), font=True)
        weight = 400
        if "weight" in values:
            text = reader.text(values["weight"], f"{where}.weight")
            named = {"normal": "400", "bold": "700"}.get(text or "", text)
            if named is None or not re.fullmatch(r"[1-9]00", named):
                reader.error(values["weight"], f"{where}.weight must be 100, 200, ... 900, normal or bold",
                             code="font")
                continue
            weight = int(named)
        style = reader.choice(values["style"], f"{where}.style", ("normal", "italic")) if "style" in values else "normal"
        if path is not None and style is not None:
            fonts.append(FontFile(file=path, weight=weight, style=style))  # type: ignore[arg-type]
    return tuple(fonts)


def read_style_fields(reader: NodeReader, node: yaml.Node, field: str, base_dir: Path) -> dict[str, Any]:
    values = reader.mapping(node, field, STYLE_FIELDS)
    if values is None:
        return {}
    fields: dict[str, Any] = {}
    readers = {
        "dateline": lambda n, f: reader.choice(n, f, ("line", "lead")),
        "paper": lambda n, f: reader.choice(n, f, ("a4", "letter")),
        "release_line": reader.boolean,
        "end_mark": reader.text,
        "date_format": reader.text,
    }
    for key, value_node in values.items():
        where = f"{field}.{key}"
        if key in readers:
            fields[key] = readers[key](value_node, where)
        elif key == "accent_colour":
            text = reader.text(value_node, where)
            if text is not None and not re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", text):
                reader.error(value_node, f"{where} '{text}' is not a hex colour", "quote it: \"#1f4e79\"", "colour")
                text = None
            fields[key] = text
        elif key == "fonts":
            fields[key] = read_fonts(reader, value_node, where, base_dir)
        elif key == "font_family":
            text = reader.text(value_node, where)
            if text is not None and not re.fullmatch(r"[\w \-]+", text):
                reader.error(value_node, f"{where} '{text}' is not a font family name",
                             "letters, digits, spaces and hyphens only, e.g. Source Sans 3", "font")
                text = None
            fields[key] = text
    if fields.get("fonts") and not fields.get("font_family"):
        reader.error(values["fonts"], f"{field}.fonts need a font_family to name them",
                     "add 'font_family: Your Font' next to fonts", "font")
        fields["fonts"] = None
    if fields.get("date_format") and not _date_format_works(fields["date_format"]):
        reader.error(values["date_format"], f"{field}.date_format '{fields['date_format']}' is not a date pattern",
                     "use short, medium, long, full or a CLDR pattern such as 'd MMMM y'", "date-format")
        fields["date_format"] = None
    return {k: v for k, v in fields.items() if v is not None}


def read_labels(reader: NodeReader, node: yaml.Node, field: str) -> dict[str, dict[str, str]]:
    known = tuple(LABELS["en"])
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
            continue
        if not is_known_language(language):
            reader.error(key_node, f"{field}: '{language}' is not a known language tag", "for example en or fr", "language")
            continue
        values = reader.mapping(table_node, f"{field}.{language}", known)
        if values is None:
            continue
        table = {}
        for label, value_node in values.items():
            text = reader.text(value_node, f"{field}.{language}.{label}")
            if text is None:
                continue
            allowed = set(re.findall(r"\{(\w+)\}", LABELS["en"][label]))
            used = re.findall(r"\{([^{}]*)\}", text)
            wrong = sorted({name for name in used if name not in allowed})
            if wrong:
                reader.error(value_node, f"{field}.{language}.{label} uses {', '.join('{' + w + '}' for w in wrong)}",
                             f"it may use: {', '.join('{' + a + '}' for a in sorted(allowed)) or 'no placeholders'}",
                             "label")
                continue
            table[label] = text
        tables[language] = table
    return tables


def _date_format_works(pattern: str) -> bool:
    """Whether Babel can format a date with ``pattern`` (tried once, here, not mid-build)."""
    if pattern in ("short", "medium", "long", "full"):
        return True
    if not re.fullmatch(r"[dMyEGL ,.'/\-]+", pattern):
        return False
    from babel.dates import format_date

    try:
        format_date(dt.date(2016, 2, 19), format=pattern, locale="en")
    except Exception:  # noqa: BLE001 - any failure means the pattern is unusable
        return False
    return True


def read_lint(reader: NodeReader, node: yaml.Node, field: str) -> LintConfig | None:
    from .lint import RULES

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
            if rule not in RULES:
                reader.error(rule_node, f"{field}.disable: unknown rule '{rule}'", f"rules: {', '.join(RULES)}",
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
    fields: dict[str, Any] = {}
    for key, node in values.items():
        where = prefix + key
        if key in ("name", "city"):
            fields[key] = reader.text(node, where, required=key == "name")
        elif key in ("address", "boilerplate"):
            fields[key] = reader.text(node, where, multiline=True)
        elif key == "website":
            fields[key] = check_url(reader, node, where)
        elif key == "language":
            fields[key] = check_language(reader, node, where)
        elif key == "logo":
            fields[key] = check_file(reader, node, where, base_dir, (base_dir.resolve(),), svg_ok=True)
        elif key == "contacts":
            fields[key] = read_contacts(reader, node, where)
        elif key == "style":
            fields[key] = read_style_fields(reader, node, where, base_dir)
        elif key == "labels":
            fields[key] = read_labels(reader, node, where)
        elif key == "lint":
            fields[key] = read_lint(reader, node, where)
    return {k: v for k, v in fields.items() if v is not None}
