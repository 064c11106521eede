"""Template search path: override one file, extend the built-in one, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressrelease import Release, TemplateError, render_html, render_text
from pressrelease.theme import Theme, builtin_templates_dir, css_string, page_counter_css


def test_search_path_puts_overrides_first(tmp_path: Path) -> None:
    theme = Theme([tmp_path])
    assert theme.dirs == (tmp_path.resolve(), builtin_templates_dir())


def test_override_one_template_keeps_the_others(reference: Release, tmp_path: Path) -> None:
    (tmp_path / "release.txt").write_text("Custom: {{ release.headline }}\n", encoding="utf-8")
    assert render_text(reference, templates=[tmp_path]) == "Custom: IPU Cambodia mission urges dialogue to resolve MPs’ cases\n"
    assert "<h1 class=\"headline\">" in render_html(reference, templates=[tmp_path])


def test_override_extends_the_builtin(reference: Release, tmp_path: Path) -> None:
    (tmp_path / "release.html").write_text(
        '{% extends "builtin/release.html" %}\n'
        '{% block boilerplate %}<p class="custom">Our own words</p>{{ super() }}{% endblock %}\n',
        encoding="utf-8",
    )
    html = render_html(reference, templates=[tmp_path])
    assert '<p class="custom">Our own words</p>' in html
    assert html.index("Our own words") < html.index("The Inter-Parliamentary Union (IPU) is the global")
    assert "<h1 class=\"headline\">" in html


def test_override_a_stylesheet(reference: Release, tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    html = render_html(reference, templates=[tmp_path])
    assert "rebeccapurple" in html and ".kind {" not in html


def test_undefined_variable_is_a_template_error_with_a_line(reference: Release, tmp_path: Path) -> None:
    (tmp_path / "release.txt").write_text("line one\n{{ release.hedline }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_text(reference, templates=[tmp_path])
    assert caught.value.line == 2
    assert caught.value.template and caught.value.template.endswith("release.txt")
    assert "hedline" in str(caught.value)


def test_syntax_error_is_a_template_error_with_a_line(reference: Release, tmp_path: Path) -> None:
    (tmp_path / "release.txt").write_text("ok\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_text(reference, templates=[tmp_path])
    assert caught.value.line == 2


def test_missing_override_folder(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="does not exist"):
        Theme([tmp_path / "nope"])


def test_css_helpers_cannot_be_escaped() -> None:
    assert css_string('a"b\\c') == '"a\\22 b\\5c c"'
    assert page_counter_css("Page {page} of {pages}") == '"Page " counter(page) " of " counter(pages)'
