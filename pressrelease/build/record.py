"""One release's files written and recorded: who owns each output name, and what its entry lists.

Each output file belongs to one release. A name another source of this build
has already taken, or a source outside this build still owns, is a problem
for the newcomer, not an overwritten file. When a release writes a file that
an earlier record listed under another release (two releases swapped slugs,
say), that record stops listing it, so ``releases.json`` never describes a
file as another release's. Formats not built this time keep their files
tracked (to be deleted with the source), but as carried over, not as the
release's current outputs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..errors import Problem
from ..formats import FORMATS
from .manifest import Entry, Manifest
from .options import BuildOptions, Outcome
from .plan import Plan
from .writer import OutputFolder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .stage import Rendered

__all__ = ["ReleaseWriter"]


class ReleaseWriter:
    """Writes one release's files and records them, refusing an output name another source has."""

    def __init__(self, options: BuildOptions, folder: OutputFolder, manifest: Manifest, context: str,
                 the_plan: Plan) -> None:
        self.options, self.folder, self.manifest, self.context = options, folder, manifest, context
        self.plan = the_plan
        self._owners: dict[str, str] | None = None  # output file -> the manifest key that lists it
        self._in_build = set(the_plan.keys.values())

    @property
    def owners(self) -> dict[str, str]:
        if self._owners is None:
            self._owners = {path: key for key, entry in self.manifest.entries.items() for path in entry.outputs.values()}
        return self._owners

    def write(self, result: Rendered) -> Outcome:
        outcome = Outcome(result.source, problems=list(result.problems))
        key = self.plan.keys[result.source]
        previous = self.manifest.entries.get(key)
        targets = {fmt: self.folder.file(f"{result.name}{FORMATS[fmt].suffix}") for fmt in self.options.formats
                   if fmt in result.files}  # a format skipped for this release (an email without a sender) has none
        done = bool(result.files or result.quiet)  # a release without an event, built as -f ics, is done too
        taken = self._taken(result, key, targets.values()) if done else None
        if taken is not None:
            outcome.problems.append(taken)
        if not done or taken is not None:
            if previous is not None and previous.context:
                previous.context = ""  # try again next time
                self.manifest.changed = True
            return outcome
        states = self.folder.write({target: result.files[fmt] for fmt, target in targets.items()})
        found = self.plan.translations
        entry = Entry(self.context, dict(result.inputs), summary=result.summary, quiet=result.quiet,
                      translation=found.recorded(result.source), translations=found.digest(result.source))
        for fmt, target in targets.items():
            outcome.files.append(str(target))
            entry.outputs[fmt] = str(target)
            entry.output_states[str(target)] = states[target]
            self._take_over(str(target), key)
        if previous is not None:
            skipped = {fmt for fmt in self.options.formats if fmt not in result.files}
            self._carry_over(previous, entry, skipped)
        self.manifest.put(key, entry)
        return outcome

    def _taken(self, result: Rendered, key: str, targets: Iterable[Path]) -> Problem | None:
        """The problem if another source owns one of ``targets``; else None, and they are claimed for it."""
        paths = [str(target) for target in targets]
        for path in paths:
            owner = self.plan.claimed.get(path, result.source)
            other = self.owners.get(path)
            if owner == result.source and other is not None and other != key and other not in self._in_build \
                    and os.path.exists(other):
                owner = Path(other)  # a source outside this build still has this output
            if owner != result.source:
                return Problem(result.source, 1, 1, f"output name '{result.name}' is already used by {owner}",
                               "give one of them a different 'slug:'", code="duplicate-output")
        for path in paths:
            self.plan.claimed[path] = result.source
        return None

    def _take_over(self, path: str, key: str) -> None:
        """``path`` is now ``key``'s: an earlier record that listed it under another release lets it go."""
        other = self.owners.get(path)
        if other is not None and other != key and other in self.manifest.entries:
            listed = self.manifest.entries[other]
            listed.outputs = {fmt: out for fmt, out in listed.outputs.items() if out != path}
            listed.carried = tuple(fmt for fmt in listed.carried if fmt in listed.outputs)
            self.manifest.describe_changed()
        self.owners[path] = key

    def _carry_over(self, previous: Entry, entry: Entry, skipped: set[str]) -> None:
        """Keep tracking the other formats' outputs of an earlier build; drop a renamed release's old files,
        and the old output of a format this build skipped for the release (it would be out of date)."""
        carried = []
        for fmt, old in previous.outputs.items():
            if fmt in skipped and old not in self.plan.claimed:
                self.folder.remove([old])
                self.owners.pop(old, None)
            elif fmt in entry.outputs and old != entry.outputs[fmt] and old not in self.plan.claimed:
                self.folder.remove([old])  # a renamed release (new slug) leaves no orphan
                self.owners.pop(old, None)
            elif fmt not in entry.outputs:
                known = previous.output_states.get(old)
                if old in self.plan.claimed:
                    continue  # another release of this build has the name now
                if known is None or not self.manifest.intact({old: known}):
                    self.folder.remove([old])  # not the file recorded: a killed build's, or edited since
                    self.owners.pop(old, None)
                    continue
                entry.outputs[fmt] = old  # another format's output stays tracked, for deletion later
                entry.output_states[old] = known
                carried.append(fmt)
        entry.carried = tuple(carried)
