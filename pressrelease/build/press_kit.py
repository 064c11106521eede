"""The build stage's part of the press kit: its files read once, smaller copies of large images, the ZIP.

Before the collections render, :func:`press_kit_of` reads the organisation
file of the site's owner (the release whose ``site:`` the site follows) with
the source stage's loader. When it has a ``press_kit:``, every asset and
person's photo is read once: its SHA-256, size, format and pixel size are
recorded (:func:`~pressrelease.source.images.image_header`), a raster image
wider than the page needs gets downsized copies in a few widths (Pillow,
with fixed encoder settings and no metadata), and every original goes into a
"download everything" ZIP whose bytes repeat from build to build and
machine to machine (fixed times, sorted names, fixed permissions, stored). The original
is always kept. With the collection's :class:`~.kit_record.KitRecord`, the states read are recorded for
the next build, and a copy (or the ZIP) whose original (members) did not change and whose recorded file
is intact is kept instead of made again. What it makes is plain data
(:class:`~pressrelease.view.press_kit.PressKitFiles`); the site's collection
publishes it, this module writes nothing.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import zipfile
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..errors import Problem, SourceError
from ..model import Organisation
from ..model.press_kit import PressKit
from ..view.press_kit import ARCHIVE_DATE, KitCopy, KitFile, PressKitFiles
from ..view.site_paths import media_name, tag_slug
from .manifest import FileState, combine

TYPE_CHECKING = False
if TYPE_CHECKING:
    from PIL import Image

    from ..view import CollectedRelease
    from .kit_record import KitRecord

__all__ = ["COPY_WIDTHS", "copy_settings", "downsized", "kit_archive", "kit_file", "press_kit_of", "read_press_kit",
           "site_organisation"]

#: The widths (pixels) of a raster image's smaller copies; only those narrower than the original are made.
COPY_WIDTHS = (480, 960, 1920)
#: The formats Pillow writes copies in, with their fixed settings (JPEG: no progressive scan, 4:2:0).
_SAVE: Mapping[str, dict[str, object]] = {
    "png": {"format": "PNG", "compress_level": 9, "optimize": False},
    "jpeg": {"format": "JPEG", "quality": 85, "optimize": False, "progressive": False, "subsampling": 2},
    "webp": {"format": "WEBP", "quality": 85, "method": 4, "exact": False},
}
_MODES = {"png": ("RGB", "RGBA", "L", "LA"), "jpeg": ("RGB", "L", "CMYK"), "webp": ("RGB", "RGBA")}
#: The EXIF orientations that turn an image a quarter (its width shown is its height stored).
_QUARTER_TURNS = (5, 6, 7, 8)


def site_organisation(releases: Sequence[CollectedRelease], held: Mapping[str, object], problems: list[Problem],
                      record: KitRecord | None = None) -> Organisation | None:
    """The organisation file of the site's owner, read now (its labels and press kit make the site's own
    pages); None when there is no site. One that cannot be read now is reported (once, with the owner's own
    build's problems), and ``record.failed`` set: the site goes without a kit, and the next build tries again."""
    from ..formats.site.collection import site_owner
    from ..source.loader import load_organisation

    owner = site_owner([release for release in releases if release.source not in held])
    if owner is None or not owner.summary.organisation_file:
        return None
    try:
        return load_organisation(owner.summary.organisation_file)
    except SourceError as exc:  # a kit file that became invalid: no release is loaded again to say so
        problems.extend(exc.problems)
        if record is not None:
            record.failed = True
        return None


def press_kit_of(organisation: Organisation | None, problems: list[Problem],
                 record: KitRecord | None = None) -> PressKitFiles | None:
    """The site's press kit, read from its owner's organisation file; None when it has none (or no site)."""
    if organisation is None or organisation.press_kit is None:
        return None
    return read_press_kit(organisation, organisation.press_kit, problems, record)


def copy_settings() -> str:
    """What the copies' bytes depend on besides their original: the widths, the encoders' settings, the
    library's and Pillow's versions and its codecs' (a record made under other settings is not used)."""
    from PIL import __version__ as pillow, features

    from ..version import __version__

    codecs = [str(features.version(name)) for name in ("jpg", "zlib", "webp", "littlecms2")]
    return combine(__version__, pillow, *codecs, repr(COPY_WIDTHS), repr(sorted(_SAVE.items())), repr(_MODES))


def read_press_kit(organisation: Organisation, kit: PressKit, problems: list[Problem],
                   record: KitRecord | None = None) -> PressKitFiles:
    """The kit with its files read once (a file that cannot be read is a warning, and left out), their
    smaller copies and the ZIP of every original; with a ``record``, the states read are recorded in it,
    and the copies and the ZIP it says are intact are kept rather than made again."""
    taken: set[str] = set()
    read: dict[str, tuple[Path, str, bytes]] = {}
    photos = {str(person.photo) for person in kit.people if person.photo is not None}
    for position, path in enumerate(_kit_paths(kit), start=1):
        if str(path) in read:
            continue
        before = _stat(path)  # before reading: a file changed while it is read differs from its record
        data = _read(path, problems, organisation.base_dir, photo=str(path) in photos)
        if record is not None:
            record.read(path, _state(before, data))
        if data is not None:
            read[str(path)] = (path, media_name(position, path.name, taken), data)
    # the originals named first: a copy's name (logo-480w.png) never takes that of a file of the kit's own
    files = {key: kit_file(path, name, data, taken, problems, record) for key, (path, name, data) in read.items()}
    slug = tag_slug(organisation.name)
    archive_name = f"{slug}-press-kit.zip"
    kept = record.kept_archive(archive_name, {file.name: file.sha256 for file in files.values()}) if record else None
    archive = b"" if kept else kit_archive({name: data for _path, name, data in read.values()}, f"{slug}-press-kit")
    return PressKitFiles(organisation, kit, files, archive_name, archive, kept)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _state(before: os.stat_result | None, data: bytes | None) -> FileState | None:
    """The state a file was read in; one not read (left out) is recorded by its ``stat`` alone, so the next
    build collects again only when it changes."""
    if before is None:
        return None
    if data is None or len(data) != before.st_size:
        return FileState(before.st_size, before.st_mtime_ns, "unread")
    return FileState(before.st_size, before.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _kit_paths(kit: PressKit) -> Iterable[Path]:
    """The kit's files in the page's order: the assets, then the people's photos."""
    yield from (asset.file for asset in kit.assets)
    yield from (person.photo for person in kit.people if person.photo is not None)


def _read(path: Path, problems: list[Problem], folder: Path | None, *, photo: bool) -> bytes | None:
    """The file's bytes, held again to what the source stage checked (the file may have changed since):
    inside the organisation's folder once links are followed and out of its hidden folders, a regular
    file (a named pipe would hold the build), of the kind its name says and within its limits
    (:func:`~pressrelease.source.press_kit.content_problem`); else a warning, and the file is left out."""
    from ..rules import hidden_component, is_inside, read_regular
    from ..source.press_kit import MAX_ASSET_BYTES, content_problem

    def refuse(reason: str) -> None:
        problems.append(Problem(path, 1, 1, f"cannot publish {path.name} in the press kit: {reason}",
                                "check the file and build again", code="publish", severity="warning"))

    try:
        real = path.resolve(strict=True)
        roots = [folder.resolve()] if folder is not None else []
        if roots and not is_inside(real, roots):
            refuse("it is now outside the organisation file's folder")
            return None
        hidden = hidden_component(real, roots) if roots else None
        if hidden is not None:
            refuse(f"it is now inside '{hidden}'")
            return None
        data = read_regular(real, MAX_ASSET_BYTES, follow=False)
    except OSError as exc:
        refuse(str(exc.strerror or exc))
        return None
    reason = f"is larger than {MAX_ASSET_BYTES // 1_000_000} MB" if len(data) > MAX_ASSET_BYTES \
        else content_problem(path.name, data, photo=photo)
    if reason:
        refuse(f"it {reason}")
        return None
    return data


def kit_file(path: Path, name: str, data: bytes, taken: set[str], problems: list[Problem],
             record: KitRecord | None = None) -> KitFile:
    """What the page says of a file (format, size, pixels as it is shown: an EXIF orientation that turns
    it a quarter swaps them), with its smaller copies if it is a large raster."""
    from ..source.images import image_header

    header = image_header(data)
    digest = hashlib.sha256(data).hexdigest()
    if header is None:
        fmt, media_type = _other_format(path, data)
        return KitFile(str(path), name, digest, len(data), fmt, media_type)
    name_of_kind, width, height, frames = header  # "PNG", "JPEG", "GIF", "WebP"
    kind = name_of_kind.lower()
    if _orientation(data) in _QUARTER_TURNS:
        width, height = height, width
    copies: tuple[KitCopy, ...] = ()
    if kind in _SAVE and frames <= 1 and width > COPY_WIDTHS[0]:
        key = f"{digest} {name}"  # the same bytes under another name get copies of other names
        kept = record.kept_copies(key, taken, lambda target, names: _copy_name(name, target, names)) \
            if record is not None else None
        try:
            copies = kept if kept is not None else downsized(data, kind, width, height, name, taken)
            if record is not None:
                record.made_copies(key, copies)
        except Exception as exc:  # noqa: BLE001 (Pillow's errors on a file the header reader accepted)
            problems.append(Problem(path, 1, 1, f"no smaller copies of {path.name}: {exc}",
                                    "the original is published; save the image again to get them",
                                    code="publish", severity="warning"))
    return KitFile(str(path), name, digest, len(data), name_of_kind, f"image/{kind}", width, height, copies)


def _orientation(data: bytes) -> int:
    """The image's EXIF orientation (1: as stored), read by Pillow without decoding the pixels."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return int(image.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 (no orientation to read: shown as stored)
        return 1


def _other_format(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(b"%PDF-"):
        return "PDF", "application/pdf"
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return "SVG", "image/svg+xml"
    guessed = mimetypes.guess_type(path.name, strict=True)[0]
    return (suffix[1:].upper() or "file"), guessed or "application/octet-stream"


def downsized(data: bytes, kind: str, width: int, height: int, name: str, taken: set[str]) -> tuple[KitCopy, ...]:
    """Copies ``COPY_WIDTHS`` wide (those narrower than ``width``, the width as shown, and lighter than the
    original), in the original's format, turned as its EXIF orientation says, with its colour profile and no
    other metadata; their names (``logo-960w.png``) are added to ``taken``."""
    from PIL import Image

    copies = []
    with Image.open(io.BytesIO(data)) as image:
        source, profile = _pixels(image, kind)
        for target in (w for w in COPY_WIDTHS if w < width):
            size = (target, max(1, round(height * target / width)))
            copy = source.resize(size, Image.Resampling.LANCZOS)
            copy.info = {}  # no EXIF, text chunks or times: only pixels, and the colour profile they are in
            out = io.BytesIO()
            copy.save(out, **_SAVE[kind], **({"icc_profile": profile} if profile else {}))
            if out.tell() >= len(data):  # no lighter than the original (a palette logo made RGB): of no use
                break
            copy_name = _copy_name(name, target, taken)
            copies.append(KitCopy(copy_name, size[0], size[1], out.getvalue()))
    return tuple(copies)


def _copy_name(name: str, width: int, taken: set[str]) -> str:
    """The name of ``name``'s copy ``width`` pixels wide (``logo-960w.png``), added to ``taken``."""
    stem, dot, suffix = name.rpartition(".")
    return media_name(0, f"{stem}-{width}w.{suffix}" if dot else f"{name}-{width}w", taken)


def _pixels(image: Image.Image, kind: str) -> tuple[Image.Image, bytes]:
    """The image's pixels as they are shown (turned by its EXIF orientation), in a mode its format writes
    (16-bit grey scaled to 8 bits, not clipped), and its ICC profile if it still describes them."""
    from PIL import ImageFile, ImageOps

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # WeasyPrint turns it on for the whole process when imported: a
    try:  # truncated file, grey where its bytes end, is no copy, with or without a PDF in the same build
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    profile = image.info.get("icc_profile") or b""
    source = ImageOps.exif_transpose(image)
    if source.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):
        source = source.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif source.mode not in _MODES[kind]:
        source = source.convert("RGBA" if "A" in source.getbands() or "transparency" in source.info else "RGB")
    if kind == "jpeg" and source.mode == "RGBA":
        source = source.convert("RGB")
    space = {"RGB": b"RGB ", "RGBA": b"RGB ", "L": b"GRAY", "LA": b"GRAY", "CMYK": b"CMYK"}.get(source.mode)
    return source, profile if profile[16:20] == space else b""


def kit_archive(files: Mapping[str, bytes], folder: str) -> bytes:
    """A ZIP of ``files`` (name -> bytes) in ``folder/``: sorted names, every member dated 1980-01-01 00:00,
    mode 0644, stored, so the same files give the same bytes on any machine. Deflate's output is not
    standard (zlib's versions, zlib-ng and others write other bytes), and what a press kit holds (PNG,
    JPEG, WebP, PDF) is compressed already: deflated, it was 0.4 % smaller, for 1.8 s a build per 80 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ARCHIVE_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3  # Unix, whatever system builds it
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
