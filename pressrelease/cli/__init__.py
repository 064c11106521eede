"""The command line: ``app`` (parsing and exit status), ``commands`` (one module each), ``reporting``."""

from __future__ import annotations

from .app import main

__all__ = ["main"]
