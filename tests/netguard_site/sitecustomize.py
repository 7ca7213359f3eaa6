"""Installs tests/netguard.py in every Python process started with this folder on PYTHONPATH.

tests/conftest.py points multiprocessing's spawned processes (the import's reader workers) here,
and tests start CLI runs with it, so processes the pytest fixture cannot reach are offline too.
"""
import importlib.util
import os
import sys

_spec = importlib.util.spec_from_file_location(
    "netguard", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "netguard.py"))
if _spec is not None and _spec.loader is not None and "netguard" not in sys.modules:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["netguard"] = _module
    _spec.loader.exec_module(_module)
    _module.install_for_subprocess()
