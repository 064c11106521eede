"""The build: plan, run the per-release stage on an executor, write, then the collection stage.

``options`` (what is asked and answered), ``plan`` (fresh or not),
``stage`` (one release: load, view, render), ``executors`` (in-process,
worker processes, a Dask cluster), ``inputs`` and ``manifest`` (what each
output was made from), ``writer`` (the only code that writes outputs),
``collect`` (outputs made from all releases), ``pipeline`` (all of it).
Names are imported on first use: a build in which nothing changed never
imports the renderers.
"""

from __future__ import annotations

from ..exports import lazy_exports

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .options import DEFAULT_FORMATS, DEFAULT_TIMEOUT, BuildOptions, BuildReport, Outcome
    from .pipeline import build
    from .stage import Builder, Rendered
    from .writer import write_all_atomic, write_atomic

__getattr__ = lazy_exports(__name__, {
    "DEFAULT_FORMATS": ".options", "DEFAULT_TIMEOUT": ".options", "BuildOptions": ".options", "BuildReport": ".options", "Outcome": ".options",
    "build": ".pipeline", "Builder": ".stage", "Rendered": ".stage", "write_all_atomic": ".writer",
    "write_atomic": ".writer",
})
__all__ = ["DEFAULT_FORMATS", "DEFAULT_TIMEOUT", "BuildOptions", "BuildReport", "Builder", "Outcome", "Rendered", "build",
           "write_all_atomic", "write_atomic"]

