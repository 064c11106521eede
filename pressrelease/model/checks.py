"""The source format's rules, applied to models built in code.

A program that builds a :class:`~.release.Release` by hand gets the same
refusals a source file would: every check here comes from :mod:`..rules`
(the ones the source readers use), and each failure is a
:class:`~pressrelease.errors.ModelError` naming the model and the field.
Values are also normalised the way the loader's are: one string where a
list is expected becomes a one-item tuple, a string path becomes a
:class:`~pathlib.Path`, an ISO date string becomes a date.

These run on every model the loader builds too, so they stay cheap: a few
regular expressions over short strings, no file opened.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import ModelError, ModelTypeError
from ..rules import BIDI_CONTROL, CONTROL, ENCODED_WORD, ISO_DATE, LINE_BREAK, YEARS

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Any, Callable

__all__ = ["as_date", "as_path", "as_tuple", "checked_text", "checked_texts", "in_years", "refuse"]


def refuse(model: object, field: str, message: str) -> ModelError:
    return ModelError(type(model).__name__, field, message)


def checked_text(model: object, field: str, value: object, *, required: bool = False, multiline: bool = False,
                 header: bool = False, accepts: Callable[[str], object] | None = None, rule: str = "") -> str:
    """``value``, the model's field ``field``, checked: a str, one line unless ``multiline``, no control character.

    ``header``: the value reaches an email header or a page title, so an encoded word or a
    bidirectional control is refused too. ``accepts``: a rule the non-empty value must pass
    (``rule`` says what it should be).
    """
    if not isinstance(value, str):
        raise ModelTypeError(type(model).__name__, field, f"must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise refuse(model, field, "is empty")
    if not multiline and LINE_BREAK.search(value):
        raise refuse(model, field, "must be a single line")
    bad = CONTROL.search(value) or (BIDI_CONTROL.search(value) if header else None)
    if bad:
        raise refuse(model, field, f"contains a control character (U+{ord(bad.group()):04X})")
    if header and ENCODED_WORD.search(value):
        raise refuse(model, field, "contains '=?...?=', which mail programs would decode as an encoded word")
    if accepts is not None and value and not accepts(value):
        raise refuse(model, field, f"{value!r} is not {rule}")
    return value


def checked_texts(model: object, fields: tuple[str, ...], **rules: Any) -> None:
    """Each of ``fields`` checked by :func:`checked_text` with the same ``rules``."""
    for field in fields:
        checked_text(model, field, getattr(model, field), **rules)


def as_tuple(model: object, field: str, kind: type | tuple[type, ...]) -> tuple[Any, ...]:
    """The field as a tuple of ``kind``: one value (a string included) becomes a one-item tuple."""
    value = getattr(model, field)
    try:
        items = (value,) if isinstance(value, (str, Path, kind)) else tuple(value)
    except TypeError:
        raise ModelTypeError(type(model).__name__, field, f"must be a list, not {type(value).__name__}") from None
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
            raise ModelTypeError(type(model).__name__, f"{field}[{index}]", f"must be a {names}, not {type(item).__name__}")
    if items is not value:
        object.__setattr__(model, field, items)
    return items


def as_path(model: object, field: str, base_dir: Path | None = None) -> Path | None:
    """The field as a Path (a str is converted; ``None`` stays); a relative one is taken from ``base_dir``."""
    value = getattr(model, field)
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip() or CONTROL.search(value):
            raise refuse(model, field, f"{value!r} is not a file name")
        value = Path(value)
    if not isinstance(value, Path):
        raise ModelTypeError(type(model).__name__, field, f"must be a path, not {type(value).__name__}")
    if base_dir is not None and not value.is_absolute():
        value = base_dir / value
    if value is not getattr(model, field):
        object.__setattr__(model, field, value)
    return value


def as_date(model: object, field: str) -> dt.date:
    """The field as a calendar date: a ``date``, or a string written YYYY-MM-DD as in a source."""
    value = getattr(model, field)
    if isinstance(value, str):
        match = ISO_DATE.fullmatch(value.strip())
        if match is None:
            raise refuse(model, field, f"must be a date written YYYY-MM-DD, not {value!r}")
        try:
            value = dt.date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            raise refuse(model, field, f"{match.group()} is not a real date: {exc}") from None
        object.__setattr__(model, field, value)
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ModelTypeError(type(model).__name__, field, f"is a calendar date, not a {type(value).__name__}")
    return in_years(model, field, value)


def in_years(model: object, field: str, value: dt.date) -> dt.date:
    """``value`` if its year is one a release may be dated in (:data:`~pressrelease.rules.YEARS`)."""
    if value.year not in YEARS:
        raise refuse(model, field, f"is in {value.year}, not in the years {YEARS.start} to {YEARS.stop - 1}")
    return value
