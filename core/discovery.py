"""Which files an import will read: paths expanded, folders walked, the rest listed with a reason.

Links to folders are followed (editors keep shortcuts to shared folders), but a folder is
never walked twice: its real path is remembered, so a link to a parent, to itself or in a
cycle ends with one "skipped" line instead of an endless walk. Links that loop or point
nowhere, pipes and devices are listed, never opened (opening a pipe waits forever).
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from core.readers import is_supported
from core.records import Problem

# Folder names that say where a file was kept, not who published it.
GENERIC_FOLDERS = frozenset(
    {
        "", ".", "articles", "article", "news", "data", "download", "downloads", "desktop", "documents",
        "docs", "export", "exports", "feeds", "files", "import", "imports", "inbox", "input", "misc",
        "new", "old", "raw", "saved", "seeds", "stories", "temp", "tmp", "demo", "archive", "home",
    }
)


@dataclass(frozen=True)
class Candidate:
    """A file to read, with the outlet its folder suggests ("" when the folder says nothing)."""

    path: Path
    folder_source: str = ""


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def folder_source(folder: Path) -> str:
    """An outlet name from a folder such as ".../Reuters/" or ".../sky_news/"; "" for generic folders."""
    name = folder.name.replace("_", " ").strip()
    if name.casefold() in GENERIC_FOLDERS or name.startswith("."):
        return ""
    return name


def _is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


_LOOP = ("a link to a folder this import already includes (a loop of links, or a second way to the same "
         "folder); its files are read once")
_NOT_REGULAR = "not a regular file (a device, socket or pipe)"


def _walk(root: Path, found: Discovery, visited: set[str]) -> None:
    """Walk a folder, following links to folders but never into a folder twice.

    `visited` holds the real paths of the folders walked so far (shared by every path of one
    import), so a link to a parent folder, to itself or in a cycle cannot make the walk endless.
    """
    def on_error(error: OSError) -> None:
        reason = "permission denied: this folder cannot be listed" if isinstance(error, PermissionError) else (
            f"this folder cannot be listed ({error.strerror or error})")
        found.problems.append(Problem(str(error.filename or root), "failed", reason))

    visited.add(os.path.realpath(root))
    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=True):
        here = Path(folder)
        keep = []
        for name in sorted(dirs):
            if name.startswith("."):
                found.problems.append(Problem(str(here / name), "skipped", "hidden folder"))
                continue
            real = os.path.realpath(here / name)
            if real in visited:
                if (here / name).is_symlink():
                    found.problems.append(Problem(str(here / name), "skipped", _LOOP))
                continue  # a plain subfolder chosen on its own before: already listed
            visited.add(real)
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            _consider(here / name, found, folder_source(here))


def _consider(path: Path, found: Discovery, source: str) -> None:
    if _is_hidden(path):
        found.problems.append(Problem(str(path), "skipped", "hidden file"))
    elif not is_supported(path):
        kind = path.suffix.lower() or "without an extension"
        found.problems.append(Problem(str(path), "skipped", f"unsupported file type ({kind})"))
    elif not path.is_file():
        # Opening a named pipe would wait for a writer forever; a broken link has nothing to read.
        found.problems.append(_not_a_file(path))
    else:
        found.candidates.append(Candidate(path, source))


def _not_a_file(path: Path) -> Problem:
    if not path.is_symlink():
        return Problem(str(path), "skipped", _NOT_REGULAR)
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(str(path), "failed", "the file is a link that points to itself (a loop of links)")
        return Problem(str(path), "failed", "the file is a link to something that no longer exists")
    return Problem(str(path), "skipped", _NOT_REGULAR)


def discover(paths: list[str | Path]) -> Discovery:
    """Expand the paths an editor chose: files as given, folders recursively, in a stable order."""
    found = Discovery()
    visited: set[str] = set()
    for raw in paths:
        path = Path(raw).expanduser().absolute()  # the store keeps where a file came from, wherever it is run
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                found.problems.append(Problem(str(path), "failed", "permission denied: this folder cannot be listed"))
                continue
            if os.path.realpath(path) in visited:
                continue  # chosen twice, or inside a folder already chosen: its files are listed once
            _walk(path, found, visited)
        elif path.is_file():
            # A file named on purpose is read even with an unknown extension: the reader sniffs it.
            found.candidates.append(Candidate(path))
        elif path.exists():
            found.problems.append(Problem(str(path), "skipped", _NOT_REGULAR))
        elif path.is_symlink():
            found.problems.append(_not_a_file(path))
        else:
            found.problems.append(Problem(str(path), "failed", "no such file or folder"))
    return found
