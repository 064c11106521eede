"""pressrelease: write a press release once, publish it as a web page, a PDF and an email."""

from .version import __version__

__all__ = ["__version__"]
