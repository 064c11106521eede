"""Where the per-release stage runs: the same files, byte for byte, in-process, in workers, or on a Dask cluster.

The cluster is a real ``distributed.LocalCluster`` on 127.0.0.1 (two worker
processes, one thread each, each with a nanny that restarts it), so what is
tested is what a real cluster does: tasks pickled to other processes, the
sources read there, and a worker killed while it renders.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import signal
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from pressrelease.build import BuildOptions, build
from pressrelease.build.executors import DaskExecutor
from pressrelease.build.manifest import MANIFEST_NAME
from pressrelease.cli import main

from helpers import REFERENCE, two_organisations


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as running:
        yield running


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The reference release, five variants of it, the riverside release, and a broken one."""
    root = two_organisations(tmp_path / "releases")
    text = REFERENCE.read_text(encoding="utf-8")
    for number in range(1, 6):
        (root / f"2016-02-2{number}-variant.md").write_text(
            text.replace("headline: IPU Cambodia mission", f"headline: Variant {number} of the IPU Cambodia mission")
                .replace("date: 2016-02-19", f"date: 2016-02-2{number}"), encoding="utf-8")
    (root / "broken.md").write_text(text.replace("headline:", "hedline:"), encoding="utf-8")
    return root


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != MANIFEST_NAME and p.is_file()}


def site_files(out: Path) -> dict[str, bytes]:
    site = out / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_dask_build_equals_an_in_process_one(cluster, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inline = build([folder], BuildOptions(out_dir=tmp_path / "j1", jobs=1))
    dask = build([folder], BuildOptions(out_dir=tmp_path / "dask", scheduler=cluster.scheduler_address))
    assert len(outputs(tmp_path / "j1")) == 7 * 4 + 6 + 1  # seven releases, four formats, six site pages (the
    # IPU organisation file has a site:, riverside's has not), releases.json
    assert site_files(tmp_path / "j1") == site_files(tmp_path / "dask") and site_files(tmp_path / "j1")
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "j1")
    assert [str(p) for p in dask.all_problems] == [str(p) for p in inline.all_problems]
    assert [o.source for o in dask.outcomes] == [o.source for o in inline.outcomes]
    assert any("broken.md:6:1: error: unknown field 'hedline'" in str(p) for p in dask.all_problems)


def test_the_command_line_takes_a_scheduler(cluster, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (folder / "broken.md").unlink()
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(folder), "-o", str(tmp_path / "out"), "-f", "txt", "--scheduler",
                 cluster.scheduler_address], out=out, err=err)
    assert code == 0, err.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("7 built, 0 unchanged, 0 failed")


def test_a_worker_killed_mid_build_is_survived(cluster, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (folder / "broken.md").unlink()
    build([folder], BuildOptions(out_dir=tmp_path / "j1", formats=("pdf", "txt"), jobs=1))
    killed: list[tuple[int, int]] = []  # (pid, releases it was rendering or holding when killed)

    with Client(cluster.scheduler_address, set_as_default=False) as client:
        def kill_a_busy_worker_after_the_first_release(outcome) -> None:  # type: ignore[no-untyped-def]
            if killed:
                return
            busy = {address: len(keys) for address, keys in client.processing().items() if keys}
            address = max(busy, key=busy.__getitem__)
            pid = client.run(os.getpid, workers=[address])[address]
            os.kill(pid, signal.SIGKILL)
            killed.append((pid, busy[address]))

        report = build([folder], BuildOptions(out_dir=tmp_path / "dask", formats=("pdf", "txt"),
                                              scheduler=cluster.scheduler_address),
                       progress=kill_a_busy_worker_after_the_first_release)
        (victim, holding), = killed
        assert holding >= 1  # it died with work on it
        assert report.ok and len(report.built) == 7, [str(p) for p in report.all_problems]
        assert outputs(tmp_path / "dask") == outputs(tmp_path / "j1")
        client.wait_for_workers(2, timeout=60)
        assert victim not in client.run(os.getpid).values()  # the nanny started a new worker


def test_an_unreachable_scheduler_is_a_clear_error(folder: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(DaskExecutor, "connect_timeout", 2)
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(folder), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"],
                out=out, err=err)
    assert code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_a_relative_template_folder_reaches_the_workers(cluster, folder: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (folder / "broken.md").unlink()
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "release.txt").write_text("house text: {{ release.headline }}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the workers run elsewhere
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(folder), "-o", "out", "-f", "txt", "--templates", "theme", "--scheduler",
                 cluster.scheduler_address], out=out, err=err)
    assert code == 0, err.getvalue()
    assert (tmp_path / "out" / "2016-02-19-ipu-cambodia-mission.txt").read_text(encoding="utf-8").startswith("house text:")


def test_the_workers_get_each_releases_translations(cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each release's siblings travel with it to the worker that renders it (its web page links to them)."""
    root = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, root)
    text = REFERENCE.read_text(encoding="utf-8").replace("language: en-GB", "language: en-GB\ntranslation_key: mission")
    (root / "2016-02-19-ipu-cambodia-mission.md").write_text(text, encoding="utf-8")
    (root / "mission-fr.md").write_text(text.replace("language: en-GB", "language: fr"), encoding="utf-8")
    build([root], BuildOptions(out_dir=tmp_path / "j1", formats=("html",)))
    build([root], BuildOptions(out_dir=tmp_path / "dask", formats=("html",), scheduler=cluster.scheduler_address))
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "j1")
    page = (tmp_path / "dask" / "2016-02-19-ipu-cambodia-mission.html").read_text(encoding="utf-8")
    assert '<a href="mission-fr.html" hreflang="fr" lang="fr" dir="ltr"' in page
