"""The newsroom's press kit as the site publishes it: the kit, its files as read, their smaller copies, the ZIP.

Made once per build by the build stage (:mod:`pressrelease.build.press_kit`)
from the site's organisation file, and handed to the site's collection
through :class:`~pressrelease.formats.CollectionContext`. Plain, frozen
data: the page's renderer reads no file. Every site path is relative to the
site's root.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from ..model import Organisation
from ..model.press_kit import PressKit

__all__ = ["ARCHIVE_DATE", "KIT_FILES", "KIT_PATH", "KitCopy", "KitFile", "PressKitFiles"]

#: The press-kit page's folder, and where its files (originals and smaller copies) are published.
KIT_PATH = "press-kit/"
KIT_FILES = KIT_PATH + "files/"
#: Every member of the "download everything" ZIP has this time, so the archive's bytes repeat.
ARCHIVE_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class KitCopy:
    """A downsized copy of a raster image: its file name (in ``press-kit/files/``), size in pixels, bytes.

    A copy kept from the last build (its original unchanged) has no bytes: ``kept`` is its file in the output
    folder (absolute), with its SHA-256 and size; the ZIP kept is one too."""

    name: str
    width: int
    height: int
    data: bytes
    sha256: str = ""
    size: int = -1
    kept: str = ""


@dataclass(frozen=True, slots=True)
class KitFile:
    """An asset or a person's photo as it was read: its source (absolute), its published name, SHA-256 and size
    in bytes, format ("PNG", "SVG", "PDF" ...) and media type, size in pixels (0 when not an image), copies."""

    source: str
    name: str
    sha256: str
    size: int
    format: str
    media_type: str
    width: int = 0
    height: int = 0
    copies: tuple[KitCopy, ...] = ()

    @property
    def path(self) -> str:
        return KIT_FILES + self.name


@dataclass(frozen=True, slots=True)
class PressKitFiles:
    """The site's press kit: its organisation (boilerplate, contacts, logo), its kit, its files by source path
    (a file that could not be read is not there), and the "download everything" ZIP (name, bytes; or the
    ZIP the last build published, kept when none of its members changed)."""

    organisation: Organisation
    kit: PressKit
    files: Mapping[str, KitFile] = field(default_factory=dict)
    archive_name: str = ""
    archive: bytes = b""
    archive_kept: KitCopy | None = None

    @property
    def archive_size(self) -> int:
        return self.archive_kept.size if self.archive_kept is not None else len(self.archive)
