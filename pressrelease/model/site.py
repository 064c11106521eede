"""A newsroom site's settings (``site:`` in an organisation file): where it lives and what it is called.

Frozen values with no I/O, like the rest of the model. ``url`` is the
absolute address the deployable folder is published at, ending in ``/``;
every canonical link, feed id and sitemap entry is made from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..i18n import is_known_language
from ..rules import WEB_ADDRESS
from .checks import checked_text, refuse

__all__ = ["MAX_PER_PAGE", "Site"]

#: The most releases an index page lists (``per_page``).
MAX_PER_PAGE = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """``url`` (absolute http(s), ends in /), ``title``, releases per index page, and the site's languages.

    ``languages`` lists the languages the newsroom is published in, its main
    one first (the root index's language); empty: every language its
    releases use, the organisation's first.
    """

    url: str
    title: str = ""
    per_page: int = 20
    languages: tuple[str, ...] = ()
    #: Where ``languages`` was written in its file (line, column; (0, 0) when not read from one), for the
    #: build's warning about a language no release is in.
    languages_at: tuple[int, int] = field(default=(0, 0), compare=False)

    def __post_init__(self) -> None:
        checked_text(self, "url", self.url, required=True, accepts=WEB_ADDRESS.fullmatch,
                     rule="an absolute web address such as https://www.example.org/news/")
        parts = urlsplit(self.url)
        if not parts.hostname or parts.query or parts.fragment or parts.username or parts.password or "\\" in self.url:
            raise refuse(self, "url", "is the address of a folder on a web server: a host, no ?query, #fragment "
                                      "or user name")
        if not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")
        checked_text(self, "title", self.title)
        if isinstance(self.per_page, bool) or not isinstance(self.per_page, int) \
                or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise refuse(self, "per_page", f"must be a whole number from 1 to {MAX_PER_PAGE}")
        languages = tuple(self.languages)
        for language in languages:
            if not isinstance(language, str) or not is_known_language(language):
                raise refuse(self, "languages", f"holds {language!r}, not a known BCP 47 language tag")
        object.__setattr__(self, "languages", languages)
