"""Reading an organisation file's ``press_kit:``: key facts, people, files to download, brand colours.

::

    press_kit:
      facts:                                  # at most 50
        - label: Headquarters                 # one line, or one per language
          value: {en: Geneva, fr: Genève}
      people:                                 # at most 50
        - name: Jemini Pandya                 # required
          role: Director of Communications    # one line, or one per language
          photo: press-kit/pandya.jpg         # PNG, JPEG, GIF or WebP, inside the folder
          photo_credit: IPU
          bio: {en: "Jemini leads ...", fr: "Jemini dirige ..."}   # Markdown, no image
      assets:                                 # at most 100
        - file: press-kit/logo.svg            # an image (SVG too) or a PDF, at most 50 MB
          title: Logo, colour, SVG            # required
          credit: IPU
          usage: Editorial use only
      colours:                                # at most 50
        - {name: IPU blue, hex: "#00558c"}    # both required; #RRGGBB

A text given by language is a mapping of BCP 47 tags to texts: the first
one given is also the text for every other language. Every file is checked
as a photo is (inside the organisation file's folder, out of hidden folders,
of its kind by its content) and must be named after its kind (``.png`` for
a PNG): the newsroom site publishes it under its own name. Every problem is
located at the value that has it, and all are reported at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..i18n import is_known_language
from ..model.press_kit import Asset, Colour, Fact, Person, PressKit
from .fields import ASSET_FIELDS, COLOUR_FIELDS, FACT_FIELDS, PERSON_FIELDS, PRESS_KIT_FIELDS
from .images import active_svg, image_refusal
from .files import MAX_PDF_BYTES, check_file
from .nodes import NodeReader

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Callable, TypeVar
    T = TypeVar("T")

__all__ = ["MAX_ASSETS", "MAX_ASSET_BYTES", "MAX_COLOURS", "MAX_FACTS", "MAX_KIT_BYTES", "MAX_PEOPLE", "SUFFIXES",
           "content_problem", "portable_name_problem", "read_press_kit"]

MAX_FACTS = 50
MAX_PEOPLE = 50
MAX_ASSETS = 100
MAX_COLOURS = 50
#: The kit's files together (people's photos and assets), in bytes: the build holds them, then the ZIP.
MAX_KIT_BYTES = 500_000_000
#: The largest asset, in bytes (a PDF; an image keeps the image limit of 20 MB).
MAX_ASSET_BYTES = MAX_PDF_BYTES
#: The endings a file of each kind may have (any case).
SUFFIXES = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "GIF": (".gif",), "WebP": (".webp",),
            "SVG": (".svg",), "PDF": (".pdf",)}
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
#: What a file's name may not have, as the name of a ZIP member every system extracts: a character Windows
#: refuses or takes for a folder separator (``x\\..\\..\\evil.pdf`` would land outside the folder), a
#: trailing dot or space, a device's name.
_NOT_PORTABLE = re.compile(r'[\\/:*?"<>|]|[. ]$|^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)', re.I)
_NULL = "tag:yaml.org,2002:null"


def read_press_kit(reader: NodeReader, node: yaml.Node, field: str, base_dir: Path) -> PressKit | None:
    """The ``press_kit:`` mapping as a :class:`PressKit`, or None (with every problem reported) if it has one."""
    values = reader.mapping(node, field, PRESS_KIT_FIELDS)
    if values is None:
        return None
    before = len(reader.problems)
    roots = (base_dir.resolve(),)
    kit = PressKit(
        facts=_items(reader, values, field, "facts", MAX_FACTS, FACT_FIELDS, ("label", "value"),
                     lambda found, where: _fact(reader, found, where)),
        people=_items(reader, values, field, "people", MAX_PEOPLE, PERSON_FIELDS, ("name",),
                      lambda found, where: _person(reader, found, where, base_dir, roots)),
        assets=_items(reader, values, field, "assets", MAX_ASSETS, ASSET_FIELDS, ("file", "title"),
                      lambda found, where: _asset(reader, found, where, base_dir, roots)),
        colours=_items(reader, values, field, "colours", MAX_COLOURS, COLOUR_FIELDS, ("name", "hex"),
                       lambda found, where: _colour(reader, found, where)),
    )
    if len(reader.problems) == before:
        _within_total(reader, values, field, base_dir)
    return kit if len(reader.problems) == before else None


def _within_total(reader: NodeReader, values: dict[str, yaml.Node], field: str, base_dir: Path) -> None:
    """The kit's files, in the order given (people's photos, then assets), within :data:`MAX_KIT_BYTES`
    together; the file that passes it is the one located."""
    total = 0
    for key, name in (("people", "photo"), ("assets", "file")):
        items = values.get(key)
        for index, item in enumerate(items.value if isinstance(items, yaml.SequenceNode) else ()):
            pairs = item.value if isinstance(item, yaml.MappingNode) else ()
            node = next((value for key_node, value in pairs if key_node.value == name), None)
            if node is None:
                continue
            try:
                total += (base_dir / str(node.value)).stat().st_size
            except OSError:
                continue
            if total > MAX_KIT_BYTES:
                reader.error(node, f"{field}.{key}[{index}].{name}: the kit's files pass {MAX_KIT_BYTES // 1_000_000} "
                             f"MB together here ({total / 1_000_000:.0f} MB)", "keep the kit to what journalists take "
                             "from it: link larger files (a video, an archive) from the organisation's website",
                             "press-kit-limit")
                return


def _items(reader: NodeReader, values: dict[str, yaml.Node], field: str, key: str, limit: int,
           known: tuple[str, ...], required: tuple[str, ...],
           read_one: Callable[[dict[str, yaml.Node], str], T | None]) -> tuple[T, ...]:
    """The list ``key`` of mappings, each read by ``read_one(values, "field.key[i]")``; at most ``limit``."""
    if key not in values:
        return ()
    where = f"{field}.{key}"
    items = reader.sequence(values[key], where)
    if items is None:
        return ()
    if len(items) > limit:
        reader.error(items[limit], f"{where} may have at most {limit} items, not {len(items)}",
                     f"keep the {key} journalists need most", "press-kit-limit")
        return ()
    found = []
    for index, item in enumerate(items):
        item_where = f"{where}[{index}]"
        mapping = reader.mapping(item, item_where, known, required=required)
        value = read_one(mapping, item_where) if mapping is not None else None
        if value is not None:
            found.append(value)
    return tuple(found)


def _localised(reader: NodeReader, node: yaml.Node, field: str, *, multiline: bool = False) -> dict[str, str] | None:
    """A text for every language (``{"": text}``), or one per language, the first also for every other."""
    if not isinstance(node, yaml.MappingNode):
        text = reader.text(node, field, multiline=multiline, required=True)
        return None if text is None else {"": text}
    texts: dict[str, str] = {}
    ok = True
    for key_node, value_node in node.value:
        language = _language(reader, key_node, field)
        text = reader.text(value_node, f"{field}.{language}", multiline=multiline, required=True) if language else None
        if language is not None and language.lower() in (known.lower() for known in texts):
            reader.error(key_node, f"{field} gives the language '{language}' twice", "give each language once",
                         "duplicate")
            ok = False
        elif language is None or text is None:
            ok = False
        else:
            texts[language] = text
    if not node.value:
        reader.error(node, f"{field} is an empty mapping", "write the text, or one line per language: 'en: ...'",
                     "empty")
        return None
    if not ok:
        return None
    return {**texts, "": next(iter(texts.values()))}


def _language(reader: NodeReader, node: yaml.Node, field: str) -> str | None:
    """A key of a text by language: a known BCP 47 tag."""
    tag = node.value.strip() if isinstance(node, yaml.ScalarNode) and node.tag != _NULL else ""
    if tag and is_known_language(tag):
        return tag
    shown = f"'{tag}' is not a known BCP 47 language tag" if tag else "a key is not a language tag"
    reader.error(node, f"{field}: {shown}", "one line per language, such as 'en: ...' and 'fr: ...'; in "
                 "{en: ..., fr: ...} a comma ends a text, so quote a text that has one", "language")
    return None


def _fact(reader: NodeReader, values: dict[str, yaml.Node], where: str) -> Fact | None:
    label = _localised(reader, values["label"], f"{where}.label") if "label" in values else None
    value = _localised(reader, values["value"], f"{where}.value") if "value" in values else None
    return None if label is None or value is None else Fact(label=label, value=value)


def _person(reader: NodeReader, values: dict[str, yaml.Node], where: str, base_dir: Path,
            roots: tuple[Path, ...]) -> Person | None:
    before = len(reader.problems)
    name = reader.text(values["name"], f"{where}.name", required=True) if "name" in values else None
    fields: dict[str, object] = {}
    if "role" in values:
        fields["role"] = _localised(reader, values["role"], f"{where}.role")
    if "bio" in values:
        fields["bio"] = _bio(reader, values["bio"], f"{where}.bio")
    if "photo_credit" in values:
        fields["photo_credit"] = reader.text(values["photo_credit"], f"{where}.photo_credit")
    if "photo" in values:
        fields["photo"] = _file(reader, values["photo"], f"{where}.photo", base_dir, roots, assets=False)
    if name is None or len(reader.problems) > before:
        return None
    return Person(name=name, **{key: value for key, value in fields.items() if value is not None})  # type: ignore[arg-type]


def _bio(reader: NodeReader, node: yaml.Node, field: str) -> dict[str, str] | None:
    """A bio (Markdown, by language) within a release body's limits on nesting (the page's Markdown would
    recurse past Python's limit) that shows no image: the page would show a remote one from its address (a
    release's body may not) and a local one as a broken image (only the photo is published)."""
    from .nesting import nesting_message
    from .references import markdown_images

    texts = _localised(reader, node, field, multiline=True)
    deep = next((found for text in (texts or {}).values() if (found := nesting_message(text))), None)
    if deep is not None:
        reader.error(node, f"{field}: {deep[0]}", deep[1], "nesting")
        return None
    shown = next((src for text in (texts or {}).values() for src in markdown_images(text)), None)
    if shown is not None:
        reader.error(node, f"{field} shows an image ('{shown}'); the press-kit page shows no image of a bio",
                     "give the person's picture as photo:, and write the bio as text", "bio-image")
        return None
    return texts


def _asset(reader: NodeReader, values: dict[str, yaml.Node], where: str, base_dir: Path,
           roots: tuple[Path, ...]) -> Asset | None:
    before = len(reader.problems)
    file = _file(reader, values["file"], f"{where}.file", base_dir, roots, assets=True) if "file" in values else None
    texts = {key: reader.text(values[key], f"{where}.{key}", required=key == "title")
             for key in ("title", "credit", "usage") if key in values}
    title = texts.pop("title", None)
    if file is None or title is None or len(reader.problems) > before:
        return None
    return Asset(file=file, title=title, **{key: value for key, value in texts.items() if value is not None})


def _colour(reader: NodeReader, values: dict[str, yaml.Node], where: str) -> Colour | None:
    name = reader.text(values["name"], f"{where}.name", required=True) if "name" in values else None
    value = None
    if "hex" in values:
        node = values["hex"]
        if isinstance(node, yaml.ScalarNode) and not node.value.strip():  # hex: #00558c unquoted is a comment
            reader.error(node, f"{where}.hex is empty", 'quote the colour: hex: "#00558c" (# starts a YAML comment)',
                         "colour")
        else:
            value = reader.text(node, f"{where}.hex", required=True)
            if value is not None and not _HEX.fullmatch(value):
                reader.error(node, f"{where}.hex '{value}' is not a colour written #RRGGBB",
                             'six hex digits after #, in quotes: "#00558c"', "colour")
                value = None
    return None if name is None or value is None else Colour(name=name, hex=value)


def _file(reader: NodeReader, node: yaml.Node, field: str, base_dir: Path, roots: tuple[Path, ...], *,
          assets: bool) -> Path | None:
    """A photo (raster image) or an asset (an image, SVG too, or a PDF), named after its kind."""
    file = check_file(reader, node, field, base_dir, roots, svg_ok=assets, pdf_ok=assets)
    if file is None:
        return None
    if _NOT_PORTABLE.search(file.name):
        reader.error(node, f"{field} '{file.name}': {portable_name_problem(file.name)}", "rename the file with "
                     "letters, digits, '-', '_' and '.': the press kit's ZIP is opened on every system", "file-name")
        return None
    kind = _kind(file)
    suffixes = SUFFIXES.get(kind, ())
    if file.suffix.lower() not in suffixes:
        reader.error(node, f"{field} '{file.name}' is a {kind} file, but its name does not end in "
                     f"{' or '.join(suffixes)}", "rename it after its kind: the newsroom site publishes it under "
                     "this name, and a web server serves a file by its ending", "file-name")
        return None
    if kind == "SVG":
        try:
            reason = active_svg(file.read_bytes())
        except OSError:
            reason = ""  # check_file has just read it; a file gone now is the build's to report
        if reason:
            reader.error(node, f"{field} '{file.name}' is an SVG that {reason}", "the newsroom site publishes it as a "
                         "file of its own, where a script runs on the site: export it without scripts or event "
                         "handlers", "svg-script")
            return None
    return file


def portable_name_problem(name: str) -> str:
    """Why a file's name may not name a member of the kit's ZIP (extracted on Windows too), or ""."""
    found = _NOT_PORTABLE.search(name)
    if found is None:
        return ""
    if found.group() in ". ":
        return "the name ends in a dot or a space, which Windows drops"
    if len(found.group()) == 1:
        return f"the name has '{found.group()}', which Windows refuses in a file name or takes for a folder"
    return f"the name is that of a Windows device ({found.group().rstrip('.')})"


def content_problem(name: str, data: bytes, *, photo: bool) -> str:
    """Why ``data``, published as ``name``, is not what the source stage takes ("" if it is): a person's photo
    is a raster image within the image limits; an asset may also be an SVG with nothing that runs or loads,
    or a PDF of at most 50 MB; either is of the kind its name ends in, and named as every system extracts it.
    The build holds each file's second reading to it, so a file swapped since ``check`` read it is not
    published."""
    if _NOT_PORTABLE.search(name):
        return f"has a name the kit's ZIP may not hold: {portable_name_problem(name)}"
    if not photo and data.startswith(b"%PDF-"):
        if len(data) > MAX_PDF_BYTES:
            return f"is {len(data) / 1_000_000:.1f} MB; the limit for a PDF is {MAX_PDF_BYTES // 1_000_000} MB"
    else:
        why = image_refusal(data, svg_ok=not photo)
        if why:
            return why
    kind = _kind_of(data[:16])
    if Path(name).suffix.lower() not in SUFFIXES.get(kind, ()):
        return f"is a {kind} file, but its name does not end in {' or '.join(SUFFIXES.get(kind, ()))}"
    reason = active_svg(data) if kind == "SVG" else ""
    return f"is an SVG that {reason}" if reason else ""


def _kind(file: Path) -> str:
    """The kind of a file :func:`check_file` took, by its first bytes."""
    try:
        with file.open("rb") as handle:
            head = handle.read(16)
    except OSError:  # gone since it was checked: named by its ending, the build reads it again
        return "file"
    return _kind_of(head)


def _kind_of(head: bytes) -> str:
    """The kind of a file :func:`check_file` took, by its first 16 bytes."""
    if head.startswith(b"\x89PNG"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"GIF8"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith(b"%PDF-"):
        return "PDF"
    return "SVG"
