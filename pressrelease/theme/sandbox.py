"""What a template may do: Jinja's immutable sandbox, with a little more out of reach.

Templates from ``--templates`` may come from the same pull request as the
release, so they are not trusted: they render in
:class:`jinja2.sandbox.ImmutableSandboxedEnvironment` (no ``__class__``,
``__globals__``, ``__mro__`` and the like; no changing a list or a dict),
and on top of it:

* of a path, a template sees only its name (a path's ``read_text`` would
  read any file); no module or open file is handed out;
* ``'x' * n`` may make at most :data:`MAX_TEMPLATE_VALUE` items, ``a ** b``
  at most as many digits;
* templates are read through :class:`ContainedLoader` (see
  :mod:`.containment`).

A violation raises :class:`jinja2.exceptions.SecurityError`, which
:meth:`~pressrelease.theme.Theme.render` reports as a located
:class:`~.containment.SandboxError`.
"""

from __future__ import annotations

import functools
import os
import re
from io import IOBase
from pathlib import Path, PurePath
from types import ModuleType
from typing import Any, Callable

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .containment import contained

__all__ = ["MAX_TEMPLATE_VALUE", "PATH_ATTRIBUTES", "ContainedLoader", "Sandbox"]

#: The longest string or list ``*`` may make in a template, and the most digits ``**`` may.
MAX_TEMPLATE_VALUE = 1_000_000
#: What a template may read of a path: its name, never the file.
PATH_ATTRIBUTES = frozenset({"name", "stem", "suffix"})


class ContainedLoader(jinja2.BaseLoader):
    """Templates from one folder, each refused unless it resolves inside that folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = contained(self.folder, template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        real = path.resolve()
        source = real.read_text(encoding="utf-8")
        mtime = real.stat().st_mtime

        def uptodate() -> bool:  # a file replaced by a link is read again, and checked again
            try:
                return path.resolve() == real and real.stat().st_mtime == mtime
            except OSError:
                return False

        return source, os.path.normpath(path), uptodate


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with paths, modules and open files out of reach and sizes capped."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        for name in _WIDTH_FILTERS:  # a width of a billion would make a string of a billion characters
            self.filters[name] = _capped(self.filters[name], f"|{name}")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
        if isinstance(getattr(__obj, "__self__", None), str):
            _refuse_big(f"'{getattr(__obj, '__name__', 'a string method')}'", args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        """``str.format`` as Jinja's sandbox wraps it, refusing a width of a million or more."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE.search(value.__self__):
            raise SecurityError(f"'{value.__name__}' with a width of {MAX_TEMPLATE_VALUE} or more")
        return wrapped

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(value, (ModuleType, IOBase)):
            return False
        # everything else decided here, and by Jinja's checks, depends on the object's type and the name
        # only: kept per (type, name), which the templates' attribute names bound, and a fifth of a page's time
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = self._safe_attributes[key] = not (
                (isinstance(obj, PurePath) and attr not in PATH_ATTRIBUTES)
                or isinstance(obj, (ModuleType, IOBase))
                or not super().is_safe_attribute(obj, attr, value))
        return safe

    def is_safe_callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, (PurePath, ModuleType, IOBase)) or (isinstance(owner, type) and issubclass(owner, PurePath)):
            return False
        return bool(super().is_safe_callable(obj))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sized, times in ((left, right), (right, left)):
                if isinstance(times, int) and hasattr(sized, "__len__") and len(sized) * times > MAX_TEMPLATE_VALUE:
                    raise SecurityError(
                        f"'*' would make a value of {len(sized) * times} items (at most {MAX_TEMPLATE_VALUE})")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if right * (abs(left).bit_length() - 1) * 0.30103 > MAX_TEMPLATE_VALUE:
                raise SecurityError(f"'**' would make a number of more than {MAX_TEMPLATE_VALUE} digits")
        elif operator == "%" and isinstance(left, str) and _WIDE_PERCENT.search(left):
            raise SecurityError(f"'%' with a width of {MAX_TEMPLATE_VALUE} or more, or one given as '*'")
        return super().call_binop(context, operator, left, right)


#: The filters whose numbers are widths of the text they make.
_WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate")
#: A width or precision of seven digits or more in a ``str.format`` string.
_WIDE = re.compile(r"\d{7,}")
#: The same in a ``%`` format, where ``*`` takes the width from the arguments.
_WIDE_PERCENT = re.compile(r"%[-#0 +]*(?:\*|\d{7,}|\d*\.(?:\*|\d{7,}))")


def _refuse_big(what: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_TEMPLATE_VALUE:
            raise SecurityError(f"{what} given {value} (at most {MAX_TEMPLATE_VALUE} in a template)")


def _capped(function: Callable[..., Any], what: str) -> Callable[..., Any]:
    """``function`` refusing an integer argument over :data:`MAX_TEMPLATE_VALUE` (Jinja's pass-arg marks kept)."""
    @functools.wraps(function)
    def capped(*args: Any, **kwargs: Any) -> Any:
        _refuse_big(what, args, kwargs)
        return function(*args, **kwargs)
    return capped
