"""Press-release conventions, checked as warnings by ``pressrelease check``.

These are editorial advice, not errors: a release that breaks them still
builds. ``--strict`` makes them errors (for CI gates); the organisation
file's ``lint:`` section changes the thresholds or disables rules, and so
does ``--disable`` on the command line. Sources for the thresholds are in
docs/ci.md.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import Problem
from ..i18n.segments import has_unspaced
from ..model import LINT_RULES, LintConfig, Release

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Callable, Iterable
    from pathlib import Path

    Warn = Callable[..., None]  # (rule, field, message, hint, at=(path, line, col) or None)

__all__ = ["RULES", "embargo_passed", "font_coverage", "lint"]

#: rule id -> what it checks (the table lives with :class:`~pressrelease.model.LintConfig`, which names rules)
RULES = LINT_RULES


def lint(release: Release, *, now: dt.datetime | None = None, config: LintConfig | None = None,
         disable: Iterable[str] = (), only: Iterable[str] | None = None) -> list[Problem]:
    """Convention warnings for ``release``, located in its source where possible (``only``: these rules alone)."""
    config = config or release.organisation.lint
    off = set(config.disable) | set(disable) | (set(RULES) - set(only) if only is not None else set())
    now = now or dt.datetime.now(dt.timezone.utc)
    found: list[Problem] = []

    def warn(rule: str, field: str, message: str, hint: str, at: tuple[Path | None, int, int] | None = None) -> None:
        if rule in off:
            return
        origin = release.origin
        path, (line, col) = (origin.path, origin.locate(field)) if origin else (None, (0, 0))
        if field == "body" and origin is not None:
            line, col = origin.body_line, 1
        if at is not None:
            path, line, col = at
        found.append(Problem(path, line, col, message, f"{hint}; rule {rule}", severity="warning", code=rule))

    _lint_headline_and_photos(release, config, warn)
    _lint_embargo(release, now, warn)
    _lint_body(release, config, warn)
    _lint_contacts(release, warn)
    _lint_kind(release, warn)
    if "font-coverage" not in off:  # the one rule that reads files (the fonts'): not even asked when off
        _lint_fonts(release, warn)
    return found


def embargo_passed(release: Release, now: dt.datetime | None = None) -> list[Problem]:
    """The ``embargo-past`` warning alone (unless the organisation disables it): ``build`` and ``send`` give it
    as ``check`` does, so a release still marked EMBARGOED after the time is noticed wherever it is used."""
    return lint(release, now=now, only=("embargo-past",)) if release.embargo is not None else []


def font_coverage(release: Release) -> list[Problem]:
    """The ``font-coverage`` warning alone (unless the organisation disables it): ``build`` gives it as ``check``
    does, so a character the PDF would draw as a box is never printed silently."""
    return lint(release, only=("font-coverage",))


def _lint_fonts(release: Release, warn: Warn) -> None:
    from .coverage import warning

    found = warning(release)
    if found is not None:
        path, line, col, message, hint = found
        warn("font-coverage", "headline", message, hint, at=(path, line, col))


def _lint_headline_and_photos(release: Release, config: LintConfig, warn: Warn) -> None:
    if len(release.headline) > config.headline_max:
        warn("headline-length", "headline", f"the headline is {len(release.headline)} characters long",
             f"editors and search results cut headlines past {config.headline_max}; shorten it")
    for index, photo in enumerate(release.photos):
        if not photo.alt:
            warn("photo-alt", f"photos[{index}].file", f"photo {photo.file.name} has no alt text",
                 "add 'alt:' describing the picture for people who cannot see it")


def _lint_body(release: Release, config: LintConfig, warn: Warn) -> None:
    words = _word_count(release.body)
    if words < config.body_min_words:
        warn("body-length", "body", f"the body has {words} words",
             f"a release usually needs at least {config.body_min_words} to answer who, what, when, where and why")
    elif words > config.body_max_words:
        warn("body-length", "body", f"the body has {words} words",
             f"wire services charge past about 400 and editors rarely read past {config.body_max_words}")


def _lint_embargo(release: Release, now: dt.datetime, warn: Warn) -> None:
    if release.embargo is None:
        return
    until = release.embargo.until
    if release.embargo.is_past(now):
        zone = release.embargo.zone_name or until.strftime("UTC%z")
        warn("embargo-past", "embargo", f"the embargo lifted on {until:%Y-%m-%d %H:%M} {zone}",
             "remove the embargo, or correct its date")
    month_only = release.dateline is not None and release.dateline.precision == "month"
    if until.date() != release.date and not month_only:
        warn("embargo-date", "embargo",
             f"the dateline says {release.date:%Y-%m-%d} but the embargo lifts on {until:%Y-%m-%d}",
             "a release is dated the day it may be published")


#: The kinds that carry a city in their dateline (a statement, an advisory or a kind of one's own need not).
_CITY_KINDS = ("press-release", "news-release", "joint-press-release", "communique")


def _lint_kind(release: Release, warn: Warn) -> None:
    kind = release.kind_id
    if kind == "media-advisory" and release.event is None:
        warn("advisory-event", "kind", "the media advisory has no event",
             "add 'event:' with its title, start and venue: an advisory tells journalists where to be, and when")
    has_city = release.dateline is not None and release.dateline.city
    if kind in _CITY_KINDS and not has_city and release.house_style.dateline != "none":
        warn("dateline-city", "dateline", "the dateline has no city",
             "add 'city:' under dateline (where the news comes from), or say 'kind: statement' if it is one")


def _lint_contacts(release: Release, warn: Warn) -> None:
    contact_field: Callable[[int], str] = (lambda i: f"contacts[{i}]") if release.contacts else (lambda i: "headline")
    where = "the organisation's" if not release.contacts else "the"
    for index, contact in enumerate(release.media_contacts):
        if not contact.phones:
            warn("contact-phone", contact_field(index), f"{where} media contact {contact.name} has no phone number",
                 "journalists on deadline call; add 'phones:'")
        if not contact.email:
            warn("contact-email", contact_field(index), f"{where} media contact {contact.name} has no email address",
                 "add 'email:'")


def _word_count(markdown_text: str) -> int:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown_text)  # images
    text = re.sub(r"\]\([^)]*\)", " ", text)  # link targets
    text = re.sub(r"<[^>]+>", " ", text)  # raw HTML tags
    if has_unspaced(text):  # Chinese, Japanese, Khmer, Thai: words are found by ICU's dictionaries, not spaces
        from icu4py.breakers import WordBreaker

        return sum(1 for word in WordBreaker(text, "en") if any(char.isalnum() for char in word))
    return len(re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text))
