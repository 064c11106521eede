"""The newsroom's press-kit page (``press-kit/``): boilerplate, facts, people, assets, colours, contacts, releases.

:class:`PressKitRenderer` renders ``templates/site/press-kit.html`` from the
press kit the build stage read (:class:`~pressrelease.view.press_kit.PressKitFiles`)
and the site's entries, and returns ``{site path: bytes or CopyFile}``: the
page in the site's main language (``press-kit/``) and in each other site
language (``languages/<tag>/press-kit/``), the originals copied in as they
were read (``press-kit/files/``), their smaller copies and the "download
everything" ZIP. It never writes a file. Facts, roles and bios are shown in
the page's language (:func:`~pressrelease.model.press_kit.localised`); the
colours are SVG swatches filled with their value (a presentation attribute:
no ``style`` attribute or ``<style>`` block, which the theme's pages never
have, so a strict Content-Security-Policy holds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from markupsafe import Markup

from ...i18n import format_release_date, language_name
from ...model.press_kit import localised
from ...view.press_kit import KIT_FILES, KIT_PATH, KitCopy, KitFile, PressKitFiles
from ...view.site_paths import absolute, file_of, listing_path, relative
from ..registry import CopyFile
from .entries import SiteConfig, SiteEntry
from .listings import LabelsFor, ListingRenderer
from .navigation import Link, fill

__all__ = ["LATEST", "PressKitRenderer", "kit_page_path", "organization_json_ld"]

#: How many of the latest releases the page lists.
LATEST = 5
_HEX = re.compile(r"#(?:[0-9A-Fa-f]{3}){1,2}")


@dataclass(frozen=True, slots=True)
class FileView:
    """A file as the page offers it: href, format, media type, size in bytes, pixels (0 if none) and their text,
    its smaller copies (text: "960 px wide"), their ``srcset`` and the smallest image to show (href, width, height;
    0 for an SVG's), None for a file that is no image."""

    href: str
    format: str
    type: str
    size: int
    width: int
    height: int
    dimensions: str
    copies: tuple[Link, ...]
    srcset: str
    preview: tuple[str, int, int] | None


def kit_page_path(config: SiteConfig, language: str) -> str:
    """The press-kit page's folder in ``language``: ``press-kit/`` for the site's main language."""
    return KIT_PATH if language == config.language else listing_path("languages", language) + KIT_PATH


def organization_json_ld(config: SiteConfig, kit: PressKitFiles) -> dict[str, Any]:
    """schema.org Organization: name, url, logo (the site's copy, else the kit's: an SVG logo is published only
    by the kit, once checked), sameAs (the website), contactPoint (the media contacts)."""
    org = kit.organisation
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Organization", "name": org.name,
                            "url": org.website or config.url}
    logo = config.logo or next((file.path for file in kit.files.values()  # an SVG logo: the kit's checked copy
                                if org.logo is not None and file.source == str(org.logo)), "")
    if logo:
        data["logo"] = absolute(config.url, logo)
    if org.website:
        data["sameAs"] = [org.website]
    points = []
    for contact in org.contacts:
        point: dict[str, Any] = {"@type": "ContactPoint", "contactType": contact.group or "media relations",
                                 "name": contact.name}
        if contact.email:
            point["email"] = contact.email
        if contact.phones:
            point["telephone"] = contact.phones[0].number
        points.append(point)
    if points:
        data["contactPoint"] = points
    return data


class PressKitRenderer(ListingRenderer):
    """Renders the press-kit pages and publishes the kit's files; ``style`` gives the accent colour and font."""

    def render(self, config: SiteConfig, kit: PressKitFiles, entries: Sequence[SiteEntry],  # type: ignore[override]
               labels_for: LabelsFor) -> dict[str, bytes | CopyFile]:
        files: dict[str, bytes | CopyFile] = {}
        for file in kit.files.values():
            files[file.path] = CopyFile(file.source, file.sha256, file.size)
            for copy in file.copies:
                files[KIT_FILES + copy.name] = _published(copy)
        files[KIT_PATH + kit.archive_name] = _published(kit.archive_kept) if kit.archive_kept else kit.archive
        for language in config.languages:
            path = kit_page_path(config, language)
            files[file_of(path)] = self.page(config, kit, entries, labels_for(language), language)
        return files

    def page(self, config: SiteConfig, kit: PressKitFiles, entries: Sequence[SiteEntry], labels: Mapping[str, str],
             language: str) -> bytes:
        """The page in ``language`` (its labels ``labels``)."""
        path = kit_page_path(config, language)
        org = kit.organisation
        title = f"{labels['press_kit']} – {config.title}" if config.title else labels["press_kit"]
        context = self._common(config, labels, language, path, title)
        context.update(
            heading=labels["press_kit"],
            organisation=org,
            about=org.about_heading or fill(labels["about"], name=org.name),
            boilerplate=_markdown(org.boilerplate),
            facts=[(localised(fact.label, language), localised(fact.value, language)) for fact in kit.kit.facts],
            people=[self._person(person, kit, path, language, labels) for person in kit.kit.people],
            assets=[(asset, self._file(kit.files.get(str(asset.file)), path, labels)) for asset in kit.kit.assets],
            colours=[(colour, colour.hex if _HEX.fullmatch(colour.hex) else "") for colour in kit.kit.colours],
            contacts=org.contacts,
            releases=[self._release(entry, path) for entry in list(entries)[:LATEST]],
            archive=Link(labels["download_everything"], relative(path, KIT_PATH + kit.archive_name),
                         type="application/zip"),
            archive_size=kit.archive_size,
            other_languages=[Link(language_name(other), relative(path, kit_page_path(config, other)), language=other)
                             for other in config.languages if other != language],
            json_ld=organization_json_ld(config, kit),
        )
        return self.theme.render_utf8("site/press-kit.html", context)

    def _person(self, person: Any, kit: PressKitFiles, path: str, language: str,
                labels: Mapping[str, str]) -> dict[str, Any]:
        photo = kit.files.get(str(person.photo)) if person.photo is not None else None
        return {"name": person.name, "role": localised(person.role, language),
                "bio": _markdown(localised(person.bio, language)), "credit": person.photo_credit,
                "alt": fill(labels["photo_of"], name=person.name), "photo": self._file(photo, path, labels)}

    @staticmethod
    def _file(file: KitFile | None, path: str, labels: Mapping[str, str]) -> FileView | None:
        if file is None:
            return None
        href = relative(path, file.path)
        copies = tuple(Link(fill(labels["width_px"], width=copy.width), relative(path, KIT_FILES + copy.name))
                       for copy in file.copies)
        srcset = ", ".join(f"{link.href} {copy.width}w" for link, copy in zip(copies, file.copies, strict=True))
        if srcset:
            srcset += f", {href} {file.width}w"
        preview = (copies[0].href, file.copies[0].width, file.copies[0].height) if copies \
            else (href, file.width, file.height) if file.width or file.media_type == "image/svg+xml" else None
        dimensions = fill(labels["dimensions"], width=file.width, height=file.height) if file.width else ""
        return FileView(href, file.format, file.media_type, file.size, file.width, file.height, dimensions,
                        copies, srcset, preview)

    @staticmethod
    def _release(entry: SiteEntry, path: str) -> dict[str, Any]:
        pdf = next((download for download in entry.downloads if download.kind == "pdf"), None)
        return {"headline": entry.headline, "href": relative(path, entry.path),
                "date": format_release_date(entry.date, entry.language), "datetime": entry.date.isoformat(),
                "language": entry.language, "direction": entry.direction,
                "pdf": relative(path, pdf.path) if pdf is not None else "", "pdf_size": pdf.size if pdf else 0}


def _published(copy: KitCopy) -> bytes | CopyFile:
    """A copy's bytes, or the copy the last build published (left alone while it has its recorded SHA-256)."""
    return CopyFile(copy.kept, copy.sha256, copy.size) if copy.kept else copy.data


def _markdown(text: str) -> Markup:
    from ...source.markdown import render_markdown

    return render_markdown(text) if text.strip() else Markup("")
