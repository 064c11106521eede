"""The words the templates print themselves, in every language we ship, and the organisation's own.

The fixed labels ("For further information, please contact", "Page 1 of 2")
are a table here; an organisation file can replace or add any label for any
language under ``labels:``, which is how a press office adds a language we
do not ship. The source readers check such overrides against this table.
"""

from __future__ import annotations


from ..rules import lazy

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Mapping

__all__ = ["LABELS", "Labels", "placeholders"]

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
        "embargoed_date": "Embargoed until {date}",
        "subject_embargoed_date": "EMBARGOED until {date}: {headline}",
        "time_date": "{time}, {date}",
        "kind_press_release": "Press Release",
        "kind_news_release": "News Release",
        "kind_media_advisory": "Media Advisory",
        "kind_statement": "Statement",
        "kind_joint_press_release": "Joint Press Release",
        "kind_communique": "Communiqué",
        "about": "About {name}",
        "contacts_of": "{name} media contact",
        "event_what": "What",
        "event_when": "When",
        "event_where": "Where",
        "event_online": "Online",
        "term": "{term}:",
        "calendar": "Add to calendar",
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
        "embargoed_date": "Sous embargo jusqu’au {date}",
        "subject_embargoed_date": "SOUS EMBARGO jusqu’au {date} : {headline}",
        "time_date": "{date}, {time}",
        "kind_press_release": "Communiqué de presse",
        "kind_news_release": "Communiqué",
        "kind_media_advisory": "Avis aux médias",
        "kind_statement": "Déclaration",
        "kind_joint_press_release": "Communiqué de presse conjoint",
        "kind_communique": "Communiqué",
        "about": "À propos de {name}",
        "contacts_of": "Contact presse {name}",
        "event_what": "Quoi",
        "event_when": "Quand",
        "event_where": "Où",
        "event_online": "En ligne",
        "term": "{term}\u00a0:",
        "calendar": "Ajouter au calendrier",
    },
}

_PLACEHOLDER = lazy(r"\{(\w+)\}")


def placeholders(label: str) -> set[str]:
    """The ``{names}`` a shipped label fills in (what an override of it may use)."""
    return set(_PLACEHOLDER.findall(LABELS["en"][label]))


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
            own = overrides.get(lang, {})
            if "kind" in own and "kind_press_release" not in own:
                # "kind" named the press release before the other kinds had labels: an override of it still does
                table["kind_press_release"] = own["kind"]
            table.update(own)
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
