"""The names of every field a release and an organisation file may have.

The single place that knows the source format's vocabulary: the readers in
:mod:`.schema` take their keys from here, unknown keys are reported against
these lists ("did you mean ...?"), and docs/source-format.md documents the
same table.
"""

from __future__ import annotations

__all__ = [
    "CONTACT_FIELDS",
    "DATELINE_FIELDS",
    "EVENT_FIELDS",
    "FONT_FIELDS",
    "LINT_FIELDS",
    "ORGANISATION_FIELDS",
    "PARTNER_FIELDS",
    "PHONE_FIELDS",
    "PHOTO_FIELDS",
    "RELEASE_FIELDS",
    "RELEASE_REQUIRED",
    "STYLE_FIELDS",
    "misplaced_release_fields",
]

RELEASE_FIELDS = (
    "kind", "label", "headline", "short_headline", "subheadline", "dateline", "embargo", "language", "photos",
    "tags", "contacts", "event", "notes_to_editors", "disclaimer", "footer", "organisation", "partners", "slug",
    "style",
)
#: Required in every release; ``dateline`` may be left out only when an ``embargo`` dates the release.
RELEASE_REQUIRED = ("headline",)
DATELINE_FIELDS = ("city", "date")
PHOTO_FIELDS = ("file", "alt", "caption", "credit")
CONTACT_FIELDS = ("organisation", "name", "role", "group", "phones", "email")
PHONE_FIELDS = ("number", "note")
EVENT_FIELDS = ("title", "start", "end", "venue", "address", "online", "details")
ORGANISATION_FIELDS = (
    "name", "website", "logo", "address", "city", "language", "email", "timezone", "boilerplate",
    "about_heading", "footer", "contacts", "style", "labels", "lint",
)
#: The fields a partner given inline in a release (``partners: [{name: ...}]``) may have.
PARTNER_FIELDS = ("name", "website", "logo", "address", "boilerplate", "about_heading", "contacts")
LINT_FIELDS = ("headline_max", "body_min_words", "body_max_words", "disable")
STYLE_FIELDS = (
    "dateline", "dateline_format", "end_mark", "release_line", "accent_colour", "font_family", "fonts", "paper",
    "date_format", "embargo_zones", "sections",
)
FONT_FIELDS = ("file", "weight", "style")


def misplaced_release_fields() -> dict[str, str]:
    """Keys written at the top of a release that belong in one of its mappings: key -> mapping."""
    misplaced = {key: "style" for key in STYLE_FIELDS} | {key: "dateline" for key in DATELINE_FIELDS}
    return misplaced | {key: "organisation" for key in ORGANISATION_FIELDS if key not in RELEASE_FIELDS}
