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
    from ...source.lint import lint
    from ...source.schema import sender_problems

    files, problems = discover(args.paths or [arguments.DEFAULT_SOURCE])
    problems += _template_problems(args.templates)
    loader = Loader()
    with_errors = with_warnings = 0
    for source in files:
        found: list[Problem] = []
        try:
            release = loader.load(source)
            found = sender_problems(release)  # a warning of the build (its email is skipped), not a convention
            found += [] if args.no_lint else lint(release, disable=args.disable)
        except PressReleaseError as exc:
            found = placed(exc.problems, source)
        except Exception as exc:  # a bug: reported against this release, the others are still checked
            found = [internal_problem(source, exc)]
        if args.strict:
            found = [replace(p, severity="error") if p.severity == "warning" else p for p in found]
        if any(p.severity == "error" for p in found):
            with_errors += 1
        elif found:
            with_warnings += 1
        problems.extend(found)
    return _report(list(dict.fromkeys(problems)), len(files), with_errors, with_warnings, args, out, err)


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
