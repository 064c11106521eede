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

import os
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

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe_attributes: dict[tuple[type, str], bool] = {}

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
        elif isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if right * (abs(left).bit_length() - 1) * 0.30103 > MAX_TEMPLATE_VALUE:
                raise SecurityError(f"'**' would make a number of more than {MAX_TEMPLATE_VALUE} digits")
        return super().call_binop(context, operator, left, right)
