"""Reading an IPTC ninjs item (JSON) back into a release source: front matter, Markdown and an organisation.

``pressrelease import`` calls :func:`read_ninjs`; it returns what to write
(:class:`Imported`) or raises :class:`~pressrelease.errors.SourceError`
with every problem located at its ``line:col`` in the JSON file. A ninjs
item this tool wrote carries each Markdown part as written (a body whose
``contentType`` is ``text/markdown``), so export, import and export again
give the same item; an item from another producer gives the fields it has
(its HTML body as plain paragraphs). Fields with no place in a release
source are listed in :attr:`Imported.unsupported`, never dropped silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import SourceError
from ..rules import SLUG
from .ninjs_json import MAX_BYTES, JsonReader as _Reader, parse_item as _parse

__all__ = ["Imported", "read_ninjs", "MAX_BYTES"]

#: Top-level ninjs fields the import reads (or that the export derives again from what it reads).
_READ = {"uri", "type", "representationType", "standard", "language", "slugline", "headlines", "bodies", "firstCreated",
         "versionCreated", "contentCreated", "embargoedUntil", "pubStatus", "located", "genres", "subjects",
         "renditions", "associations", "organisations", "people", "events", "eventDetails", "places", "copyrightHolder"}
_PART_FIELDS = {"notes_to_editors": "notes_to_editors", "disclaimer": "disclaimer", "footer": "footer"}


@dataclass
class Imported:
    """What an item becomes: the file stem, front matter, Markdown body, organisation (or None) and the rest."""

    name: str
    front: dict[str, Any]
    body: str
    organisation: dict[str, Any] | None
    unsupported: list[str] = field(default_factory=list)
    #: Who the item says made it when it names no organisation (its ``copyrightHolder`` or ``by``), or "".
    provider: str = ""


def _headlines(reader: _Reader, item: dict[str, Any], front: dict[str, Any]) -> None:
    main, subs = "", []
    for index, headline in reader.objects(item, "headlines"):
        value = reader.get(headline, ("headlines", index, "value"), str, "")
        role = reader.get(headline, ("headlines", index, "role"), str, "")
        if re.search(r"[\n\r]", value):
            reader.problem(("headlines", index, "value"), "spans lines", "a headline is one line")
        elif role == "sub" and value:
            subs.append(value)
        elif role == "short" and value:
            front["short_headline"] = value
        elif value and not main:
            main = value
    if not main.strip():
        reader.problem(("headlines",), "has no headline", "give a headline with role \"main\"")
    front["headline"] = main
    if subs:
        front["subheadline"] = subs[0] if len(subs) == 1 else subs


class _Paragraphs(HTMLParser):
    """HTML as plain paragraphs: text of block elements separated by blank lines, no tags kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "br", "tr"):
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        self.blocks[-1] += re.sub(r"\s+", " ", data)

    def text(self) -> str:
        return "\n\n".join(block.strip() for block in self.blocks if block.strip())


def _markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def _bodies(reader: _Reader, item: dict[str, Any]) -> dict[str, str]:
    """role -> Markdown: the Markdown as written when the item has it, else its HTML or text as paragraphs."""
    found: dict[str, dict[str, str]] = {}
    for index, body in reader.objects(item, "bodies"):
        value = reader.get(body, ("bodies", index, "value"), str, "")
        role = reader.get(body, ("bodies", index, "role"), str, "") or "main"
        kind = (reader.get(body, ("bodies", index, "contentType"), str, "") or "text/plain").split(";")[0].strip()
        found.setdefault(role, {}).setdefault(kind, value)
    parts = {}
    for role, kinds in found.items():
        if "text/markdown" in kinds:
            parts[role] = kinds["text/markdown"]
        elif "text/html" in kinds:
            parser = _Paragraphs()
            parser.feed(kinds["text/html"])
            parts[role] = _markdown_escape(parser.text())
        else:
            plain = next(iter(kinds.values()))
            parts[role] = "\n\n".join(_markdown_escape(" ".join(p.split())) for p in re.split(r"\n\s*\n", plain) if p.strip())
    return parts


def _dates(reader: _Reader, item: dict[str, Any], front: dict[str, Any]) -> None:
    created = reader.get(item, ("contentCreated",), str, "")
    first = reader.get(item, ("firstCreated",), str, "")
    city = reader.get(item, ("located",), str, "")
    embargo = reader.get(item, ("embargoedUntil",), str, "")
    version = reader.get(item, ("versionCreated",), str, "")
    # The release's date: when it was made; for an item that says only when this version was (another
    # producer's), that day.
    dated = created or (first if city or not embargo else "") or (version if not embargo else "")
    date = dated[:10]
    if date:
        front["dateline"] = {"city": city, "date": date} if city else {"date": date}
    if embargo:
        front["embargo"] = embargo
    if version and version not in (first, dated):
        front["updated"] = version
    if not date and not embargo:
        reader.problem((), "has no date (contentCreated, firstCreated, versionCreated or embargoedUntil)",
                       "a release needs a dateline date or an embargo")


def _contact_info(reader: _Reader, entry: dict[str, Any], pointer: tuple[str | int, ...]) -> dict[str, Any]:
    """type -> values: phones as (number, note), the rest as text; an address as its lines and locality."""
    info: dict[str, Any] = {"phone": [], "email": [], "web": [], "address": []}
    for _index, part in enumerate(reader.get(entry, (*pointer, "contactInfo"), list, [])):
        if not isinstance(part, dict):
            continue
        kind = part.get("type") if isinstance(part.get("type"), str) else ""
        value = part.get("value") if isinstance(part.get("value"), str) else ""
        if kind == "phone" and value:
            info["phone"].append((value, part.get("name") if isinstance(part.get("name"), str) else ""))
        elif kind in ("email", "web") and value:
            info[kind].append(value)
        elif isinstance(part.get("address"), dict):
            info["address"].append(part["address"])
    return info


def _person(reader: _Reader, person: dict[str, Any], index: int) -> dict[str, Any] | None:
    name = reader.get(person, ("people", index, "name"), str, "")
    if not name.strip():
        return None
    info = _contact_info(reader, person, ("people", index))
    contact: dict[str, Any] = {"name": name}
    if info["phone"]:
        contact["phones"] = [{"number": number, "note": note} if note else number for number, note in info["phone"]]
    if info["email"]:
        contact["email"] = info["email"][0]
    return contact


def _lines(address: Any) -> list[str]:
    """An address's lines: a list of one-line texts (anything else in it is left out)."""
    lines = address.get("lines") if isinstance(address, dict) else None
    return [line for line in lines if isinstance(line, str) and line.strip() and "\n" not in line] \
        if isinstance(lines, list) else []


def _organisation(reader: _Reader, org: dict[str, Any], index: int, partner: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"name": reader.get(org, ("organisations", index, "name"), str, "")}
    info = _contact_info(reader, org, ("organisations", index))
    website = reader.get(org, ("organisations", index, "uri"), str, "") or (info["web"] or [""])[0]
    if website:
        data["website"] = website
    address = info["address"][0] if info["address"] else {}
    lines = _lines(address)
    if lines:
        data["address"] = "\n".join(lines)
    if not partner:
        if info["email"]:
            data["email"] = info["email"][0]
        if isinstance(address.get("locality"), str):
            data["city"] = address["locality"]
    return data


_IMAGE_NAME = re.compile(r"[^/\\]+\.(?:jpe?g|png|gif|webp)", re.I)


def _photo_file(renditions: list[dict[str, Any]]) -> tuple[str, str]:
    """(file name beside the release, "") for a photo this tool exported (a relative link, or a title that
    is the file's name), else ("", the remote address to download it from)."""
    for rendition in renditions:
        href, title = rendition.get("href"), rendition.get("title")
        if not isinstance(href, str) or not href:
            continue
        if "://" not in href:
            name = unquote(href)
            if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
                return "", href  # not a file beside the item: named for the reader, never referenced
            return name, ""
        if isinstance(title, str) and _IMAGE_NAME.fullmatch(title):
            return title, ""
        return "", href
    return "", ""


def _photos(reader: _Reader, item: dict[str, Any], notes: list[str]) -> list[dict[str, Any]]:
    """The photos whose files are beside the item; a remote one is named in ``notes`` (to download)."""
    photos = []
    for index, assoc in reader.objects(item, "associations"):
        if assoc.get("type") not in ("picture", "graphic"):
            continue
        renditions = [r for r in assoc.get("renditions", []) if isinstance(r, dict)] if isinstance(assoc.get("renditions"), list) else []
        name, remote = _photo_file(renditions)
        if remote:
            notes.append(f'"associations[{index}]": a picture at {json.dumps(remote)}: download it beside this file '
                         "and list it under photos:")
        if not name:
            continue
        photo: dict[str, Any] = {"file": name}
        for desc in assoc.get("descriptions", []) if isinstance(assoc.get("descriptions"), list) else []:
            if isinstance(desc, dict) and desc.get("role") in ("alt", "caption") and isinstance(desc.get("value"), str):
                photo[desc["role"]] = desc["value"]
        credit = assoc.get("copyrightHolder") or assoc.get("by")
        if isinstance(credit, str) and credit:
            photo["credit"] = credit
        usage = assoc.get("usageTerms")
        if isinstance(usage, str) and usage:
            photo["usage"] = usage
        photos.append(photo)
    return photos


def _event(reader: _Reader, item: dict[str, Any], parts: dict[str, str]) -> dict[str, Any] | None:
    events = reader.objects(item, "events")
    details = reader.get(item, ("eventDetails",), dict, {})
    if not events:
        return None
    event: dict[str, Any] = {"title": reader.get(events[0][1], ("events", 0, "name"), str, "")}
    dates = details.get("dates") if isinstance(details.get("dates"), dict) else {}
    start = dates.get("startDate") or dates.get("expectedStartDate")
    end = dates.get("endDate") or dates.get("expectedEndDate")
    if not isinstance(start, str):
        reader.problem(("eventDetails", "dates"), "has no start", "give startDate or expectedStartDate")
        return None
    event["start"] = start
    if isinstance(end, str) and end != start:
        event["end"] = end
    for index, place in reader.objects(item, "places"):
        if place.get("rel") == "venue":
            if isinstance(place.get("name"), str):
                event["venue"] = place["name"]
            address = _contact_info(reader, place, ("places", index))["address"]
            lines = _lines(address[0]) if address else []
            if lines:
                event["address"] = "\n".join(lines)
        elif place.get("rel") == "online":
            web = _contact_info(reader, place, ("places", index))["web"]
            if web:
                event["online"] = web[0]
    if parts.get("event_details"):
        event["details"] = parts["event_details"]
    return event


def _stem(item: dict[str, Any], headline: str) -> str:
    slug = item.get("slugline")
    if isinstance(slug, str) and SLUG.fullmatch(slug) and len(slug) <= 120:
        return slug
    from ..model.release import slugify

    return slugify(headline)


def _read_but_not_kept(reader: _Reader, item: dict[str, Any], front: dict[str, Any]) -> list[str]:
    """The read fields a release source has no place for, to list (the identifier, other genres, the
    renditions and copyright holder another producer gives); a withdrawn item is refused."""
    status = reader.get(item, ("pubStatus",), str, "usable")
    if status != "usable":
        reader.problem(("pubStatus",), f"is '{status}': the item is not for use, so it is not imported",
                       "import the item's usable version")
    notes = [f'"uri": {json.dumps(item.get("uri"))} (an export makes its own)']
    genres = item.get("genres") if isinstance(item.get("genres"), list) else []
    if len(genres) > 1:
        notes.append(f'"genres[1:]": {json.dumps(genres[1:], ensure_ascii=True, sort_keys=True)[:300]}')
    renditions = item.get("renditions") if isinstance(item.get("renditions"), list) else []
    foreign = [r for r in renditions if not (isinstance(r, dict) and r.get("name") in ("web", "pdf"))]
    if foreign:
        notes.append(f'"renditions": {json.dumps(foreign, ensure_ascii=True, sort_keys=True)[:300]}')
    holder = item.get("copyrightHolder")
    issuer = next((o.get("name") for o in item.get("organisations", []) if isinstance(o, dict)
                   and o.get("rel") != "partner"), None) if isinstance(item.get("organisations"), list) else None
    if isinstance(holder, str) and holder and holder != issuer:
        notes.append(f'"copyrightHolder": {json.dumps(holder, ensure_ascii=True)}')
    return notes


def _description(reader: _Reader, item: dict[str, Any]) -> str:
    """The body of an item that has none but a text description (as some producers write their text)."""
    for index, found in reader.objects(item, "descriptions"):
        role = reader.get(found, ("descriptions", index, "role"), str, "")
        value = reader.get(found, ("descriptions", index, "value"), str, "")
        if role in ("text", "summary", "") and value.strip():
            return "\n\n".join(_markdown_escape(" ".join(p.split())) for p in re.split(r"\n\s*\n", value) if p.strip())
    return ""


def _unsupported(item: dict[str, Any]) -> list[str]:
    lines = []
    for key in sorted(set(item) - _READ):
        value = json.dumps(item[key], ensure_ascii=True, sort_keys=True)
        lines.append(f"{json.dumps(key)}: {value[:300]}{' ...' if len(value) > 300 else ''}")
    return lines


def read_ninjs(path: Path, data: bytes, existing_contacts: tuple[str, ...] = ()) -> Imported:
    """The release source an item becomes; ``existing_contacts``: the names of the target folder's
    organisation file's contacts (the same people are not repeated in the release)."""
    reader, item = _parse(path, data)
    front: dict[str, Any] = {}
    _headlines(reader, item, front)
    _dates(reader, item, front)
    parts = _bodies(reader, item)
    genres = reader.objects(item, "genres")
    if genres:
        kind = genres[0][1].get("literal") or genres[0][1].get("name")
        if isinstance(kind, str) and kind and kind != "press-release":
            front["kind"] = kind
    language = reader.get(item, ("language",), str, "")
    if language:
        front["language"] = language
    tags = [s.get("name") for _, s in reader.objects(item, "subjects") if isinstance(s.get("name"), str)]
    if tags:
        front["tags"] = tags
    notes: list[str] = _read_but_not_kept(reader, item, front)
    photos = _photos(reader, item, notes)
    if photos:
        front["photos"] = photos
    people = [p for p in (_person(reader, person, i) for i, person in reader.objects(item, "people")) if p]
    if people and tuple(p["name"] for p in people) != existing_contacts:
        front["contacts"] = people
    organisations = reader.objects(item, "organisations")
    issuer = next((org for org in organisations if org[1].get("rel") != "partner"), None)
    partners = [_organisation(reader, org, i, True) for i, org in organisations if org.get("rel") == "partner"]
    if partners:
        front["partners"] = partners
    event = _event(reader, item, parts)
    if event is not None:
        front["event"] = event
    for role, key in _PART_FIELDS.items():
        if parts.get(role, "").strip():
            front[key] = parts[role]
    if reader.problems:
        raise SourceError(reader.problems)
    org = _organisation(reader, issuer[1], issuer[0], False) if issuer is not None else None
    described = "" if parts.get("main", "") else _description(reader, item)
    unsupported = [line for line in _unsupported(item) if not (described and line.startswith('"descriptions"'))]
    provider = next((value for value in (item.get("copyrightHolder"), item.get("by"))
                     if isinstance(value, str) and value.strip() and "\n" not in value), "")
    return Imported(_stem(item, front["headline"]), front, parts.get("main", "") or described, org,
                    [*unsupported, *notes], provider.strip()[:200])
