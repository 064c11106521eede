"""A cold review of one day's changes (86eeea2..4074e98): each test failed on 4074e98 for the reason its docstring
gives, and passes with the fix that followed."""

from __future__ import annotations

import io
import shutil
import signal
from pathlib import Path

import pytest

from pressrelease.build import BuildOptions, build
from pressrelease.build import collect as collect_module
from pressrelease.build.manifest import MANIFEST_NAME, Manifest
from pressrelease.build.plan import build_context

PRESS_KIT = Path(__file__).parent / "data" / "press-kit"


def test_a_lasting_press_kit_warning_does_not_make_every_later_build_collect_again(tmp_path: Path,
                                                                                   monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """abc237f clears the collection key on any problem of code "publish", meant for a copy into the site that
    failed. The press kit's warnings have that code too, and some last: a large JPEG Pillow cannot decode
    ("no smaller copies ... the original is published") warns on every collection. With the key cleared, every
    later build, a no-op one included, makes the whole site again (and warns again); on 86eeea2 the second
    build found the collection intact and did nothing."""
    import weasyprint  # noqa: F401  (it sets Pillow's LOAD_TRUNCATED_IMAGES for the process: the copies must not care)

    source = tmp_path / "newsroom"
    shutil.copytree(PRESS_KIT, source)
    photo = source / "kit" / "brand-lake.jpg"
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 3])  # a valid header, a truncated body
    out = tmp_path / "out"
    calls: list[int] = []
    original = collect_module.collected_releases

    def counted(*args):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(collect_module, "collected_releases", counted)
    first = build([source], BuildOptions(out_dir=out, jobs=1, formats=("html", "site")))
    assert first.ok and any("no smaller copies" in str(p) for p in first.all_problems), [str(p) for p in first.all_problems]
    assert len(calls) == 1
    for _ in range(2):
        assert build([source], BuildOptions(out_dir=out, jobs=1, formats=("html", "site"))).ok
    manifest = Manifest.from_bytes((out / MANIFEST_NAME).read_bytes())
    assert manifest.collection_key != "", "the collection key is cleared for good"
    assert len(calls) == 1, f"nothing changed, yet the site was collected {len(calls)} times in 3 builds"


def test_a_template_a_left_out_template_includes_still_re_renders_the_releases(tmp_path: Path) -> None:
    """4074e98 leaves the collection's templates (site/base.html, site/site.css ...) out of the releases'
    build context unless a template *outside* that set names them: the files of the set are never read.
    A theme whose site/release.html extends site/base.html (named: kept), and whose site/base.html inlines
    site/site.css, renders site.css into every release page; an edit to site.css leaves the context as it
    was, so no release page is rendered again (stale pages; only the collection is made again)."""
    theme = tmp_path / "theme"
    (theme / "site").mkdir(parents=True)
    (theme / "site" / "release.html").write_text('{% extends "site/base.html" %}', encoding="utf-8")
    (theme / "site" / "base.html").write_text('<style>{% include "site/site.css" %}</style>{% block main %}'
                                              '{% endblock %}', encoding="utf-8")
    css = theme / "site" / "site.css"
    css.write_text("a { color: red }", encoding="utf-8")
    from pressrelease.formats import RenderOptions

    options = BuildOptions(out_dir=tmp_path / "out", render=RenderOptions(templates=(theme,)))
    manifest = Manifest()
    before = build_context(options, manifest)
    css.write_text("a { color: blue }", encoding="utf-8")
    assert build_context(options, manifest) != before, "a template every release page renders changed: " \
        "the releases' context must change"


def test_serve_puts_back_the_signal_handlers_it_installed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """7061f9d: serve() sets SIGTERM and SIGHUP to raise KeyboardInterrupt and never restores them. After
    serve() returns (the API called in a process that goes on: a test run, an embedding tool), a SIGTERM no
    longer ends the process but raises KeyboardInterrupt wherever it lands (and forked build workers inherit
    it)."""
    from pressrelease.serve import session as session_module

    class FakeSession:
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            self.site = None

        def start(self) -> None:
            raise KeyboardInterrupt  # stopped at once, as Ctrl-C would

        def close(self) -> None:
            pass

    monkeypatch.setattr(session_module, "ServeSession", FakeSession)
    before = {name: signal.getsignal(getattr(signal, name)) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)}
    try:
        assert session_module.serve(Path("."), log=io.StringIO()) == 0
        after = {name: signal.getsignal(getattr(signal, name)) for name in before}
    finally:
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)
    assert after == before, "serve() left its handlers installed"


if not hasattr(signal, "SIGTERM"):  # pragma: no cover
    pytestmark = pytest.mark.skip("no SIGTERM")


def test_a_busy_port_leaves_no_preview_mark_in_a_new_out_folder(tmp_path: Path) -> None:
    """7061f9d checks ``--out`` before binding, and the check writes the preview mark: when the port is then
    busy, serve fails, and a folder that did not exist is left made and marked a preview, so a later
    ``pressrelease build --out`` into it is refused ("holds a preview"). On 86eeea2 nothing was written."""
    import socket

    from pressrelease.serve.session import ServeSession

    out = tmp_path / "fresh"
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        with pytest.raises(OSError):
            ServeSession(PRESS_KIT, BuildOptions(publish_held=True), out_dir=out, port=busy.getsockname()[1])
    finally:
        busy.close()
    assert not (out / ".pressrelease-preview").exists()


def test_a_tag_keeps_its_folder_whichever_spelling_the_newest_release_uses() -> None:
    """dcd8c99 makes "climate_change" and "Climate change" one tag (spelt alike: underscores, spaces and
    hyphens as one), but takes its folder from the newest release's spelling, and ``tag_slug`` keeps
    underscores: the one tag's page is tags/climate_change/ or tags/climate-change/ depending on which release
    is newest, so a new release moves it (the old address swept: dead links, a feed gone)."""
    from types import SimpleNamespace

    from pressrelease.formats.site.listings import site_tags

    older, newer = SimpleNamespace(tags=("climate_change",)), SimpleNamespace(tags=("Climate change",))
    one = site_tags([newer, older])  # entries newest first
    other = site_tags([older, newer])  # the next release spells it the other way
    assert len(one) == len(other) == 1
    assert one[0][0] == other[0][0], f"the tag's folder moved: {one[0][0]} -> {other[0][0]}"
