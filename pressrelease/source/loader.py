"""Source file -> validated :class:`~pressrelease.model.Release`: the front door of the pipeline.

A release file is read, split, composed and checked field by field; every
problem in it (and in its organisation file) is collected and raised
together as one :class:`SourceError`. The organisation file is found next to
the release or in a parent folder (:mod:`.discover`), read once per
:class:`Loader`, and any of its fields can be overridden by the release's
``organisation:`` mapping.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import threading
from pathlib import Path

import yaml

from ..errors import ModelError, Problem, SourceError
from ..model import Organisation, Origin, Release, Style
from ..rules import is_inside
from .discover import find_organisation_file
from .fields import ORGANISATION_FIELDS, ORGANISATION_OVERRIDE_FIELDS, RELEASE_FIELDS, RELEASE_REQUIRED, misplaced_release_fields
from .frontmatter import Document, compose_yaml, decode, read_source, read_source_bytes, split_front_matter
from .nesting import nesting_problems
from .nodes import NodeReader, model_problem
from .references import image_problems
from .schema import merge_organisation, read_organisation_fields, read_release_fields, read_style_fields
from .stamps import file_stamps, folder_identity, folder_stamps

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Loader", "load", "load_organisation", "parse"]


class Loader:
    """Loads releases, reading each organisation file (and searching each folder for one) only once.

    An organisation file is read again when it, or a file it names (its
    logo, its fonts, the images of its boilerplate), changes size or
    modification time. A loader made for one build (the build makes one per
    worker) also remembers which organisation file each folder uses, and an
    organisation file's problems. :func:`load` keeps one loader per thread
    made with ``fresh_folders``: before each call it forgets the problems,
    and what it remembers of a folder is checked before it is used (the
    folder's path still names the same directory; the folders searched for
    an organisation file have not changed since).
    """

    def __init__(self, *, fresh_folders: bool = False) -> None:
        self._organisations: dict[Path, tuple[tuple[tuple[int, int], ...], Organisation | SourceError]] = {}
        self._found: dict[Path, tuple[Path | None, tuple[int, ...]]] = {}
        self._resolved: dict[Path, Path] = {}
        self._identities: dict[Path, tuple[int, int]] = {}  # with fresh_folders: each resolved folder's device and inode
        self._fresh = fresh_folders
        self._checked: set[Path] = set()  # with fresh_folders: the folders checked since begin()

    def begin(self) -> None:
        """Before a one-call load: check remembered folders again, and read broken organisation files again."""
        self._checked.clear()
        for path in [path for path, (_, read) in self._organisations.items() if isinstance(read, SourceError)]:
            del self._organisations[path]

    # -- public -----------------------------------------------------------

    def load(self, path: Path | str, *, organisation: Organisation | None = None) -> Release:
        path = Path(path)
        self._refuse_outside_link(path)
        data = read_source_bytes(path)
        return self.parse(decode(data, path), path=path, base_dir=path.parent, organisation=organisation, data=data)

    def parse(
        self,
        text: str,
        *,
        path: Path | str | None = None,
        base_dir: Path | str | None = None,
        organisation: Organisation | None = None,
        data: bytes = b"",
    ) -> Release:
        """Validate release source ``text`` (``data``: the bytes it was decoded from, kept for archival PDFs)."""
        path = Path(path) if path is not None else None
        base = Path(base_dir) if base_dir is not None else (path.parent if path else Path.cwd())
        document = split_front_matter(text, path)
        reader = NodeReader(path, document.yaml_line, [])
        try:
            release = self._release(reader, document, text, base, organisation, data)
        except ModelError as exc:  # a model refused a value its field reader let through: located, not a traceback
            reader.problems.append(model_problem(reader, exc))
            release = None
        if release is None or any(p.severity == "error" for p in reader.problems):
            raise SourceError(sorted(set(reader.problems), key=Problem.sort_key))
        return release

    def _release(self, reader: NodeReader, document: Document, text: str, base: Path,
                 organisation: Organisation | None, data: bytes) -> Release | None:
        path = reader.path
        values = reader.mapping(document.front_matter, "", RELEASE_FIELDS, RELEASE_REQUIRED,
                                elsewhere=misplaced_release_fields()) or {}
        org = self._resolve_organisation(reader, values, base, organisation)
        roots = self._roots(base, org)
        fields = self._assemble(reader, values, document.body, base, org, roots)
        reader.problems += _markdown_problems(reader, text, document, values, fields or {}, roots, base)
        if org is not None and _overrides_boilerplate(values.get("organisation")):
            # a boilerplate written in the release: its images are found, as every boilerplate's, from the
            # organisation file's folder (where the outputs read them), and the problems point at this file
            reader.problems += (nesting_problems(path, text, 1, [org.boilerplate])
                                or image_problems(path, text, 1, [org.boilerplate], roots, org.base_dir or base))
        if fields is None or any(p.severity == "error" for p in reader.problems):
            return None
        origin = Origin(path or Path("<string>"), text, document.body_line, reader.positions, data)
        try:
            return Release(origin=origin, **fields)
        except ModelError:
            raise
        except ValueError as exc:  # a model invariant we did not foresee in the schema
            reader.error(None, str(exc), code="model")
            return None

    def front_matter(self, path: Path, field: str) -> tuple[NodeReader, dict[str, yaml.Node], Organisation | None] | None:
        """A release's front matter alone, for a look at a few fields without loading the release: a reader
        holding the problems found, the fields' nodes and the organisation (overrides applied); None when
        the file's text does not even contain ``field`` (it is then not composed).

        Raises :class:`SourceError` for a file that cannot be read or split, as :meth:`load` does.
        """
        self._refuse_outside_link(path)
        text = decode(read_source_bytes(path), path)
        if field not in text:
            return None
        document = split_front_matter(text, path)
        reader = NodeReader(path, document.yaml_line, [])
        values = reader.mapping(document.front_matter, "", RELEASE_FIELDS) or {}
        if field not in values:
            return None
        return reader, values, self._resolve_organisation(reader, values, path.parent, None)

    def organisation(self, path: Path | str) -> Organisation:
        path = self._refuse_outside_link(Path(path))
        cached = self._organisations.get(path)
        if cached is None or cached[0] != file_stamps(path, cached[1]):
            try:
                read: Organisation | SourceError = _read_organisation(path)
            except SourceError as exc:
                read = exc
            cached = self._organisations[path] = (file_stamps(path, read), read)
        if isinstance(cached[1], SourceError):
            raise cached[1]
        return cached[1]

    def _refuse_outside_link(self, path: Path) -> Path:
        """``path`` resolved; a source file that is a symbolic link to a file outside its own folder is never
        read (nor quoted)."""
        real = self.resolved_file(path)
        folder = self.resolved(path.parent)
        if real.parent != folder and not is_inside(real, (folder,)):
            raise SourceError([Problem(path, 1, 1, "the file is a symbolic link to a file outside its folder",
                                       "copy the file here instead; files outside the releases are never read",
                                       code="file-outside")])
        return real

    def resolved(self, folder: Path) -> Path:
        """``folder`` with ``..`` and symbolic links resolved (once per folder)."""
        real = self._resolved.get(folder)
        if real is not None and self._fresh and folder not in self._checked:
            self._checked.add(folder)
            real = real if folder_identity(folder) == self._identities.get(folder) else None
        if real is None:
            real = self._resolved[folder] = folder.resolve()
            if self._fresh:
                self._identities[folder] = folder_identity(folder)
        return real

    def resolved_file(self, path: Path) -> Path:
        """``path`` resolved: its folder as :meth:`resolved`, then one ``lstat`` for the file itself."""
        real = self._resolved.get(path)
        if real is not None and not self._fresh:
            return real
        try:
            link = path.name in ("", ".", "..") or stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:
            link = True  # missing or unreadable: resolved in full, and reported when it is read
        if link:
            real = path.resolve()
        else:
            folder = self.resolved(path.parent)
            if real is None or real.parent != folder:
                real = folder / path.name
        self._resolved[path] = real
        return real

    def _roots(self, base: Path, org: Organisation | None) -> tuple[Path, ...]:
        """The folders a release's files may be in: its own, and its organisation file's."""
        roots = [self.resolved(base)]
        if org is not None and org.base_dir is not None:
            roots.append(self.resolved(org.base_dir))
        return tuple(roots)

    def find_organisation_file(self, folder: Path) -> Path | None:
        """The organisation file a release in ``folder`` uses when it names none (searched once per folder)."""
        real = self.resolved(folder)
        found = self._found.get(folder)
        if found is not None and self._fresh and found[1] != folder_stamps(real, found[0]):
            found = None
        if found is None:
            file = find_organisation_file(real, resolved=True)
            found = self._found[folder] = (file, folder_stamps(real, file) if self._fresh else ())
        return found[0]

    # -- steps ------------------------------------------------------------

    def _resolve_organisation(
        self, reader: NodeReader, values: dict[str, yaml.Node], base: Path, given: Organisation | None
    ) -> Organisation | None:
        """The release's organisation: given, named, or found; then its overrides applied."""
        node = values.get("organisation")
        if given is None and isinstance(node, yaml.ScalarNode):
            name = reader.text(node, "organisation")
            named = self._named_organisation(reader, node, base, name) if name is not None else None
            return self._organisation_or_problems(reader, named) if named is not None else None
        org, looked_at = given, None
        if org is None:
            looked_at = self.find_organisation_file(base)
            org = self._organisation_or_problems(reader, looked_at) if looked_at is not None else None
        if isinstance(node, yaml.MappingNode):
            overrides = reader.mapping(node, "organisation", ORGANISATION_OVERRIDE_FIELDS)
            if overrides is None:
                return org
            fields = read_organisation_fields(reader, overrides, "organisation", base)
            if org is None and looked_at is None and "name" not in fields:
                reader.error(node, "organisation has no name and no organisation file was found",
                             "add 'name: ...' under organisation", "organisation")
            return merge_organisation(org, fields, base) if looked_at is None or org is not None else None
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

    def _named_organisation(self, reader: NodeReader, node: yaml.Node, base: Path, name: str,
                            field: str = "organisation") -> Path | None:
        """A named organisation file, if it is a .yaml file inside the project's releases.

        "Inside" means the release's folder or the folder of the organisation
        file that would otherwise be found: a source from a pull request must not
        make the tool open (and quote from) any file on the machine.
        """
        where = "" if field == "organisation" else f"{field}: "
        if not name.endswith((".yaml", ".yml")) or Path(name).is_absolute():
            reader.error(node, f"{field} '{name}' is not a relative path to a .yaml file",
                         "name an organisation file relative to the release, e.g. ../partners/organisation.yaml",
                         "organisation")
            return None
        try:
            resolved = (base / name).resolve(strict=True)
        except (OSError, RuntimeError):
            reader.error(node, f"{where}organisation file '{name}' does not exist",
                         "name an organisation.yaml file relative to the release", "organisation")
            return None
        found = self.find_organisation_file(base)
        roots = [self.resolved(base)] + ([found.parent] if found is not None else [])
        if not is_inside(resolved, roots) or not resolved.is_file():
            reader.error(node, f"{where}organisation file '{name}' is outside the releases' folder",
                         "keep organisation files with the releases; files elsewhere are never read", "organisation")
            return None
        return resolved

    def _assemble(self, reader: NodeReader, values: dict[str, yaml.Node], body: str, base: Path,
                  org: Organisation | None, roots: tuple[Path, ...]) -> dict[str, Any] | None:
        """The release's keyword arguments, or None if a required part is missing or wrong."""
        def partner_file(node: yaml.Node, name: str) -> Organisation | None:
            named = self._named_organisation(reader, node, base, name, "partners")
            return self._organisation_or_problems(reader, named) if named is not None else None

        fields = read_release_fields(reader, values, base, roots, org, partner_file)
        style_fields = read_style_fields(reader, values["style"], "style", base) if "style" in values else {}
        if not body.strip():
            reader.problems.append(Problem(reader.path, reader.first_line, 1, "the release has no body text",
                                           "write the release below the closing '---'", code="empty-body"))
        if values and "dateline" not in values and "embargo" not in values:
            reader.error(None, "missing required field 'dateline'",
                         "add 'dateline: {city: Geneva, date: 2016-02-19}' (the city may be left out), "
                         "or an embargo to date the release", "missing-field")
        if org is None or "headline" not in fields or ("dateline" not in fields and "embargo" not in fields):
            return None
        fields.setdefault("language", org.language or "en")
        if reader.path is not None:
            fields.setdefault("slug", reader.path.stem)
        style = dataclasses.replace(org.style, **style_fields) if style_fields else None
        return {"body": body, "organisation": org, "base_dir": roots[0], "style": style, **fields}


def _markdown_problems(reader: NodeReader, text: str, document: Document, values: dict[str, yaml.Node],
                       fields: dict[str, Any], roots: tuple[Path, ...], base: Path) -> list[Problem]:
    """Nesting and length first, in one pass, then images, of every Markdown part the release itself writes.

    A text past those limits is not converted (to find its images), since converting it is what would
    recurse or take long. The body's problems are placed exactly; the others at their field's line.
    """
    path = reader.path
    parts = [(document.body_line, document.body)]
    for key in ("notes_to_editors", "disclaimer", "footer"):
        node = values.get(key)
        if isinstance(node, yaml.ScalarNode):
            parts.append((reader.positions.get(key, (1, 1))[0], node.value))
    event = fields.get("event")
    if event is not None and event.details:
        parts.append((reader.positions.get("event.details", (1, 1))[0], event.details))
    for index, partner in enumerate(fields.get("partners", ())):
        if partner.path is None and partner.boilerplate:  # inline: its images are the release's
            parts.append((reader.positions.get(f"partners[{index}].boilerplate", (1, 1))[0], partner.boilerplate))
    problems: list[Problem] = []
    fine = []
    for number, (line, markdown) in enumerate(parts):
        too_deep = nesting_problems(path, text, line, [markdown], exact=number == 0)
        problems += too_deep
        if not too_deep:
            fine.append((line, markdown))
    return problems + image_problems(path, text, document.body_line, fine, roots, base)  # one count for all


def _overrides_boilerplate(node: yaml.Node | None) -> bool:
    return isinstance(node, yaml.MappingNode) and any(key.value == "boilerplate" for key, _ in node.value)


def _read_organisation(path: Path) -> Organisation:
    text = read_source(path)
    node = compose_yaml(text, path, first_line=1)
    reader = NodeReader(path, 1, [])
    try:
        return _organisation_from(reader, node, text, path)
    except ModelError as exc:  # a model refused a value its field reader let through
        raise SourceError(sorted([*reader.problems, model_problem(reader, exc)], key=Problem.sort_key)) from None


def _organisation_from(reader: NodeReader, node: yaml.Node | None, text: str, path: Path) -> Organisation:
    values = reader.mapping(node, "", ORGANISATION_FIELDS, required=("name",))
    fields = read_organisation_fields(reader, values or {}, "", path.parent)
    folder = path.parent.resolve()
    for key in ("boilerplate", "footer"):
        if key in fields:
            line = reader.positions.get(key, (1, 1))[0]
            reader.problems += (nesting_problems(path, text, line, [fields[key]])
                                or image_problems(path, text, 1, [fields[key]], (folder,), path.parent))
    if reader.problems or "name" not in fields:
        raise SourceError(sorted(reader.problems, key=Problem.sort_key))
    style = Style(**fields.pop("style", {}))
    return Organisation(style=style, base_dir=path.parent.resolve(), path=path.resolve(), **fields)


_local = threading.local()


def _kept_loader() -> Loader:
    """This thread's loader for the one-call functions: organisation files are read once while unchanged."""
    loader: Loader | None = getattr(_local, "loader", None)
    if loader is None:
        loader = _local.loader = Loader(fresh_folders=True)
    loader.begin()  # a nearer organisation.yaml added since the last call must be found
    return loader


def load(path: Path | str, *, organisation: Organisation | None = None) -> Release:
    """Load and validate one release file; raises SourceError listing every problem."""
    return _kept_loader().load(path, organisation=organisation)


def parse(
    text: str,
    *,
    path: Path | str | None = None,
    base_dir: Path | str | None = None,
    organisation: Organisation | None = None,
) -> Release:
    """Validate release source text; ``base_dir`` is where its photos live."""
    return _kept_loader().parse(text, path=path, base_dir=base_dir, organisation=organisation)


def load_organisation(path: Path | str) -> Organisation:
    """Load one organisation file."""
    return _kept_loader().organisation(path)
