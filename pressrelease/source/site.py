"""Reading an organisation file's ``site:``: where its newsroom site is published, and how.

::

    site:
      url: https://www.ipu.org/newsroom/   # absolute http(s), no query or fragment
      title: IPU Newsroom                  # default: the organisation's name
      per_page: 20                         # releases per index page, 1 to 500
      languages: [en, fr]                  # the site's languages, main first (default: its releases')

Every problem is located at the value that has it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml

from ..model.site import MAX_PER_PAGE, Site
from .fields import SITE_FIELDS
from .nodes import NodeReader
from .values import check_language, check_url

__all__ = ["read_site"]


def _site_url(reader: NodeReader, node: yaml.Node, field: str) -> str | None:
    url = check_url(reader, node, field)
    if url is None:
        return None
    parts = urlsplit(url)
    if not parts.hostname or parts.query or parts.fragment or "\\" in url or parts.username or parts.password:
        reader.error(node, f"{field} '{url}' is not the address of a folder on a web server",
                     "an absolute address with a host and no ?query, #fragment or user name, "
                     "e.g. https://www.example.org/news/", "url")
        return None
    return url


def read_site(reader: NodeReader, node: yaml.Node, field: str) -> Site | None:
    """The ``site:`` mapping as a :class:`Site`, or None (with the problems reported) if it has one."""
    values = reader.mapping(node, field, SITE_FIELDS, required=("url",))
    if values is None or "url" not in values:
        return None
    url = _site_url(reader, values["url"], f"{field}.url")
    title = reader.text(values["title"], f"{field}.title") if "title" in values else ""
    per_page = 20
    if "per_page" in values:
        text = reader.text(values["per_page"], f"{field}.per_page")
        if text is not None and (not re.fullmatch(r"[0-9]{1,3}", text) or not 1 <= int(text) <= MAX_PER_PAGE):
            reader.error(values["per_page"], f"{field}.per_page must be a whole number from 1 to {MAX_PER_PAGE}, "
                         f"not '{text}'", "20 is the default", "type")
            url = None
        elif text is not None:
            per_page = int(text)
    languages: list[str] = []
    if "languages" in values:
        for _, item in reader.text_list(values["languages"], f"{field}.languages", scalar_ok=True):
            language = check_language(reader, item, f"{field}.languages")
            if language is None:
                url = None
            elif language.lower() in (known.lower() for known in languages):
                reader.error(item, f"{field}.languages names '{language}' twice", "list each language once", "duplicate")
                url = None
            else:
                languages.append(language)
    if url is None or title is None:
        return None
    at = (0, 0)
    if "languages" in values:
        mark = values["languages"].start_mark
        at = (mark.line + 1, mark.column + 1)
    return Site(url=url, title=title, per_page=per_page, languages=tuple(languages), languages_at=at)
