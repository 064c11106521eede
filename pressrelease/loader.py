"""Source file -> validated :class:`Release`: the front door of the pipeline.

A release file is read, split, composed and checked field by field; every
problem in it (and in its organisation file) is collected and raised
together as one :class:`SourceError`. The organisation file is found next to
the release or in a parent folder, read once per :class:`Loader`, and any of
its fields can be overridden by the release's ``organisation:`` mapping.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from .errors import Problem, SourceError
from .fields import ENCODED_WORD, NodeReader
from .models import Dateline, Organisation, Origin, Release, Style, position_of
from .schema import (
    DATELINE_FIELDS,
    ORGANISATION_FIELDS,
    RELEASE_FIELDS,
    RELEASE_REQUIRED,
    STYLE_FIELDS,
    check_language,
    read_contacts,
    read_embargo,
    read_organisation_fields,
    read_photos,
    read_style_fields,
)
from .source import compose_yaml, decode, read_source, read_source_bytes, split_front_matter

__all__ = ["ORGANISATION_FILE_NAMES", "Loader", "find_organisation_file", "load", "load_organisation", "parse"]

ORGANISATION_FILE_NAMES = ("organisation.yaml", "organisation.yml")
_SLUG = re.compile(r"[a-z0-9][a-z0-9\-]*")


def find_organisation_file(folder: Path) -> Path | None:
    """The nearest organisation file in ``folder`` or one of its parents."""
    for candidate_dir in (folder.resolve(), *folder.resolve().parents):
        for name in ORGANISATION_FILE_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file():
                return candidate
    return None


class Loader:
    """Loads releases, reading each organisation file only once.

    One loader per build keeps that cache out of global state.
    """

    def __init__(self) -> None:
        self._organisations: dict[Path, Organisation | SourceError] = {}

    # -- public -----------------------------------------------------------

    def load(self, path: Path | str, *, organisation: Organisation | None = None) -> Release:
        path = Path(path)
        data = read_source_bytes(path)
        release = self.parse(decode(data, path), path=path, base_dir=path.parent, organisation=organisation)
        assert release.origin is not None
        return dataclasses.replace(release, origin=dataclasses.replace(release.origin, data=data))

    def parse(
        self,
        text: str,
        *,
        path: Path | str | None = None,
        base_dir: Path | str | None = None,
        organisation: Organisation | None = None,
    ) -> Release:
        path = Path(path) if path is not None else None
        base = Path(base_dir) if base_dir is not None else (path.parent if path else Path.cwd())
        document = split_front_matter(text, path)
        problems: list[Problem] = []
        reader = NodeReader(path, document.yaml_line, problems)
        misplaced = {key: "style" for key in STYLE_FIELDS} | {key: "dateline" for key in DATELINE_FIELDS}
        misplaced |= {key: "organisation" for key in ORGANISATION_FIELDS if key not in RELEASE_FIELDS}
        values = reader.mapping(document.front_matter, "", RELEASE_FIELDS, RELEASE_REQUIRED, elsewhere=misplaced) or {}
        org = self._resolve_organisation(reader, values, base, organisation)
        release = self._assemble(reader, values, document.body, base, org)
        origin = Origin(path or Path("<string>"), text, document.body_line, reader.positions)
        notes = values.get("notes_to_editors")
        notes_text = notes.value if isinstance(notes, yaml.ScalarNode) else ""
        _check_images(problems, path, text, document.body_line, (document.body, notes_text), _roots(base, org), base)
        override = values.get("organisation")
        if release is not None and isinstance(override, yaml.MappingNode) and any(
            k.value == "boilerplate" for k, _ in override.value
        ):  # a boilerplate written in the release: its images are the release's
            _check_images(problems, path, text, 1, (release.organisation.boilerplate,), _roots(base, org), base)
        errors = [p for p in problems if p.severity == "error"]
        if errors or release is None:
            raise SourceError(sorted(set(problems), key=Problem.sort_key))
        return dataclasses.replace(release, origin=origin)

    def organisation(self, path: Path | str) -> Organisation:
        path = Path(path).resolve()
        cached = self._organisations.get(path)
        if cached is None:
            try:
                cached = _read_organisation(path)
            except SourceError as exc:
                cached = exc
            self._organisations[path] = cached
        if isinstance(cached, SourceError):
            raise cached
        return cached

    # -- steps ------------------------------------------------------------

    def _resolve_organisation(
        self, reader: NodeReader, values: dict[str, yaml.Node], base: Path, given: Organisation | None
    ) -> Organisation | None:
        """The release's organisation: given, named, or found; then its overrides applied."""
        node = values.get("organisation")
        org = given
        looked_at: Path | None = None
        if org is None and isinstance(node, yaml.ScalarNode):
            name = reader.text(node, "organisation")
            if name is None:
                return None
            looked_at = _named_organisation(reader, node, base, name)
            if looked_at is None:
                return None
            return self._organisation_or_problems(reader, looked_at)
        if org is None:
            looked_at = find_organisation_file(base)
            if looked_at is not None:
                org = self._organisation_or_problems(reader, looked_at)
        if isinstance(node, yaml.MappingNode):
            overrides = reader.mapping(node, "organisation", ORGANISATION_FIELDS)
            if overrides is not None:
                fields = read_organisation_fields(reader, overrides, "organisation", base)
                if org is None and looked_at is None and "name" not in fields:
                    reader.error(node, "organisation has no name and no organisation file was found",
                                 "add 'name: ...' under organisation", "organisation")
                org = _merge_organisation(org, fields, base) if looked_at is None or org is not None else None
            return org
        if node is not None:
            reader.error(node, "organisation must be a file name or a mapping of organisation fields", code="type")
        if org is None and looked_at is None:
            reader.error(None, "no organisation file found",
                         "create organisation.yaml next to the release, or add 'organisation: {name: ...}'",
                         "organisation")
        return org

    def _organisation_or_problems(self, reader: NodeReader, path: Path) -> Organisation | None:
        try:
            return self.organisation(path)
        except SourceError as exc:
            reader.problems.extend(exc.problems)
            return None

    def _assemble(
        self, reader: NodeReader, values: dict[str, yaml.Node], body: str, base: Path, org: Organisation | None
    ) -> Release | None:
        fields: dict[str, Any] = {}
        roots = _roots(base, org)
        for key in ("kind", "subheadline", "short_headline", "notes_to_editors"):
            if key in values:
                fields[key] = reader.text(values[key], key, multiline=key == "notes_to_editors")
        headline = reader.text(values["headline"], "headline", required=True) if "headline" in values else None
        if headline is not None and ENCODED_WORD.search(headline):
            reader.error(values["headline"], "headline contains '=?...?=', which mail programs would decode "
                         "as an encoded word", "remove it: the headline becomes the email's subject", "header")
            headline = None
        dateline = _read_dateline(reader, values["dateline"]) if "dateline" in values else None
        if "language" in values:
            fields["language"] = check_language(reader, values["language"], "language")
        if "embargo" in values:
            fields["embargo"] = read_embargo(reader, values["embargo"])
        if "photos" in values:
            fields["photos"] = read_photos(reader, values["photos"], base, roots)
        if "tags" in values:
            fields["tags"] = tuple(tag for tag, _ in reader.text_list(values["tags"], "tags"))
        if "contacts" in values:
            fields["contacts"] = read_contacts(reader, values["contacts"], "contacts")
        if "slug" in values:
            slug = reader.text(values["slug"], "slug")
            if slug is not None and not _SLUG.fullmatch(slug):
                reader.error(values["slug"], f"slug '{slug}' is not a file-name stem",
                             "use lowercase letters, digits and hyphens, e.g. 2016-02-19-ipu-mission", "slug")
                slug = None
            fields["slug"] = slug
        style_fields = read_style_fields(reader, values["style"], "style", base) if "style" in values else {}
        if not body.strip():
            reader.problems.append(Problem(reader.path, reader.first_line, 1, "the release has no body text",
                                           "write the release below the closing '---'", code="empty-body"))
        if org is None or headline is None or dateline is None:
            return None
        fields = {k: v for k, v in fields.items() if v is not None}
        fields.setdefault("language", org.language or "en")
        if reader.path is not None:
            fields.setdefault("slug", reader.path.stem)
        try:
            return Release(
                headline=headline,
                dateline=dateline,
                body=body,
                organisation=org,
                style=dataclasses.replace(org.style, **style_fields) if style_fields else None,
                base_dir=base.resolve(),
                **fields,
            )
        except ValueError as exc:  # a model invariant we did not foresee in the schema
            reader.error(None, str(exc), code="model")
            return None


def _check_images(
    problems: list[Problem],
    path: Path | None,
    text: str,
    from_line: int,
    markdowns: tuple[str, ...],
    roots: tuple[Path, ...],
    base: Path,
) -> None:
    """Every image a Markdown text shows must be a local file inside the allowed folders.

    Both Markdown's own HTML and the sanitised HTML that is actually output
    are inspected: the sanitiser can turn ``<image>`` into ``<img>``.
    ``text`` is the file the Markdown came from, to point at the line.
    """
    for markdown_text in markdowns:
        if "![" not in markdown_text and "<im" not in markdown_text.lower():
            continue  # no image: spare the Markdown conversion (and `check` the import)
        from .markup import image_sources, markdown_to_unsafe_html, render_markdown

        sources = image_sources(markdown_to_unsafe_html(markdown_text)) + image_sources(render_markdown(markdown_text))
        for src in dict.fromkeys(sources):
            problem = _image_problem(src, base, roots)
            if problem:
                line, col = position_of(text, src, from_line) or position_of(text, src) or (from_line, 1)
                problems.append(Problem(path, line, col, *problem, code="image"))


def _named_organisation(reader: NodeReader, node: yaml.Node, base: Path, name: str) -> Path | None:
    """A named organisation file, if it is a .yaml file inside the project's releases.

    "Inside" means the release's folder or the folder of the organisation
    file that would otherwise be found: a source from a pull request must not
    make the tool open (and quote from) any file on the machine.
    """
    if not name.endswith((".yaml", ".yml")) or Path(name).is_absolute():
        reader.error(node, f"organisation '{name}' is not a relative path to a .yaml file",
                     "name an organisation file relative to the release, e.g. ../partners/organisation.yaml",
                     "organisation")
        return None
    try:
        resolved = (base / name).resolve(strict=True)
    except (OSError, RuntimeError):
        reader.error(node, f"organisation file '{name}' does not exist",
                     "name an organisation.yaml file relative to the release", "organisation")
        return None
    found = find_organisation_file(base)
    roots = [base.resolve()] + ([found.parent] if found is not None else [])
    if not any(resolved.is_relative_to(root) for root in roots) or not resolved.is_file():
        reader.error(node, f"organisation file '{name}' is outside the releases' folder",
                     "keep organisation files with the releases; files elsewhere are never read", "organisation")
        return None
    return resolved


def _image_problem(src: str, base: Path, roots: tuple[Path, ...]) -> tuple[str, str] | None:
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return (f"image '{src}' is a URL; only files in the release's folder are used",
                "put the image in the release's folder and name it by its relative path")
    name = unquote(parts.path)
    if Path(name).is_absolute():
        return (f"image '{src}' is an absolute path", "name the image relative to the release")
    try:
        resolved = (base / name).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # ValueError: an embedded NUL ("a%00.png")
        return (f"image '{src}' does not exist", f"looked for {base / name}")
    if not any(resolved.is_relative_to(root) for root in roots):
        return (f"image '{src}' is outside the release's folder", "copy the image next to the release")
    if not resolved.is_file():
        return (f"image '{src}' is not a regular file", "")
    return None


def _roots(base: Path, org: Organisation | None) -> tuple[Path, ...]:
    roots = [base.resolve()]
    if org is not None and org.base_dir is not None:
        roots.append(org.base_dir.resolve())
    return tuple(roots)


def _read_dateline(reader: NodeReader, node: yaml.Node) -> Dateline | None:
    values = reader.mapping(node, "dateline", DATELINE_FIELDS, required=DATELINE_FIELDS)
    if values is None:
        return None
    city = reader.text(values["city"], "dateline.city", required=True) if "city" in values else None
    date = reader.date(values["date"], "dateline.date") if "date" in values else None
    if city is None or date is None:
        return None
    return Dateline(city=city, date=date)


def _merge_organisation(org: Organisation | None, fields: dict[str, Any], base: Path) -> Organisation | None:
    style_fields = fields.pop("style", None)
    if org is None:
        if "name" not in fields:
            return None
        org = Organisation(name=fields.pop("name"), base_dir=base.resolve())
    if style_fields:
        fields["style"] = dataclasses.replace(org.style, **style_fields)
    return dataclasses.replace(org, **fields)


def _read_organisation(path: Path) -> Organisation:
    text = read_source(path)
    node = compose_yaml(text, path, first_line=1)
    problems: list[Problem] = []
    reader = NodeReader(path, 1, problems)
    values = reader.mapping(node, "", ORGANISATION_FIELDS, required=("name",))
    fields = read_organisation_fields(reader, values or {}, "", path.parent)
    if "boilerplate" in fields:
        _check_images(problems, path, text, 1, (fields["boilerplate"],), (path.parent.resolve(),), path.parent)
    if problems or "name" not in fields:
        raise SourceError(sorted(problems, key=Problem.sort_key))
    try:
        style = Style(**fields.pop("style", {}))
        return Organisation(style=style, base_dir=path.parent.resolve(), path=path.resolve(), **fields)
    except ValueError as exc:  # an invariant the field readers did not catch
        line, col = reader.positions.get("style", (1, 1))
        raise SourceError([Problem(path, line, col, str(exc), code="model")]) from None


def load(path: Path | str, *, organisation: Organisation | None = None) -> Release:
    """Load and validate one release file; raises SourceError listing every problem."""
    return Loader().load(path, organisation=organisation)


def parse(
    text: str,
    *,
    path: Path | str | None = None,
    base_dir: Path | str | None = None,
    organisation: Organisation | None = None,
) -> Release:
    """Validate release source text; ``base_dir`` is where its photos live."""
    return Loader().parse(text, path=path, base_dir=base_dir, organisation=organisation)


def load_organisation(path: Path | str) -> Organisation:
    """Load one organisation file."""
    return Loader().organisation(path)
