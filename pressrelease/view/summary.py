"""What a collection of releases sees of each one: a few facts, not the release itself.

The per-release stage makes a :class:`ReleaseSummary` from each release's
view; the incremental build keeps it in its manifest, so the collection
stage (the catalogue, later indexes and feeds) has a summary of every
release in the output folder without parsing unchanged sources again. The
collection stage pairs each summary with the files written for it
(:class:`CollectedRelease`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

__all__ = ["CollectedRelease", "OutputFile", "PhotoSummary", "ReleaseSummary", "SiteSummary"]


@dataclass(frozen=True, slots=True)
class PhotoSummary:
    """A photo as the site publishes it: its source file (absolute), its name in ``media/``, its texts."""

    file: str
    name: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    usage: str = ""


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """The ``site:`` of the release's organisation file, as given (``languages`` may be empty)."""

    url: str
    title: str = ""
    per_page: int = 20
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseSummary:
    """slug, headline, date (ISO), language, kind (as shown), tags, embargo (ISO 8601 with offset, or None),
    and what the newsroom site shows of it: direction, first sentence, city, when it was published and
    modified (ISO 8601 with offset), its translation key, organisation (and its file), logo, photos, and the site."""

    slug: str
    headline: str
    date: str
    language: str
    kind: str
    tags: tuple[str, ...] = ()
    embargo: str | None = None
    direction: str = "ltr"
    description: str = ""
    city: str = ""
    published: str = ""
    modified: str = ""
    translation_key: str = ""
    organisation: str = ""
    organisation_url: str = ""
    organisation_language: str = ""
    organisation_file: str = ""  # the organisation file it was read with (absolute), for the site's press kit
    logo: str = ""  # the logo's source file (absolute), "" for none
    logo_path: str = ""  # where the site publishes it
    #: Each partner's logo, as (source file, where the site publishes it): its JSON-LD names them.
    partner_logos: tuple[tuple[str, str], ...] = ()
    photos: tuple[PhotoSummary, ...] = ()
    site: SiteSummary | None = None
    accent_colour: str = ""  # the house style's, for the site's theme
    font_family: str = ""

    def to_json(self) -> dict[str, Any]:
        """The catalogue's fields (``releases.json``): the site's own stay out of it."""
        return {"slug": self.slug, "headline": self.headline, "date": self.date, "language": self.language,
                "kind": self.kind, "tags": list(self.tags), "embargo": self.embargo}

    def to_record(self) -> dict[str, Any]:
        """Everything, as the manifest keeps it."""
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["partner_logos"] = [list(pair) for pair in self.partner_logos]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReleaseSummary:
        embargo = data.get("embargo")
        site = data.get("site")
        texts = {key: str(data.get(key, default)) for key, default in _TEXTS.items()}
        return cls(slug=str(data["slug"]), headline=str(data["headline"]), date=str(data["date"]),
                   language=str(data["language"]), kind=str(data["kind"]),
                   tags=tuple(str(tag) for tag in data.get("tags", ())),
                   partner_logos=tuple((str(pair[0]), str(pair[1])) for pair in data.get("partner_logos", ())
                                       if isinstance(pair, (list, tuple)) and len(pair) == 2),
                   embargo=str(embargo) if embargo is not None else None,
                   photos=tuple(PhotoSummary(**{k: str(v) for k, v in photo.items()}) for photo in data.get("photos", ())),
                   site=SiteSummary(url=str(site["url"]), title=str(site.get("title", "")),
                                    per_page=int(site.get("per_page", 20)),
                                    languages=tuple(str(t) for t in site.get("languages", ())))
                   if isinstance(site, Mapping) else None,
                   **texts)


_TEXTS = {"direction": "ltr", "description": "", "city": "", "published": "", "modified": "",
          "translation_key": "", "organisation": "", "organisation_url": "", "organisation_language": "",
          "organisation_file": "", "logo": "", "logo_path": "", "accent_colour": "", "font_family": ""}


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file written for a release: its name inside the output folder, its size and its SHA-256."""

    name: str
    size: int
    sha256: str
    #: Its absolute path and modification time, for a collection that publishes it again (the site's copy).
    source: str = ""
    mtime_ns: int = 0


@dataclass(frozen=True, slots=True)
class CollectedRelease:
    """A release as the collection stage sees it: its summary and its files, by format."""

    summary: ReleaseSummary
    outputs: Mapping[str, OutputFile]
    #: The release's recorded inputs (absolute path -> SHA-256): a photo is published only as it was read.
    inputs: Mapping[str, str] = field(default_factory=dict)
    #: The release's source file (its manifest key).
    source: str = ""
    #: The recorded inputs' sizes in bytes (absolute path -> size): a photo's, for the feeds' enclosures.
    sizes: Mapping[str, int] = field(default_factory=dict)
