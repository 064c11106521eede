"""The README's examples work as written."""

from __future__ import annotations

import re
import subprocess
import sys

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_example_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Run in a copy of the project's releases/, so the example's files land in a scratch folder."""
    import shutil

    shutil.copytree(ROOT / "releases", tmp_path / "releases")
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    for block in blocks:
        result = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "release.eml").read_bytes().startswith(b"Subject: ")


def test_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert "pip install ." in blocks[0] and "pressrelease build releases/ --out dist/" in blocks[0]
    assert "libharfbuzz-subset0" in blocks[0]
    assert "pip install '.[test]'" in blocks[1] and "pytest" in blocks[1]


def test_documented_errors_match_the_tool() -> None:
    assert "did you mean 'headline'?" in README
