"""The wheel ships the templates, exactly the committed ones, and finds them once installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import REFERENCE, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return next(out.glob("pressrelease-*.whl"))


def test_wheel_templates_equal_the_committed_ones(wheel: Path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    committed = subprocess.run(["git", "ls-files", "templates"], cwd=ROOT, capture_output=True, text=True, check=True)
    expected = {line.removeprefix("templates/") for line in committed.stdout.split()}
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name.removeprefix("pressrelease/templates/") for name in archive.namelist()
                   if name.startswith("pressrelease/templates/")}
    assert shipped == expected


def test_installed_wheel_finds_its_templates(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    script = (
        "import pressrelease, pressrelease.theme as t; "
        f"assert pressrelease.__file__.startswith({str(site)!r}), pressrelease.__file__; "
        "print(t.builtin_templates_dir()); "
        f"print(pressrelease.render_text(pressrelease.load({str(REFERENCE)!r})).splitlines()[0])"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    folder, first_line = result.stdout.splitlines()
    assert Path(folder) == site / "pressrelease" / "templates"
    assert first_line == "PRESS RELEASE"


def test_console_script_declared(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
        assert "pressrelease = pressrelease.cli:main" in archive.read(entry_points).decode()


def test_wheel_ships_the_editor_schemas(wheel: Path) -> None:
    from pressrelease.source.jsonschema import SCHEMAS, schema_text

    with zipfile.ZipFile(wheel) as archive:
        for name in SCHEMAS:
            assert archive.read(f"pressrelease/schemas/{name}.schema.json").decode() == schema_text(name)


def test_wheel_ships_every_catalog_and_no_compiled_one(wheel: Path) -> None:
    from pressrelease.i18n.catalogs import LOCALE_DIR

    catalogs = sorted(path.relative_to(LOCALE_DIR).as_posix() for path in Path(LOCALE_DIR).rglob("*.po"))
    assert len(catalogs) == 9
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        for name in catalogs:
            assert archive.read(f"pressrelease/i18n/locale/{name}") == (Path(LOCALE_DIR) / name).read_bytes()
    assert not [name for name in names if name.endswith(".mo")]
