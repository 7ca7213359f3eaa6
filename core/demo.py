"""The bundled demo store: three outlets on one fictional event, plus two unrelated articles."""
from __future__ import annotations

from pathlib import Path

import platformdirs

from core.library import APP_NAME, Library
from core.resources import resource_path


def demo_articles_dir() -> Path:
    return resource_path("demo", "articles")


def demo_store_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo.db"


def ensure_demo_store(path: Path | None = None) -> Path:
    """Create the demo store from the bundled articles unless it already holds them.

    An existing demo store is reused as it is, so whatever the editor did in it is kept.
    """
    target = path or demo_store_path()
    with Library.open(target) as library:
        if library.articles.count() == 0:
            for _ in library.imports.start([demo_articles_dir()]):
                pass
        placed = library.store.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
        if placed < library.articles.count():      # new, or made before stories existed
            for _ in library.stories.regroup():
                pass
    return target
