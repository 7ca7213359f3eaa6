"""Shared fixtures: a fresh library on disk, the read-only ../shared data, small team-written articles."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.library import Library

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"


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
