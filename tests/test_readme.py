"""The README's examples work as written."""

from __future__ import annotations

import re
import subprocess
import sys

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    for block in blocks:
        result = subprocess.run([sys.executable, "-c", block], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert "pip install ." in blocks[0] and "pressrelease build releases/ --out dist/" in blocks[0]
    assert "libharfbuzz-subset0" in blocks[0]
    assert "pip install '.[test]'" in blocks[1] and "pytest" in blocks[1]


def test_documented_errors_match_the_tool() -> None:
    assert "did you mean 'headline'?" in README
