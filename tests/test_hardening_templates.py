"""Templates from ``--templates`` are not trusted: they render in a sandbox and read only their own folder."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from pressrelease import Release, ResourceError, TemplateError, render_html, render_text
from pressrelease.cli import main

from helpers import REFERENCE

POPEN = "{{ cycler.__init__.__globals__.os.popen('echo PWNED-$((6*7))').read() }}"
SECRET = "SECRET-CONTENT-not-for-any-output"


def _build(tmp_path: Path, templates: Path, fmt: str) -> tuple[int, str, Path]:
    """Build the reference release with ``templates``: exit status, everything printed, the output folder."""
    out, err = io.StringIO(), io.StringIO()
    dist = tmp_path / "dist"
    code = main(["build", str(REFERENCE), "--templates", str(templates), "-o", str(dist), "-f", fmt, "-j", "1"], out, err)
    return code, out.getvalue() + err.getvalue(), dist


def _everything_written(dist: Path) -> str:
    if not dist.exists():
        return ""
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(dist.rglob("*")) if p.is_file())


@pytest.mark.parametrize(("fmt", "name", "text"), [
    ("txt", "release.txt", f"Headline\n{POPEN}\n"),
    ("html", "release.html", f"<!doctype html>\n<title>x</title>\n<p>{POPEN}</p>\n"),
])
def test_the_popen_payload_is_a_located_error(tmp_path: Path, fmt: str, name: str, text: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / name).write_text(text, encoding="utf-8")
    code, printed, dist = _build(tmp_path, templates, fmt)
    assert code == 1
    line = 2 if fmt == "txt" else 3
    assert f"/templates/{name}:{line}:1: error: not allowed in a template" in printed  # printed relative to the cwd
    assert "sandbox" in printed  # the hint
    assert "PWNED-42" not in printed + _everything_written(dist)
    assert "bug in pressrelease" not in printed and "Traceback" not in printed


@pytest.mark.parametrize("payload", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
    "{{ range.__init__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ asset_url.__globals__ }}",
    "{{ '{0.__class__.__mro__}'.format(1) }}",
    "{{ release.base_dir.parent.joinpath('README.md').read_text() }}",
    "{{ photos[0].photo.file.read_bytes() }}",
    "{{ release.origin.path.open().read() }}",
    "{{ release.base_dir['read_text'] }}",
    "{{ release.base_dir|attr('parent') }}",
    "{% set l = [] %}{{ l.append(1) }}",
    "{{ 'a' * 100_000_000 }}",
    "{{ 10 ** 2_000_000 > 1 }}",
    "{{ 'x'.ljust(10 ** 9) }}",
    "{{ 'x'.center(2_000_000) }}",
    "{{ '%1000000000s' % 'x' }}",
    "{{ '%*s' % (10 ** 9, 'x') }}",
    "{{ '{:>1000000000}'.format('x') }}",
    "{{ 'x'|center(10 ** 9) }}",
    "{{ 'x'|indent(10 ** 9) }}",
    "{{ 'x y'|wordwrap(10 ** 9) }}",
])
def test_classic_escapes_are_refused(reference: Release, tmp_path: Path, payload: str) -> None:
    (tmp_path / "release.txt").write_text(f"one\n{payload}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_text(reference, templates=[tmp_path])
    problem = caught.value.as_problem()
    assert problem.path == tmp_path / "release.txt" and problem.line == 2
    assert "sandbox" in problem.hint


def test_lipsum_is_not_there(reference: Release, tmp_path: Path) -> None:
    """``lipsum`` prints as many words as asked for, and its ``__globals__`` were a way out."""
    (tmp_path / "release.txt").write_text("{{ lipsum.__globals__ }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="lipsum"):
        render_text(reference, templates=[tmp_path])


def _secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    secret = tmp_path_factory.mktemp("outside") / "secret.css"
    secret.write_text(f"body {{ content: '{SECRET}'; }}\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("target", ["/etc/passwd", "secret"])
def test_a_linked_stylesheet_outside_is_refused(tmp_path: Path, tmp_path_factory, target: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "style.css").symlink_to(_secret(tmp_path_factory) if target == "secret" else target)
    code, printed, dist = _build(tmp_path, templates, "html")
    assert code == 1
    assert "/templates/style.css:0:0: error: style.css is a link to" in printed
    assert "outside the template folder" in printed and "must be inside that folder" in printed
    written = _everything_written(dist)
    assert SECRET not in printed + written and "root:x:0:0" not in printed + written
    assert "bug in pressrelease" not in printed and "Traceback" not in printed


def test_a_linked_folder_outside_is_refused(reference: Release, tmp_path: Path, tmp_path_factory) -> None:
    (tmp_path / "parts").symlink_to(_secret(tmp_path_factory).parent, target_is_directory=True)
    (tmp_path / "release.txt").write_text('{% include "parts/secret.css" %}\n', encoding="utf-8")
    with pytest.raises(ResourceError) as caught:
        render_text(reference, templates=[tmp_path])
    assert caught.value.problems[0].path == tmp_path / "parts"
    assert SECRET not in str(caught.value)


def test_a_file_made_a_link_after_the_first_render_is_refused(reference: Release, tmp_path: Path, tmp_path_factory) -> None:
    """A kept session reads a template again when it changes: the new one is checked again."""
    template = tmp_path / "release.txt"
    template.write_text("fine\n", encoding="utf-8")
    assert render_text(reference, templates=[tmp_path]) == "fine\n"
    template.unlink()
    template.symlink_to(_secret(tmp_path_factory))
    with pytest.raises(ResourceError) as caught:
        render_text(reference, templates=[tmp_path])
    problem = caught.value.problems[0]
    assert problem.path == template and "outside its template folder" in problem.message
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("statement", [
    '{% include "../x.txt" %}',
    '{% include "builtin/../x.txt" %}',
    '{% extends "/etc/passwd" %}',
    '{% import "sub/../../x.txt" as x %}',
    "{{ asset_url('../x.txt') }}",
    "{{ asset_url('/etc/passwd') }}",
])
def test_dot_dot_and_absolute_names_are_refused(reference: Release, tmp_path: Path, statement: str) -> None:
    (tmp_path / "x.txt").write_text(SECRET, encoding="utf-8")
    templates = tmp_path / "templates"
    (templates / "sub").mkdir(parents=True)
    (templates / "release.txt").write_text(f"one\n{statement}\n", encoding="utf-8")
    with pytest.raises(ResourceError) as caught:
        render_text(reference, templates=[templates])
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (templates / "release.txt", 2)
    assert "plain relative path" in problem.message and problem.hint
    assert SECRET not in str(caught.value)


def test_a_sound_template_folder_still_works(reference: Release, tmp_path: Path) -> None:
    """Sub-folders, links that stay inside, the built-in templates and assets all still work."""
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "extra.css").write_text(".extra { color: rebeccapurple; }\n", encoding="utf-8")
    (tmp_path / "alias.css").symlink_to(tmp_path / "parts" / "extra.css")
    (tmp_path / "stamp.txt").write_text("stamp\n", encoding="utf-8")
    (tmp_path / "style.css").write_text(
        '{% include "builtin/style.css" %}\n{% include "alias.css" %}\n{% include "./parts/extra.css" %}\n', encoding="utf-8")
    (tmp_path / "release.txt").write_text(
        "{% set ns = namespace(n=0) %}{% for x in range(3) %}{% set ns.n = ns.n + x %}{% endfor %}"
        "{{ ns.n }} {{ asset_url('stamp.txt') }} {{ photos[0].photo.file.name }} {{ '-' * 3 }} {{ 2 ** 10 }}\n",
        encoding="utf-8")
    assert render_text(reference, templates=[tmp_path]) == "3 stamp.txt placeholder-ipu-cambodia-mission.jpg --- 1024\n"
    html = render_html(reference, templates=[tmp_path])
    assert html.count("rebeccapurple") == 2 and '<h1 class="headline">' in html
    assert os.path.islink(tmp_path / "alias.css")


def test_check_finds_what_build_would_refuse_in_a_template_folder(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN-1234", encoding="utf-8")
    (templates / "style.css").symlink_to(secret)
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(REFERENCE), "--templates", str(templates)], out, err) == 1
    assert "style.css is a link to" in out.getvalue() + err.getvalue()
    assert "TOKEN-1234" not in out.getvalue() + err.getvalue()
    (templates / "style.css").unlink()
    (templates / "release.txt").write_text("{{ release.headline }}\n{{ oops\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(REFERENCE), "--templates", str(templates)], out, err) == 1
    assert "release.txt:2:1: error: template:" in out.getvalue() + err.getvalue()
    (templates / "release.txt").write_text("{{ release.headline }}\n", encoding="utf-8")
    assert main(["check", str(REFERENCE), "--templates", str(templates)], io.StringIO(), io.StringIO()) == 0
