"""`--selftest` and `--version` from the source checkout (the packaging test runs them on the frozen build)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import PROJECT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, str(PROJECT / "main.py"), *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=PROJECT)


def test_selftest_passes_without_a_display() -> None:
    result = run("--selftest")
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(r"selftest passed: 5 articles imported, story of 3 compared \(\d+ factual", result.stdout)


def test_version_is_the_one_in_pyproject() -> None:
    declared = re.search(r'^version = "([^"]+)"', (PROJECT / "pyproject.toml").read_text(), re.M)[1]
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"triangulate {declared}"
