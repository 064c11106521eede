"""The shipped translations of the labels: one gettext catalog per language, read with Babel.

``pressrelease/i18n/locale/<lang>/LC_MESSAGES/pressrelease.po`` holds a
language's translations of :data:`~pressrelease.i18n.messages.MESSAGES`,
the message's key as its context. Only the ``.po`` text is kept in the
repository: the first release in a language compiles its catalog (Babel's
``write_mo``) into gettext's binary form in memory, once per process, and
every label is looked up through :mod:`gettext` from it. A missing or
fuzzy translation is no translation: the label falls back to the next
language in line (``fr-CH`` -> ``fr`` -> English), and a test fails
before that can ship.
"""

from __future__ import annotations

import functools
import os

from .messages import MESSAGES

__all__ = ["DOMAIN", "LOCALE_DIR", "catalog_path", "shipped_languages", "translations"]

DOMAIN = "pressrelease"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


def _folder(language: str) -> str:
    """The catalog folder of a BCP 47 tag: "zh-Hans" -> "zh_Hans", "pt-BR" -> "pt_BR"."""
    return language.replace("-", "_")


def catalog_path(language: str) -> str:
    return os.path.join(LOCALE_DIR, _folder(language), "LC_MESSAGES", DOMAIN + ".po")


@functools.lru_cache(maxsize=1)
def shipped_languages() -> tuple[str, ...]:
    """The languages with a catalog, as BCP 47 tags ("ar", "zh-Hans"), English (the source) first."""
    found = sorted(name.replace("_", "-") for name in os.listdir(LOCALE_DIR)
                   if os.path.isfile(catalog_path(name)))
    return ("en", *found)


@functools.lru_cache(maxsize=32)
def translations(language: str) -> dict[str, str]:
    """key -> translated label for ``language`` exactly (no fallback); {} without a catalog.

    Compiled from the ``.po`` with Babel and read back with :mod:`gettext`,
    as an installed ``.mo`` would be: what gettext would not use (a fuzzy
    entry, an empty translation) is not used here either.
    """
    path = catalog_path(language)
    if language == "en" or not os.path.isfile(path):
        return {}
    import gettext
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(path, "rb") as po:
        catalog = read_po(po, locale=_folder(language), domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    table = gettext.GNUTranslations(compiled)
    found = {}
    for key, english in MESSAGES.items():
        text = table.pgettext(key, english)
        if text != english or _translated(catalog, key, english):
            found[key] = text
    return found


def _translated(catalog: object, key: str, english: str) -> bool:
    """Whether the catalog translates ``key`` to its English text itself ("Photo:" stays "Photo:" in French)."""
    message = catalog.get(english, context=key)  # type: ignore[attr-defined]
    return message is not None and bool(message.string) and not message.fuzzy
