"""The app's version: one number, written once in pyproject.toml.

A source checkout reads pyproject.toml; an installed copy asks its package metadata; a frozen build
reads resources/VERSION, which packaging/triangulate.spec writes from pyproject.toml at build time.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from core.resources import resource_path

_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_VERSION_LINE = re.compile(r'^version\s*=\s*"([^"]+)"', re.MULTILINE)


@lru_cache(maxsize=1)
def app_version() -> str:
    stamped = resource_path("VERSION")
    if stamped.is_file():
        return stamped.read_text(encoding="utf-8").strip()
    if _PYPROJECT.is_file():
        found = _VERSION_LINE.search(_PYPROJECT.read_text(encoding="utf-8"))
        if found:
            return found[1]
    try:
        from importlib.metadata import version
        return version("triangulate")
    except Exception:  # noqa: BLE001 - no metadata either: say so rather than fail
        return "unknown"
