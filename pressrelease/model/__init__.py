"""The models: a release and its organisation as frozen values, with no I/O.

``pressrelease.model`` is where every later stage gets its types; the
public ones are also importable from ``pressrelease`` itself.
"""

from __future__ import annotations

from ..errors import ModelError, ModelTypeError
from .organisation import LINT_RULES, Contact, FontFile, LintConfig, Organisation, Style
from .release import Dateline, Embargo, Origin, Photo, Release, slugify

__all__ = [
    "LINT_RULES",
    "Contact",
    "Dateline",
    "Embargo",
    "FontFile",
    "LintConfig",
    "ModelError",
    "ModelTypeError",
    "Organisation",
    "Origin",
    "Photo",
    "Release",
    "Style",
    "slugify",
]
