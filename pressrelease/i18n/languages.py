"""Which language tags we accept: a BCP 47 tag that Babel has CLDR data for.

Checking a release (``pressrelease check``) must not pay for importing
Babel, so a tag whose locale file Babel ships ("en_GB.dat") is accepted from
a directory listing; only an unusual tag (another letter case, an alias) is
handed to Babel itself to decide.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re

__all__ = ["is_known_language"]

_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@functools.lru_cache(maxsize=1)
def _shipped_locales() -> frozenset[str]:
    """The locale identifiers Babel has data files for, found without importing Babel."""
    spec = importlib.util.find_spec("babel")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    try:
        names = os.listdir(os.path.join(folders[0], "locale-data")) if folders else []
    except OSError:
        names = []
    return frozenset(name[:-4] for name in names if name.endswith(".dat"))


@functools.lru_cache(maxsize=256)
def is_known_language(language: str) -> bool:
    """Whether ``language`` is a tag such as ``en``, ``en-GB``, ``fr`` or ``km`` that we can localise."""
    if not _TAG.fullmatch(language):
        return False
    if language.replace("-", "_") in _shipped_locales():
        return True
    from babel import UnknownLocaleError

    from .dates import locale_for

    try:
        locale_for(language)
    except (UnknownLocaleError, ValueError):
        return False
    return True
