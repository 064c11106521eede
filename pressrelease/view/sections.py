"""The parts after the body that come from several organisations: the boilerplates and the contacts' groups.

A release has one boilerplate per organisation that has one (the issuer
first, then a joint release's partners), each under "About {name}" in the
release's language or the organisation's own ``about_heading``. Contacts are shown in
groups: by their ``group`` when any has one, else by organisation when they
come from several, else as one group under "For further information,
please contact".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..i18n import Labels
from ..model import Contact, Organisation, Release

__all__ = ["BoilerplateView", "ContactGroup", "boilerplate_sources", "contact_groups"]


@dataclass(frozen=True, slots=True)
class ContactGroup:
    """Contacts shown together under one heading."""

    heading: str
    contacts: tuple[Contact, ...]


@dataclass(frozen=True, slots=True)
class BoilerplateView:
    """One organisation's boilerplate as a format shows it: its heading ("" for none), its HTML or text."""

    organisation: Organisation
    heading: str
    part: str
    html: Markup = Markup("")
    text: str = ""


def boilerplate_sources(release: Release, labels: Labels) -> list[tuple[BoilerplateView, str, Path | None]]:
    """(view without content, Markdown, its folder) for each organisation that has a boilerplate, issuer first.

    The parts are named "boilerplate" (the issuer's) and "boilerplate_1", ... (the partners', by position).
    """
    found = []
    for index, org in enumerate(release.organisations):
        if not org.boilerplate.strip():
            continue
        heading = org.about_heading or labels.format("about", name=org.name)
        name = "boilerplate" if index == 0 else f"boilerplate_{index}"
        found.append((BoilerplateView(org, heading, name), org.boilerplate, org.base_dir))
    return found


def contact_groups(release: Release, labels: Labels) -> list[ContactGroup]:
    """The media contacts in the groups they are shown in, in order of first appearance (none without contacts).

    A contact's ``group`` is its heading; a contact without one is grouped by its organisation when the
    contacts come from more than one, else shown under "For further information, please contact".
    """
    contacts = release.media_contacts
    if not contacts:
        return []
    if release.contacts:
        names = [contact.organisation for contact in contacts]
    else:  # each organisation's own contacts, in the order media_contacts lists them
        names = [org.name for org in release.organisations for _ in org.contacts]
    by_organisation = len(set(names)) > 1
    intro = labels["contact_intro"]
    groups: dict[tuple[str, str], list[Contact]] = {}
    for contact, name in zip(contacts, names, strict=True):
        key = ("group", contact.group) if contact.group else ("organisation", name if by_organisation else "")
        groups.setdefault(key, []).append(contact)
    return [ContactGroup(_heading(kind, name, intro, labels), tuple(members)) for (kind, name), members in groups.items()]


def _heading(kind: str, name: str, intro: str, labels: Labels) -> str:
    if kind == "group":
        return name
    return labels.format("contacts_of", name=name) if name else intro
