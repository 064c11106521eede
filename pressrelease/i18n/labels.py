"""The words the templates print themselves, in every language we ship, and the organisation's own.

The fixed labels ("For further information, please contact", "Page 1 of 2")
are the messages of :mod:`.messages`, translated by the gettext catalogs of
:mod:`.catalogs`; an organisation file can replace or add any label for any
language under ``labels:``, which is how a press office adds a language we
do not ship. The source readers check such overrides against the messages.
"""

from __future__ import annotations

from ..rules import lazy
from .catalogs import translations
from .messages import MESSAGES

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Mapping

__all__ = ["DATELINE_LABELS", "Labels", "language_chain", "placeholders"]

#: The labels that are dateline formats: any of {city}, {CITY} and {date} (rules.is_dateline_format).
DATELINE_LABELS = frozenset({"dateline_lead", "dateline_line"})

_PLACEHOLDER = lazy(r"\{(\w+)\}")


def placeholders(label: str) -> set[str]:
    """The ``{names}`` a shipped label fills in (what an override of it may use)."""
    if label in DATELINE_LABELS:
        return {"city", "CITY", "date"}
    return set(_PLACEHOLDER.findall(MESSAGES[label]))


class Labels:
    """The label table for one language: shipped labels, then the organisation's.

    Lookup falls back from "fr-CH" to "fr" to English, so a label missing in
    one language still prints something rather than failing the build.
    """

    def __init__(self, language: str, overrides: Mapping[str, Mapping[str, str]] = {}) -> None:
        chain = language_chain(language)
        overrides = {canonical_tag(tag): table for tag, table in overrides.items()}
        table: dict[str, str] = dict(MESSAGES)
        for lang in reversed(chain):
            table.update(translations(lang))
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


def _canonical_case(index: int, part: str) -> str:
    """BCP 47's conventional case, which tags are compared in: "zh-hans-cn" -> zh, Hans, CN."""
    if index == 0:
        return part.lower()
    if len(part) == 4 and part.isalpha():
        return part.title()
    return part.upper() if len(part) == 2 else part.lower()


def canonical_tag(tag: str) -> str:
    return "-".join(_canonical_case(index, part) for index, part in enumerate(tag.replace("_", "-").split("-")))


def language_chain(language: str) -> list[str]:
    """The languages whose labels ``language`` uses, most specific first: "fr-CH" -> fr-CH, fr, en.

    Chinese without a script takes the script its region writes: "zh" and "zh-CN" are Simplified
    (zh-Hans), "zh-TW", "zh-HK" and "zh-MO" Traditional (zh-Hant, which we do not ship).
    """
    parts = canonical_tag(language).split("-")
    chain = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if parts[0].lower() == "zh" and not any(len(part) == 4 for part in parts[1:]):
        region = next((part.upper() for part in parts[1:] if len(part) == 2), "")
        chain.insert(len(chain) - 1, "zh-Hant" if region in ("TW", "HK", "MO") else "zh-Hans")
    if "en" not in chain:
        chain.append("en")
    return chain
