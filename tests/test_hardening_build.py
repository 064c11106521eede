"""The build's writing under stress: a kill at any step, a full disk, a read-only folder, a release too slow.

A kill is a real one (``os._exit`` in a child process at the k-th step of
the writer, for every k); a full disk and a refused deletion are the
system's own errors raised where the system would raise them.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pressrelease
from pressrelease.build import BuildOptions, build
from pressrelease.build.manifest import MANIFEST_NAME
from pressrelease.cli import main

from helpers import REFERENCE, RIVERSIDE

#: Where the pressrelease being tested is: the child processes run the same one.
CODE = Path(pressrelease.__file__).resolve().parent.parent

FORMATS = ("html", "txt")

#: Runs a build that dies (``os._exit``, no clean-up of any kind) at the k-th rename, chmod or delete.
KILLED_BUILD = """
import os, sys
from pathlib import Path
from pressrelease.build import BuildOptions, build
steps = {"left": int(sys.argv[1])}
def stop_at_step(real):
    def step(*args, **kwargs):
        steps["left"] -= 1
        if steps["left"] == 0:
            os._exit(9)
        return real(*args, **kwargs)
    return step
for name in ("replace", "chmod", "fchmod", "unlink"):
    setattr(os, name, stop_at_step(getattr(os, name)))
build([Path(sys.argv[3])], BuildOptions(out_dir=Path(sys.argv[2]), formats=tuple(sys.argv[4].split(",")), jobs=1))
"""


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """The reference release and the riverside one, in a folder of their own."""
    for origin, name in ((REFERENCE.parent, "releases"), (RIVERSIDE.parent, "releases/riverside")):
        shutil.copytree(origin, tmp_path / name)
    return tmp_path / "releases"


def update(sources: Path, undo: bool = False) -> None:
    """Change every release's headline (or change it back)."""
    old, new = "\nheadline: ", "\nheadline: Updated "
    for path in sorted(sources.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(*((new, old) if undo else (old, new))), encoding="utf-8")


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != MANIFEST_NAME}


def killed_build(step: int, out: Path, sources: Path, formats: tuple[str, ...] = FORMATS) -> int:
    env = {**os.environ, "PYTHONPATH": str(CODE), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", KILLED_BUILD, str(step), str(out), str(sources), ",".join(formats)],
                          env=env, capture_output=True, timeout=120).returncode


def test_a_build_killed_at_any_step_is_repaired_by_the_next(sources: Path, tmp_path: Path) -> None:
    out, finished = tmp_path / "out", tmp_path / "finished"
    assert build([sources], BuildOptions(out_dir=out, formats=FORMATS)).ok
    shutil.copytree(out, finished)  # the finished first build, put back before each killed one
    update(sources)
    assert build([sources], BuildOptions(out_dir=tmp_path / "clean", formats=FORMATS)).ok
    clean = files(tmp_path / "clean")
    step = 0
    while True:
        step += 1
        shutil.rmtree(out)
        shutil.copytree(finished, out)
        code = killed_build(step, out, sources)
        if code == 0:
            break  # the build has fewer steps than this: every step was tried
        assert code == 9
        report = build([sources], BuildOptions(out_dir=out, formats=FORMATS))
        assert report.ok, [str(p) for p in report.all_problems]
        assert files(out) == clean, f"after a kill at step {step}"
    assert step > 8  # two releases, two formats, the catalogue and the manifest: each written, then renamed


def test_a_kill_between_renames_leaves_no_file_of_the_killed_build(sources: Path, tmp_path: Path) -> None:
    """Killed after a release's first rename; the sources put back; then a build of fewer formats."""
    out = tmp_path / "out"
    assert build([sources], BuildOptions(out_dir=out, formats=FORMATS)).ok
    before = files(out)
    update(sources)
    assert killed_build(4, out, sources) == 9  # chmod, chmod, then the .html renamed: the .txt not yet
    update(sources, undo=True)
    mixed = files(out)
    assert any(mixed[name] != before[name] for name in before if name.endswith(".html"))
    assert build([sources], BuildOptions(out_dir=out, formats=("txt",))).ok
    after = files(out)
    assert {name: data for name, data in after.items() if name.endswith(".txt")} == \
        {name: data for name, data in before.items() if name.endswith(".txt")}
    for name, data in after.items():
        if name.endswith(".html"):
            assert data == before[name], f"{name} is from the killed build"
    assert not [name for name in os.listdir(out) if name.endswith(".tmp")]


def full_disk_for(name: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Writing a temporary file for ``name`` fails as a full disk does: the file is made, its write refused."""
    real_open, real_write = os.open, os.write
    full: set[int] = set()

    def opened(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        handle = real_open(path, flags, *args, **kwargs)
        if os.path.basename(os.fsdecode(path)).startswith(f".{name}.") and flags & os.O_CREAT:
            full.add(handle)
        return handle

    def write(handle, data):  # type: ignore[no-untyped-def]
        if handle in full:
            full.discard(handle)  # the writer closes it now; the number may be reused for another file
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(handle, data)

    monkeypatch.setattr(os, "open", opened)
    monkeypatch.setattr(os, "write", write)


def run_cli(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", *args, "-q"], out=out, err=err)
    return code, err.getvalue()


def test_a_full_disk_while_saving_the_manifest(sources: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert run_cli(str(sources), "-o", str(out), "-f", "txt")[0] == 0
    manifest = (out / MANIFEST_NAME).read_bytes()
    update(sources)
    full_disk_for(MANIFEST_NAME, monkeypatch)
    code, err = run_cli(str(sources), "-o", str(out), "-f", "txt")
    assert code == 1
    assert err == f"pressrelease: error: cannot write {out.resolve() / MANIFEST_NAME}: No space left on device\n"
    assert (out / MANIFEST_NAME).read_bytes() == manifest
    assert not [name for name in os.listdir(out) if name.endswith(".tmp")]


def test_a_full_disk_while_writing_a_release(sources: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert run_cli(str(sources), "-o", str(out), "-f", "txt,html")[0] == 0
    before = {**files(out), MANIFEST_NAME: (out / MANIFEST_NAME).read_bytes()}
    update(sources)
    full_disk_for("2016-02-19-ipu-cambodia-mission.txt", monkeypatch)
    code, err = run_cli(str(sources), "-o", str(out), "-f", "txt,html")
    assert code == 1
    target = out.resolve() / "2016-02-19-ipu-cambodia-mission.txt"
    assert err == f"pressrelease: error: cannot write {target}: No space left on device\n"
    after = {**files(out), MANIFEST_NAME: (out / MANIFEST_NAME).read_bytes()}
    assert after[MANIFEST_NAME] == before[MANIFEST_NAME]
    assert after["2016-02-19-ipu-cambodia-mission.html"] == before["2016-02-19-ipu-cambodia-mission.html"]


@pytest.mark.parametrize("code_name", ["EROFS", "EACCES"])
def test_a_folder_that_refuses_deletion(code_name: str, sources: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert run_cli(str(sources), "-o", str(out), "-f", "txt")[0] == 0
    (out / "left-over.html").write_text("old", encoding="utf-8")
    manifest = (out / MANIFEST_NAME).read_bytes()
    number = getattr(errno, code_name)
    real = os.unlink

    def refuse(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(out.resolve())):
            raise OSError(number, os.strerror(number), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse)
    code, err = run_cli(str(sources), "-o", str(out), "-f", "txt", "--clean")
    assert code == 1
    assert err == f"pressrelease: error: cannot delete {out / 'left-over.html'}: {os.strerror(number)}\n"
    assert (out / MANIFEST_NAME).read_bytes() == manifest


#: A throwaway format whose renderer is slow, or kills its own process, as the release's headline asks.
TROUBLE_FORMAT = """
import os, signal, time
from pathlib import Path
from pressrelease.formats import FORMATS, Format

class Trouble:
    def __init__(self, theme, options):
        pass

    def render(self, job):
        headline = job.view.release.headline
        if "Slow" in headline:
            time.sleep(60)
        marker = Path(os.environ["TROUBLE_MARKERS"]) / job.view.release.name
        if "Deadly" in headline or ("Flaky" in headline and not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return "fine\\n"

FORMATS.register(Format("trouble", ".trouble", "a renderer that is slow or dies", Trouble))
"""


def troubled(sources: Path, *words: str) -> dict[str, Path]:
    """One release per word, its headline starting with it; returns word -> source."""
    text = REFERENCE.read_text(encoding="utf-8")
    made = {}
    for number, word in enumerate(words, 1):
        path = sources / f"2016-02-1{number}-{word.lower()}.md"
        variant = text.replace("\nheadline: ", f"\nheadline: {word} ").replace("date: 2016-02-19", f"date: 2016-02-1{number}")
        path.write_text(variant, encoding="utf-8")
        made[word] = path
    return made


def build_in_child(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    markers = tmp_path / "markers"
    markers.mkdir(exist_ok=True)
    script = TROUBLE_FORMAT + "\nimport sys\nfrom pressrelease.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    env = {**os.environ, "PYTHONPATH": str(CODE), "PYTHONDONTWRITEBYTECODE": "1", "TROUBLE_MARKERS": str(markers)}
    return subprocess.run([sys.executable, "-c", script, "build", "releases", "-o", "out", *args, "-q"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_release_past_the_time_limit_is_stopped_and_the_others_built(jobs: str, sources: Path, tmp_path: Path) -> None:
    made = troubled(sources, "Slow", "Quick")
    out = tmp_path / "out"
    started = time.monotonic()
    done = build_in_child(tmp_path, "-f", "txt,trouble", "-j", jobs, "--timeout", "1")
    assert time.monotonic() - started < 30
    assert done.returncode == 1, done.stderr
    assert [line for line in done.stderr.splitlines() if ": warning: " not in line] == [
        f"{made['Slow'].relative_to(tmp_path)}:1:1: error: rendering this release took longer than 1 s and was stopped (make it smaller "
        "(fewer or smaller images), or allow more time with --timeout SECONDS)"]
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["2016-02-12-quick.trouble", "2016-02-12-quick.txt", "2016-02-19-ipu-cambodia-mission.trouble",
                     "2016-02-19-ipu-cambodia-mission.txt", "2016-03-10-riverside-libraries.trouble",
                     "2016-03-10-riverside-libraries.txt", "releases.json"]


def test_a_killed_worker_is_replaced_and_its_release_tried_again_once(sources: Path, tmp_path: Path) -> None:
    made = troubled(sources, "Flaky", "Deadly", "Quick")
    out = tmp_path / "out"
    done = build_in_child(tmp_path, "-f", "txt,trouble", "-j", "2")
    assert done.returncode == 1, done.stderr
    assert [line for line in done.stderr.splitlines() if ": warning: " not in line] == [
        f"{made['Deadly'].relative_to(tmp_path)}:1:1: error: the worker process rendering this release died twice (killed by SIGKILL) "
        "(render it alone with -j 1 to see what goes wrong; a worker killed for memory shows in the system log)"]
    assert (out / "2016-02-11-flaky.trouble").read_text(encoding="utf-8") == "fine\n"
    assert (out / "2016-02-13-quick.txt").exists() and not (out / "2016-02-12-deadly.txt").exists()
    assert len([p for p in out.iterdir() if p.suffix == ".trouble"]) == 4


def test_a_release_past_the_time_limit_on_a_dask_cluster(sources: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Workers in this process (threads), so they know the throwaway format; a Dask task cannot be killed,
    so the build stops waiting for it, reports it, and goes on."""
    from distributed import LocalCluster

    monkeypatch.setenv("TROUBLE_MARKERS", str(tmp_path))
    namespace: dict[str, object] = {}
    exec(TROUBLE_FORMAT.replace("time.sleep(60)", "time.sleep(4)"), namespace)  # noqa: S102 - the format above
    made = troubled(sources, "Slow", "Quick")
    try:
        with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
            options = BuildOptions(out_dir=tmp_path / "out", formats=("txt", "trouble"), timeout=1,
                                   scheduler=cluster.scheduler_address)
            report = build([sources], options)
    finally:
        from pressrelease.formats import FORMATS

        FORMATS.unregister("trouble")
    assert [str(p) for p in report.all_problems if p.severity == "error"] == [
        f"{made['Slow']}:1:1: error: rendering this release took longer than 1 s and was stopped (make it smaller "
        "(fewer or smaller images), or allow more time with --timeout SECONDS)"]
    assert len(report.built) == 3
