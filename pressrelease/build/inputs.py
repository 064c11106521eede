"""Every file a release's outputs depend on, as recorded in the manifest.

The source, its organisation file and its partners', their logos, the issuer's press-kit files (so
a logo replaced under the same name is published again), the fonts, the photos and the
images in its Markdown, each by content; and the places a nearer
organisation file would be found first, recorded as "must stay absent", so
adding one rebuilds the release. Templates are recorded once per build, not
per release (:meth:`~.manifest.Manifest.theme_fingerprint`).
"""

from __future__ import annotations

from pathlib import Path

from ..model import Release
from ..rules import is_inside
from ..source.discover import nearer_organisation_files
from ..view import ReleaseView
from .manifest import ABSENT, FileState, file_state

__all__ = ["input_states", "release_inputs"]


def release_inputs(view: ReleaseView) -> list[Path]:
    """Every file a release's outputs are made from (besides the templates), resolved, in order."""
    release = view.release
    paths: list[Path] = []
    if release.origin is not None and release.origin.path.is_file():
        paths.append(release.origin.path)
    for org in release.organisations:  # the issuer's file and logo, then each partner's
        if org.path is not None:
            paths.append(org.path)
        if org.logo is not None:
            paths.append(org.logo)
    kit = release.organisation.press_kit  # the site's press-kit page publishes its files
    if kit is not None:
        paths.extend(asset.file for asset in kit.assets)
        paths.extend(person.photo for person in kit.people if person.photo is not None)
    paths.extend(font.file for font in release.house_style.fonts)
    paths.extend(photo.file for photo in release.photos)
    paths.extend(view.images)
    return list(dict.fromkeys(p.resolve() for p in paths))


def _searched_before(release: Release) -> list[Path]:
    """Organisation files that do not exist but would be found first if someone added one."""
    found = release.organisation.path
    base = release.base_dir
    if base is None or (found is not None and not is_inside(base, [found.parent])):
        return []  # built in code, or a file the release names: no search happened
    return nearer_organisation_files(base, found)


def input_states(view: ReleaseView) -> dict[str, FileState]:
    """What the manifest records of a release's inputs: path -> state (ABSENT for what must stay absent)."""
    states: dict[str, FileState] = {}
    for path in release_inputs(view):
        state = file_state(path)
        if state is not None:
            states[str(path)] = state
    for path in _searched_before(view.release):
        if not path.exists():
            states[str(path)] = ABSENT
    return states
