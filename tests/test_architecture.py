"""Shape rules that keep the project honest: core never touches Qt."""
from __future__ import annotations

import pkgutil
import subprocess
import sys

import core
from conftest import PROJECT


def test_core_never_imports_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(core.__path__, prefix="core.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "assert not leaked, leaked\n"
        "print(len(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(modules) >= 8, modules
