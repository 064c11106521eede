"""Themes: where templates come from, how Jinja renders them, and the filters they may use."""

from __future__ import annotations

from .theme import Theme, builtin_templates_dir

__all__ = ["Theme", "builtin_templates_dir", "css_string", "page_counter_css"]


def __getattr__(name: str) -> object:  # the filters import the plain-text layout: only when rendering
    if name in ("css_string", "page_counter_css"):
        from . import filters

        return getattr(filters, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
