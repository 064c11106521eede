"""The models: a release and its organisation as frozen values, with no I/O.

``pressrelease.model`` is where every later stage gets its types; the
public ones are also importable from ``pressrelease`` itself.
"""

from __future__ import annotations

from ..errors import ModelError, ModelTypeError
from .event import Event
from .kinds import DEFAULT_KIND, KINDS, kind_id, kind_label_key
from .organisation import LINT_RULES, SECTIONS, Contact, FontFile, LintConfig, Organisation, Phone, Style
from .press_kit import Asset, Colour, Fact, Person, PressKit, localised
from .release import Dateline, Embargo, Origin, Photo, Release, slugify
from .site import Site
from .translation import Translation

__all__ = [
    "DEFAULT_KIND",
    "KINDS",
    "LINT_RULES",
    "SECTIONS",
    "Asset",
    "Colour",
    "Contact",
    "Dateline",
    "Embargo",
    "Event",
    "Fact",
    "FontFile",
    "LintConfig",
    "ModelError",
    "ModelTypeError",
    "Organisation",
    "Origin",
    "Person",
    "Phone",
    "Photo",
    "PressKit",
    "Release",
    "Site",
    "Style",
    "Translation",
    "kind_id",
    "kind_label_key",
    "localised",
    "slugify",
]
