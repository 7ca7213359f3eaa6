"""Shared fixtures: a fresh library on disk, the read-only ../shared data, small team-written articles."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.library import Library
from netguard import LOG_ENV, NetworkGuard

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"


# --- no network, ever -------------------------------------------------------------------------

NETGUARD_SITE = Path(__file__).resolve().parent / "netguard_site"


@pytest.fixture(scope="session", autouse=True)
def network_guard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NetworkGuard]:
    """For the whole run, every socket connection, name look-up or Internet socket raises
    NetworkBlocked (Unix-domain sockets stay allowed); see tests/netguard.py.

    The guard covers this process and the processes it forks; processes multiprocessing spawns
    (the import's reader workers) start through a small wrapper that puts tests/netguard_site on
    their PYTHONPATH, so they are guarded too. Every attempt, in any of them, goes to one log.
    """
    import multiprocessing
    import sys

    folder = tmp_path_factory.mktemp("netguard")
    log = folder / "attempts.log"
    wrapper = folder / "python-offline"
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{NETGUARD_SITE}${{PYTHONPATH:+:$PYTHONPATH}}" '
                       f'exec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    previous_log = os.environ.get(LOG_ENV)
    os.environ[LOG_ENV] = str(log)
    multiprocessing.set_executable(str(wrapper))
    guard = NetworkGuard(str(log))
    guard.install()
    yield guard
    guard.uninstall()
    multiprocessing.set_executable(sys.executable)
    if previous_log is None:
        os.environ.pop(LOG_ENV, None)
    else:
        os.environ[LOG_ENV] = previous_log


@pytest.fixture(autouse=True)
def _fail_on_network_attempt(network_guard: NetworkGuard) -> Iterator[None]:
    # Checked after each test as well as raised at the call, because the code under test may
    # swallow the exception (readers turn any error into "could not read this file").
    network_guard.take()
    yield
    attempts = network_guard.take()
    if attempts:
        pytest.fail("the test tried to reach the network (Triangulate is offline): " + "; ".join(attempts[:5]),
                    pytrace=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def library(db_path: Path):
    with Library.open(db_path) as lib:
        yield lib


@pytest.fixture
def seeds_dir() -> Path:
    folder = SHARED / "seeds"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the seed articles live in the read-only ../shared folder")
    return folder


@pytest.fixture
def seed_files(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


def write_article(folder: Path, name: str, body: str, **meta: str) -> Path:
    """A plain-text article with `key: value` front matter, as editors' exports often look."""
    header = "".join(f"{key}: {value}\n" for key, value in meta.items())
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((header + "\n" if header else "") + body, encoding="utf-8")
    return path


@pytest.fixture
def make_article():
    return write_article


FERRY = (
    "The night ferry from Wexmouth ran aground on a sandbank early on Sunday, and all 212 passengers "
    "were taken off by lifeboat crews before dawn, the coastguard said.\n\n"
    '"Nobody was hurt, and that is down to the crews who worked through the night," harbour master '
    "Ines Varga told reporters at the quay.\n\n"
    "The operator said the vessel would be towed to dry dock once the tide turned."
)

BRIDGE = (
    "Engineers closed the old Tanner Street bridge on Thursday after divers found cracks in two of its "
    "piers, sending morning traffic through the ring road.\n\n"
    "The council said the bridge would stay shut for at least six weeks while repairs are planned."
)


@pytest.fixture
def fresh_pool(monkeypatch: pytest.MonkeyPatch):
    """Reader workers started for this test (with its settings), and stopped after it."""
    from core import isolation

    isolation.shutdown()
    yield monkeypatch
    isolation.shutdown()
