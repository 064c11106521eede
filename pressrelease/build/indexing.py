"""The site's search index, made in a thread while the rest of the site is written.

As soon as the collection stage knows which release pages the site
publishes (the site's pages collection names them, as copies of the pages
the per-release stage wrote), Pagefind starts on exactly those pages: they
are linked (hard links, no bytes copied; copies where links are not
possible) into a private folder of the output folder, each only while it
has the hash it was written with, so Pagefind sees nothing else (a page
that left the site, a stray file). Its bundle goes into a working folder
of its own (:mod:`.scratch`: in memory where there is room). The index,
feeds and sitemaps are rendered and written meanwhile; then the bundle is
checked (:func:`.search.incomplete`: a bundle made in memory that may be
cut short is made again in the output folder) and its files written in by
the writer, the file naming the languages last, each file whose bytes are
already there left alone. It is made again only when the published pages
differ from the recorded ones (a page added, removed or changed) or the
old index is not as it was written; otherwise it is kept.
"""

from __future__ import annotations

import dataclasses
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
from .scratch import in_memory, scratch_folder
from .search import SearchBundle
from .writer import OutputFolder, in_folder, remove_tree

__all__ = ["RELEASE_PAGE", "IndexJob", "index_folder"]

#: A release page's name in the output folder (``site/releases/<slug>/index.html``).
RELEASE_PAGE = re.compile(rf"^{SITE_FOLDER}/releases/[^/]+/index\.html$")
_LEFTOVERS = ".pagefind-pages.*.tmp"
#: The page size of a memory file system (tmpfs): a file cut short there is a whole number of them.
_MEMORY_PAGE = 4096


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
        self._works: list[Path] = []  # every working folder this run used, to locate its problems
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
        from .search import SearchIndexError, incomplete, index_site  # looked up now: tests replace them

        for leftover in self.folder.real.glob(_LEFTOVERS):  # a killed build's
            remove_tree(leftover)
        pages = Path(tempfile.mkdtemp(prefix=".pagefind-pages.", suffix=".tmp", dir=self.folder.real))
        try:
            self._link_pages(pages)
            need = sum(max(copy.size, 0) for copy in self.pages.values())  # the bundle is smaller than the pages
            for attempt in (1, 2):  # in memory where there is room; once more on the disk if that fails there
                self._work = scratch_folder(self.folder.real, need, memory=attempt == 1, files=len(self.pages) + 100)
                self._works.append(self._work)
                memory = in_memory(self._work) and attempt == 1
                try:
                    self.bundle = index_site(pages, self._work)  # its files are written in by finish()
                    why = incomplete(self.bundle, page_size=_MEMORY_PAGE if memory else 0)
                    if why is not None:
                        raise SearchIndexError(self.folder.path / SITE_FOLDER, "the search index was not built: "
                                               f"Pagefind's files are incomplete ({why})",
                                               "is the disk full? The next build tries again")
                    break
                except SearchIndexError as exc:
                    self._close()
                    if not memory or exc.timed_out:
                        raise  # on the disk already (or --out in memory), out of time, or killed
        except SearchIndexError as exc:
            self.problems.extend(self._located(problem, pages) for problem in exc.problems)
        except Exception as exc:  # a page gone, a full disk, a bug: no index rather than a wrong one, and said
            self._warn(exc)
        finally:
            remove_tree(pages)

    def _link_pages(self, pages: Path) -> None:
        """Link each page into ``pages`` while it has the hash it was written with (a changed one is skipped:
        the copy into the site refuses it too)."""
        for name, copy in sorted(self.pages.items()):
            recorded = FileState(copy.size, copy.mtime_ns, copy.sha256)
            state = file_state(copy.source, recorded if copy.mtime_ns else None, follow=False)
            if state is None or state.sha256 != copy.sha256:
                continue
            linked = pages / name.removeprefix(f"{SITE_FOLDER}/")
            try:
                in_folder(partial(os.link, copy.source, linked), linked)
            except OSError:  # a file system without hard links
                in_folder(partial(shutil.copyfile, copy.source, linked), linked)

    def _located(self, problem: Problem, pages: Path) -> Problem:
        """A problem located in a working folder (gone by now) located at the site instead."""
        folders = [pages, *self._works]
        if any(problem.path == folder or folder in problem.path.parents for folder in folders):
            return dataclasses.replace(problem, path=self.folder.path / SITE_FOLDER)
        return problem

    def _warn(self, exc: Exception) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        self.problems.append(Problem(self.folder.path / SITE_FOLDER, 0, 0, f"the search index was not built: "
                                     f"{reason}", "the next build tries again", severity="warning", code="search"))

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def abandon(self) -> None:
        """Wait for Pagefind and drop what it made (the collection stage failed)."""
        self._thread.join()
        self._close()

    def finish(self, states: dict[str, FileState], written: list[Path]) -> list[Problem]:
        """Wait for Pagefind, write the index's files in (one by one, in the bundle's order: the entry file last;
        a file already there with the same bytes is left alone) and record them; its problems. A bundle file
        that cannot be read (its working folder deleted meanwhile) is a warning: the site has no search until
        the next build, which makes it again."""
        self._thread.join()
        done: dict[str, FileState] = {}
        try:
            for name, made in (self.bundle.files.items() if self.bundle is not None else ()):
                path = self.folder.file(f"{SITE_FOLDER}/{name}")
                try:
                    data = made.read_bytes()
                except OSError as exc:
                    self._warn(exc)
                    done.clear()  # none recorded: the files written are swept, the next build makes the index
                    break
                changed, state = self.folder.write_if_changed(path, data)
                if changed:
                    written.append(path)
                if state is not None:
                    done[str(path)] = state
            states.update(done)
        finally:
            self._close()
        return self.problems

    def _close(self) -> None:
        """Delete the working folder (the bundle's folder is in it)."""
        if self.bundle is not None:
            self.bundle.close()
        self.bundle = None
        if self._work is not None:
            remove_tree(self._work)
            self._work = None
