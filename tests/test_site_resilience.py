"""The newsroom site when a build is killed, Pagefind fails, links are not possible or a template is odd (from a cold review)."""

from __future__ import annotations

import datetime as dt
import errno
import gzip
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pressrelease.build import BuildOptions, build
from pressrelease.formats import RenderOptions

from helpers import two_organisations

SITE = "https://newsroom.example.org/news/"
AT_LIFT = dt.datetime(2016, 3, 10, 2, 0, tzinfo=dt.timezone.utc)
RIV = "2016-03-10-riverside-libraries"
REF = "2016-02-19-ipu-cambodia-mission"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return two_organisations(tmp_path / "releases")


def options(out: Path, templates: tuple[Path, ...] = (), **kw) -> BuildOptions:  # type: ignore[no-untyped-def]
    return BuildOptions(out_dir=out, jobs=1, formats=("html", "txt", "site"),
                        render=RenderOptions(site_url=SITE, templates=templates), now=AT_LIFT, **kw)


def naming(out: Path, needle: bytes) -> list[str]:
    found = []
    for path in sorted((out / "site").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix.startswith(".pf_"):
                data = gzip.decompress(data)
            if needle in data:
                found.append(path.relative_to(out).as_posix())
    return found


def killed_build(folder: Path, out: Path, when: str) -> None:
    """A build in a child process, killed (os._exit, as SIGKILL) at the first os.replace whose source matches."""
    script = textwrap.dedent(f"""
        import os, re, sys, datetime as dt
        from pathlib import Path
        sys.path.insert(0, {str(ROOT / 'tests')!r})
        from test_site_resilience import options
        from pressrelease.build import build
        real = os.replace
        def dying(a, b, *k, **kw):
            if re.search({when!r}, str(a)):
                os._exit(137)
            return real(a, b, *k, **kw)
        os.replace = dying
        build([Path({str(folder)!r})], options(Path({str(out)!r})))
    """)
    done = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 137


def test_a_link_temporary_a_killed_build_left_in_the_site_is_removed(folder: Path, tmp_path: Path) -> None:
    """OutputFolder.link's .index.html.XXXXXXXX.tmp (a hard link of the page) sits in site/releases/<slug>/;
    remove_temporaries only scans the output folder's top level, so it survives every later build and is
    deployed, even after the release is withdrawn. (A new page is linked in place: the temporary link is made
    when the page is there already, so the release changes between two builds.)"""
    out = tmp_path / "out"
    assert build([folder], options(out)).ok
    source = next((folder / "riverside").glob("*.md"))
    source.write_text(source.read_text(encoding="utf-8").replace("\nheadline: ", "\nheadline: Changed "), encoding="utf-8")
    killed_build(folder, out, rf"{RIV}/\.index\.html\.[0-9a-f]{{8}}\.tmp$")
    shutil.rmtree(folder / "riverside")  # withdrawn
    assert build([folder], options(out)).ok
    assert build([folder], options(out)).ok
    left = [p.relative_to(out).as_posix() for p in (out / "site").rglob("*.tmp")]
    assert left == []


def test_a_killed_collection_leaves_nothing_of_a_withdrawn_release_in_the_site(folder: Path, tmp_path: Path) -> None:
    """Killed while the index's files are written in (the site's pages, tags and feeds already written, the manifest
    not saved): the next builds do not know those files, so a release withdrawn meanwhile stays in site/
    (pre-existing: 4c1e457 does the same)."""
    out = tmp_path / "out"
    shutil.move(folder / "riverside", tmp_path / "aside")
    assert build([folder], options(out)).ok
    shutil.move(tmp_path / "aside", folder / "riverside")
    killed_build(folder, out, r"/site/pagefind/\.pagefind\.[^/]*\.[0-9a-f]{8}\.tmp$")  # its first file written in
    shutil.rmtree(folder / "riverside")  # withdrawn
    assert build([folder], options(out)).ok
    assert naming(out, b"riverside") == []


def test_after_a_failed_index_the_next_build_makes_it(folder: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The warning says 'build again', but the next build's collection stage is a no-op (nothing changed, the
    recorded files are intact), so the site has no search until a release changes (pre-existing)."""
    import pressrelease.build.search as search

    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise search.SearchIndexError(out, "the search index was not built: Pagefind exited with status 1", "x")
        patch.setattr(search, "index_site", failing)
        report = build([folder], options(out))
        assert any(p.code == "search" for p in report.all_problems)
    build([folder], options(out))
    assert (out / "site" / "pagefind" / "pagefind-entry.json").exists()


def test_an_unexpected_error_in_the_index_thread_is_a_warning(folder: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capfd: pytest.CaptureFixture[str]) -> None:
    """IndexJob._run catches SearchIndexError and OSError only: anything else is a traceback on stderr (threading's
    excepthook), the index silently gone, and a build that reports no problem."""
    import pressrelease.build.search as search

    monkeypatch.setattr(search, "index_site", lambda *a, **k: (_ for _ in ()).throw(ValueError("boom")))
    report = build([folder], options(tmp_path / "out"))
    assert "Traceback" not in capfd.readouterr().err
    assert any(p.code == "search" for p in report.all_problems)


def test_the_index_is_made_where_hard_links_are_not(folder: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """OutputFolder.link falls back to a copy, IndexJob._run does not: no search on FAT/exFAT/some SMB or FUSE
    mounts, ever (pre-existing: 4c1e457's _search linked too)."""
    def no_links(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EPERM, "Operation not permitted")
    monkeypatch.setattr(os, "link", no_links)
    report = build([folder], options(tmp_path / "out"))
    assert report.ok and not [p.message for p in report.all_problems if p.code == "search"]


def test_the_one_call_api_sees_an_edited_shell(folder: Path, tmp_path: Path) -> None:
    """A kept session's theme checks its templates for edits (docs/architecture.md); the site renderer's shell
    cache (SitePageRenderer._shells) outlives them: an edit of an override site/shell.html is never seen."""
    import pressrelease

    shell = (ROOT / "templates" / "site" / "shell.html").read_text(encoding="utf-8")
    override = tmp_path / "theme"
    (override / "site").mkdir(parents=True)
    target = override / "site" / "shell.html"
    target.write_text(shell.replace('<a class="skip-link"', '<a data-v="ONE" class="skip-link"'), encoding="utf-8")
    release = pressrelease.load(folder / f"{REF}.md")
    settings = RenderOptions(site_url=SITE, templates=(override.resolve(),))
    assert 'data-v="ONE"' in pressrelease.render(release, "site", settings)
    time.sleep(0.01)
    target.write_text(shell.replace('<a class="skip-link"', '<a data-v="TWO" class="skip-link"'), encoding="utf-8")
    assert 'data-v="TWO"' in pressrelease.render(release, "site", settings)


def test_a_shell_without_one_of_its_macros_is_located(folder: Path, tmp_path: Path) -> None:
    """Theme.call_macro's getattr raises AttributeError: 'internal error ... a bug in pressrelease', blamed on
    each release, exit 2; the index pages' {{ shell.skip(nav) }} gives a located template error."""
    from pressrelease.errors import TemplateError

    shell = (ROOT / "templates" / "site" / "shell.html").read_text(encoding="utf-8")
    override = tmp_path / "theme"
    (override / "site").mkdir(parents=True)
    (override / "site" / "shell.html").write_text(shell.replace("{% macro skip(nav) %}", "{% macro skipper(nav) %}"),
                                                  encoding="utf-8")
    from pressrelease.theme import Theme

    with pytest.raises(TemplateError) as caught:
        Theme([override]).call_macro("site/shell.html", "skip", None)
    assert "shell.html" in str(caught.value)
