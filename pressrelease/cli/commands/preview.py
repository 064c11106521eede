"""``pressrelease preview``: an alias of ``serve`` (``preview FILE`` serves the file's folder, opened at its page)."""

from __future__ import annotations

from .serve import add_arguments, run

NAME = "preview"
HELP = "an alias of serve"

__all__ = ["HELP", "NAME", "add_arguments", "run"]
