"""A release as an IPTC NewsML-G2 2.35 ``newsItem`` (Power conformance): what news agencies and newsroom systems ingest.

The item carries the release's metadata (``itemMeta``: its class, provider,
times, embargo, status; ``contentMeta``: headline, deck, dateline, place,
language, genre, subjects, the issuer and partners, the media contacts) and
its body as inline XHTML (``contentSet``). Photos are links from the item to
their files, each with its caption, alt text, credit and usage terms.
docs/wire.md maps every field.

The document is built with the standard library's ElementTree: every text
and attribute is set as data, never as markup, so it is escaped; what XML
1.0 cannot carry is dropped first (:func:`~pressrelease.formats.site.xmltext.clean`).
The bytes are the same for every build of the same release: the times are the
release's own (:func:`~pressrelease.view.site_meta.published_at` and
``modified_at``), never the build's, and the ``guid`` is its canonical address
in the newsroom site, or a ``tag:`` URI from the organisation's domain, the
release's date and its name.
"""

from __future__ import annotations

import mimetypes
import xml.etree.ElementTree as ET
from pathlib import PurePath
from urllib.parse import quote

from ...errors import Problem, RenderError
from ...model import Contact, Organisation, Photo, Release
from ...source.markdown import replace_images
from ...source.references import image_path
from ...theme import Theme
from ...version import __version__
from ...view import ReleaseView
from ...view.site_meta import content_created_at, media_names, modified_at, published_at, site_url_of
from ...view.site_paths import absolute, release_path
from ..registry import Job, RenderOptions
from ..site.xmltext import clean, element, rfc3339
from .xhtml import XHTML_NS, append_html

__all__ = ["CATALOG", "GENRES", "NAR_NS", "NewsmlRenderer", "item_guid", "newsml_item"]

NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
#: The IPTC catalog that defines the scheme aliases used here (ninat, stat, genre, drol, irel).
CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
#: A known kind -> the IPTC Genre NewsCode that fits it (http://cv.iptc.org/newscodes/genre/). Other kinds have
#: no IPTC genre: they are given by name only.
GENRES: dict[str, str] = {"media-advisory": "genre:Advisory"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def item_guid(release: Release, site_url: str | None) -> str:
    """The item's guid: its page in the newsroom site, else ``tag:<domain>,<date>:<name>`` (RFC 4151)."""
    if site_url:
        return absolute(site_url, release_path(release.name))
    domain = release.organisation.domain or "pressrelease.invalid"
    return f"tag:{domain},{release.date.isoformat()}:{quote(release.name, safe='-._~')}"


def _party(parent: ET.Element, tag: str, name: str, uri: str = "", **attributes: str) -> ET.Element:
    node = element(parent, tag, uri=uri, **attributes) if uri else element(parent, tag, **attributes)
    element(node, "name", name)
    return node


def _organisation(parent: ET.Element, tag: str, organisation: Organisation) -> ET.Element:
    """A party that is an organisation: its name, its website as its URI, its contact info."""
    node = _party(parent, tag, organisation.name, organisation.website)
    if organisation.website or organisation.email:
        info = element(element(node, "organisationDetails"), "contactInfo")
        if organisation.email:
            element(info, "email", organisation.email)
        if organisation.website:
            element(info, "web", organisation.website)
    return node


def _contact(parent: ET.Element, contact: Contact) -> ET.Element:
    """A media contact as a contributor: a person, their role and organisation as a note, their contact info."""
    node = _party(parent, "contributor", contact.name)
    about = ", ".join(text for text in (contact.role, contact.organisation) if text)
    if about:
        element(node, "note", about)
    if contact.email or contact.phones:
        info = element(element(node, "personDetails"), "contactInfo")
        if contact.email:
            element(info, "email", contact.email)
        for phone in contact.phones:
            element(info, "phone", str(phone))
    return node


def _photo_href(release: Release, photo: Photo, name: str, site_url: str | None) -> str:
    """A photo's address: its file in the release's ``media/`` folder of the site, else its file name."""
    if site_url:
        return absolute(site_url, release_path(release.name)) + "media/" + quote(name)
    return quote(PurePath(photo.file).name)


def _photo(parent: ET.Element, href: str, photo: Photo) -> None:
    """A photo as a link from the item: its file, type, caption, alt text, credit and usage terms."""
    kind = mimetypes.guess_type(href)[0]
    node = element(parent, "link", rel="irel:associatedWith", href=href, **({"contenttype": kind} if kind else {}))
    if photo.caption:
        element(node, "description", photo.caption, role="drol:caption")
    if photo.alt:
        element(node, "description", photo.alt)
    if photo.credit:
        element(node, "creditline", photo.credit)
    if photo.usage:
        element(node, "usageTerms", photo.usage)


def _item_meta(root: ET.Element, release: Release, site_url: str | None) -> None:
    meta = element(root, "itemMeta")
    element(meta, "itemClass", qcode="ninat:text")
    _party(meta, "provider", release.organisation.name, release.organisation.website)
    element(meta, "versionCreated", rfc3339(modified_at(release)))
    element(meta, "firstCreated", rfc3339(published_at(release)))
    if release.embargo is not None:
        element(meta, "embargoed", rfc3339(release.embargo.until))
    element(meta, "pubStatus", qcode="stat:usable")
    element(meta, "generator", "pressrelease", versioninfo=__version__)
    if site_url:
        element(meta, "link", rel="irel:seeAlso", href=absolute(site_url, release_path(release.name)),
                contenttype="text/html")
    for photo, name in zip(release.photos, media_names(release), strict=True):
        _photo(meta, _photo_href(release, photo, name, site_url), photo)


def _dateline(view: ReleaseView) -> str:
    """The dateline as the release prints it; for a release that prints none, its city and date."""
    if view.dateline_alone:
        return view.dateline_alone
    city = view.release.dateline.city if view.release.dateline is not None else ""
    return f"{city}, {view.date_text}" if city else view.date_text


def _content_meta(root: ET.Element, view: ReleaseView) -> None:
    release = view.release
    meta = element(root, "contentMeta")
    element(meta, "contentCreated", rfc3339(content_created_at(release)))  # the same moment as ninjs'
    if release.updated is not None:
        element(meta, "contentModified", rfc3339(modified_at(release)))
    if release.dateline is not None and release.dateline.city:
        _party(meta, "located", release.dateline.city)
    _organisation(meta, "creator", release.organisation)
    for partner in release.partners:
        _organisation(meta, "contributor", partner)
    for contact in release.media_contacts:
        _contact(meta, contact)
    ET.SubElement(meta, "language", {"tag": clean(release.language)})
    qcode = GENRES.get(release.kind_id or "")
    if view.kind or qcode:
        _party(meta, "genre", view.kind, **({"qcode": qcode} if qcode else {}))
    for tag in release.tags:
        _party(meta, "subject", tag)
    element(meta, "headline", release.headline)
    if release.deck:
        element(meta, "description", "\n".join(release.deck), role="drol:summary")
    element(meta, "dateline", _dateline(view))


def body_html(view: ReleaseView) -> str:
    """The body's sanitised HTML (without the dateline lead), images addressed as the wire item can."""
    part = view.parts["body"]

    def address(src: str) -> str:  # a URL as written; a local file by its name (it travels beside the item)
        path = image_path(src, part.folder)
        return src if path is None else quote(path.name)

    try:
        return str(replace_images(part.html, address))
    except ValueError as exc:  # HTML the rewrite could not read: nothing is made from it
        origin = view.release.origin
        raise RenderError([Problem(origin.path if origin else None, origin.body_line if origin else 0, 1,
                                   f"body: {exc}", "simplify the raw HTML around the image", code="image")]) from None


def _inline_xml(root: ET.Element) -> ET.Element:
    """The ``contentSet`` and its ``inlineXML``, empty: the XHTML document is added once the item is indented,
    so the body's own whitespace stays its text."""
    return element(element(root, "contentSet"), "inlineXML", contenttype="application/xhtml+xml")


def _xhtml(release: Release, html: str) -> ET.Element:
    document = ET.Element("html", {"xmlns": XHTML_NS, _XML_LANG: clean(release.language)})
    element(element(document, "head"), "title", release.headline)
    append_html(element(document, "body"), html)
    return document


def newsml_item(view: ReleaseView, site_url: str | None) -> bytes:
    """The release as a NewsML-G2 2.35 newsItem, UTF-8, with its XML declaration and a final line feed."""
    release = view.release
    document = _xhtml(release, body_html(view))
    root = ET.Element("newsItem", {
        "xmlns": NAR_NS, "guid": clean(item_guid(release, site_url)), "version": "1", "standard": "NewsML-G2",
        "standardversion": "2.35", "conformance": "power", _XML_LANG: clean(release.language)})
    element(root, "catalogRef", href=CATALOG)
    _item_meta(root, release, site_url)
    _content_meta(root, view)
    inline = _inline_xml(root)
    ET.indent(root, space="  ")
    inline.append(document)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode() + b"\n"


class NewsmlRenderer:
    """Renders ``<name>.newsml.xml``: the release as one NewsML-G2 2.35 newsItem (UTF-8 bytes)."""

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme
        self.options = options

    def render(self, job: Job) -> bytes:
        return newsml_item(job.view, site_url_of(job.release, self.options.site_url))
