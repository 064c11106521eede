"""Words the templates print themselves, and dates, in the release's language.

Dates and times come from Babel (CLDR data), so "19 February 2016" and
"19 février 2016" are right for any language Babel knows. The fixed labels
("For further information, please contact") are a small table here; an
organisation file can replace or add any label for any language under
``labels:``, which is how a press office adds a language we do not ship.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Mapping

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_timezone_name

__all__ = [
    "LABELS",
    "Labels",
    "format_embargo",
    "format_release_date",
    "is_known_language",
    "locale_for",
]

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "kind": "Press Release",
        "immediate": "For immediate release",
        "embargoed": "Embargoed until {time}, {date}",
        "notes_to_editors": "Notes to editors",
        "contact_intro": "For further information, please contact",
        "tel": "Tel:",
        "email": "email:",
        "page": "Page {page} of {pages}",
        "more": "-more-",
        "photo": "Photo:",
        "image": "Image:",
        "links": "Links:",
        "website": "Website:",
        "subject_embargoed": "EMBARGOED until {time}, {date}: {headline}",
    },
    "fr": {
        "kind": "Communiqué de presse",
        "immediate": "Pour diffusion immédiate",
        "embargoed": "Sous embargo jusqu’au {date}, {time}",
        "notes_to_editors": "Notes aux rédactions",
        "contact_intro": "Pour de plus amples informations, veuillez contacter",
        "tel": "Tél. :",
        "email": "Courriel :",
        "page": "Page {page} sur {pages}",
        "more": "-suite-",
        "photo": "Photo :",
        "image": "Image :",
        "links": "Liens :",
        "website": "Site web :",
        "subject_embargoed": "SOUS EMBARGO jusqu’au {date}, {time} : {headline}",
    },
}

_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def locale_for(language: str) -> Locale:
    """The Babel locale of a BCP 47 tag ("en-GB" -> en_GB)."""
    return Locale.parse(language.replace("-", "_"))


def is_known_language(language: str) -> bool:
    if not _TAG.fullmatch(language):
        return False
    try:
        locale_for(language)
    except (UnknownLocaleError, ValueError):
        return False
    return True


class Labels:
    """The label table for one language: shipped labels, then the organisation's.

    Lookup falls back from "fr-CH" to "fr" to English, so a label missing in
    one language still prints something rather than failing the build.
    """

    def __init__(self, language: str, overrides: Mapping[str, Mapping[str, str]] = {}) -> None:
        chain = _fallbacks(language)
        table: dict[str, str] = {}
        for lang in reversed(chain):
            table.update(LABELS.get(lang, {}))
            table.update(overrides.get(lang, {}))
        self._table = table

    def __getitem__(self, key: str) -> str:
        return self._table[key]

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def format(self, key: str, **values: str) -> str:
        """The label with its {placeholders} filled (not str.format: labels come from files)."""
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), self._table[key])

    def format_caps(self, key: str, **values: str) -> str:
        """Like :meth:`format`, with the label's own words in capitals but not the values.

        "EMBARGOED UNTIL 10:00 CET, 19 February 2016": the date keeps its case.
        """
        pieces = _PLACEHOLDER.split(self._table[key])
        # split() with one group alternates: text, name, text, name, ...
        return "".join(values.get(piece, "{" + piece + "}") if index % 2 else piece.upper()
                       for index, piece in enumerate(pieces))


def _fallbacks(language: str) -> list[str]:
    parts = language.split("-")
    chain = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if "en" not in chain:
        chain.append("en")
    return chain


def format_release_date(date: dt.date, language: str, date_format: str = "long") -> str:
    """The date as the release's language writes it ("19 February 2016" for en-GB)."""
    return format_date(date, format=date_format, locale=locale_for(language))


def format_embargo(moment: dt.datetime, language: str, date_format: str = "long") -> tuple[str, str]:
    """(time, date) of an embargo in its own zone: ("10:00 CET", "19 February 2016").

    The zone is shown by its short name where the locale has one (CET), else
    as an offset (GMT+01:00), so a reader in another zone can convert it.
    """
    locale = locale_for(language)
    tz = moment.tzinfo
    time_text = format_time(moment, "HH:mm", tzinfo=tz, locale=locale)
    zone = get_timezone_name(moment, width="short", locale=locale, zone_variant=None)
    if getattr(tz, "key", None) in ("UTC", "Etc/UTC"):
        zone = "UTC"
    elif not re.fullmatch(r"[A-Z]{2,5}", zone):
        zone = _utc_offset(moment)
    return (f"{time_text} {zone}", format_date(moment.date(), format=date_format, locale=locale))


def _utc_offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"
