"""What about this machine changes our output, found without importing WeasyPrint."""

from __future__ import annotations

import ctypes.util

__all__ = ["pdf_environment_warnings"]


def pdf_environment_warnings() -> list[str]:
    """Warnings for a PDF build: a missing HarfBuzz subsetter makes PDFs slow and unreproducible."""
    if ctypes.util.find_library("harfbuzz-subset") is None:
        return ["libharfbuzz-subset0 is not installed: PDFs are about 3x slower and differ from build to build "
                "(install it: apt-get install libharfbuzz-subset0)"]
    return []
