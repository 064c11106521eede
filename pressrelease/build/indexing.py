"""The site's search index, made in a thread while the rest of the site is written.

As soon as the collection stage knows which release pages the site
publishes (the site's pages collection names them, as copies of the pages
the per-release stage wrote), Pagefind starts on exactly those pages: they
are linked (hard links, no bytes copied) into a private folder of the output
folder, so Pagefind sees nothing else (a page that left the site, a stray
file). The index, feeds and sitemaps are rendered and written meanwhile;
then the index's files are written all at once. It is made again only when
the published pages differ from the recorded ones (a page added, removed or
changed) or the old index is not as it was written; otherwise it is kept.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from functools import partial
from pathlib import Path

from ..errors import Problem
from ..formats import CopyFile
from ..view.site_paths import SITE_FOLDER
from .manifest import FileState, Manifest, file_state
from .search import SearchBundle
from .writer import OutputFolder, in_folder

__all__ = ["RELEASE_PAGE", "IndexJob", "index_folder"]

#: A release page's name in the output folder (``site/releases/<slug>/index.html``).
RELEASE_PAGE = re.compile(rf"^{SITE_FOLDER}/releases/[^/]+/index\.html$")
_LEFTOVERS = ".pagefind-pages.*.tmp"


def index_folder(folder: OutputFolder) -> str:
    """The prefix of the index's files as the manifest records them."""
    return str(folder.file(f"{SITE_FOLDER}/pagefind")) + os.sep


class IndexJob:
    """Pagefind over ``pages`` (site file name -> the copy it is made from), in a thread."""

    def __init__(self, folder: OutputFolder, pages: dict[str, CopyFile]) -> None:
        self.folder, self.pages = folder, pages
        self.bundle: SearchBundle | None = None
        self.problems: list[Problem] = []
        self._thread = threading.Thread(target=self._run, name="pressrelease-search", daemon=True)

    @classmethod
    def needed(cls, folder: OutputFolder, manifest: Manifest, pages: dict[str, CopyFile]) -> bool:
        """Whether the recorded index may not be kept: the pages differ, or its files are not as written."""
        recorded = {path: state.sha256 for path, state in manifest.collected.items()
                    if RELEASE_PAGE.match(os.path.relpath(path, folder.real).replace(os.sep, "/"))}
        wanted = {str(folder.file(name)): copy.sha256 for name, copy in pages.items()}
        old = {path: state for path, state in manifest.collected.items() if path.startswith(index_folder(folder))}
        return recorded != wanted or not old or not manifest.intact(old)

    def start(self) -> IndexJob:
        self._thread.start()
        return self

    def _run(self) -> None:
        from .search import SearchIndexError, index_site

        for leftover in self.folder.real.glob(_LEFTOVERS):  # a killed build's
            shutil.rmtree(leftover, ignore_errors=True)
        work = tempfile.mkdtemp(prefix=".pagefind-pages.", suffix=".tmp", dir=self.folder.real)
        try:
            for name, copy in sorted(self.pages.items()):
                recorded = FileState(copy.size, copy.mtime_ns, copy.sha256)
                state = file_state(copy.source, recorded if copy.mtime_ns else None, follow=False)
                if state is None or state.sha256 != copy.sha256:
                    continue  # changed since it was written: not published either (the copy refuses it)
                linked = Path(work) / name.removeprefix(f"{SITE_FOLDER}/")
                try:
                    in_folder(partial(os.link, copy.source, linked), linked)
                except OSError:  # a file system without hard links
                    in_folder(partial(shutil.copyfile, copy.source, linked), linked)
            self.bundle = index_site(Path(work), self.folder.real)  # its files are moved in by finish()
        except SearchIndexError as exc:
            self.problems.extend(exc.problems)
        except Exception as exc:  # a page gone, a bug: no index rather than a wrong one, and said
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
            self.problems.append(Problem(self.folder.path, 0, 0, f"the search index was not built: {reason}",
                                         "the next build tries again", severity="warning", code="search"))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def abandon(self) -> None:
        """Wait for Pagefind and drop what it made (the collection stage failed)."""
        self._thread.join()
        if self.bundle is not None:
            self.bundle.close()

    def finish(self, states: dict[str, FileState], written: list[Path]) -> list[Problem]:
        """Wait for Pagefind, move the index's new files in (each renamed into place, the entry file last; a
        file already there with the same bytes is left alone) and record them; its problems."""
        self._thread.join()
        if self.bundle is None:
            return self.problems
        try:
            moves = [(made, self.folder.file(f"{SITE_FOLDER}/{name}")) for name, made in self.bundle.files.items()]
            changed = [(made, path) for made, path in moves if not _same(made, path)]
            self.folder.move_in(changed)
            written.extend(path for _, path in changed)
            for _, path in moves:
                state = file_state(path, follow=False)
                if state is not None:
                    states[str(path)] = state
        finally:
            self.bundle.close()
        return self.problems


def _same(made: Path, path: Path) -> bool:
    """Whether ``path`` already holds the bytes of ``made``."""
    try:
        return made.stat().st_size == path.stat().st_size and made.read_bytes() == path.read_bytes()
    except OSError:
        return False
