"""Dateline formats, for any city text and any format made of placeholders and punctuation (Hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from pressrelease.errors import ModelError
from pressrelease.model import Dateline
from pressrelease.rules import is_dateline_format
from pressrelease.view import ReleaseView
from pressrelease.view.dateline import dateline_html, dateline_pieces, dateline_text

from issue10_builders import reference

REF = reference()
DATE = "19 February 2016"
SEPARATORS = [", ", " – ", " — ", " (", ") ", " ", ": ", " / ", "-", " [", "] ", " «", "» ", ", le "]
#: What a city-less dateline may not start or end with, unless the format itself does.
DANGLING_START = tuple(",;:–—-/)]»")
DANGLING_END = tuple(",;:/([«")

cities = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
rtl_and_markup = st.sampled_from(["جنيف", "ז'נבה", "<b>Geneva</b>", "Gen&amp;va", '"Q" & <A>', "ភ្នំពេញ", "{city}"])


@st.composite
def formats(draw: st.DrawFn) -> str:
    city = draw(st.sampled_from(["{city}", "{CITY}", None]))
    placeholders = ["{date}"] + ([city] if city else [])
    if draw(st.booleans()):
        placeholders.reverse()
    pieces = [draw(st.sampled_from(["", "", "Dateline: ", "("]))]
    for index, placeholder in enumerate(placeholders):
        if index:
            pieces.append(draw(st.sampled_from(SEPARATORS)))
        pieces.append(placeholder)
    pieces.append(draw(st.sampled_from(["", "", " –", " —", ")", ":"])))
    template = "".join(pieces)
    assume(is_dateline_format(template))
    return template


def _literal_ends(template: str) -> tuple[str, str]:
    parts = re.split(r"\{(?:city|CITY|date)\}", template)
    return parts[0], parts[-1]


@settings(max_examples=300, deadline=None)
@given(formats(), st.one_of(cities, rtl_and_markup))
@example("{city}, {date}", " 0")  # found by CI: the city's leading space was shown
@example("{date} ({city})", "Geneva ")
def test_with_a_city_every_placeholder_is_filled(template: str, given_city: str) -> None:
    text = dateline_text(dateline_pieces(template, given_city, DATE))
    city = given_city.strip()  # a city's outer spaces are not shown
    expected = template.replace("{city}", city).replace("{CITY}", city.upper()).replace("{date}", DATE).strip()
    assert text == expected
    assert text.replace(city, "").replace(city.upper(), "").count("{") == 0
    html = dateline_html(dateline_pieces(template, given_city, DATE), "2016-02-19")
    if "{city}" in template or "{CITY}" in template:
        shown = city if "{city}" in template else city.upper()
        assert f'<span class="city">{escape(shown)}</span>' in html
    bare = re.sub(r'</?span( class="city")?>|<time datetime="2016-02-19">|</time>', "", html)
    assert "<" not in bare and ">" not in bare.replace("&gt;", "")  # the city's markup is text


@settings(max_examples=300, deadline=None)
@given(formats())
def test_without_a_city_nothing_dangles(template: str) -> None:
    text = dateline_text(dateline_pieces(template, "", DATE))
    prefix, suffix = _literal_ends(template)
    assert "{" not in text and "}" not in text
    assert text.count(DATE) == 1 and text == text.strip()
    if not prefix.strip().startswith(DANGLING_START):
        assert not text.startswith(DANGLING_START), text
    if not suffix.strip().endswith(DANGLING_END):
        assert not text.endswith(DANGLING_END), text
    assert "  " not in text
    assert "()" not in text and "[]" not in text and "«»" not in text  # brackets around the city go with it


@settings(max_examples=60, deadline=None)
@given(formats(), st.one_of(st.just(""), cities, rtl_and_markup), st.sampled_from(["line", "lead"]))
def test_the_view_escapes_the_city_and_leaves_no_placeholder(template: str, city: str, style: str) -> None:
    try:
        dateline = Dateline(date=dt.date(2016, 2, 19), city=city)
    except ModelError:
        assume(False)
        raise
    release = dataclasses.replace(REF, dateline=dateline, style=dataclasses.replace(
        REF.house_style, dateline=style, dateline_format=template))
    view = ReleaseView(release)
    assert DATE in view.dateline_text
    if style == "line":
        shown = city.strip().upper() if "{CITY}" in template else city.strip() if "{city}" in template else ""
        assert str(escape(shown)) in view.dateline_html
        assert view.dateline_html.striptags().count(DATE) == 1
    else:
        body = view.html_parts(lambda src, path: src)["body"]
        assert str(escape(view.dateline_text)) in body
