"""`pressrelease serve`: a real server on port 0 in a thread, against a copy of the releases, edited for real.

No sleep decides a result: each test waits on the long-poll (which the
server holds until the next build epoch) or on an event, with generous
time limits.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from pressrelease.build import BuildOptions
from pressrelease.serve.session import ServeSession
from pressrelease.serve.static import content_type, locate
from pressrelease.serve.watcher import Watcher

from helpers import REFERENCE

SLUG = REFERENCE.stem
HEADLINE = "IPU Cambodia mission urges dialogue"
#: Generous: a rebuild takes a fraction of a second, but a loaded CI machine is slow.
LIMIT = 60.0


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    folder = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, folder)
    return folder


@contextlib.contextmanager
def serving(path: Path, **options) -> Iterator[ServeSession]:  # type: ignore[no-untyped-def]
    """A session on a free port: built, serving in a thread, and watching in another."""
    session = ServeSession(path, BuildOptions(jobs=1), port=0, log=io.StringIO(), **options)
    session.start()
    watching = threading.Thread(target=session.watch, daemon=True)
    watching.start()
    try:
        assert session.watching.wait(LIMIT)
        yield session
    finally:
        session.close()
        watching.join(LIMIT)
    assert not watching.is_alive()


def get(session: ServeSession, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of GET ``path`` sent exactly as written (no normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", session.port, timeout=LIMIT)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"127.0.0.1:{session.port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def epoch_of(page: bytes) -> int:
    found = re.search(rb'data-epoch="(\d+)"', page)
    assert found, page[:400]
    return int(found.group(1))


def next_epoch(session: ServeSession, epoch: int) -> int:
    """The epoch after ``epoch``, waiting on the long-poll as a page does (it answers "no change" after 30 s)."""
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        status, _, body = get(session, f"/_pressrelease/reload?epoch={epoch}")
        assert status == 200
        now = json.loads(body)["epoch"]
        if now != epoch:
            return now
    raise AssertionError(f"no build after epoch {epoch}")


def page_path(session: ServeSession) -> str:
    page = session.site.epochs.current.releases[SLUG].page
    assert page
    return page


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeSession]:
    """One session for the tests that only read."""
    folder = tmp_path_factory.mktemp("served") / "releases"
    shutil.copytree(REFERENCE.parent, folder)
    with serving(folder) as session:
        yield session


# -- pages, and what is added to them ---------------------------------------------------------------------


def test_the_release_page_is_served_with_the_script_and_the_toolbar(served: ServeSession) -> None:
    status, headers, body = get(served, page_path(served))
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert HEADLINE.encode() in body
    assert b'<script src="/_pressrelease/live.js" data-epoch="' in body
    assert f'href="/_pressrelease/{SLUG}/pdf"'.encode() in body and f'href="/_pressrelease/{SLUG}/email"'.encode() in body
    assert b"pressrelease-problems" not in body  # no problem, no panel
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"
    on_disk = next(Path(served.site.epochs.current.root).rglob("*.html")).read_bytes()
    assert b"/_pressrelease/" not in on_disk  # added to what is sent, never to the files


def test_the_script_and_style_are_served(served: ServeSession) -> None:
    status, headers, body = get(served, "/_pressrelease/live.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript") and b"/_pressrelease/reload" in body
    status, headers, _ = get(served, "/_pressrelease/ui.css")
    assert status == 200 and headers["content-type"].startswith("text/css")


def test_root_leads_to_a_page(served: ServeSession) -> None:
    status, headers, body = get(served, "/")
    if served.site.epochs.current.site:
        assert status == 200 and b"live.js" in body
    else:  # no site built: / goes to the first release's page
        assert status == 302 and headers["location"] == page_path(served)


def test_the_long_poll_answers_at_once_for_an_old_epoch(served: ServeSession) -> None:
    started = time.monotonic()
    status, headers, body = get(served, "/_pressrelease/reload?epoch=0")
    assert status == 200 and headers["content-type"] == "application/json"
    answer = json.loads(body)
    assert answer["epoch"] == served.site.epochs.current.epoch >= 1 and answer["server"] == served.site.epochs.server_id
    assert time.monotonic() - started < 5
    assert json.loads(get(served, "/_pressrelease/reload?epoch=x%00")[2])["epoch"] >= 1  # a bad epoch: at once too


def test_the_long_poll_is_held_until_it_times_out(served: ServeSession, monkeypatch) -> None:
    epoch = served.site.epochs.current.epoch
    started = time.monotonic()
    assert served.site.epochs.wait(epoch, 0.3) == epoch
    assert time.monotonic() - started >= 0.25


# -- the per-release routes --------------------------------------------------------------------------------


def test_the_pdf_route(served: ServeSession) -> None:
    status, headers, body = get(served, f"/_pressrelease/{SLUG}/pdf")
    assert status == 200 and headers["content-type"] == "application/pdf" and body.startswith(b"%PDF-")
    assert f"{SLUG}.pdf" in headers["content-disposition"]


def test_the_email_route_shows_text_and_html_side_by_side(served: ServeSession) -> None:
    status, _, body = get(served, f"/_pressrelease/{SLUG}/email")
    page = body.decode("utf-8")
    assert status == 200
    assert '<section aria-label="The text part"><h2>Text</h2><pre>' in page
    assert "IPU Cambodia mission urges dialogue" in page.split("<pre>")[1].split("</pre>")[0]
    frame = re.search(r'<iframe sandbox="" title="The HTML part" srcdoc="([^"]*)"', page)
    assert frame, page[:600]
    assert "&lt;html" in frame.group(1).lower() and "cid:" not in frame.group(1)  # images inline as data:
    assert "data:image/jpeg;base64," in frame.group(1)
    assert "<dt>Subject</dt>" in page and "live.js" in page


def test_the_text_route_and_unknown_releases(served: ServeSession) -> None:
    status, headers, body = get(served, f"/_pressrelease/{SLUG}/text")
    assert status == 200 and headers["content-type"] == "text/plain; charset=utf-8" and b"IPU" in body
    for path in ("/_pressrelease/nope/pdf", f"/_pressrelease/{SLUG}/eml", f"/_pressrelease/{SLUG}/../../etc/passwd/pdf",
                 "/_pressrelease/", "/_pressrelease/reload/x"):
        assert get(served, path)[0] == 404, path


# -- safety ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/..%5c..%5cetc%5cpasswd", "/releases/..%2f..%2f..%2fetc/passwd", "//etc/passwd", "http://evil.example/",
    "/.pressrelease-manifest.json", "/%2epressrelease-manifest.json", "/x%00.html", "/%ff", "/a/./b", "/a//b",
    "/etc/passwd",
])
def test_paths_outside_or_hidden_are_not_found(served: ServeSession, path: str) -> None:
    status, _, body = get(served, path)
    assert status == 404, path
    assert b"root:" not in body and b'"entries"' not in body


def test_symbolic_links_out_of_the_folder_or_to_hidden_files_are_refused(served: ServeSession) -> None:
    root = served.site.epochs.current.root
    (root / "passwd").symlink_to("/etc/passwd")
    (root / "manifest.json").symlink_to(served.site.out / ".pressrelease-manifest.json")
    (root / "outside").symlink_to(root.parent.parent, target_is_directory=True)
    inside = root / "index.html"
    (root / "alias").symlink_to(inside)
    try:
        for path in ("/passwd", "/manifest.json", "/outside/", "/outside/etc/passwd"):
            assert get(served, path)[0] == 404, path
        assert get(served, "/alias")[0] in (200, 301)  # a link that stays inside (and visible) is followed
    finally:
        for name in ("passwd", "manifest.json", "outside", "alias"):
            (root / name).unlink()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "localhost", "127.0.0.1:1",
                                  "localhost.evil.example:{port}", ""])
def test_a_foreign_host_is_refused(served: ServeSession, host: str) -> None:
    for path in (page_path(served), f"/_pressrelease/{SLUG}/pdf", "/_pressrelease/reload?epoch=0"):
        status, _, body = get(served, path, host.format(port=served.port))
        assert status == 421 and b"IPU" not in body and b"%PDF" not in body


def test_its_own_names_are_served(served: ServeSession) -> None:
    for host in ("127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"):
        assert get(served, page_path(served), host.format(port=served.port))[0] == 200, host


def test_not_found_uses_the_site_404_page(served: ServeSession) -> None:
    own = served.site.epochs.current.root / "404.html"
    status, _, body = get(served, "/no/such/page/")
    assert status == 404 and b"live.js" in body
    assert b"/no/such/page/" in body if not own.exists() else b'class="not-found"' in body or b"404" in body
    made = not own.exists()
    if made:
        own.write_text("<!DOCTYPE html><title>x</title><body><h1>The site's own 404</h1></body>", encoding="utf-8")
    try:
        status, _, body = get(served, "/no/such/page/")
        assert status == 404 and (not made or b"The site's own 404" in body) and b"live.js" in body
    finally:
        if made:
            own.unlink()


def test_a_folder_without_its_slash_is_redirected(served: ServeSession) -> None:
    folder = served.site.epochs.current.root / "a-folder"
    folder.mkdir()
    (folder / "index.html").write_text("<!DOCTYPE html><title>x</title><body>folder page</body>", encoding="utf-8")
    try:
        status, headers, _ = get(served, "/a-folder")
        assert status == 301 and headers["location"] == "/a-folder/"
        status, _, body = get(served, "/a-folder/")
        assert status == 200 and b"folder page" in body
    finally:
        shutil.rmtree(folder)


def test_locate_and_content_types(tmp_path: Path) -> None:
    (tmp_path / "feed.atom").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "a.html").write_text("x")
    root = tmp_path.resolve()
    assert locate(root, "/feed.atom").file == root / "feed.atom"  # type: ignore[union-attr]
    assert locate(root, "/.hidden/a.html") is None and locate(root, "/%2Ehidden/a.html") is None
    assert locate(root, "feed.atom") is None and locate(root, "/missing") is None
    assert content_type(Path("a.atom")) == "application/atom+xml" and content_type(Path("x.pdf")) == "application/pdf"
    assert content_type(Path("a.json")) == "application/json" and content_type(Path("a.unknown-type")) == "application/octet-stream"


# -- live: edits, problems, fixes --------------------------------------------------------------------------


def test_a_save_reloads_the_page_with_the_change(releases: Path) -> None:
    source = releases / REFERENCE.name
    with serving(releases) as session:
        _, _, before = get(session, page_path(session))
        epoch = epoch_of(before)
        saved = time.monotonic()
        source.write_text(source.read_text(encoding="utf-8").replace("urges dialogue", "calls for dialogue", 1), encoding="utf-8")
        new = next_epoch(session, epoch)
        latency = time.monotonic() - saved
        _, _, after = get(session, page_path(session))
        assert new == epoch + 1 and epoch_of(after) == new
        assert b"calls for dialogue" in after and b"urges dialogue" not in after
        assert latency < LIMIT
        print(f"save -> long-poll answered: {latency * 1000:.0f} ms")
        assert b"calls for dialogue" in get(session, f"/_pressrelease/{SLUG}/text")[2]  # every output rebuilt


def test_a_broken_source_shows_its_problem_in_every_page_until_fixed(releases: Path) -> None:
    source = releases / REFERENCE.name
    good = source.read_text(encoding="utf-8")
    with serving(releases) as session:
        page = page_path(session)
        epoch = epoch_of(get(session, page)[2])
        source.write_text(good.replace("\nheadline:", "\n<b>x</b>: 1\nheadline:", 1), encoding="utf-8")
        epoch = next_epoch(session, epoch)
        line = good[: good.index("\nheadline:")].count("\n") + 2
        for path in (page, "/missing/", f"/_pressrelease/{SLUG}/email"):
            _, _, body = get(session, path)
            text = body.decode("utf-8")
            assert 'id="pressrelease-problems"' in text, path
            assert f"{source.resolve()}:{line}:1: error: " in text or f"{source}:{line}:1: error: " in text, text[:2000]
            assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text  # escaped
        assert HEADLINE in get(session, page)[2].decode("utf-8")  # the last good build is still served
        source.write_text(good, encoding="utf-8")
        next_epoch(session, epoch)
        _, _, body = get(session, page)
        assert b"pressrelease-problems" not in body and HEADLINE.encode() in body


def test_saves_are_seen_by_polling_too(releases: Path) -> None:
    source = releases / REFERENCE.name
    with serving(releases, force_polling=True) as session:
        epoch = epoch_of(get(session, page_path(session))[2])
        source.write_text(source.read_text(encoding="utf-8").replace("urges dialogue", "seeks dialogue", 1), encoding="utf-8")
        next_epoch(session, epoch)
        assert b"seeks dialogue" in get(session, page_path(session))[2]


def test_a_bug_in_the_build_is_a_panel_not_a_dead_server(releases: Path, monkeypatch) -> None:
    with serving(releases) as session:
        import pressrelease.serve.site as site

        epoch = session.site.epochs.current.epoch
        monkeypatch.setattr(site, "build", lambda *args, **kwargs: 1 / 0)
        session.site.rebuild()
        _, _, body = get(session, page_path(session))
        assert session.site.epochs.current.epoch == epoch + 1
        assert b"internal error: ZeroDivisionError" in body and HEADLINE.encode() in body


def test_preview_of_a_file_serves_its_folder_at_its_page(releases: Path) -> None:
    with serving(releases / REFERENCE.name) as session:
        assert session.home() == page_path(session) and session.url().endswith(page_path(session))
        assert session.site.sources == [releases]


def test_the_temporary_output_folder_is_removed(releases: Path) -> None:
    with serving(releases) as session:
        out = session.site.out
        assert out.is_dir() and not out.is_relative_to(releases)
    assert not out.exists()


def test_an_output_folder_given_is_kept(releases: Path, tmp_path: Path) -> None:
    with serving(releases, out_dir=tmp_path / "out") as session:
        assert session.site.out == (tmp_path / "out").resolve()
    assert (tmp_path / "out" / ".pressrelease-manifest.json").is_file()


def test_the_watcher_ignores_outputs_hidden_and_editor_files(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    watcher = Watcher([tmp_path], lambda: [tmp_path.parent / "organisation.yaml"], [tmp_path / "out"], threading.Event())
    root = tmp_path.resolve()
    assert watcher.relevant(root / "a.md") and watcher.relevant(root / "photos" / "p.jpg")
    for path in (root / "out" / "a.html", root / ".git" / "x", root / ".a.md.swp", root / "a.md~", root / "#a.md#"):
        assert not watcher.relevant(path), path
    assert watcher.relevant(tmp_path.parent / "organisation.yaml") and not watcher.relevant(tmp_path.parent / "other")


# -- the command -------------------------------------------------------------------------------------------


def test_serve_and_its_alias_preview_parse_the_same(capsys) -> None:
    from pressrelease.cli import main

    for command in ("serve", "preview"):
        assert main([command, "--help"]) == 0
        text = capsys.readouterr().out
        for option in ("--port", "--open", "--out", "--templates"):
            assert option in text, (command, option)
    err = io.StringIO()
    assert main(["serve", "/no/such/folder", "--port", "0"], io.StringIO(), err) == 2
    assert "no such file or folder" in err.getvalue()


# -- a real browser ----------------------------------------------------------------------------------------


def test_the_open_page_reloads_itself_after_a_save_in_chromium(releases: Path, browser) -> None:  # type: ignore[no-untyped-def]
    source = releases / REFERENCE.name
    with serving(releases) as session:
        page = browser.new_page()  # the run's one browser (tests/conftest.py): a second Playwright would fail
        try:
            page.goto(session.url() if session.site.epochs.current.site else f"http://127.0.0.1:{session.port}{page_path(session)}")
            page.wait_for_function("() => document.body.innerText.includes('urges dialogue')", timeout=LIMIT * 1000)
            page.wait_for_timeout(200)  # the script's first long-poll is out (not a condition of the result)
            saved = time.monotonic()
            source.write_text(source.read_text(encoding="utf-8").replace("urges dialogue", "welcomes dialogue", 1), encoding="utf-8")
            page.wait_for_function("() => document.body && document.body.innerText.includes('welcomes dialogue')",
                                   timeout=LIMIT * 1000, polling=20)
            latency = time.monotonic() - saved
            print(f"save -> page reloaded in chromium: {latency * 1000:.0f} ms")
            assert os.environ.get("PRESSRELEASE_STRICT_LATENCY") is None or latency < 1.0
        finally:
            page.close()
