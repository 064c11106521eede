"""Who a release is from and whom to call: media contacts (with phones and their notes) and partners.

A joint release names its partners as organisation files (read by the
loader, with the same rules as ``organisation:``) or inline, with the few
fields a partner needs in a release: name, website, logo, address,
boilerplate, its heading, and contacts.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..model import Contact, Organisation, Phone
from .fields import CONTACT_FIELDS, PARTNER_FIELDS, PHONE_FIELDS
from .files import check_file
from .nodes import NodeReader, read_items
from .values import check_display_name, check_email, check_header_text, check_phone, check_url

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Any, Callable

    NamedFile = Callable[[yaml.Node, str], "Organisation | None"]

__all__ = ["MAX_PARTNERS", "read_contacts", "read_partners"]

#: The most partners a joint release may name (each adds a logo, a boilerplate and contacts to every output).
MAX_PARTNERS = 20


def read_contacts(reader: NodeReader, node: yaml.Node, field: str) -> tuple[Contact, ...] | None:
    return read_items(reader, node, field, CONTACT_FIELDS, "name",
                      lambda values, where: _read_contact(reader, values, where))


def _read_contact(reader: NodeReader, values: dict[str, yaml.Node], where: str) -> Contact | None:
    parts: dict[str, Any] = {}
    for key in ("organisation", "name", "role", "group"):
        if key in values:
            parts[key] = reader.text(values[key], f"{where}.{key}", required=key == "name")
    if "name" in values:
        parts["name"] = check_display_name(reader, values["name"], f"{where}.name", parts.get("name"),
                                           "the name goes into the email's From")
    if "email" in values:
        parts["email"] = check_email(reader, values["email"], f"{where}.email")
    if "phones" in values:
        parts["phones"] = _read_phones(reader, values["phones"], f"{where}.phones")
    if not parts.get("name"):
        return None
    return Contact(**{key: value for key, value in parts.items() if value is not None})


def _read_phones(reader: NodeReader, node: yaml.Node, field: str) -> tuple[Phone, ...]:
    """A phone, or a list of them; each a number, or ``{number: ..., note: ...}``."""
    phones = []
    for index, item in enumerate(reader.sequence(node, field, scalar_ok=True) or ()):
        where = f"{field}[{index}]"
        if isinstance(item, yaml.MappingNode):
            values = reader.mapping(item, where, PHONE_FIELDS, required=("number",)) or {}
            number = reader.text(values["number"], f"{where}.number", required=True) if "number" in values else None
            note = reader.text(values["note"], f"{where}.note") if "note" in values else None
            number_node = values.get("number", item)
        else:
            number, note, number_node = reader.text(item, where, required=True), None, item
        if number is not None:
            reader.remember(where, item)
            number = check_phone(reader, number_node, field, number)
        if number is not None:
            phones.append(Phone(number, note or ""))
    return tuple(phones)


def read_partners(reader: NodeReader, node: yaml.Node, base: Path, roots: tuple[Path, ...],
                  named: NamedFile, issuer: Organisation | None = None) -> tuple[Organisation, ...] | None:
    """A joint release's other organisations: each a relative organisation file (``named`` reads it) or a mapping.

    Each organisation once: a partner that is the issuer, or one named twice, would print its boilerplate
    and contacts twice.
    """
    items = reader.sequence(node, "partners")
    if items is None:
        return None
    if len(items) > MAX_PARTNERS:
        reader.error(items[MAX_PARTNERS], f"a release may have at most {MAX_PARTNERS} partners, not {len(items)}",
                     "name the main partners; thank the others in the body", "partner-limit")
        return None
    partners = []
    for index, item in enumerate(items):
        where = f"partners[{index}]"
        reader.remember(where, item)
        if isinstance(item, yaml.MappingNode):
            partner = _inline_partner(reader, item, where, base, roots)
        else:
            text = reader.text(item, where, required=True)
            partner = named(item, text) if text is not None else None
        if partner is None:
            continue
        if _same(partner, issuer) or any(_same(partner, other) for other in partners):
            what = "the issuing organisation" if _same(partner, issuer) else "a partner named before it"
            reader.error(item, f"{where} is {what} ({partner.name})",
                         "name each organisation once: the issuer in organisation:, the others in partners:",
                         "duplicate")
            continue
        partners.append(partner)
    return tuple(partners)


def _same(one: Organisation, other: Organisation | None) -> bool:
    if other is None:
        return False
    if one.path is not None and one.path == other.path:
        return True
    return one.name.casefold() == other.name.casefold()


def _inline_partner(reader: NodeReader, node: yaml.Node, where: str, base: Path,
                    roots: tuple[Path, ...]) -> Organisation | None:
    values = reader.mapping(node, where, PARTNER_FIELDS, required=("name",))
    if values is None:
        return None
    fields: dict[str, Any] = {}
    for key in ("address", "boilerplate"):
        if key in values:
            fields[key] = reader.text(values[key], f"{where}.{key}", multiline=True)
    if "about_heading" in values:
        fields["about_heading"] = reader.text(values["about_heading"], f"{where}.about_heading")
    if "name" in values:
        name = reader.text(values["name"], f"{where}.name", required=True)
        fields["name"] = check_header_text(reader, values["name"], f"{where}.name", name,
                                           "a partner's name is the page's co-author")
    if "website" in values:
        fields["website"] = check_url(reader, values["website"], f"{where}.website")
    if "logo" in values:
        fields["logo"] = check_file(reader, values["logo"], f"{where}.logo", base, roots, svg_ok=True)
    if "contacts" in values:
        fields["contacts"] = read_contacts(reader, values["contacts"], f"{where}.contacts")
    if not fields.get("name"):
        return None
    return Organisation(base_dir=base.resolve(), **{k: v for k, v in fields.items() if v is not None})
