"""Reading sources: which files are releases, and each file into a validated model.

``discover`` finds release files and organisation files; ``frontmatter``
splits a file and composes its YAML into located nodes; ``nodes`` reads
typed values from them; ``fields``, ``values``, ``files`` and ``schema`` are
the source format; ``markdown`` turns release text into sanitised HTML and
``references`` checks the images it shows; ``loader`` assembles the
:class:`~pressrelease.model.Release`; ``lint`` checks press-release
conventions; ``translations`` groups releases by their ``translation_key``
(read from the front matter alone, for ``check`` and ``build`` alike);
``skeleton`` writes a new source to fill in. The loader's
names are imported on first use, so finding files imports no validation.
"""

from __future__ import annotations

from ..exports import lazy_exports

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .loader import Loader, load, load_organisation, parse

__all__ = ["Loader", "load", "load_organisation", "parse"]

__getattr__ = lazy_exports(__name__, dict.fromkeys(__all__, ".loader"))
