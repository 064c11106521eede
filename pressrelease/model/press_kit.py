"""An organisation's press kit (``press_kit:`` in its organisation file): facts, people, assets, colours.

Frozen values with no I/O, like the rest of the model. Every file (a
person's photo, an asset) is an absolute path inside the organisation
file's folder, checked by the source stage as photos are; texts that may
differ by language (a fact's label and value, a bio) map a BCP 47 tag to
the text, ``""`` being the text for every language without its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping

__all__ = ["Asset", "Colour", "Fact", "Person", "PressKit", "localised"]


def localised(texts: Mapping[str, str], language: str) -> str:
    """The text for ``language``: its own, else that of the languages the labels fall back to (``fr`` for
    ``fr-CH``, ``zh-Hant`` for ``zh-TW``; tags compared in any case), else the default (``""``)."""
    from ..i18n.labels import canonical_tag, language_chain

    if language in texts:
        return texts[language]
    given = {canonical_tag(tag): text for tag, text in texts.items() if tag}
    own = canonical_tag(language)
    for tag in language_chain(language):
        if tag in given and (tag != "en" or own.split("-")[0] == "en"):  # the labels' last resort is not ours
            return given[tag]
    return texts.get("", "")


@dataclass(frozen=True, slots=True)
class Fact:
    """A key fact: its label and value, each by language ("" for every language)."""

    label: Mapping[str, str]
    value: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone journalists may quote or call: name, role (by language), photo, short bio (Markdown, by language)."""

    name: str
    role: Mapping[str, str] = field(default_factory=dict)
    photo: Path | None = None
    bio: Mapping[str, str] = field(default_factory=dict)
    photo_credit: str = ""


@dataclass(frozen=True, slots=True)
class Asset:
    """A file to download: logo, brand image or fact sheet, with its title, credit and usage note."""

    file: Path
    title: str
    credit: str = ""
    usage: str = ""


@dataclass(frozen=True, slots=True)
class Colour:
    """A brand colour: its name and hex value (#RRGGBB)."""

    name: str
    hex: str


@dataclass(frozen=True, slots=True)
class PressKit:
    """What the newsroom's press-kit page shows besides the organisation's boilerplate and contacts."""

    facts: tuple[Fact, ...] = ()
    people: tuple[Person, ...] = ()
    assets: tuple[Asset, ...] = ()
    colours: tuple[Colour, ...] = ()
