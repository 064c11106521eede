"""Issue 10's parts of a release in every format: the web page, the text, the email's two parts and the PDF.

Releases are built in code from the reference release (tests/issue10_builders.py), so these tests depend
on the models only, not on how a source file spells the new fields.
"""

from __future__ import annotations

import pressrelease

import dataclasses
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape

from pressrelease import render_html, render_text
from pressrelease.model import Contact, Dateline, Embargo, Event, Phone
from pressrelease.view import ReleaseView

from issue10_builders import advisory, email_parts, formats, joint, pdf_text, reference, styled

REF = reference()
LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")


def flat(text: str) -> str:
    """Text with every run of white space as one space (a PDF's and a wrapped text's lines joined)."""
    return re.sub(r"\s+", " ", text)


def words(html: str) -> str:
    """The text of an HTML page's body, tags left out, white space collapsed (the email's HTML is re-serialised)."""
    return flat(re.sub(r"<[^>]+>", "", html[html.index("<body"):]))


# -- 1. kind and label ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "kind", "shown"), [
    ("en-GB", "Media Advisory", "Media Advisory"), ("fr", "media-advisory", "Avis aux médias"),
    ("fr", "", "Communiqué de presse"), ("en", "Statement", "Statement"), ("fr", "Communiqué", "Communiqué"),
    ("en", "Position Paper", "Position Paper"),  # a kind of its own: printed as written
])
def test_label_is_the_kinds_localised_name(language: str, kind: str, shown: str) -> None:
    release = dataclasses.replace(REF, language=language, kind=kind)
    out = formats(release)
    assert f'<p class="kind spaced">{shown}</p>' in out["html"]
    assert out["text"].startswith(shown.upper() + "\n")
    assert out["email_text"].startswith(shown.upper() + "\n")
    assert f">{shown}</p>" in out["email_html"]


def test_an_empty_label_prints_no_label_line_anywhere() -> None:
    out = formats(dataclasses.replace(REF, label=""), pdf=True)
    assert 'class="kind"' not in out["html"] and 'class="kind"' not in out["email_html"]
    assert out["text"].startswith("FOR IMMEDIATE RELEASE\n\nIPU Cambodia")
    assert "Press Release" not in out["pdf"] and "PRESS RELEASE" not in out["pdf"]
    none = render_text(styled(dataclasses.replace(REF, label=""), release_line=False))
    assert none.startswith("IPU Cambodia mission urges")  # no blank line for the missing label and release line


def test_a_label_text_is_printed_as_written_and_the_kind_stays() -> None:
    release = dataclasses.replace(REF, kind="Media Advisory", label="Update <2>")
    view = ReleaseView(release)
    assert (view.kind, view.label, view.summary().kind) == ("Media Advisory", "Update <2>", "Media Advisory")
    assert '<p class="kind spaced">Update &lt;2&gt;</p>' in render_html(release)


def test_an_organisation_overriding_kind_still_names_the_press_release() -> None:
    org = dataclasses.replace(REF.organisation, labels={"en": {"kind": "News from the IPU"}})
    assert render_text(dataclasses.replace(REF, organisation=org, kind="")).startswith("NEWS FROM THE IPU\n")
    org = dataclasses.replace(REF.organisation, labels={"en": {"kind_media_advisory": "Heads-up"}})
    assert render_text(dataclasses.replace(REF, organisation=org, kind="advisory")).startswith("HEADS-UP\n")


def test_only_latin_labels_are_letter_spaced() -> None:
    html = render_html(REF)
    assert re.search(r"^\.kind \{[^}]*letter-spacing", html, re.M) is None  # never for every language
    assert '<p class="kind spaced">Press Release</p>' in html
    assert '<p class="kind">' in render_html(dataclasses.replace(REF, language="ar", label="بيان صحفي"))
    assert '<p class="kind">' in render_html(dataclasses.replace(REF, language="sr-Cyrl"))
    _, english, _ = email_parts(REF)
    _, arabic, _ = email_parts(dataclasses.replace(REF, language="ar", label="بيان صحفي"))
    assert re.search(r'class="kind spaced" style="[^"]*letter-spacing', english)
    assert re.search(r'class="kind" style="[^"]*letter-spacing', arabic) is None
    assert "letter-spacing" not in arabic.split('class="kind"', 1)[1].split(">", 1)[0]


# -- 2. dateline ------------------------------------------------------------------------------------------


def test_a_lead_without_a_city_keeps_the_date_and_dash() -> None:
    release = styled(dataclasses.replace(REF, dateline=Dateline(date=dt.date(2016, 2, 19))), dateline="lead")
    out = formats(release, pdf=True)
    assert "\n19 February 2016 – A delegation from the" in out["text"]
    assert '<span class="dateline-lead">19 February 2016 –</span> A delegation' in out["html"]
    assert "19 February 2016 – A delegation" in flat(out["pdf"])
    assert 'class="dateline"' not in out["html"] and "Geneva" not in out["text"]


def test_a_line_without_a_city() -> None:
    out = formats(dataclasses.replace(REF, dateline=Dateline(date=dt.date(2016, 2, 19))))
    assert '<p class="dateline"><time datetime="2016-02-19">19 February 2016</time></p>' in out["html"]
    assert "\n\n19 February 2016\n\n" in out["text"] and ", 19 February" not in out["text"]


@pytest.mark.parametrize(("language", "month"), [("en-GB", "November 2019"), ("fr", "novembre 2019")])
def test_month_precision_prints_month_and_year(language: str, month: str) -> None:
    release = dataclasses.replace(REF, language=language, dateline=Dateline(
        date=dt.date(2019, 11, 1), city="Geneva", precision="month"))
    out = formats(release, pdf=True)
    assert f'<span class="city">Geneva</span>, <time datetime="2019-11">{month}</time>' in out["html"]
    assert f"\nGeneva, {month}\n" in out["text"] and f"Geneva, {month}" in words(out["email_html"])
    assert f"Geneva, {month}" in out["pdf"]
    assert '<meta name="dcterms.created" content="2019-11-01">' in out["html"]


@pytest.mark.parametrize(("template", "style", "with_city", "without"), [
    ("{city} ({date})", "line", "Geneva (19 February 2016)", "(19 February 2016)"),
    ("{date}, {city}", "line", "19 February 2016, Geneva", "19 February 2016"),
    ("{city} – {date} –", "lead", "Geneva – 19 February 2016 –", "19 February 2016 –"),
    ("{CITY}, {date} —", "lead", "GENEVA, 19 February 2016 —", "19 February 2016 —"),
])
def test_house_dateline_formats(template: str, style: str, with_city: str, without: str) -> None:
    for city, expected in (("Geneva", with_city), ("", without)):
        release = styled(dataclasses.replace(REF, dateline=Dateline(date=dt.date(2016, 2, 19), city=city)),
                         dateline=style, dateline_format=template)
        text = render_text(release)
        assert (f"\n{expected} A delegation" if style == "lead" else f"\n{expected}\n") in text
        assert ReleaseView(release).dateline_text == expected


def test_dateline_none_prints_none_but_still_dates_the_release() -> None:
    out = formats(styled(REF, dateline="none"), pdf=True)
    assert "Geneva" not in out["text"] and "19 February 2016" not in out["text"]
    assert 'class="dateline' not in out["html"] and 'class="dateline' not in out["email_html"]
    assert "Geneva" not in out["pdf"]
    assert '<meta name="dcterms.created" content="2016-02-19">' in out["html"]


def test_a_release_dated_by_its_embargo_prints_no_dateline() -> None:
    embargo = Embargo(until=dt.datetime(2016, 2, 19, 10, 0, tzinfo=ZoneInfo("Europe/Zurich")))
    for style in ("line", "lead"):
        out = formats(styled(dataclasses.replace(REF, dateline=None, embargo=embargo), dateline=style))
        assert "Geneva" not in out["text"] and 'class="dateline' not in out["html"]
        assert "EMBARGOED UNTIL 10:00 CET, 19 FEBRUARY 2016" in out["text"]


def test_the_city_is_escaped_in_html() -> None:
    city = '<img src=x onerror="alert(1)"> & Co'
    for style in ("line", "lead"):
        release = styled(dataclasses.replace(REF, dateline=Dateline(date=dt.date(2016, 2, 19), city=city)),
                         dateline=style)
        out = formats(release)
        shown = city if style == "line" else city.upper()
        assert "<img src=x" not in out["html"] and str(escape(shown)) in out["html"]
        assert "<img src=x" not in out["email_html"] and "&lt;img src=x" in out["email_html"].lower()
        assert (city if style == "line" else city.upper()) in out["text"]


# -- 3. embargo ------------------------------------------------------------------------------------------


def test_a_date_only_embargo_prints_no_time() -> None:
    until = dt.datetime(2021, 10, 14, 0, 0, tzinfo=NEW_YORK)
    release = dataclasses.replace(REF, embargo=Embargo(until=until, date_only=True))
    out = formats(release, pdf=True)
    for name in ("text", "email_text"):
        assert "\nEMBARGOED UNTIL 14 OCTOBER 2021\n" in out[name]
    assert ">EMBARGOED UNTIL 14 OCTOBER 2021</p>" in out["html"]
    assert "EMBARGOED UNTIL 14 OCTOBER 2021" in out["pdf"] and "00:00" not in out["pdf"]
    assert email_parts(release)[2]["Subject"] == f"EMBARGOED until 14 October 2021: {REF.headline}"
    fr = ReleaseView(dataclasses.replace(release, language="fr"))
    assert fr.release_line == "SOUS EMBARGO JUSQU’AU 14 OCTOBRE 2021"


def test_embargo_zones_show_each_zone_and_its_day_only_when_it_differs() -> None:
    embargo = Embargo(until=dt.datetime(2010, 11, 30, 0, 1, tzinfo=LONDON))
    release = styled(dataclasses.replace(REF, embargo=embargo), embargo_zones=("America/New_York", "Europe/Paris"))
    line = "00:01 GMT, 30 NOVEMBER 2010 (19:01 EST, 29 NOVEMBER) (01:01 CET)"  # all capitals, like the release line
    out = formats(release, pdf=True)
    assert f"EMBARGOED UNTIL {line}" in flat(out["text"]) and f"EMBARGOED UNTIL {line}" in flat(out["email_text"])
    assert f"EMBARGOED UNTIL {line}</p>" in out["html"] and f"EMBARGOED UNTIL {line}</p>" in out["email_html"]
    assert f"EMBARGOED UNTIL {line}" in flat(out["pdf"])
    subject = email_parts(release)[2]["Subject"]
    assert subject == f"EMBARGOED until 00:01 GMT, 30 November 2010: {REF.headline}"  # the main zone only
    same = styled(dataclasses.replace(REF, embargo=embargo), embargo_zones=("Europe/London", "UTC", "Africa/Accra"))
    assert ReleaseView(same).release_line == "EMBARGOED UNTIL 00:01 GMT, 30 NOVEMBER 2010"  # the same clocks: nothing


def test_a_date_only_embargo_shows_its_other_zones_too() -> None:
    embargo = Embargo(until=dt.datetime(2010, 11, 30, tzinfo=LONDON), date_only=True)
    release = styled(dataclasses.replace(REF, embargo=embargo), embargo_zones=("America/New_York",))
    assert ReleaseView(release).release_line == "EMBARGOED UNTIL 30 NOVEMBER 2010 (19:00 EST, 29 NOVEMBER)"


# -- 4. deck, 5. phones --------------------------------------------------------------------------------------


def test_a_deck_shows_each_line_and_describes_the_release_as_one() -> None:
    release = dataclasses.replace(REF, subheadline=("First line of the deck", "Second & last line"))
    out = formats(release, pdf=True)
    assert '<p class="subheadline">First line of the deck<br>Second &amp; last line</p>' in out["html"]
    assert "=\n\nFirst line of the deck\nSecond & last line\n\n" in out["text"]
    assert '<meta name="description" content="First line of the deck Second &amp; last line">' in out["html"]
    assert "First line of the deck" in out["email_html"] and "Second &amp; last line" in out["email_html"]
    assert "First line of the deck\nSecond & last line" in out["pdf"]
    _, reader = pdf_text(release)
    assert reader.metadata.subject == "First line of the deck Second & last line"


def test_phones_print_their_note_and_dial_the_number() -> None:
    contact = Contact(name="Ian Jacobs", role="Head of W3C Communications and a very long role title",
                      organisation="W3C", email="w3t-pr@w3.org", phones=(Phone("+1.617.253.5628", "US, Eastern Time"), "+33 4 92 38 79 72"))
    out = formats(dataclasses.replace(REF, contacts=(contact,)))
    assert '<a href="tel:+16172535628" dir="ltr">+1.617.253.5628 (US, Eastern Time)</a>' in out["html"]
    assert re.search(r'<a href="tel:\+33492387972"[^>]*>\+33 4 92 38 79 72</a>', out["email_html"])
    assert "+1.617.253.5628 (US, Eastern Time)" in out["text"]  # kept on one line when wrapped


# -- 6. joint releases ---------------------------------------------------------------------------------------


def test_a_joint_release_shows_every_logo_boilerplate_and_contact_group(tmp_path: Path) -> None:
    release = joint(tmp_path)
    out = formats(release, pdf=True)
    html = out["html"]
    assert re.findall(r'<img class="logo" src="data:image/png;base64,[^"]+" alt="([^"]+)"', html) == [
        "Inter-Parliamentary Union", "Yubico"]
    assert '<p class="organisation">Inter-Parliamentary Union</p>' in html and "www.yubico.com</a></p>" not in html
    headings = ["About Inter-Parliamentary Union", "About Yubico", "Inter-Parliamentary Union media contact",
                "Yubico media contact"]
    positions = [html.index(f"<h2>{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert re.search(r'<img alt="Yubico key" src="data:image/png;base64,', html)  # from Yubico's own folder
    text = out["text"]
    positions = [text.index(heading) for heading in [h.upper() for h in headings[:2]] + headings[2:]]
    assert positions == sorted(positions)
    assert "secure access [1]" in text and "[1] https://www.yubico.com/why" in text
    assert "Tel: +46 8 000 00 00 (Sweden)" in text and "[Image: Yubico key]" in text
    assert len(re.findall(r'<img class="logo"[^>]* src="cid:', out["email_html"])) == 2
    assert "About Yubico" in out["email_html"] and "Yubico media contact" in out["email_html"]
    pdf, reader = pdf_text(release)
    assert reader.metadata.author == "Inter-Parliamentary Union"
    assert all(heading in pdf for heading in headings)


def test_boilerplate_headings_localised_or_the_organisations_own(tmp_path: Path) -> None:
    release = joint(tmp_path, language="fr")
    partner = dataclasses.replace(release.partners[0], about_heading="Yubico in brief")
    text = render_text(dataclasses.replace(release, partners=(partner,)))
    assert "À PROPOS DE INTER-PARLIAMENTARY UNION" in text and "YUBICO IN BRIEF" in text
    assert "Contact presse Yubico" in text
    single = dataclasses.replace(REF, organisation=dataclasses.replace(REF.organisation, about_heading="About the IPU"))
    assert "<h2>About the IPU</h2>" in render_html(single)
    assert "<h2>About Inter-Parliamentary Union</h2>" in render_html(REF)  # one organisation: the localised heading


def test_contact_groups() -> None:
    ian = Contact(name="Ian", organisation="W3C", group="W3C Media Contact")
    amy = Contact(name="Amy", organisation="W3C", group="Investor Relations")
    bob = Contact(name="Bob", organisation="W3C")
    eve = Contact(name="Eve", organisation="Yubico")
    groups = lambda *contacts: [(g.heading, [c.name for c in g.contacts])  # noqa: E731
                                for g in ReleaseView(dataclasses.replace(REF, contacts=contacts)).contact_groups]
    assert groups(ian, bob, amy, ian) == [("W3C Media Contact", ["Ian", "Ian"]),
                                          ("For further information, please contact", ["Bob"]),
                                          ("Investor Relations", ["Amy"])]
    assert groups(bob, eve) == [("W3C media contact", ["Bob"]), ("Yubico media contact", ["Eve"])]
    assert groups(bob, bob) == [("For further information, please contact", ["Bob", "Bob"])]
    text = render_text(dataclasses.replace(REF, contacts=(ian, amy)))
    assert "\nW3C Media Contact\n\nW3C, Ian\n\nInvestor Relations\n\nW3C, Amy\n" in text


# -- 7. event ------------------------------------------------------------------------------------------------


def test_an_advisory_shows_what_when_where_online_before_the_body() -> None:
    out = formats(advisory(), pdf=True)
    html = out["html"]
    facts = re.findall(r"<dt>(\w+)</dt>\s*<dd>(.*?)</dd>", html)
    assert facts == [("What", "Launch of the 2017 Human Rights Report"), ("When", "10:00–12:00 UTC+07:00, 9 May 2017"),
                     ("Where", "Sunway Hotel, No. 1, Street 92, Phnom Penh"),
                     ("Online", '<a href="https://example.org/live">https://example.org/live</a>')]
    assert html.index('class="event"') < html.index('class="body"')
    assert "Add to calendar" not in html  # render_html alone makes no .ics to link to
    linked = pressrelease.render(advisory(), "html", pressrelease.RenderOptions(calendar_link=True))
    assert '<a href="2016-02-19-ipu-cambodia-mission.ics" download>Add to calendar</a>' in linked
    assert "Add to calendar" not in out["email_html"] and "Add to calendar" not in out["pdf"]
    assert re.search(r"<dt[^>]*>When</dt>", out["email_html"])
    text = out["text"]
    assert ("Geneva, 19 February 2016\n\nWHAT: Launch of the 2017 Human Rights Report\nWHEN: 10:00–12:00 UTC+07:00, 9 May 2017\n"
            "WHERE: Sunway Hotel, No. 1, Street 92, Phnom Penh\nONLINE: https://example.org/live\n\n"
            "Who: the Committee's president. To attend, apply [1].\n\nThe IPU will launch") in text
    assert "Phnom Penh [2]" in text and "[1] https://example.org/accredit\n[2] https://example.org/pp" in text
    pdf = flat(out["pdf"])
    assert "WHEN 10:00–12:00 UTC+07:00, 9 May 2017" in pdf and pdf.index("WHAT") < pdf.index("The IPU will launch")


@pytest.mark.parametrize(("start", "end", "when"), [
    (dt.date(2017, 5, 9), None, "9 May 2017"),
    (dt.date(2017, 5, 9), dt.date(2017, 5, 10), "9 – 10 May 2017"),  # en-GB's own spacing (CLDR)
    (dt.date(2017, 5, 30), dt.date(2017, 6, 2), "30 May 2017\u2009–\u20092 June 2017"),  # CLDR: thin spaces
    (dt.datetime(2017, 5, 9, 10, 0, tzinfo=LONDON), None, "10:00 BST, 9 May 2017"),
    (dt.datetime(2017, 5, 9, 22, 0, tzinfo=LONDON), dt.datetime(2017, 5, 10, 2, 0, tzinfo=LONDON),
     "22:00 BST, 9 May 2017 – 02:00 BST, 10 May 2017"),
])
def test_when_an_event_is(start: dt.date, end: dt.date | None, when: str) -> None:
    release = advisory(event=Event(title="Briefing", start=start, end=end))
    assert f"\nWHEN: {when.replace(chr(0x2009), ' ')}\n" in render_text(release)  # the text wraps at spaces of any width
    assert "WHERE" not in render_text(release)  # nothing to say: no line


def test_event_labels_in_french() -> None:
    text = render_text(advisory(language="fr"))
    # French puts a space before the colon (a no-break one in the label; the text's wrapping keeps the two together)
    assert "\nQUOI : Launch" in text and "\nQUAND : 9 mai 2017 à 10:00–12:00 UTC+07:00\n" in text
    assert "\nOÙ : Sunway" in text and "\nEN LIGNE : https://example.org/live" in text
    assert "\nWHAT: Launch" in render_text(advisory())
    html = pressrelease.render(advisory(language="fr"), "html", pressrelease.RenderOptions(calendar_link=True))
    assert "Ajouter au calendrier" in html


# -- 8. sections after the body, 9. the end mark ----------------------------------------------------------------


def test_sections_follow_the_house_style_order_in_every_format(tmp_path: Path) -> None:
    org = dataclasses.replace(REF.organisation, footer="© 2016 IPU. All rights reserved.")
    release = styled(dataclasses.replace(
        REF, organisation=org, notes_to_editors="Photos are on [Flickr](https://flickr.example).",
        disclaimer="Forward-looking statements are [risky](https://example.org/risk)."),
        sections=("disclaimer", "contacts", "notes_to_editors", "boilerplates", "footer"))
    out = formats(release, pdf=True)
    marks = {"html": ['class="end-mark', 'class="disclaimer"', 'class="contacts"', 'class="notes"',
                      'class="boilerplate"', 'class="footer"'],
             "text": ["###", "Forward-looking", "For further information", "NOTES TO EDITORS",
                      "The Inter-Parliamentary Union (IPU) is", "© 2016 IPU"]}
    marks["email_html"] = marks["html"]
    marks["email_text"] = marks["text"]
    marks["pdf"] = ["# # #", *marks["text"][1:]]  # the end mark is letter-spaced on the page
    for name, found in marks.items():
        text = flat(out[name]).lower()
        positions = [text.find(mark.lower()) for mark in found]
        assert -1 not in positions, (name, positions)
        assert positions == sorted(positions), name
    assert "risky [1]" in out["text"] and "Flickr [2]" in out["text"]  # links numbered in the order shown
    assert out["text"].index("[1] https://example.org/risk") < out["text"].index("[2] https://flickr.example")


def test_a_section_left_out_is_not_shown_and_a_release_footer_wins() -> None:
    org = dataclasses.replace(REF.organisation, footer="Organisation footer.")
    release = styled(dataclasses.replace(REF, organisation=org, footer="Release **footer**.", disclaimer="Risky."),
                     sections=("contacts", "footer"))
    out = formats(release)
    assert '<section class="footer">\n<p>Release <strong>footer</strong>.</p>\n</section>' in out["html"]
    assert "Organisation footer" not in out["text"] and "Release footer." in out["text"]
    for name in ("html", "text", "email_html"):
        assert "Risky" not in out[name] and "global organization of" not in out[name]
    assert out["text"].index("###") < out["text"].index("For further information")


def test_view_parts_are_computed_once_and_share_links() -> None:
    release = dataclasses.replace(advisory(), disclaimer="[a](https://a.example)", footer="[b](https://b.example)")
    view = ReleaseView(release)
    assert view.text_parts() is view.text_parts()
    assert view.part_order == ("event_details", "body", "notes", "boilerplate", "disclaimer", "footer")
    numbers = [url for _, url in view.text_parts().links]
    assert numbers == ["https://example.org/accredit", "https://example.org/pp", "https://a.example",
                       "https://b.example"]
    assert view.text_parts().texts["footer"] == "b [4]"


def test_contacts_without_a_group_are_still_grouped_by_organisation() -> None:
    from pressrelease.i18n import Labels
    from pressrelease.view.sections import contact_groups

    release = dataclasses.replace(REF, contacts=(
        Contact(name="Ada", organisation="IPU"), Contact(name="Bo", organisation="Yubico"),
        Contact(name="Cy", organisation="Yubico", group="Investor Relations Contact"), Contact(name="Di", organisation="IPU")))
    groups = [(group.heading, [c.name for c in group.contacts]) for group in contact_groups(release, Labels("en"))]
    assert groups == [("IPU media contact", ["Ada", "Di"]), ("Yubico media contact", ["Bo"]),
                      ("Investor Relations Contact", ["Cy"])]
    text = render_text(release)
    assert text.index("IPU media contact") < text.index("Yubico media contact") < text.index("Investor Relations")
