"""The search index's working folder and its checks: the cases of a second cold review (each failed before its fix)."""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Iterator

import pytest
from helpers import two_organisations
from test_search_scratch import deep_tree, make_memory, options, tmpfs

import pressrelease.build.collect as collect
import pressrelease.build.scratch as scratch
import pressrelease.build.search as search
from pressrelease.build import build
from pressrelease.build.indexing import RELEASE_PAGE
from pressrelease.build.writer import OutputFolder

def search_problems(report):  # type: ignore[no-untyped-def]
    return [p for p in report.all_problems if p.code == "search"]


def fake_pagefind(tmp_path: Path, body: str) -> Path:
    fake = tmp_path / "fake-pagefind"
    fake.write_text("#!/bin/sh\n" + body)
    fake.chmod(0o755)
    return fake


# -- cgroup (from the review) ----------------------------------------
# _memory_available reads only /sys/fs/cgroup/memory.max (cgroup v2, with the process's own control group
# mounted there, as in a container with a cgroup namespace). A control group v1 limit
# (/sys/fs/cgroup/memory/memory.limit_in_bytes: Ubuntu 20.04, CentOS 7, Amazon Linux 2 hosts and their
# containers) and a v2 limit on the process's own group where /sys/fs/cgroup is the root's (a systemd service
# with MemoryMax=, a CI runner on the host; the root group has no memory.max) are both ignored: the machine's
# MemAvailable is taken, and a bundle in /dev/shm (charged to the group, not reclaimable) can push the group past
# its limit (the OOM killer picks the build, Pagefind or the CI runner).

GIB = 1 << 30
MEMINFO = "MemTotal:       33554432 kB\nMemFree:        20000000 kB\nMemAvailable:   30000000 kB\n"


def fake_files(monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    real = io.open

    def fake_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        name = os.fspath(file) if not isinstance(file, int) else ""
        if name in files:
            return io.BytesIO(files[name].encode()) if "b" in mode else io.StringIO(files[name])
        if name.startswith(("/sys/fs/cgroup", "/proc/self/", "/proc/meminfo")):
            raise FileNotFoundError(2, "No such file or directory", name)
        return real(file, mode, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)


@pytest.mark.parametrize("files", [
    pytest.param({"/proc/self/cgroup": "4:memory:/\n0::/\n",
                  "/sys/fs/cgroup/memory/memory.limit_in_bytes": str(GIB),
                  "/sys/fs/cgroup/memory/memory.usage_in_bytes": str(GIB // 2)}, id="cgroup v1 container"),
    pytest.param({"/proc/self/cgroup": "0::/system.slice/ci-runner.service\n",
                  "/sys/fs/cgroup/system.slice/ci-runner.service/memory.max": f"{GIB}\n",
                  "/sys/fs/cgroup/system.slice/ci-runner.service/memory.current": f"{GIB // 2}\n"},
                 id="cgroup v2 service, /sys/fs/cgroup the root's"),
])
def test_the_control_groups_limit_is_heeded(monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    fake_files(monkeypatch, {"/proc/meminfo": MEMINFO, **files})
    available = scratch._memory_available()
    monkeypatch.undo()
    assert available is not None and available <= GIB // 2, f"{available / GIB:.1f} GiB taken as available"


def test_control_the_v2_limit_in_a_cgroup_namespace_is_heeded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The case the code handles (passes today): the fake file system works."""
    fake_files(monkeypatch, {"/proc/meminfo": MEMINFO, "/proc/self/cgroup": "0::/\n",
                             "/sys/fs/cgroup/memory.max": f"{GIB}\n", "/sys/fs/cgroup/memory.current": f"{GIB // 2}\n"})
    available = scratch._memory_available()
    monkeypatch.undo()
    assert available == GIB // 2


# -- inodes (from the review) ----------------------------------------
# _has_room counts a memory folder's free bytes but not its free inodes (statvfs f_favail). A tmpfs out of inodes
# (nr_inodes, or many small files of other programs) passes the check; Pagefind, unable to create its files there,
# does not fail: it hangs until the time limit (300 s by default), and a time-out is not tried again on the disk,
# so the build waits five minutes and publishes no search index.

@pytest.fixture
def few_inodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with tmpfs(tmp_path / "few-inodes", "size=2g,nr_inodes=12,mode=1777") as folder:
        monkeypatch.setattr(scratch, "MEMORY_FOLDERS", (folder,))
        yield folder


def test_a_memory_folder_without_free_inodes_has_no_room(few_inodes: Path) -> None:
    assert not scratch._has_room(few_inodes, 1000), "room for 2 GB, but only a handful of files"


def test_a_memory_folder_without_free_inodes_is_not_used(tmp_path: Path, few_inodes: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    releases = two_organisations(tmp_path / "releases")
    real = search.index_site
    monkeypatch.setattr(search, "index_site", lambda site_dir, work_dir, **kw: real(site_dir, work_dir, timeout=8))
    report = build([releases], options(tmp_path / "out"))
    assert not search_problems(report), [p.message for p in search_problems(report)]


# -- interrupted (from the review) ----------------------------------------
# Ctrl-C in a terminal reaches the whole foreground process group: the build's main thread (KeyboardInterrupt,
# so the collection stage calls IndexJob.abandon, which waits for the thread) and Pagefind (killed by SIGINT).
# _run takes Pagefind's death as 'memory filled up meanwhile' and runs it once more on the disk, so an
# interrupted build waits for a whole second Pagefind run (up to the 300 s limit) before it stops.

def test_ctrl_c_does_not_run_pagefind_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    releases = two_organisations(tmp_path / "releases")
    memory = make_memory(tmp_path, monkeypatch)
    counter = tmp_path / "runs"
    # Pagefind as Ctrl-C leaves it: started, then killed by SIGINT (as the terminal sends it to the group)
    fake = fake_pagefind(tmp_path, f"echo run >> '{counter}'\nsleep 0.3\nkill -INT $$\nsleep 5\n")
    monkeypatch.setattr(search, "find_binary", lambda: (fake, True))
    real_write = collect._write

    def interrupted(folder, manifest, outputs, states, result):  # type: ignore[no-untyped-def]
        if any(RELEASE_PAGE.match(name) for name in outputs):  # the index job has been started
            deadline = time.monotonic() + 10
            while not counter.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            raise KeyboardInterrupt  # the same Ctrl-C, in the main thread
        return real_write(folder, manifest, outputs, states, result)
    monkeypatch.setattr(collect, "_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([releases], options(tmp_path / "out"))
    assert counter.read_text().count("run") == 1, "Pagefind was run again after Ctrl-C"
    assert not any(memory.iterdir())


# -- located (from the review) ----------------------------------------
# A problem index_site locates at its working folder ('cannot make a temporary folder', located at work_dir) is
# left there: the outer handler's _located looks for self._work, which the inner handler's _close() has already
# set to None, so the warning names a folder that was deleted before the build reported it.

def test_a_full_disk_at_pagefinds_folder_is_located_at_the_site(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    releases = two_organisations(tmp_path / "releases")
    make_memory(tmp_path, monkeypatch)
    real = tempfile.mkdtemp

    def full(suffix=None, prefix=None, dir=None):  # type: ignore[no-untyped-def]
        if prefix == search._PREFIX:  # index_site's own folder inside the working folder: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(suffix, prefix, dir)
    monkeypatch.setattr(tempfile, "mkdtemp", full)
    out = tmp_path / "out"
    report = build([releases], options(out))
    [problem] = search_problems(report)
    assert "No space left on device" in problem.message
    assert problem.path == out / "site", f"located at {problem.path}, which exists: {problem.path.exists()}"


# -- missing_file (from the review) ----------------------------------------
# search.incomplete checks the files the bundle lists, and the bundle lists what is in the folder when Pagefind
# is done: a file that is not there at all (deleted under a running Pagefind by another build's leftover removal,
# see test_pid_namespace.py, or by a second build into the same output folder; never created) is not missed. The
# entry file still counts the page, the meta file still names its fragment: the site's search index names a
# fragment it does not have, and no warning is given (a search finding that page shows nothing / errors).

def test_a_bundle_missing_a_fragment_is_not_published_silently(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    releases = two_organisations(tmp_path / "releases")
    make_memory(tmp_path, monkeypatch)
    real = search._run

    def one_deleted_meanwhile(binary, site_dir, folder, timeout):  # type: ignore[no-untyped-def]
        real(binary, site_dir, folder, timeout)
        next(iter(sorted((folder / "pagefind" / "fragment").iterdir()))).unlink()  # as another build's remove_tree
    monkeypatch.setattr(search, "_run", one_deleted_meanwhile)
    out = tmp_path / "out"
    report = build([releases], options(out))
    bundle = out / "site" / "pagefind"
    pages = sum(info["page_count"] for info in json.loads((bundle / "pagefind-entry.json").read_text())["languages"]
                .values()) if (bundle / "pagefind-entry.json").exists() else 0
    fragments = len(list((bundle / "fragment").glob("*.pf_fragment"))) if bundle.is_dir() else 0
    assert search_problems(report) or fragments == pages, \
        f"published an index of {pages} pages with {fragments} fragments, and no warning"


# -- partial_finish (from the review) ----------------------------------------
# finish() stops at the first bundle file it cannot read (its folder deleted meanwhile: another build's leftover
# removal, logind's RemoveIPC at logout) and warns that 'the next build makes it again'. But the files written
# before it are recorded in the manifest; the entry file (last) is not, and the old one is deleted. The next build
# asks IndexJob.needed: the pages are as recorded and every recorded index file is intact, so the index is kept
# as it is, without its entry file: the site has no search until a release page changes, and no build says so.

def test_a_bundle_half_written_in_is_made_again_by_the_next_build(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    releases = two_organisations(tmp_path / "releases")
    make_memory(tmp_path, monkeypatch)
    bundles: list[search.SearchBundle] = []
    real_index, real_write = search.index_site, OutputFolder.write_if_changed

    def recorded(site_dir, work_dir, **kwargs):  # type: ignore[no-untyped-def]
        bundles.append(real_index(site_dir, work_dir, **kwargs))
        return bundles[-1]

    def deleted_meanwhile(self, path, data):  # type: ignore[no-untyped-def]
        if "pagefind" in path.parts and bundles and bundles[-1].files:  # finish() has begun writing the bundle in
            bundles[-1].files[search.BUNDLE_FOLDER + search.ENTRY].unlink(missing_ok=True)
        return real_write(self, path, data)
    monkeypatch.setattr(search, "index_site", recorded)
    monkeypatch.setattr(OutputFolder, "write_if_changed", deleted_meanwhile)
    out = tmp_path / "out"
    first = build([releases], options(out))
    assert search_problems(first), "the first build warns (the next build makes it again, finish() says)"
    monkeypatch.setattr(search, "index_site", real_index)
    monkeypatch.setattr(OutputFolder, "write_if_changed", real_write)
    second = build([releases], options(out))
    assert (out / "site" / "pagefind" / "pagefind-entry.json").is_file(), \
        f"the next build kept the index without its entry file; its search problems: {search_problems(second)}"


# -- pid_namespace (from the review) ----------------------------------------
# remove_scratch_leftovers takes a folder for a dead build's when kill(pid, 0) finds no such process. A build
# in another PID namespace (a container sharing /dev/shm: containers of one Kubernetes pod, docker --ipc=host,
# bwrap/unshare sandboxes, all commonly running as root, so the uid check does not tell them apart) is running,
# but its pid does not exist here: its working folder is deleted under its Pagefind.

INSIDE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pressrelease.build.scratch as scratch
    scratch.MEMORY_FOLDERS = (Path(sys.argv[1]),)
    scratch._has_room = lambda place, need, files=0: True
    work = scratch.scratch_folder(Path(sys.argv[2]), 1000)
    (work / "pagefind").mkdir()
    print(work, flush=True)
    time.sleep(60)  # Pagefind writing its bundle
""")


def free_pid() -> int:
    for pid in range(5000, 60000, 7):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            continue
    pytest.skip("no free process id")


@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0, reason="needs unshare and root")
def test_a_running_build_in_another_pid_namespace_keeps_its_folder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    memory = make_memory(tmp_path, monkeypatch)
    pid = free_pid()
    script = tmp_path / "inside.py"
    script.write_text(INSIDE)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}  # this checkout's code
    inner = f"echo {pid - 1} > /proc/sys/kernel/ns_last_pid; {sys.executable} {script} {memory} {tmp_path / 'their-out'}"
    process = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", "--kill-child", "sh", "-c", inner],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline().strip()  # type: ignore[union-attr]
        if not line:
            said = process.communicate(timeout=30)[1]
            assert "Traceback" not in said, said  # the build's side failed: not a machine without namespaces
            pytest.skip("the namespace could not be made here")
        theirs = Path(line)
        assert f"-{pid}." in theirs.name and theirs.is_dir()
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # their pid, as seen from here
        assert process.poll() is None  # still running
        scratch.remove_scratch_leftovers(tmp_path / "our-out")  # a build of another output folder starts
        assert theirs.is_dir(), "a running build's working folder was deleted"
    finally:
        process.kill()
        process.wait()


# -- retry_loop (from the review) ----------------------------------------
# IndexJob._run tries once more 'on the disk' while the folder it got is in memory (in_memory: its parent is a
# memory folder). With the output folder itself a memory folder (pressrelease build --out /dev/shm), the folder
# made with memory=False is again in /dev/shm, in_memory says True, and a Pagefind that keeps failing (a full
# /dev/shm, a page it chokes on) is run again and again: the build never ends.

def test_the_output_folder_in_memory_does_not_loop_forever(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    releases = two_organisations(tmp_path / "releases")
    memory = make_memory(tmp_path, monkeypatch)
    fake = fake_pagefind(tmp_path, "echo 'Error: No space left on device' >&2\nexit 1\n")
    monkeypatch.setattr(search, "find_binary", lambda: (fake, True))
    runs: list[Path] = []
    real = search.index_site

    def counted(site_dir, work_dir, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(Path(work_dir))
        if len(runs) > 20:
            raise RuntimeError("stopped by the test: Pagefind run 20 times")
        return real(site_dir, work_dir, **kwargs)
    monkeypatch.setattr(search, "index_site", counted)
    report = build([releases], options(memory))  # the output folder is the memory folder itself
    assert len(search_problems(report)) == 1
    assert len(runs) <= 2, f"Pagefind run {len(runs)} times, each 'once more, on the disk', in {runs[-1].parent}"


# -- windows_kill (from the review) ----------------------------------------
# On Windows os.kill(pid, 0) is no probe: 0 is signal.CTRL_C_EVENT there, so CPython sends a Ctrl-C console event
# to process group ``pid`` (any other signal number calls TerminateProcess). remove_scratch_leftovers still scans
# MEMORY_FOLDERS there (/dev/shm is C:\\dev\\shm, a folder any authenticated user may make at the root of C:), has no
# uid to compare (os.geteuid is missing, so every folder passes), and calls _running -> os.kill(pid, 0) for each
# folder named .pagefind-<hash>-<pid>.XXXXXXXX.tmp: anyone who can make such folders picks the processes the build
# interrupts. scratch_folder never uses a memory folder without os.statvfs, so nothing there is ever the build's.

def test_without_statvfs_or_geteuid_no_process_is_signalled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = make_memory(tmp_path, monkeypatch)
    planted = memory / ".pagefind-0123456789abcdef-4242.abcdefgh.tmp"  # made by someone else, names a pid
    planted.mkdir()
    signalled: list[tuple[int, int]] = []

    def kill(pid: int, sig: int) -> None:
        signalled.append((pid, sig))
    monkeypatch.delattr(os, "statvfs")  # Windows
    monkeypatch.delattr(os, "geteuid")
    monkeypatch.setattr(os, "kill", kill)
    scratch.remove_scratch_leftovers(tmp_path / "out")
    monkeypatch.undo()
    assert signalled == [], f"os.kill called as {signalled} (on Windows: a Ctrl-C event to that process group)"


# -- remove_tree ------------------------------------------------------------------------------------------
# shutil.rmtree works through folder descriptors (a folder swapped for a link meanwhile is not followed); the
# path-based fallback only finishes a tree too deep for it. Neither deletes what a link points to.


@pytest.mark.parametrize("depth", [3, 1500])
def test_remove_tree_deletes_links_not_what_they_point_to(tmp_path: Path, depth: int) -> None:
    from pressrelease.build.writer import remove_tree

    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("keep")
    top = tmp_path / "tree"
    deep_tree(top, depth, link_to=victim)
    (top / "link").symlink_to(victim, target_is_directory=True)
    remove_tree(top)
    assert not top.exists() and (victim / "keep.txt").read_text() == "keep"
    (tmp_path / "alone").symlink_to(victim, target_is_directory=True)
    remove_tree(tmp_path / "alone")  # a link given as the tree: the link goes
    assert not (tmp_path / "alone").is_symlink() and (victim / "keep.txt").exists()
