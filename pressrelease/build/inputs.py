"""Every file a release's outputs depend on, as recorded in the manifest.

The source, its organisation file and its partners', their logos, the fonts, the photos and the
images in its Markdown, each by content; and the places a nearer
organisation file would be found first, recorded as "must stay absent", so
adding one rebuilds the release. The issuer's press-kit files are no release's input by content (no
release output shows them: the collection stage records and checks them, :mod:`.press_kit`); each is
recorded as "must stay a readable file" (:data:`~.manifest.PRESENT`), so deleting one fails the
releases whose organisation file names it, with the source stage's located problem, as any missing file does. Templates are recorded once per build, not
per release (:meth:`~.manifest.Manifest.theme_fingerprint`).
"""

from __future__ import annotations

from pathlib import Path

from ..model import Release
from ..rules import is_inside
from ..source.discover import nearer_organisation_files
from ..view import ReleaseView
from .manifest import ABSENT, PRESENT, FileState, file_state

__all__ = ["input_states", "kit_paths", "release_inputs"]


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
    paths.extend(font.file for font in release.house_style.fonts)
    paths.extend(photo.file for photo in release.photos)
    paths.extend(view.images)
    return list(dict.fromkeys(p.resolve() for p in paths))


def kit_paths(release: Release) -> list[Path]:
    """The issuer's press-kit files (assets, then people's photos), resolved: they must stay readable files."""
    kit = release.organisation.press_kit
    if kit is None:
        return []
    paths = [asset.file for asset in kit.assets] + [person.photo for person in kit.people if person.photo is not None]
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
    for path in kit_paths(view.release):
        states.setdefault(str(path), PRESENT)  # a logo or a photo that is a kit file too keeps its content
    for path in _searched_before(view.release):
        if not path.exists():
            states[str(path)] = ABSENT
    return states
