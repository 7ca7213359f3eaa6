"""Which files an import will read: paths expanded, folders walked, the rest listed with a reason."""
from __future__ import annotations

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


def _walk(root: Path, found: Discovery) -> None:
    def on_error(error: OSError) -> None:
        reason = "permission denied: this folder cannot be listed" if isinstance(error, PermissionError) else (
            f"this folder cannot be listed ({error.strerror or error})")
        found.problems.append(Problem(str(error.filename or root), "failed", reason))

    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
        here = Path(folder)
        for hidden in sorted(d for d in dirs if d.startswith(".")):
            found.problems.append(Problem(str(here / hidden), "skipped", "hidden folder"))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            _consider(here / name, found, folder_source(here))


def _consider(path: Path, found: Discovery, source: str) -> None:
    if _is_hidden(path):
        found.problems.append(Problem(str(path), "skipped", "hidden file"))
    elif not is_supported(path):
        kind = path.suffix.lower() or "without an extension"
        found.problems.append(Problem(str(path), "skipped", f"unsupported file type ({kind})"))
    else:
        found.candidates.append(Candidate(path, source))


def discover(paths: list[str | Path]) -> Discovery:
    """Expand the paths an editor chose: files as given, folders recursively, in a stable order."""
    found = Discovery()
    for raw in paths:
        path = Path(raw).expanduser().absolute()  # the store keeps where a file came from, wherever it is run
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                found.problems.append(Problem(str(path), "failed", "permission denied: this folder cannot be listed"))
                continue
            _walk(path, found)
        elif path.is_file():
            # A file named on purpose is read even with an unknown extension: the reader sniffs it.
            found.candidates.append(Candidate(path))
        elif path.exists():
            found.problems.append(Problem(str(path), "skipped", "not a regular file (a device, socket or pipe)"))
        else:
            found.problems.append(Problem(str(path), "failed", "no such file or folder"))
    return found
