"""The site's search index, made in a thread while the rest of the site is written.

As soon as the collection stage knows which release pages the site
publishes (the site's pages collection names them, as copies of the pages
the per-release stage wrote), Pagefind starts on exactly those pages: they
are copied, each only with the hash it was recorded with, into a private
working folder (:func:`.search.scratch_folder`, in memory where there is
room), so Pagefind sees nothing else (a page that left the site, a stray
file). The index, feeds and sitemaps are rendered and written meanwhile;
then the index's files are written in by the writer, the file naming the
languages last, each file whose bytes are already there left alone. It is
made again only when the published pages differ from the recorded ones (a
page added, removed or changed) or the old index is not as it was written;
otherwise it is kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
from functools import partial
from pathlib import Path

from ..errors import Problem
from ..formats import CopyFile
from ..rules import read_regular
from ..view.site_paths import SITE_FOLDER
from .manifest import FileState, Manifest
from .search import SearchBundle
from .writer import OutputFolder, in_folder

__all__ = ["RELEASE_PAGE", "IndexJob", "index_folder"]

#: A release page's name in the output folder (``site/releases/<slug>/index.html``).
RELEASE_PAGE = re.compile(rf"^{SITE_FOLDER}/releases/[^/]+/index\.html$")


def index_folder(folder: OutputFolder) -> str:
    """The prefix of the index's files as the manifest records them."""
    return str(folder.file(f"{SITE_FOLDER}/pagefind")) + os.sep


class IndexJob:
    """Pagefind over ``pages`` (site file name -> the copy it is made from), in a thread."""

    def __init__(self, folder: OutputFolder, pages: dict[str, CopyFile]) -> None:
        self.folder, self.pages = folder, pages
        self.bundle: SearchBundle | None = None
        self.problems: list[Problem] = []
        self._work: Path | None = None
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
        from .search import SearchIndexError, index_site, scratch_folder

        try:
            total = sum(max(copy.size, 0) for copy in self.pages.values())
            self._work = work = scratch_folder(self.folder.real, 2 * total)  # the pages, and a smaller bundle
            pages = work / "pages"
            for name, copy in sorted(self.pages.items()):
                try:
                    data = read_regular(copy.source, copy.size if copy.size >= 0 else None, follow=False)
                except OSError:
                    continue  # gone since it was written: not published either
                if hashlib.sha256(data).hexdigest() != copy.sha256:
                    continue  # changed since it was written: not published either (the copy refuses it)
                page = pages / name.removeprefix(f"{SITE_FOLDER}/")
                with in_folder(partial(open, page, "xb"), page) as handle:
                    handle.write(data)
            self.bundle = index_site(pages, work)  # its files are written in by finish()
        except SearchIndexError as exc:
            self.problems.extend(exc.problems)
        except Exception as exc:  # a page gone, a full disk, a bug: no index rather than a wrong one, and said
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
            self.problems.append(Problem(self.folder.path, 0, 0, f"the search index was not built: {reason}",
                                         "the next build tries again", severity="warning", code="search"))
        finally:
            if self._work is not None:
                shutil.rmtree(self._work / "pages", ignore_errors=True)  # Pagefind is done with them

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def abandon(self) -> None:
        """Wait for Pagefind and drop what it made (the collection stage failed)."""
        self._thread.join()
        self._close()

    def finish(self, states: dict[str, FileState], written: list[Path]) -> list[Problem]:
        """Wait for Pagefind, write the index's files in (one by one, in the bundle's order: the entry file last;
        a file already there with the same bytes is left alone) and record them; its problems."""
        self._thread.join()
        if self.bundle is None:
            self._close()
            return self.problems
        try:
            for name, made in self.bundle.files.items():
                path = self.folder.file(f"{SITE_FOLDER}/{name}")
                changed, state = self.folder.write_if_changed(path, made.read_bytes())
                if changed:
                    written.append(path)
                if state is not None:
                    states[str(path)] = state
        finally:
            self._close()
        return self.problems

    def _close(self) -> None:
        """Delete the working folder (the bundle's folder is in it)."""
        if self.bundle is not None:
            self.bundle.close()
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None
