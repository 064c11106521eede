"""Full-text search for the newsroom site: Pagefind's index of the release pages, one per language.

:func:`index_site` runs Pagefind's binary (the ``pagefind[extended]``
package bundles it: the extended build cuts Chinese, Japanese and Thai into
words) over a folder of release pages (the published ones, linked there by
:mod:`.indexing`) and returns its search bundle, the files that belong in
the site's ``pagefind/`` folder. Pagefind writes them into a private working
folder (:mod:`.scratch`: in memory when the machine has room, else in the
output folder), never into the site: the build's writer writes them in, and
the collection stage deletes the files of the previous bundle that this one
no longer has. Pagefind exits with status 0 even when it could not write
its files (a full disk or memory): :func:`incomplete` checks the bundle
before it is used.

What is indexed: only the release pages (``releases/*/index.html``, Pagefind's
``--glob``), and in each only its ``data-pagefind-body`` region. Pagefind
drops every page without that attribute once one page has it; the glob also
covers a site where none has it (no release, or an overriding template that
lost it), so index, tag, year, language, search and 404 pages never appear
in results. Pagefind makes one index per ``<html lang>``; a search page loads
the index of its own ``lang``.

Pagefind is run with no configuration file (its working folder is an empty
temporary one) and no ``PAGEFIND_*`` variable from the environment, with a
time limit. A binary that is missing, fails, or runs out of time is a
:class:`SearchIndexError` carrying one located warning; it never escapes as
a traceback.
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import subprocess
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..errors import PressReleaseError, Problem, printable
from ..view.site_paths import file_of, release_path
from .writer import remove_tree

__all__ = ["BUNDLE_FOLDER", "RELEASE_PAGES", "SearchBundle", "SearchIndexError", "find_binary", "index_site",
           "incomplete", "remove_leftovers"]

#: The bundle's folder in the site (``/pagefind/pagefind-ui.js`` ...).
BUNDLE_FOLDER = "pagefind/"
#: The pages Pagefind reads, as its glob relative to the site: every release page, nothing else.
RELEASE_PAGES = file_of(release_path("*"))
#: Pagefind's map of languages to index files; written last, so a browser never sees it name a missing file.
ENTRY = "pagefind-entry.json"
#: The temporary folder of one run: ``.pagefind.XXXXXXXX.tmp`` in the output folder.
_PREFIX, _SUFFIX = ".pagefind.", ".tmp"
#: Seconds Pagefind may take (1,000 pages take about 1 s on 2 cores).
DEFAULT_TIMEOUT = 300.0


class SearchIndexError(PressReleaseError):
    """Pagefind could not index the site: no binary, it failed, or it ran out of time.

    The site itself is fine; only its search is missing or stale. ``problems``
    holds one warning, located at the site folder (or the binary).
    """

    def __init__(self, path: Path, message: str, hint: str, *, timed_out: bool = False) -> None:
        self.problem = Problem(path, 0, 0, message, hint, severity="warning", code="search")
        self.timed_out = timed_out  # out of time, or killed: not worth trying again elsewhere
        super().__init__(str(self.problem))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return (self.problem,)


@dataclass
class SearchBundle:
    """Pagefind's output for one site: site path (``pagefind/...``) -> its temporary file.

    Use it as a context manager: leaving it deletes the temporary folder.
    ``languages`` maps each indexed language to its number of pages.
    """

    folder: Path | None
    files: dict[str, Path] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    extended: bool = True

    def read(self) -> dict[str, bytes]:
        """Every file's bytes, the entry file last (the order the writer should rename them in)."""
        return {name: path.read_bytes() for name, path in self.files.items()}

    def close(self) -> None:
        if self.folder is not None:
            remove_tree(self.folder)
            self.folder = None

    def __enter__(self) -> SearchBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def find_binary() -> tuple[Path, bool]:
    """Pagefind's binary from the Python packages, and whether it is the extended one.

    ``pagefind_bin_extended`` (``pip install 'pagefind[extended]'``) first,
    then the standard ``pagefind_bin``; nothing from ``PATH`` or the
    environment, so the build always runs the version it was installed with.
    """
    for module, extended in (("pagefind_bin_extended", True), ("pagefind_bin", False)):
        try:
            package = importlib.import_module(module)
            return Path(package.get_executable()), extended
        except (ImportError, OSError):  # not installed; or installed without its binary (FileNotFoundError)
            continue
    raise SearchIndexError(Path("pagefind"), "the search index was not built: Pagefind's binary is not installed",
                           "install it with: pip install 'pagefind[extended]'")


def remove_leftovers(work_dir: Path) -> None:
    """Delete the temporary folders a killed build left in ``work_dir`` (only this module's names, not links)."""
    try:
        with os.scandir(work_dir) as entries:
            found = [e.path for e in entries if e.name.startswith(_PREFIX) and e.name.endswith(_SUFFIX)
                     and e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for path in found:
        remove_tree(path)


def index_site(site_dir: Path, work_dir: Path, *, binary: Path | None = None,
               timeout: float = DEFAULT_TIMEOUT) -> SearchBundle:
    """Index the release pages of ``site_dir``; the bundle's files are in a temporary folder of ``work_dir``.

    ``work_dir`` must be outside the site (a :func:`.scratch.scratch_folder`). A site with no release page gets an empty
    bundle (no search index: the collection deletes the old one).
    """
    site_dir, work_dir = Path(site_dir), Path(work_dir)
    if not any(site_dir.glob(RELEASE_PAGES)):
        return SearchBundle(None)
    extended = True
    if binary is None:
        binary, extended = find_binary()
    remove_leftovers(work_dir)
    try:
        work_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=_PREFIX, suffix=_SUFFIX, dir=work_dir))
    except OSError as exc:
        raise SearchIndexError(work_dir, f"the search index was not built: cannot make a temporary folder: "
                               f"{exc.strerror or exc}", "check that the output folder is writable") from exc
    bundle = SearchBundle(folder, extended=extended)
    try:
        _run(binary, site_dir, folder, timeout)
        bundle.files = _bundle_files(folder / "pagefind")
        bundle.languages = _languages(bundle.files, site_dir)
    except BaseException:
        bundle.close()
        raise
    return bundle


def _command(binary: Path, site_dir: Path, output: Path) -> list[str]:
    return [str(binary), "--site", str(site_dir.resolve()), "--output-path", str(output),
            "--glob", RELEASE_PAGES, "--quiet"]


def _environment() -> dict[str, str]:
    """The build's environment without Pagefind's own variables (``PAGEFIND_SITE``, ``PAGEFIND_GLOB`` ...)."""
    return {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND_")}


def _run(binary: Path, site_dir: Path, folder: Path, timeout: float) -> None:
    """Run Pagefind in the empty ``folder`` (so it finds no pagefind.yml), writing to ``folder/pagefind``."""
    command = _command(binary, site_dir, folder / "pagefind")
    try:
        done = subprocess.run(command, cwd=folder, env=_environment(), stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise SearchIndexError(site_dir, f"the search index was not built: Pagefind took more than {timeout:g} s",
                               "the site has no search until a build indexes it; build again, or report a site "
                               "it cannot index", timed_out=True) from exc
    except OSError as exc:  # missing, not executable, wrong architecture
        raise SearchIndexError(binary, f"the search index was not built: cannot run Pagefind: "
                               f"{exc.strerror or exc}", "reinstall it with: pip install 'pagefind[extended]'") from exc
    if done.returncode != 0:
        said = _last_lines(done.stderr or done.stdout)
        raise SearchIndexError(site_dir, f"the search index was not built: Pagefind exited with status "
                               f"{done.returncode}" + (f": {said}" if said else ""),
                               "the site is written; only its search is missing or stale",
                               timed_out=done.returncode < 0)  # killed (Ctrl-C reaches it too): not tried again


def _last_lines(output: bytes, count: int = 3) -> str:
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")] or lines
    return printable(" / ".join(dict.fromkeys(errors[-count:])))[:400]


def _bundle_files(output: Path) -> dict[str, Path]:
    """Site path -> file for everything Pagefind wrote, sorted, the entry file last."""
    files = {BUNDLE_FOLDER + path.relative_to(output).as_posix(): path
             for path in sorted(output.rglob("*")) if path.is_file()}
    entry = files.pop(BUNDLE_FOLDER + ENTRY, None)
    if entry is not None:
        files[BUNDLE_FOLDER + ENTRY] = entry
    return files


def _languages(files: Mapping[str, Path], site_dir: Path) -> dict[str, int]:
    """Pages per language, from the entry file; a bundle without one is a failed run.

    Pagefind writes the entry's languages in a random order (a hash map's):
    the file is rewritten with sorted keys, so the same site gives the same bytes.
    """
    entry = files.get(BUNDLE_FOLDER + ENTRY)
    try:
        data = json.loads(entry.read_bytes()) if entry is not None else None
        languages = {lang: int(info["page_count"]) for lang, info in sorted(data["languages"].items())}
        entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "utf-8")
        return languages
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise SearchIndexError(site_dir, f"the search index was not built: Pagefind wrote no readable {ENTRY}",
                               "reinstall it with: pip install 'pagefind[extended]'") from exc


#: The first bytes of a gzip stream: Pagefind's index files (``.pf_*``) and its WebAssembly (``wasm.*.pagefind``).
_GZIP = b"\x1f\x8b"


def incomplete(bundle: SearchBundle, *, page_size: int = 0) -> str | None:
    """Why the bundle's files may not be whole (Pagefind out of room exits 0 and leaves them cut short), or None.

    An empty file, or a compressed one that does not decompress to its end (gzip's length and CRC), is cut
    short. With ``page_size`` (a memory file system's page: it fills a page at a time), a plain file (a
    script, a style sheet) whose size is a whole number of pages is taken as cut short too; one in 4,096
    whole files is, and is only written again on the disk.
    """
    for name, path in bundle.files.items():
        try:
            data = path.read_bytes()
        except OSError as exc:
            return f"{name}: {exc.strerror or exc}"
        if not data:
            return f"{name} is empty"
        if data.startswith(_GZIP):
            try:
                gzip.decompress(data)
            except (OSError, EOFError, zlib.error):
                return f"{name} is cut short"
        elif page_size and len(data) % page_size == 0:
            return f"{name} may be cut short ({len(data)} bytes)"
    return _missing(bundle)


def _missing(bundle: SearchBundle) -> str | None:
    """A file the entry file implies that is not in the bundle (one per page, and each language's meta and
    WebAssembly): deleted under a running Pagefind, or never made."""
    entry = bundle.files.get(BUNDLE_FOLDER + ENTRY)
    if entry is None:
        return None  # no entry at all: index_site has refused the bundle already
    try:
        languages = json.loads(entry.read_bytes())["languages"]
        for info in languages.values():
            names = [f"pagefind.{info['hash']}.pf_meta"] + ([f"wasm.{info['wasm']}.pagefind"] if info.get("wasm") else [])
            for name in names:  # a language with no WebAssembly of its own ("wasm": null) shares the unknown one
                if BUNDLE_FOLDER + name not in bundle.files:
                    return f"{name} is missing"
            prefix = f"{BUNDLE_FOLDER}fragment/{str(info['hash']).split('_')[0]}_"
            if sum(1 for name in bundle.files if name.startswith(prefix)) < int(info["page_count"]):
                return f"fragments of {info['page_count']} pages are missing"
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return f"{ENTRY} is not readable"
    return None
