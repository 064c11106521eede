"""A release as an IPTC ninjs 3.2 news item (JSON), for wire services and newsroom systems.

Every part of a release has its place (docs/wire.md gives the mapping):
the headline and deck as ``headlines``, each Markdown part as HTML and as
plain text in ``bodies`` (and its Markdown source, so ``pressrelease
import`` gets the release back exactly), the dateline's city as
``located``, the release's moments with their zone, the embargo, the kind
as a genre (an IPTC genre NewsCode where one fits), the tags as
``subjects``, the web page and the PDF as ``renditions``, the photos as
``associations``, the issuer and partners as ``organisations``, the media
contacts as ``people`` and a media advisory's event as ``events`` with
``eventDetails``.

The output is deterministic: keys sorted, arrays in the release's order,
no clock read (the times are the release's own), so the same source always
gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from ...model import Contact, Event, Organisation, Photo, Release
from ...rules import PHOTO_TYPES
from ...theme import Theme
from ...view.release_view import ReleaseView
from ...view.site_meta import content_created_at, media_names, modified_at, published_at, site_url_of
from ...view.site_paths import absolute, release_path
from ..ics import event_uid
from ..registry import Job, RenderOptions

__all__ = ["GENRES", "NINJS_SCHEMA", "NINJS_VERSION", "NinjsRenderer", "MARKDOWN_ROLES", "ninjs_item", "ninjs_uri"]

NINJS_VERSION = "3.2"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.2.json#"
#: The kinds an IPTC genre NewsCode fits (http://cv.iptc.org/newscodes/genre/); the others keep their
#: name and id as a literal only.
GENRES = {"media-advisory": "http://cv.iptc.org/newscodes/genre/Advisory"}
#: Markdown parts of the release itself (what its source holds) -> their body role.
MARKDOWN_ROLES = {"body": "main", "notes": "notes_to_editors", "disclaimer": "disclaimer", "footer": "footer",
                  "event_details": "event_details"}


def ninjs_uri(release: Release, site_url: str | None) -> str:
    """The item's identifier: its page in the newsroom site, else a ``tag:`` URI (RFC 4151) made of the
    organisation's domain, the release's date and its name; the same for every build and version."""
    if site_url:
        return absolute(site_url, release_path(release.name))
    domain = release.organisation.domain or "pressrelease.invalid"
    return f"tag:{domain},{release.date.isoformat()}:{quote(release.name, safe='-._~')}"


def _moment(value: Any) -> str:
    return value.isoformat()


def _headlines(release: Release) -> list[dict[str, str]]:
    items = [{"role": "main", "value": release.headline}]
    items += [{"role": "sub", "value": line} for line in release.subheadline.splitlines() if line.strip()]
    if release.short_headline:
        items.append({"role": "short", "value": release.short_headline})
    return items


def _markdown_sources(release: Release) -> dict[str, str]:
    event = release.event
    return {"body": release.body, "notes": release.notes_to_editors, "disclaimer": release.disclaimer,
            "footer": release.footer, "event_details": event.details if event is not None else ""}


def _bodies(view: ReleaseView) -> list[dict[str, Any]]:
    """Each shown part as HTML and plain text (role: the part's name, "main" for the body), then the
    release's own Markdown parts as written."""
    html = view.html_parts(lambda src, path: src)
    text = view.text_parts()
    bodies: list[dict[str, Any]] = []
    for name in view.part_order:
        if not html.get(name, "").strip():
            continue
        role = MARKDOWN_ROLES.get(name, name) if name != "body" else "main"
        plain = text[name]
        bodies.append({"role": role, "contentType": "text/html", "value": str(html[name])})
        bodies.append({"role": role, "contentType": "text/plain", "value": plain,
                       "charCount": len(plain), "wordCount": len(plain.split())})
    for name, source in _markdown_sources(view.release).items():
        if source.strip():
            bodies.append({"role": MARKDOWN_ROLES[name], "contentType": "text/markdown", "value": source})
    return bodies


def _genres(release: Release, view: ReleaseView) -> list[dict[str, str]]:
    known = release.kind_id
    genre = {"name": view.kind, "literal": known or release.kind.strip()}
    if known in GENRES:
        genre["uri"] = GENRES[known]
    return [genre] if genre["name"] or genre["literal"] else []


def _renditions(release: Release, site_url: str | None) -> list[dict[str, str]]:
    """The web page and the PDF: absolute in the site when its address is known, else beside this file."""
    name = release.name
    if site_url:
        page = absolute(site_url, release_path(name))
        web, pdf = page, page + quote(f"{name}.pdf")
    else:
        web, pdf = quote(f"{name}.html"), quote(f"{name}.pdf")
    return [{"name": "web", "href": web, "contentType": "text/html", "title": release.headline},
            {"name": "pdf", "href": pdf, "contentType": "application/pdf", "title": release.headline}]


def _photo(release: Release, photo: Photo, index: int, uri: str, site_url: str | None,
           media: list[str]) -> dict[str, Any]:
    path = PurePath(photo.file)
    base = release.base_dir
    try:
        local = path.relative_to(base).as_posix() if base is not None else path.name
    except ValueError:
        local = path.name
    href = (absolute(site_url, release_path(release.name)) + "media/" + quote(media[index])) if site_url else quote(local)
    item: dict[str, Any] = {"name": f"photo-{index + 1}", "rel": "photo", "type": "picture",
                            "uri": f"{uri}#photo-{index + 1}",
                            "renditions": [{"name": "original", "href": href, "title": local,
                                            "contentType": PHOTO_TYPES.get(path.suffix.lower(), "application/octet-stream")}]}
    descriptions = [{"role": role, "value": value} for role, value in (("alt", photo.alt), ("caption", photo.caption))
                    if value]
    if descriptions:
        item["descriptions"] = descriptions
    if photo.caption:
        item["headlines"] = [{"role": "main", "value": photo.caption}]
    if photo.credit:
        item["copyrightHolder"] = item["by"] = photo.credit
    if photo.usage:
        item["usageTerms"] = photo.usage
    return item


def _organisation(org: Organisation, rel: str) -> dict[str, Any]:
    item: dict[str, Any] = {"name": org.name, "rel": rel}
    info: list[dict[str, Any]] = []
    if org.website:
        item["uri"] = org.website
        info.append({"type": "web", "value": org.website})
    if org.email:
        info.append({"type": "email", "value": org.email})
    lines = [line.strip() for line in org.address.splitlines() if line.strip()]
    if lines or org.city:
        address: dict[str, Any] = {"lines": lines} if lines else {}
        if org.city:
            address["locality"] = org.city
        info.append({"type": "address", "address": address})
    if info:
        item["contactInfo"] = info
    return item


def _person(contact: Contact) -> dict[str, Any]:
    item: dict[str, Any] = {"name": contact.name, "rel": "contact"}
    info: list[dict[str, Any]] = []
    for phone in contact.phones:
        entry = {"type": "phone", "value": phone.number}
        if phone.note:
            entry["name"] = phone.note
        info.append(entry)
    if contact.email:
        info.append({"type": "email", "value": contact.email})
    if info:
        item["contactInfo"] = info
    return item


def _event(release: Release, event: Event) -> dict[str, Any]:
    """``events`` (the event named, with a stable id) and ``eventDetails`` (its dates and organiser) and the
    venue as ``places``."""
    if event.all_day:
        dates = {"expectedStartDate": event.start.isoformat(),
                 "expectedEndDate": (event.end or event.start).isoformat()}
    else:
        dates = {"startDate": _moment(event.start), "endDate": _moment(event.end or event.start)}
    details = {"dates": dates, "organiser": {"name": release.organisation.name}}
    places: list[dict[str, Any]] = []
    lines = [line.strip() for line in event.address.splitlines() if line.strip()]
    if event.venue or lines:
        place: dict[str, Any] = {"rel": "venue"}
        if event.venue:
            place["name"] = event.venue
        if lines:
            place["contactInfo"] = [{"type": "address", "address": {"lines": lines}}]
        places.append(place)
    if event.online:
        places.append({"rel": "online", "name": event.online, "contactInfo": [{"type": "web", "value": event.online}]})
    result: dict[str, Any] = {"events": [{"id": event_uid(release), "name": event.title, "rel": "announced"}],
                              "eventDetails": details}
    if places:
        result["places"] = places
    return result


def ninjs_item(view: ReleaseView, site_url: str | None) -> dict[str, Any]:
    """The release as a ninjs 3.2 object (keys in any order: :class:`NinjsRenderer` sorts them)."""
    release = view.release
    uri = ninjs_uri(release, site_url)
    published, modified = published_at(release), modified_at(release)
    item: dict[str, Any] = {
        "uri": uri, "type": "text", "representationType": "full", "language": release.language,
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "slugline": release.name, "headlines": _headlines(release), "bodies": _bodies(view),
        "firstCreated": _moment(published), "versionCreated": _moment(modified), "pubStatus": "usable",
        "renditions": _renditions(release, site_url),
        "organisations": [_organisation(release.organisation, "issuer"),
                          *(_organisation(org, "partner") for org in release.partners)],
        "copyrightHolder": release.organisation.name,
    }
    if release.dateline is not None:
        item["contentCreated"] = _moment(content_created_at(release))
        if release.dateline.city:
            item["located"] = release.dateline.city
    if release.embargo is not None:
        item["embargoedUntil"] = _moment(release.embargo.until)
    genres = _genres(release, view)
    if genres:
        item["genres"] = genres
    if release.tags:
        item["subjects"] = [{"name": tag, "rel": "keyword"} for tag in release.tags]
    if release.photos:
        media = media_names(release)
        item["associations"] = [_photo(release, photo, index, uri, site_url, media)
                                for index, photo in enumerate(release.photos)]
    if release.media_contacts:
        item["people"] = [_person(contact) for contact in release.media_contacts]
    if release.event is not None:
        item.update(_event(release, release.event))
    return item


class NinjsRenderer:
    """Renders a release's ``.ninjs.json``: UTF-8 JSON, keys sorted, indented, ending in a newline."""

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme
        self.options = options

    def render(self, job: Job) -> str:
        item = ninjs_item(job.view, site_url_of(job.release, self.options.site_url))
        return json.dumps(item, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
