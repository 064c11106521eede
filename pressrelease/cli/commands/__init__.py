"""One module per command. Each has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args, out, err)``.

A command module parses nothing itself beyond its arguments and prints its
results; the work is done by the stage it calls (``source`` for ``check``
and ``new``, ``build`` for ``build``, ``delivery`` for ``send``, ``serve``
for ``preview``). Heavy modules are imported inside ``run``, so ``check``
never imports Jinja or WeasyPrint.
"""

from __future__ import annotations

from . import build, check, new, preview, send

#: The commands, in the order ``--help`` lists them.
COMMANDS = (build, check, new, send, preview)
