"""One module per command. Each has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args, out, err)``.

A command module parses nothing itself beyond its arguments and prints its
results; the work is done by the stage it calls (``source`` for ``check``,
``new`` and ``init``, ``build`` for ``build``, ``delivery`` for ``send``, ``serve``
for ``serve`` and its alias ``preview``). Only the module of the command being run is imported, and
heavy modules only inside ``run``, so ``check`` starts without importing the
formats, Jinja or WeasyPrint.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["COMMANDS", "load"]

#: Commands whose module is named otherwise (``import`` is a Python keyword).
_MODULES = {"import": "import_"}

#: Command name -> its one-line help, in the order ``--help`` lists them.
COMMANDS = {
    "init": "start a newsroom: an organisation file, a first release, a .gitignore and a CI workflow",
    "build": "render releases into an output folder",
    "check": "validate releases and lint them, without rendering",
    "new": "write a new release skeleton",
    "send": "email a release to a press list, one message per recipient",
    "serve": "build the newsroom and serve it on 127.0.0.1, rebuilt and reloaded on every save",
    "preview": "an alias of serve: preview FILE serves the file's folder, opened at its release's page",
    "import": "write a release source from an IPTC ninjs item (and an organisation file where there is none)",
    "schema": "print the JSON Schema editors use to complete and check release or organisation files",
}


def load(name: str) -> ModuleType:
    """The module of command ``name``."""
    return importlib.import_module(f"{__name__}.{_MODULES.get(name, name)}")
