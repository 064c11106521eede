"""Names a package exports, imported when first used (PEP 562), so importing it costs nothing.

``pressrelease`` itself, ``pressrelease.build``, ``pressrelease.source`` and
``pressrelease.view`` re-export names from their modules this way: ``from
pressrelease.build import BuildOptions`` works, and a build in which nothing
changed, or a ``check``, never imports the modules it does not use.
"""

from __future__ import annotations

import importlib
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Mapping

__all__ = ["lazy_exports"]


def lazy_exports(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: name -> the (relative) module it comes from."""

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
