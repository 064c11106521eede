"""The build: plan, run the per-release stage on an executor, write, then the collection stage.

``options`` (what is asked and answered), ``plan`` (fresh or not),
``stage`` (one release: load, view, render), ``executors`` (in-process,
worker processes, a Dask cluster), ``inputs`` and ``manifest`` (what each
output was made from), ``writer`` (the only code that writes outputs),
``collect`` (outputs made from all releases), ``pipeline`` (all of it).
"""

from __future__ import annotations

from .options import DEFAULT_FORMATS, BuildOptions, BuildReport, Outcome
from .pipeline import build
from .stage import Builder, Rendered
from .writer import write_all_atomic, write_atomic

__all__ = ["DEFAULT_FORMATS", "BuildOptions", "BuildReport", "Builder", "Outcome", "Rendered", "build",
           "write_all_atomic", "write_atomic"]
