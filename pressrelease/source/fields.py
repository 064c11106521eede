"""Every field a release and an organisation file may have: its name, its type and what it is for.

The single place that knows the source format's vocabulary. One table per
mapping (a release's front matter, its dateline, a contact, an organisation
file, a house style...) gives each field a type descriptor, whether it is
required, and a one-line description. The readers in :mod:`.schema` take
their keys from the ``*_FIELDS`` tuples derived here, unknown keys are
reported against them ("did you mean ...?"), :mod:`.jsonschema` writes the
editors' JSON Schemas from the tables, and docs/source-format.md documents
the same fields.

A type descriptor is a tuple whose first item names the type:

* a single value: ``("line",)`` one line of text, ``("text",)`` text that may
  span lines, ``("markdown",)``, ``("date_or_month",)`` YYYY-MM-DD or YYYY-MM,
  ``("moment",)`` a date and time with a zone, or a date, ``("boolean",)``,
  ``("false",)`` only ``false``, ``("path",)``, ``("url",)``,
  ``("email",)``, ``("zone",)`` an IANA zone, ``("language",)`` a BCP 47 tag,
  ``("colour",)``, ``("slug",)``, ``("translation_key",)``, ``("integer",)``, ``("phone",)``,
  ``("font_family",)``, ``("font_weight",)``, ``("dateline_format",)``,
  ``("date_format",)``, ``("kind",)``, ``("section",)``, ``("lint_rule",)``,
  ``("yaml_path",)`` a relative path to a .yaml file, ``("hex",)`` a colour written #RRGGBB;
* ``("choice", "a", "b")``: one of those words;
* ``("mapping", "contact")``: a mapping whose fields are the table of that name;
* ``("labels",)``: language -> label -> text;
* ``("by_language", item)``: a mapping of BCP 47 tags to values of type ``item``;
* ``("list", item)``, ``("one_or_list", item)`` and ``("either", a, b, ...)``.
"""

from __future__ import annotations

__all__ = [
    "ASSET_FIELDS",
    "COLOUR_FIELDS",
    "CONTACT_FIELDS",
    "DATELINE_FIELDS",
    "EVENT_FIELDS",
    "FACT_FIELDS",
    "FONT_FIELDS",
    "LINT_FIELDS",
    "ORGANISATION_FIELDS",
    "ORGANISATION_OVERRIDE_FIELDS",
    "PARTNER_FIELDS",
    "PERSON_FIELDS",
    "PHONE_FIELDS",
    "PHOTO_FIELDS",
    "PRESS_KIT_FIELDS",
    "RELEASE_FIELDS",
    "RELEASE_REQUIRED",
    "SITE_FIELDS",
    "STYLE_FIELDS",
    "TABLES",
    "Field",
    "misplaced_release_fields",
]


class Field:
    """One field of a mapping: its type descriptor, whether it must be given, and what it is for."""

    __slots__ = ("type", "description", "required")

    def __init__(self, type: tuple, description: str, *, required: bool = False) -> None:  # noqa: A002
        self.type = type
        self.description = description
        self.required = required

    def __repr__(self) -> str:
        return f"Field({self.type!r}, {self.description!r}, required={self.required})"


LINE = ("line",)
TEXT = ("text",)
MARKDOWN = ("markdown",)
PATH = ("path",)


def _list(item: tuple) -> tuple:
    return ("list", item)


def _mapping(name: str) -> tuple:
    return ("mapping", name)


RELEASE = {
    "kind": Field(("kind",), "What the release is: press release (the default), news release, media advisory, "
                  "statement, joint press release, communiqué, or any text, printed as written"),
    "label": Field(("either", LINE, ("boolean",)), "What is printed above the headline (default, or true: the "
                   "kind's localised name); false or \"\" prints no label"),
    "headline": Field(LINE, "The title: also the PDF's title and the email's subject", required=True),
    "short_headline": Field(LINE, "The PDF's running header from page 2 (default: the headline, cut after "
                            "60 characters)"),
    "subheadline": Field(("one_or_list", LINE), "Shown under the headline: one line, or a list of the deck's lines"),
    "dateline": Field(_mapping("dateline"), "Where and when the release is issued (may be left out when an "
                      "embargo dates it)"),
    "embargo": Field(("moment",), "Not for publication before: 2016-02-19 10:00 Europe/Zurich, "
                     "2016-02-19T10:00+01:00, or a date (00:00 in the organisation's timezone)"),
    "updated": Field(("moment",), "When the release was last corrected, a date and time with a zone "
                     "(2016-02-20 15:00 Europe/Zurich): its pages' and feeds' modified time"),
    "language": Field(("language",), "The release's language, a BCP 47 tag such as en, en-GB, fr or km "
                      "(default: the organisation's, else en)"),
    "photos": Field(_list(_mapping("photo")), "Pictures shown with the release, each with its alt text, "
                    "caption, credit and usage note"),
    "tags": Field(_list(LINE), "Keywords (the page's keywords)"),
    "contacts": Field(_list(_mapping("contact")), "Media contacts: replace every organisation's contacts "
                      "when given"),
    "event": Field(_mapping("event"), "The event a media advisory announces: a WHAT / WHEN / WHERE block "
                   "and an .ics file"),
    "notes_to_editors": Field(MARKDOWN, "Markdown printed after the body"),
    "disclaimer": Field(MARKDOWN, "Markdown printed in small type (forward-looking statements)"),
    "footer": Field(MARKDOWN, "Markdown (copyright, trademark lines); replaces the organisation's footer"),
    "organisation": Field(("either", ("yaml_path",), _mapping("organisation_override")),
                          "The issuer: a relative path to its organisation file, or a mapping of fields "
                          "overriding the organisation for this release"),
    "partners": Field(_list(("either", ("yaml_path",), _mapping("partner"))),
                      "The other organisations of a joint release: each a path to an organisation file "
                      "or a mapping"),
    "slug": Field(("slug",), "The output file's stem (default: the source file's name)"),
    "translation_key": Field(("translation_key",), "Releases that share this key are translations of one "
                             "another: each one's web page links to the others (lowercase letters, digits, "
                             "hyphens)"),
    "style": Field(_mapping("style"), "House-style fields overriding the organisation's for this release"),
}

DATELINE = {
    "city": Field(LINE, "Where the release is issued (statements and web releases may give none)"),
    "date": Field(("date_or_month",), "The release's date: YYYY-MM-DD, or YYYY-MM for a month",
                  required=True),
}

PHOTO = {
    "file": Field(PATH, "A PNG, JPEG, GIF or WebP file relative to the release, inside its folder",
                  required=True),
    "alt": Field(LINE, "What the picture shows, for people who cannot see it"),
    "caption": Field(LINE, "Printed under the picture"),
    "credit": Field(LINE, "Who took or owns the picture"),
    "usage": Field(LINE, "How the picture may be used: the licence or usage note (\"Editorial use only\")"),
}

CONTACT = {
    "organisation": Field(LINE, "The contact's organisation, as printed"),
    "name": Field(LINE, "The contact's name", required=True),
    "role": Field(LINE, "The contact's job title"),
    "group": Field(LINE, "A heading contacts are grouped under (\"W3C Media Contact\")"),
    "phones": Field(("either", ("phone",), _list(("either", ("phone",), _mapping("phone")))),
                    "A phone number, or a list of numbers and {number, note} mappings"),
    "email": Field(("email",), "name@example.org, without a display name"),
}

PHONE = {
    "number": Field(("phone",), "Digits, spaces, + ( ) . / -, an optional ext 12", required=True),
    "note": Field(LINE, "Printed after the number in brackets (\"US, Eastern Time\")"),
}

EVENT = {
    "title": Field(LINE, "What happens", required=True),
    "start": Field(("moment",), "A date and time with a zone (2017-05-09 10:00 Asia/Phnom_Penh), or a date",
                   required=True),
    "end": Field(("moment",), "The same kind as start: both times or both dates (the last day, inclusive)"),
    "venue": Field(LINE, "Where it happens"),
    "address": Field(TEXT, "The venue's address; may span lines"),
    "online": Field(("url",), "Where to follow it online: an http(s) address"),
    "details": Field(MARKDOWN, "Markdown: who speaks, accreditation"),
}

ORGANISATION = {
    "name": Field(LINE, "The organisation's name: the letterhead and the PDF's author", required=True),
    "website": Field(("url",), "An http(s) address, shown in the letterhead"),
    "logo": Field(PATH, "A PNG, JPEG, GIF or SVG file relative to the organisation file, inside its folder"),
    "address": Field(TEXT, "Shown in the letterhead; may span lines"),
    "city": Field(LINE, "The default dateline city for pressrelease new"),
    "language": Field(("language",), "The default language of its releases, a BCP 47 tag"),
    "email": Field(("email",), "The press office: the email's From (Reply-To when no contact has one)"),
    "timezone": Field(("zone",), "An IANA zone (Europe/Zurich): a date-only embargo starts at 00:00 here"),
    "boilerplate": Field(MARKDOWN, "The \"About\" paragraph after the body, Markdown"),
    "about_heading": Field(LINE, "The boilerplate's heading (default: the localised \"About {name}\")"),
    "footer": Field(MARKDOWN, "Markdown printed at the end of every release (copyright, trademarks)"),
    "contacts": Field(_list(_mapping("contact")), "The default media contacts"),
    "style": Field(_mapping("style"), "The house style"),
    "labels": Field(("labels",), "Replace or add fixed wording: language -> label -> text"),
    "lint": Field(_mapping("lint"), "Thresholds and disabled rules of pressrelease check's warnings"),
    "site": Field(_mapping("site"), "The newsroom site: where it is published (url), its title, releases per page, "
                  "its languages"),
    "press_kit": Field(_mapping("press_kit"), "The newsroom's press kit: key facts, people, files to download, "
                       "brand colours"),
}

PARTNER = {key: ORGANISATION[key] for key in
           ("name", "website", "logo", "address", "boilerplate", "about_heading", "contacts")}

LINT = {
    "headline_max": Field(("integer",), "Warn about headlines longer than this many characters (70)"),
    "body_min_words": Field(("integer",), "Warn about bodies shorter than this many words (100)"),
    "body_max_words": Field(("integer",), "Warn about bodies longer than this many words (1000)"),
    "disable": Field(("one_or_list", ("lint_rule",)), "Rules never to warn about"),
}

STYLE = {
    "dateline": Field(("choice", "lead", "line", "none"), "lead opens the first paragraph (the default), "
                      "line prints it on its own line, none prints no dateline"),
    "dateline_format": Field(("dateline_format",), "{city}, {CITY} and {date} with literal text, e.g. "
                             "\"{CITY}, {date} –\" or \"{city} ({date})\""),
    "end_mark": Field(LINE, "Printed after the body (default: the language's, ### in English; \"\" for none)"),
    "release_line": Field(("boolean",), "Print \"For immediate release\" (default true); an embargo line is "
                          "always shown"),
    "accent_colour": Field(("colour",), "A hex colour such as \"#1f4e79\" (quote it: # starts a YAML comment)"),
    "font_family": Field(("font_family",), "A font family put first in the font stack"),
    "fonts": Field(_list(_mapping("font")), "The family's files, relative to the file that names them"),
    "paper": Field(("choice", "a4", "letter"), "The PDF's paper size (default a4)"),
    "hyphenate": Field(("boolean",), "Hyphenate the PDF's paragraphs (default false): then only lower-case "
                       "words of 8 letters or more are broken"),
    "smart_quotes": Field(("boolean",), "Typographic quotes and apostrophes in the Markdown parts, in the "
                          "language's style (“ ” in English, « » in French, „ “ in German; default false)"),
    "digits": Field(("choice", "latin", "native"), "latin (0-9, the default) or native: the language's own "
                    "digits in dates and page numbers (Khmer ០-៩, Arabic ٠-٩)"),
    "date_format": Field(("date_format",), "short, medium, long (the default), full, or a CLDR pattern such "
                         "as \"d MMMM y\""),
    "embargo_zones": Field(("one_or_list", ("zone",)), "More IANA zones the embargo line gives the time in"),
    "sections": Field(_list(("section",)), "The order of the sections after the body"),
}

FONT = {
    "file": Field(PATH, "A TrueType, OpenType or WOFF file", required=True),
    "weight": Field(("font_weight",), "100 to 900, normal or bold (default normal)"),
    "style": Field(("choice", "normal", "italic"), "normal (the default) or italic"),
}

SITE = {
    "url": Field(("url",), "The address the site is published at, https://www.example.org/news/", required=True),
    "title": Field(LINE, "The site's name in its pages and feeds (default: the organisation's name)"),
    "per_page": Field(("integer",), "Releases per index page, 1 to 500 (default 20)"),
    "languages": Field(("one_or_list", ("language",)), "The site's languages, main first (default: its releases')"),
}

def _localisable(item: tuple) -> tuple:
    """A text given once for every language, or by language: ``{en: ..., fr: ...}``."""
    return ("either", item, ("by_language", item))


PRESS_KIT = {
    "facts": Field(_list(_mapping("fact")), "Key facts (founded, headquarters, size, leadership): at most 50"),
    "people": Field(_list(_mapping("person")), "People journalists may quote or call, with a photo and a short bio: "
                    "at most 50"),
    "assets": Field(_list(_mapping("asset")), "Files to download (logos, brand images, fact sheets): at most 100"),
    "colours": Field(_list(_mapping("colour")), "Brand colours shown as swatches: at most 50"),
}

FACT = {
    "label": Field(_localisable(LINE), "What the fact is (\"Founded\"): one line, or one per language",
                   required=True),
    "value": Field(_localisable(LINE), "The fact (\"1889\"): one line, or one per language", required=True),
}

PERSON = {
    "name": Field(LINE, "The person's name", required=True),
    "role": Field(_localisable(LINE), "Their job title: one line, or one per language"),
    "photo": Field(PATH, "A PNG, JPEG, GIF or WebP file relative to the organisation file, inside its folder"),
    "photo_credit": Field(LINE, "Who took or owns the photo"),
    "bio": Field(_localisable(MARKDOWN), "A short biography in Markdown (no image: the photo is the picture), or one per language"),
}

ASSET = {
    "file": Field(PATH, "A PNG, JPEG, GIF, WebP or SVG image or a PDF (at most 50 MB) relative to the organisation "
                  "file, inside its folder", required=True),
    "title": Field(LINE, "What the file is (\"Logo, colour, PNG\")", required=True),
    "credit": Field(LINE, "Who made or owns it"),
    "usage": Field(LINE, "The licence or usage note (\"Editorial use only\")"),
}

COLOUR = {
    "name": Field(LINE, "The colour's name (\"IPU blue\")", required=True),
    "hex": Field(("hex",), "Its value, \"#RRGGBB\" (quote it: # starts a YAML comment)", required=True),
}

#: The tables by the name a ``("mapping", name)`` descriptor gives; "organisation_override" is a release's
#: ``organisation:`` mapping (every organisation field, none required).
TABLES: dict[str, dict[str, Field]] = {
    "release": RELEASE,
    "dateline": DATELINE,
    "photo": PHOTO,
    "contact": CONTACT,
    "phone": PHONE,
    "event": EVENT,
    "organisation": ORGANISATION,
    "organisation_override": {key: Field(field.type, field.description) for key, field in ORGANISATION.items()
                              if key not in ("site", "press_kit")},  # one site and kit per organisation file
    "partner": PARTNER,
    "lint": LINT,
    "style": STYLE,
    "font": FONT,
    "site": SITE,
    "press_kit": PRESS_KIT,
    "fact": FACT,
    "person": PERSON,
    "asset": ASSET,
    "colour": COLOUR,
}

RELEASE_FIELDS = tuple(RELEASE)
#: Required in every release; ``dateline`` may be left out only when an ``embargo`` dates the release.
RELEASE_REQUIRED = tuple(key for key, field in RELEASE.items() if field.required)
DATELINE_FIELDS = tuple(DATELINE)
PHOTO_FIELDS = tuple(PHOTO)
CONTACT_FIELDS = tuple(CONTACT)
PHONE_FIELDS = tuple(PHONE)
EVENT_FIELDS = tuple(EVENT)
ORGANISATION_FIELDS = tuple(ORGANISATION)
#: What a release's ``organisation:`` mapping may override (every field but the site and the press kit).
ORGANISATION_OVERRIDE_FIELDS = tuple(TABLES["organisation_override"])
#: The fields a partner given inline in a release (``partners: [{name: ...}]``) may have.
PARTNER_FIELDS = tuple(PARTNER)
LINT_FIELDS = tuple(LINT)
STYLE_FIELDS = tuple(STYLE)
FONT_FIELDS = tuple(FONT)
SITE_FIELDS = tuple(SITE)
PRESS_KIT_FIELDS = tuple(PRESS_KIT)
FACT_FIELDS = tuple(FACT)
PERSON_FIELDS = tuple(PERSON)
ASSET_FIELDS = tuple(ASSET)
COLOUR_FIELDS = tuple(COLOUR)


def misplaced_release_fields() -> dict[str, str]:
    """Keys written at the top of a release that belong in one of its mappings: key -> mapping."""
    misplaced = {key: "style" for key in STYLE_FIELDS} | {key: "dateline" for key in DATELINE_FIELDS}
    return misplaced | {key: "organisation" for key in ORGANISATION_FIELDS if key not in RELEASE_FIELDS}
