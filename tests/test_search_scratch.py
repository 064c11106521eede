"""Where Pagefind writes its bundle: a private folder in memory when there is room (written into the site by the
writer), else in the output folder; the same index either way, a bundle cut short never published, nothing left
behind, and no other user's or build's folder touched (several cases from a cold review)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

import pressrelease.build.scratch as scratch
import pressrelease.build.search as search
from pressrelease.build import BuildOptions, build
from pressrelease.formats import RenderOptions

from helpers import two_organisations

SITE = "https://newsroom.example.org/news/"
NOW = dt.datetime(2016, 3, 10, 2, 0, tzinfo=dt.timezone.utc)
#: Pagefind's files whose bytes do not depend on the pages: its scripts, style sheets and WebAssembly.
FIXED = ("pagefind.js", "pagefind-ui.js", "pagefind-worker.js", "pagefind-ui.css", "pagefind-component-ui.css",
         "pagefind-highlight.js", "pagefind-modular-ui.js", "wasm.unknown.pagefind")


def options(out: Path) -> BuildOptions:
    return BuildOptions(out_dir=out, jobs=1, formats=("html", "site"), render=RenderOptions(site_url=SITE), now=NOW)


def index_files(out: Path) -> dict[str, bytes]:
    folder = out / "site" / "pagefind"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def scratch_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".pagefind")) if folder.is_dir() else []


def leftover(memory: Path, out: Path, pid: int, tail: str = "abcdefgh") -> Path:
    return memory / f".pagefind-{scratch._output_key(out)}-{pid}.{tail}.tmp"


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    return two_organisations(tmp_path / "releases")


def make_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for /dev/shm (sticky and writable by all, as it is), the only memory folder."""
    folder = tmp_path / "memory"
    folder.mkdir()
    os.chmod(folder, 0o1777)
    monkeypatch.setattr(scratch, "MEMORY_FOLDERS", (folder,))
    return folder


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_memory(tmp_path, monkeypatch)


@contextlib.contextmanager
def tmpfs(folder: Path, settings: str) -> Iterator[Path]:
    """A real tmpfs mounted at ``folder`` with ``settings`` (``size=200k``), unmounted afterwards (root only:
    the test is skipped elsewhere)."""
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", settings, "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, Path, int]]:
    """Record each run's pages folder, working folder and the working folder's mode."""
    runs: list[tuple[Path, Path, int]] = []
    real = search.index_site

    def recording(site_dir, work_dir, **kwargs):  # type: ignore[no-untyped-def]
        runs.append((Path(site_dir), Path(work_dir), stat.S_IMODE(os.stat(work_dir).st_mode)))
        return real(site_dir, work_dir, **kwargs)
    monkeypatch.setattr(search, "index_site", recording)
    return runs


def test_the_bundle_is_made_in_memory_and_nothing_is_left(releases: Path, memory: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    runs = spy(monkeypatch)
    out = tmp_path / "out"
    report = build([releases], options(out))
    assert report.ok and not [p for p in report.all_problems if p.code == "search"]
    [(pages, work, mode)] = runs
    assert work.parent == memory and mode == 0o700  # private: the machine's other users
    assert pages.parent == out.resolve()  # the pages are linked in the output folder: the same order as before
    assert scratch_names(memory) == [] and scratch_names(out) == []
    assert index_files(out)["pagefind-entry.json"].startswith(b"{")
    assert any(name.startswith("fragment/") for name in index_files(out))


def test_in_memory_or_on_the_disk_the_index_is_the_same(releases: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the real /dev/shm (another file system, which lists a folder in another order): Pagefind numbers the
    pages in the order it finds them, so they stay in the output folder, and only the bundle goes to memory."""
    shm = Path("/dev/shm")
    if not scratch._has_room(shm, 1 << 20) or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs a /dev/shm of its own with room")
    runs = spy(monkeypatch)
    assert build([releases], options(tmp_path / "in-memory")).ok
    assert runs[-1][1].parent == shm
    monkeypatch.setattr(scratch, "MEMORY_FOLDERS", ())
    assert build([releases], options(tmp_path / "on-disk")).ok
    assert runs[-1][1].parent == (tmp_path / "on-disk").resolve()
    assert index_files(tmp_path / "in-memory") == index_files(tmp_path / "on-disk")  # byte for byte


def test_without_room_in_memory_or_without_statvfs_it_works_in_the_output_folder(
        releases: Path, memory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scratch, "_MEMORY_MARGIN", 1 << 62)  # more than any machine has
    assert scratch.scratch_folder(tmp_path / "a", 1000).parent == tmp_path / "a"
    monkeypatch.undo()
    monkeypatch.setattr(scratch, "MEMORY_FOLDERS", (memory,))
    monkeypatch.setattr(scratch, "_memory_available", lambda: 1 << 20)  # the machine's memory, not the tmpfs's room
    assert scratch.scratch_folder(tmp_path / "b", 1000).parent == tmp_path / "b"
    monkeypatch.setattr(scratch, "_memory_available", lambda: None)  # not knowable
    assert scratch.scratch_folder(tmp_path / "c", 1000).parent == tmp_path / "c"
    monkeypatch.undo()
    monkeypatch.setattr(scratch, "MEMORY_FOLDERS", (memory,))
    monkeypatch.delattr(os, "statvfs")  # Windows
    out = tmp_path / "out"
    assert build([releases], options(out)).ok
    assert "pagefind-entry.json" in index_files(out) and scratch_names(out) == [] and scratch_names(memory) == []


def test_the_memory_available_is_read(tmp_path: Path) -> None:
    if not Path("/proc/meminfo").is_file():
        pytest.skip("no /proc")
    available = scratch._memory_available()
    assert available is not None and 0 < available <= os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def test_leftovers_in_memory_go_and_no_one_elses(releases: Path, memory: Path, tmp_path: Path) -> None:
    """This output folder's (any process), and any of a process no longer running untouched for an hour; not a
    running process's of another output folder, nor a fresh one, not a link, not a name of another pattern."""
    out = tmp_path / "out"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    own_old = leftover(memory, out, 1)
    other_running = leftover(memory, tmp_path / "another-out", os.getppid())
    other_dead = leftover(memory, tmp_path / "another-out", int(dead))
    other_dead_new = leftover(memory, tmp_path / "third-out", int(dead))  # in a container's PID namespace, say
    for folder in (own_old, other_running, other_dead, other_dead_new):
        (folder / "pagefind").mkdir(parents=True)
    os.utime(other_dead, (0, time.time() - 2 * 3600))
    link = leftover(memory, out, 2)
    link.symlink_to(tmp_path / "releases", target_is_directory=True)
    stranger = memory / ".pagefind-something-else.tmp"
    stranger.mkdir()
    assert build([releases], options(out)).ok
    assert scratch_names(memory) == sorted([other_running.name, other_dead_new.name, link.name, stranger.name])
    assert (tmp_path / "releases").is_dir()  # a link is not followed


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to make another user's")
def test_another_users_folder_of_the_same_name_is_left_alone(memory: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    theirs = leftover(memory, out, 1)
    (theirs / "pages").mkdir(parents=True)
    (theirs / "pages" / "page.html").write_text("theirs")
    for path in (theirs, theirs / "pages", theirs / "pages" / "page.html"):
        os.chown(path, 65534, 65534)
    scratch.remove_scratch_leftovers(out)
    assert (theirs / "pages" / "page.html").is_file()


def test_a_leftover_swapped_for_a_named_pipe_does_not_hang(memory: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Listed as a folder, then a named pipe in its place when it is removed: removed, never opened."""
    out = tmp_path / "out"
    first, second = leftover(memory, out, 1, "aaaaaaaa"), leftover(memory, out, 1, "bbbbbbbb")
    first.mkdir()
    second.mkdir()
    real = scratch.remove_tree

    def meanwhile(path):  # type: ignore[no-untyped-def]
        for other in (first, second):
            if other.is_dir() and Path(path) != other:
                other.rmdir()
                os.mkfifo(other)
        return real(path)
    monkeypatch.setattr(scratch, "remove_tree", meanwhile)
    worker = threading.Thread(target=scratch.remove_scratch_leftovers, args=(out,), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "blocked opening a named pipe"
    assert scratch_names(memory) == []


def deep_tree(top: Path, depth: int = 1500, link_to: Path | None = None) -> None:
    """``top/a/a/.../a``, made through folder descriptors (no path longer than PATH_MAX); at the bottom a link
    named ``link`` to ``link_to``, if given."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("a", dir_fd=fd)
            deeper = os.open("a", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = deeper
        if link_to is not None:
            os.symlink(link_to, "link", dir_fd=fd)
    finally:
        os.close(fd)


@pytest.mark.parametrize("where", ["memory", "output folder"])
def test_a_leftover_1500_folders_deep_does_not_break_the_build(releases: Path, memory: Path, tmp_path: Path,
                                                               where: str) -> None:
    """shutil.rmtree recurses once a level on Python 3.11; RecursionError is not an OSError."""
    out = tmp_path / "out"
    assert build([releases], options(out)).ok
    top = leftover(memory, out, 1) if where == "memory" else out / ".pagefind-0123456789abcdef-1.deadbeef.tmp"
    deep_tree(top)
    assert build([releases], options(out)).ok
    assert not top.exists()


def test_a_bundle_gone_before_it_is_written_in_is_a_warning(releases: Path, memory: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleted meanwhile (a second build into the same folder starting, a cleaner): a warning, not a traceback;
    the next build makes the index again."""
    out = tmp_path / "out"
    real = search.index_site

    def then_deleted(site_dir, work_dir, **kwargs):  # type: ignore[no-untyped-def]
        bundle = real(site_dir, work_dir, **kwargs)
        shutil.rmtree(work_dir)
        return bundle
    monkeypatch.setattr(search, "index_site", then_deleted)
    report = build([releases], options(out))
    assert [p for p in report.all_problems if p.code == "search"]
    monkeypatch.undo()
    monkeypatch.setattr(scratch, "MEMORY_FOLDERS", (memory,))
    assert build([releases], options(out)).ok
    assert search.incomplete(search.SearchBundle(None, {n: out / "site" / "pagefind" / n
                                                        for n in index_files(out)})) is None


def test_a_failed_run_is_located_at_the_site(releases: Path, memory: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Not at the working folder Pagefind was given, which is gone by the time the warning is read."""
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: No space left on device' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "find_binary", lambda: (fake, True))
    out = tmp_path / "out"
    report = build([releases], options(out))
    [problem] = [p for p in report.all_problems if p.code == "search"]
    assert problem.path == out / "site" and "No space left on device" in problem.message


def test_what_incomplete_calls_cut_short(tmp_path: Path) -> None:
    import gzip

    whole = gzip.compress(b"x" * 10_000)
    files = {"a.pf_meta": whole, "b.js": b"var a;\n", "c.pf_fragment": whole[:-3], "d.css": b"", "e.js": b"x" * 8192}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    def check(*names: str, page_size: int = 0) -> str | None:
        return search.incomplete(search.SearchBundle(None, {n: tmp_path / n for n in names}), page_size=page_size)
    assert check("a.pf_meta", "b.js", "e.js") is None  # on the disk, a whole number of pages is no sign
    assert check("a.pf_meta", "c.pf_fragment") == "c.pf_fragment is cut short"
    assert check("d.css") == "d.css is empty"
    assert check("e.js", page_size=4096) == "e.js may be cut short (8192 bytes)"


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A real tmpfs far too small for the bundle (root only), as the only memory folder, its room check passed."""
    with tmpfs(tmp_path / "tiny", "size=200k") as folder:
        monkeypatch.setattr(scratch, "MEMORY_FOLDERS", (folder,))
        monkeypatch.setattr(scratch, "_has_room", lambda place, need, files=0: True)  # filled meanwhile
        yield folder


def test_a_bundle_cut_short_by_a_full_memory_is_made_again_on_the_disk(releases: Path, tmp_path: Path,
                                                                       tiny: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind out of room exits 0 and says nothing, its files empty or cut at a page: never published."""
    runs = spy(monkeypatch)
    out = tmp_path / "out"
    report = build([releases], options(out))
    assert report.ok and not [p for p in report.all_problems if p.code == "search"]
    assert [work.parent for _, work, _ in runs] == [tiny, out.resolve()]
    monkeypatch.setattr(scratch, "MEMORY_FOLDERS", ())
    assert build([releases], options(tmp_path / "reference")).ok
    made, reference = index_files(out), index_files(tmp_path / "reference")
    assert {name: made.get(name) == data for name, data in reference.items() if name in FIXED} \
        == {name: True for name in reference if name in FIXED}
    assert made == reference
