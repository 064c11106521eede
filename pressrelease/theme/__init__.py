"""Themes: where templates come from, how Jinja renders them, and the filters they may use."""

from __future__ import annotations

from .filters import css_string, page_counter_css
from .theme import Theme, builtin_templates_dir

__all__ = ["Theme", "builtin_templates_dir", "css_string", "page_counter_css"]
