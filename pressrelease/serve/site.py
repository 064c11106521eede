"""Building the preview: run the incremental build, then describe what it left as a :class:`Snapshot`.

The build writes into a private output folder; the newsroom site is its
``site/`` folder (``view.site_paths.SITE_FOLDER``), or, when the build made
no site, the output folder itself (each release's page is then
``<slug>.html``). Which release a page belongs to, and where its PDF, text
and email are, comes from the build's manifest, never from the URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..build import BuildOptions, BuildReport, build
from ..build.manifest import MANIFEST_NAME, Manifest
from ..errors import PressReleaseError, Problem, internal_problem
from ..view import site_paths
from .epochs import Epochs, ReleaseFiles, Snapshot

__all__ = ["LiveSite"]


class LiveSite:
    """The releases under ``sources`` built with ``options`` into ``options.out_dir``, published to ``epochs``."""

    def __init__(self, sources: Iterable[Path], options: BuildOptions) -> None:
        self.sources = [Path(s) for s in sources]
        self.options = options
        self.out = options.out_dir.resolve()
        self.epochs = Epochs(Snapshot(root=self.out))
        self.last_report: BuildReport | None = None

    def rebuild(self) -> Snapshot:
        """Build (only what changed is redone); publish a new epoch if anything a page shows changed."""
        with self.epochs.writing():
            report, failure = self._build()
            snapshot = self.describe(report.all_problems + failure)
            before = self.epochs.current
            changed = (failure or report.built or report.removed or report.collected
                       or snapshot.problems != before.problems or snapshot.releases != before.releases)
            if changed or before.epoch == 0:
                return self.epochs.publish(snapshot)
            self.epochs.replace(snapshot)
            return self.epochs.current

    def _build(self) -> tuple[BuildReport, list[Problem]]:
        try:
            self.last_report = build(self.sources, self.options)
            return self.last_report, []
        except PressReleaseError as exc:  # an output could not be written, a template is broken ...
            return BuildReport(), list(exc.problems)
        except Exception as exc:  # a bug in pressrelease: shown in the page, and the server keeps serving
            return BuildReport(), [internal_problem(None, exc)]

    def describe(self, problems: list[Problem]) -> Snapshot:
        """The snapshot of the output folder as the build left it."""
        site = self.out / site_paths.SITE_FOLDER
        root = site.resolve() if site.is_dir() else self.out
        manifest = _read_manifest(self.out / MANIFEST_NAME)
        releases: dict[str, ReleaseFiles] = {}
        pages: dict[Path, str] = {}
        inputs: set[Path] = {Path(path) for path in manifest.theme}
        for key, entry in sorted(manifest.entries.items()):
            inputs.update(Path(path) for path in entry.inputs)
            outputs = {fmt: Path(path) for fmt, path in entry.outputs.items() if fmt not in entry.carried}
            slug = str((entry.summary or {}).get("slug") or (outputs["html"].stem if "html" in outputs else ""))
            if not slug or slug in releases:
                continue
            page_file = root / site_paths.file_of(site_paths.release_path(slug)) if root != self.out else outputs.get("html")
            page = ""
            if page_file is not None and page_file.is_file():
                pages[page_file.resolve()] = slug
                page = "/" + page_file.resolve().relative_to(root).as_posix().removesuffix("index.html")
            releases[slug] = ReleaseFiles(slug, Path(key), page, outputs)
        return Snapshot(root=root, problems=tuple(dict.fromkeys(problems)), releases=releases, pages=pages,
                        inputs=frozenset(inputs), site=root != self.out)

    def page_of(self, source: Path) -> str:
        """The URL of the page of the release built from ``source`` ("" if it has none)."""
        wanted = source.resolve()
        for release in self.epochs.current.releases.values():
            if release.source.resolve() == wanted:
                return release.page
        return ""


def _read_manifest(path: Path) -> Manifest:
    try:
        return Manifest.from_bytes(path.read_bytes())
    except (OSError, ValueError):
        return Manifest()
