"""``pressrelease check``: validate and lint releases without rendering them."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ...errors import PressReleaseError, Problem, internal_problem, placed
from .. import arguments
from ..reporting import print_problems

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import TextIO

    from ...model import Release
    from ...source import Loader

NAME = "check"
HELP = "validate releases and lint them, without rendering"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="release files or folders (default: releases/)")
    parser.add_argument("--strict", action="store_true", help="convention warnings count as errors")
    parser.add_argument("--disable", type=arguments.rules, default=frozenset(), metavar="RULES",
                        help="comma-separated lint rules to skip")
    parser.add_argument("--no-lint", action="store_true", help="validate only, no convention warnings")
    arguments.templates(parser)
    arguments.add_error_format(parser)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...source import Loader
    from ...source.discover import discover

    files, problems = discover(args.paths or [arguments.DEFAULT_SOURCE])
    problems += _template_problems(args.templates)
    loader = Loader()
    releases: dict[Path, Release | None] = {}
    found = {source: _check_release(loader, source, args, releases) for source in files}
    for problem in _translation_problems(loader, files, releases, args):
        found[problem.path].append(problem)  # type: ignore[index]
    with_errors = with_warnings = 0
    for source in files:
        of_source = found[source]
        if args.strict:
            of_source = [replace(p, severity="error") if p.severity == "warning" else p for p in of_source]
        if any(p.severity == "error" for p in of_source):
            with_errors += 1
        elif of_source:
            with_warnings += 1
        problems.extend(of_source)
    return _report(list(dict.fromkeys(problems)), len(files), with_errors, with_warnings, args, out, err)


def _check_release(loader: Loader, source: Path, args: argparse.Namespace,
                   releases: dict[Path, Release | None]) -> list[Problem]:
    """One release's problems: loading it, its sender, its conventions (``releases`` gets it, or None)."""
    from ...source.lint import lint
    from ...source.schema import sender_problems

    releases[source] = None
    try:
        release = releases[source] = loader.load(source)
        found = sender_problems(release)  # a warning of the build (its email is skipped), not a convention
        return found + ([] if args.no_lint else lint(release, disable=args.disable))
    except PressReleaseError as exc:
        return placed(exc.problems, source)
    except Exception as exc:  # a bug: reported against this release, the others are still checked
        return [internal_problem(source, exc)]


def _translation_problems(loader: Loader, files: list[Path], releases: dict[Path, Release | None],
                          args: argparse.Namespace) -> list[Problem]:
    """What the releases' translation keys say together, read as ``build`` reads them: a second release in a
    key's language (an error, which the build refuses), a key no other release shares (a convention)."""
    from ...source.translations import UNSHARED, group, read_keyed

    found = []
    for problem in group([read_keyed(loader, source) for source in files]).problems:
        release = releases.get(problem.path)  # type: ignore[arg-type]
        off = args.no_lint or UNSHARED in args.disable or (
            release is not None and UNSHARED in release.organisation.lint.disable)
        if problem.severity == "error" or not off:
            found.append(problem)
    return found


_TEMPLATE_SUFFIXES = {".html", ".txt", ".css", ".xml", ".j2", ".jinja"}


def _template_problems(folders: list[Path]) -> list[Problem]:
    """What ``build --templates`` would refuse before rendering: a link out of a folder, a template that does not parse."""
    if not folders:
        return []
    import jinja2

    from ...theme import Theme

    try:
        theme = Theme(folders)
    except PressReleaseError as exc:
        return list(exc.problems)
    problems = []
    for folder in theme.overrides:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if not path.is_file() or path.suffix not in _TEMPLATE_SUFFIXES or name.startswith(".") or "/." in name:
                continue  # fonts and images are the theme's files, not templates
            try:
                theme.env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                problems.append(Problem(path, exc.lineno or 1, 1, f"template: {exc.message}",
                                        "fix the template's syntax", code="template"))
            except (PressReleaseError, jinja2.TemplateError, UnicodeDecodeError) as exc:
                found = getattr(exc, "problems", None)
                problems += list(found) if found else [Problem(path, 1, 1, f"template: {exc}", code="template")]
    return problems


def _report(problems: list[Problem], checked: int, with_errors: int, with_warnings: int,
            args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    errors = sum(p.severity == "error" for p in problems)
    plural = arguments.plural
    summary = (f"checked {plural(checked, 'release')}: {checked - with_errors - with_warnings} ok, "
               f"{with_errors} with errors, {with_warnings} with warnings "
               f"({plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')})")
    print_problems(problems, err, out, args.error_format)
    print(summary, file=err if args.error_format == "json" else out)
    if any(p.code == "internal" for p in problems):
        return 2
    return 1 if errors or not checked else 0
