"""Every fixed wording the outputs print, in English: the source of the gettext catalogs.

Each message is marked with ``_N(key, english)``: the key is the gettext
context (``msgctxt``), the English text the ``msgid``. ``pybabel extract``
reads these calls (keyword ``_N:1c,2``) into ``pressrelease/i18n/locale/pressrelease.pot``,
translators fill a ``.po`` catalog per language from it, and
:mod:`pressrelease.i18n.catalogs` reads those at run time. The keys are also
what an organisation file's ``labels:`` override. docs/languages.md has the
commands.

``{names}`` in braces are filled in by the outputs; a translation must keep
the same ones, in any order.
"""

from __future__ import annotations

__all__ = ["MESSAGES"]


def _N(key: str, english: str) -> tuple[str, str]:  # noqa: N802 (the marker pybabel extract looks for)
    return key, english


MESSAGES: dict[str, str] = dict([
    # The label above the headline, one per known kind ("kind" is the press release's, kept for old overrides).
    _N("kind", "Press Release"),
    _N("kind_press_release", "Press Release"),
    _N("kind_news_release", "News Release"),
    _N("kind_media_advisory", "Media Advisory"),
    _N("kind_statement", "Statement"),
    _N("kind_joint_press_release", "Joint Press Release"),
    _N("kind_communique", "Communiqué"),
    # The release line, printed in capitals.
    _N("immediate", "For immediate release"),
    _N("embargoed", "Embargoed until {time}, {date}"),
    _N("embargoed_date", "Embargoed until {date}"),
    _N("time_date", "{time}, {date}"),
    # The email's subject line under embargo.
    _N("subject_embargoed", "EMBARGOED until {time}, {date}: {headline}"),
    _N("subject_embargoed_date", "EMBARGOED until {date}: {headline}"),
    # The dateline when the house style gives no dateline_format: as the body's lead, and on its own line.
    _N("dateline_lead", "{CITY}, {date} –"),
    _N("dateline_line", "{city}, {date}"),
    # Sections after the body.
    _N("notes_to_editors", "Notes to editors"),
    _N("about", "About {name}"),
    _N("contact_intro", "For further information, please contact"),
    _N("contacts_of", "{name} media contact"),
    _N("tel", "Tel:"),
    _N("email", "Email:"),
    _N("website", "Website:"),
    _N("links", "Links:"),
    _N("photo", "Photo:"),
    _N("image", "Image:"),
    # Between the parts of a contact ("IPU, Laura Mitchell, Press officer"), an address's lines, a venue's.
    _N("separator", ", "),
    # Quotation marks, when the house style asks for smart quotes: "« »" in French, "„ “" in German.
    _N("quote_open", "“"),
    _N("quote_close", "”"),
    _N("quote_inner_open", "‘"),
    # The end of the release, when the house style sets no end_mark.
    _N("end", "###"),
    # Page furniture of the PDF.
    _N("page", "Page {page} of {pages}"),
    _N("more", "-more-"),
    # A media advisory's event block.
    _N("event_what", "What"),
    _N("event_when", "When"),
    _N("event_where", "Where"),
    _N("event_online", "Online"),
    _N("term", "{term}:"),
    _N("calendar", "Add to calendar"),
    # The newsroom site: its header and footer, index pages, search page and 404 page.
    _N("site_navigation", "Site navigation"),
    _N("skip_to_content", "Skip to content"),
    _N("latest", "Latest releases"),
    _N("tags", "Tags"),
    _N("all_tags", "All tags"),
    _N("tag", "Tag"),
    _N("year", "Releases from {year}"),
    _N("archive", "Archive"),
    _N("search", "Search"),
    _N("search_title", "Search the releases"),
    _N("search_needs_script", "Search needs JavaScript. You can still browse the releases by tag or by year."),
    _N("pagination", "Pages"),
    _N("page_of", "Page {page} of {pages}"),
    _N("previous", "Previous"),
    _N("next", "Next"),
    _N("no_releases", "No releases have been published yet."),
    _N("not_found", "Page not found"),
    _N("not_found_text", "There is no page at this address. It may have moved, or the address may be mistyped."),
    _N("languages", "Languages"),
    _N("feeds", "Feeds"),
    _N("atom_feed", "Atom feed"),
    _N("json_feed", "JSON Feed"),
    _N("held_until", "Held until {time}, {date}"),
    # A release's media kit on the site.
    _N("media_kit", "Media kit"),
    _N("download_pdf", "Download the PDF"),
    _N("download_txt", "Download the text"),
    _N("download_ics", "Download the calendar file"),
    _N("photos", "Photos"),
    _N("photo_credit", "Photo: {credit}"),
    _N("full_resolution", "Full resolution"),
    # The newsroom's press-kit page: its sections, its downloads' details, a person's photo (alt text).
    _N("press_kit", "Press kit"),
    _N("key_facts", "Key facts"),
    _N("people", "People"),
    _N("kit_assets", "Logos, images and documents"),
    _N("colours", "Colours"),
    _N("media_contacts", "Media contacts"),
    _N("download_everything", "Download everything (ZIP)"),
    _N("smaller_copies", "Smaller copies"),
    _N("width_px", "{width} px wide"),
    _N("dimensions", "{width} × {height} px"),
    _N("credit", "Credit"),
    _N("usage", "Usage"),
    _N("photo_of", "Photo of {name}"),
])
