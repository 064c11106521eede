"""A media advisory's ``event:``: what, when and where, read and checked as one mapping."""

from __future__ import annotations

import datetime as dt

import yaml

from ..model import Event
from .fields import EVENT_FIELDS
from .nodes import NodeReader
from .values import check_url, read_when

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Any

__all__ = ["read_event"]


def read_event(reader: NodeReader, node: yaml.Node) -> Event | None:
    values = reader.mapping(node, "event", EVENT_FIELDS, required=("title", "start"))
    if values is None:
        return None
    fields: dict[str, Any] = {}
    for key in ("title", "venue"):
        if key in values:
            fields[key] = reader.text(values[key], f"event.{key}", required=key == "title")
    for key in ("address", "details"):
        if key in values:
            fields[key] = reader.text(values[key], f"event.{key}", multiline=True)
    if "online" in values:
        fields["online"] = check_url(reader, values["online"], "event.online")
    for key in ("start", "end"):
        if key in values:
            fields[key] = read_when(reader, values[key], f"event.{key}")
    if fields.get("title") is None or fields.get("start") is None or ("end" in values and fields["end"] is None):
        return None
    start, end = fields["start"], fields.get("end")
    if end is not None:
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            reader.error(values["end"], "event.end must be a day when the start is a day, and a time when it is a time",
                         "write both as days (2017-05-09) or both as times (2017-05-09 12:00 Asia/Phnom_Penh)", "date")
            return None
        if end < start:
            reader.error(values["end"], "event.end is before event.start", "check the day and time of both", "date")
            return None
    return Event(**{key: value for key, value in fields.items() if value is not None})
