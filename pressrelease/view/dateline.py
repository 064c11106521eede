"""The dateline as the house style writes it: "GENEVA, 19 February 2016 –", "(9 May 2017)".

A ``dateline_format`` is literal text around the placeholders ``{city}``,
``{CITY}`` (the city in capitals) and ``{date}``. Without a city, the city
placeholder goes, and so does the text joining it to the next placeholder
(or, when the city comes last, to the one before it), except for opening
brackets in that text: "{city} ({date})" becomes "(9 May 2017)". The same
pieces make the text and the HTML, so the two cannot disagree; in HTML the
city (untrusted text) is escaped like everything else.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

__all__ = ["Piece", "dateline_alone", "dateline_html", "dateline_pieces", "dateline_text"]

# The format each dateline style uses when the house style gives none is a label, so it follows the
# language ("dateline_lead", "dateline_line": the Arabic comma in Arabic).

_PLACEHOLDER = re.compile(r"(\{city\}|\{CITY\}|\{date\})")
_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›", "“": "”", "‘": "’", "„": "“", "（": "）", "【": "】"}

#: One piece of a dateline: ("text" | "city" | "date", its text).
Piece = tuple[str, str]


def _without_city(tokens: list[str], index: int) -> list[str]:
    """The tokens (literal, placeholder, literal, ...) with the city placeholder at ``index`` left out."""
    before, after = tokens[index - 1], tokens[index + 1]
    opener = before.rstrip()[-1:]
    if opener in _PAIRS and after.lstrip().startswith(_PAIRS[opener]):  # "({city})": the brackets go too
        before = before.rstrip()[:-1]
        after = after.lstrip()[1:]
    if index + 2 < len(tokens):  # a placeholder follows: keep the text before, and opening brackets after
        joined = before + "".join(char for char in after if char in _PAIRS)
    else:  # the city comes last: what joined it to the placeholder before goes, what ends the format stays
        joined = after if index > 1 else before + after
    return [*tokens[: index - 1], joined, *tokens[index + 2:]]


def dateline_pieces(template: str, city: str, date: str) -> list[Piece]:
    """The dateline's pieces in order, literal text merged, without empty pieces or outer spaces.

    The city's own outer spaces (YAML keeps ``" Geneva"``) are dropped: they would
    show in the text as a doubled or leading space.
    """
    city = city.strip()
    tokens = _PLACEHOLDER.split(template)
    if not city:
        while True:
            index = next((i for i in range(1, len(tokens), 2) if tokens[i] in ("{city}", "{CITY}")), None)
            if index is None:
                break
            tokens = _without_city(tokens, index)
    pieces: list[Piece] = []
    for position, token in enumerate(tokens):
        if position % 2 == 0:
            pieces.append(("text", token))
        elif token == "{date}":
            pieces.append(("date", date))
        else:
            pieces.append(("city", city.upper() if token == "{CITY}" else city))
    if pieces and pieces[0][0] == "text":
        pieces[0] = ("text", pieces[0][1].lstrip())
    if pieces and pieces[-1][0] == "text":
        pieces[-1] = ("text", pieces[-1][1].rstrip())
    return [piece for piece in pieces if piece[1]]


def dateline_text(pieces: list[Piece]) -> str:
    return "".join(text for _, text in pieces)


#: What joins a lead dateline to the text after it ("GENEVA, 19 February 2016 –", "KOLKATA:"): not part of it.
_JOINERS = " \u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014\u2015\u2212:\uff1a,\u060c\u3001"


def dateline_alone(pieces: list[Piece]) -> str:
    """The dateline as a value of its own (the JSON-LD's ``dateline``, NewsML's): without the dash, colon or
    comma that joins it to the text in a lead ("GENEVA, 19 February 2016", not "... 2016 –"); brackets stay."""
    return dateline_text(pieces).rstrip(_JOINERS)


def dateline_html(pieces: list[Piece], iso_date: str) -> Markup:
    """The pieces as HTML: the city in ``<span class="city">``, the date in ``<time>``."""
    out = []
    for kind, text in pieces:
        if kind == "city":
            out.append(Markup('<span class="city">{}</span>').format(text))
        elif kind == "date":
            out.append(Markup('<time datetime="{}">{}</time>').format(iso_date, text))
        else:
            out.append(escape(text))
    return Markup("").join(out)
