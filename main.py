"""Triangulate: the desktop app by default, subcommands for batch work.

Every subcommand is thin: open the Library, call one method, print the result (plain text
for people, --json for tools). The JSON field names are a contract: add, never rename.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from core import report
from core.analysis import Analysis, Version, analyse
from core.compare import ComparedArticle, Comparison, compare
from core.library import Library, LibraryError, default_store_path
from core.model import ReadError
from core.records import ImportProgress, ImportSummary
from core.store import describe_error
from core.stories import StoryError, StoryRecord
from core.version import app_version

__version__ = app_version()
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class LazyLibrary:
    """The store, opened on first use: `analyse FILE` and `compare FILE FILE` need none, and must not
    create (or upgrade) the default store as a side effect."""

    def __init__(self, path: str | None) -> None:
        self._path = path
        self._library: Library | None = None

    def __getattr__(self, name: str) -> Any:
        if self._library is None:
            self._library = Library.open(self._path)
        return getattr(self._library, name)

    def close(self) -> None:
        if self._library is not None:
            self._library.close()


class Output:
    """Writes results as text or JSON, and progress to stderr."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.tty = sys.stderr.isatty()

    def emit(self, data: Any, text: str) -> None:
        print(json.dumps(data, ensure_ascii=False, indent=2) if self.as_json else text)

    def progress(self, step: ImportProgress) -> None:
        name = step.path if len(step.path) < 70 else "…" + step.path[-69:]
        line = f"[{step.done}/{step.total}] {step.status}: {name}"
        if self.tty:
            end = "\n" if step.done == step.total else ""
            print(f"\r\033[K{line}", end=end, file=sys.stderr, flush=True)
        elif step.status not in ("imported",):
            print(line + (f" ({step.reason})" if step.reason else ""), file=sys.stderr)

    @staticmethod
    def error(message: str) -> None:
        print(f"triangulate: {message}", file=sys.stderr)


# --- subcommands -----------------------------------------------------------------------------

def cmd_import(library: Library, args: argparse.Namespace, out: Output) -> int:
    job = library.imports.start(args.paths, source=args.source)
    try:
        for step in job:
            out.progress(step)
    except KeyboardInterrupt:
        job.cancel()
        out.error("import cancelled; the articles read so far are kept")
    summary = job.summary
    data = summary.to_json()
    if summary.imported:
        # Every imported article belongs to a story at once: attached, not regrouped.
        story_ids = library.stories.attach([a.id for a in summary.imported])
        for article, story_id in zip(data["articles"], story_ids):
            article["story"] = story_id
    out.emit(data, _import_text(summary))
    if summary.imported or not summary.failed:
        return EXIT_OK
    return EXIT_FAILED


def _import_text(summary: ImportSummary) -> str:
    lines = [
        f"Imported {len(summary.imported)} article(s); {len(summary.duplicates)} duplicate(s), "
        f"{len(summary.failed)} failed, {len(summary.skipped)} skipped."
        + (" Cancelled." if summary.cancelled else "")
    ]
    for label, problems in (("failed", summary.failed), ("skipped", summary.skipped),
                            ("duplicate", summary.duplicates), ("warning", summary.warnings)):
        lines += [f"  {label}: {p.path}: {p.reason}" for p in problems]
    return "\n".join(lines)


def cmd_articles(library: Library, args: argparse.Namespace, out: Output) -> int:
    articles = library.articles.list(limit=args.limit, source=args.source)
    rows = [f"{a.id:>6}  {a.published or '—':<10}  {a.source[:18]:<18}  {a.word_count:>5}w  {a.title}" for a in articles]
    out.emit([a.to_json() for a in articles], "\n".join(rows) or "The library is empty.")
    return EXIT_OK


def cmd_show(library: Library, args: argparse.Namespace, out: Output) -> int:
    article = library.articles.get(args.id)
    header = [
        article.title,
        f"{article.source} · {article.published or 'no date'} · {article.word_count} words",
        *(line for line in (article.byline and f"By {article.byline}", article.url, article.path) if line),
    ]
    out.emit(article.to_json(), "\n".join(header) + "\n\n" + article.body)
    return EXIT_OK


def cmd_search(library: Library, args: argparse.Namespace, out: Output) -> int:
    hits = library.articles.search(args.query, limit=args.limit)
    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("«", "»")
    rows = [
        f"{h.article.id:>6}  {h.article.source[:18]:<18}  {h.article.title}\n        "
        + h.snippet.replace("[[", bold).replace("]]", plain)
        for h in hits
    ]
    out.emit([h.to_json() for h in hits], "\n".join(rows) or f"No article matches {args.query!r}.")
    return EXIT_OK


def cmd_sources(library: Library, args: argparse.Namespace, out: Output) -> int:
    sources = library.sources.list()
    rows = [f"{s.article_count:>6}  {s.name}" for s in sources]
    out.emit([s.to_json() for s in sources], "\n".join(rows) or "The library is empty.")
    return EXIT_OK


def cmd_rename_source(library: Library, args: argparse.Namespace, out: Output) -> int:
    source = library.sources.rename(args.old, args.new)
    out.emit(source.to_json(), f"Renamed {args.old!r} to {source.name!r} ({source.article_count} article(s)).")
    return EXIT_OK


def cmd_delete(library: Library, args: argparse.Namespace, out: Output) -> int:
    library.articles.delete(args.id)
    out.emit({"deleted": args.id}, f"Deleted article {args.id}.")
    return EXIT_OK


def cmd_imports(library: Library, args: argparse.Namespace, out: Output) -> int:
    entries = library.imports.history(limit=args.limit)
    rows = [
        f"{e.id:>4}  {e.started_at}  {e.status:<9}  {e.imported} imported, {e.duplicates} duplicate(s), "
        f"{e.failed} failed, {e.skipped} skipped"
        + "".join(f"\n        {p.kind}: {p.path}: {p.reason}" for p in e.problems if p.kind == "failed")
        for e in entries
    ]
    out.emit([e.to_json() for e in entries], "\n".join(rows) or "Nothing has been imported yet.")
    return EXIT_OK


def cmd_analyse(library: Library, args: argparse.Namespace, out: Output) -> int:
    target = args.target
    if target.isdigit() and not Path(target).exists():
        article = library.articles.get(int(target))
        meta = article.summary().to_json()
        analysis = library.analyses.get(article.id)
        body = article.body
    else:
        from core.readers import read_file      # loaded on first use: the app starts without the readers
        from core.titles import derive_title

        try:
            result = read_file(Path(target))
        except ReadError as exc:
            raise LibraryError(f"{exc.path}: {exc.reason}") from exc
        if not 0 <= args.index < len(result.articles):
            raise LibraryError(f"{target} holds {len(result.articles)} article(s); --index {args.index} is not one")
        found = result.articles[args.index]
        meta = {"id": None, "source": found.source, "title": found.title or derive_title(found.body),
                "date": found.published,
                "path": found.path, "format": found.format, "words": found.word_count,
                "url": found.url, "byline": found.byline}
        analysis = analyse(found.body, found.published)
        body = found.body
    data = {"article": meta, **analysis.to_json()}
    out.emit(data, _analysis_text(meta, analysis, body))
    return EXIT_OK


def _analysis_text(meta: dict[str, Any], analysis: Analysis, body: str) -> str:
    lines = [f"{meta['title']} ({meta['source'] or 'no outlet'}, {meta['date'] or 'no date'})", "", "Sentences:"]
    for s in analysis.sentences:
        mark = f"[{s.furniture}] " if s.furniture else ""
        lines.append(f"  {s.index:>3} ¶{s.paragraph:<2} {mark}{s.text}")
    lines += ["", "Quotes:"]
    for q in analysis.quotes:
        who = q.speaker or "unattributed"
        extra = "".join(f" · {label} {value}" for label, value in (("role", q.role), ("cue", q.cue), ("via", q.relay))
                        if value)
        flags = (" · partial" if q.partial else "") + (" · unbalanced" if q.unbalanced else "")
        lines.append(f"  “{q.text}” — {who}{extra}{flags}")
    lines += ["", "Facts:"]
    for f in analysis.facts:
        extra = "".join(f" {label}={value}" for label, value in (("unit", f.unit), ("role", f.role),
                                                                  ("detail", f.detail)) if value)
        lines.append(f"  {f.kind:<13} {f.text!r:<32} -> {f.value}{extra}")
    lines += [f"  problem: {p}" for p in analysis.problems]
    return "\n".join(lines)


def _load_version(library: Library, target: str) -> tuple[Version, ComparedArticle]:
    """A stored article by id, or the first article of a file (read, not imported)."""
    if target.isdigit() and not Path(target).exists():
        return library.analyses.compared(int(target))
    from core.readers import read_file
    from core.titles import derive_title

    try:
        found = read_file(Path(target)).articles[0]
    except ReadError as exc:
        raise LibraryError(f"{exc.path}: {exc.reason}") from exc
    return Version.of(found.body, found.published), ComparedArticle(
        None, found.source, found.title or derive_title(found.body), found.published, found.path, found.body)


def cmd_compare(library: Library, args: argparse.Namespace, out: Output) -> int:
    loaded = [_load_version(library, target) for target in args.targets]
    comparison = compare([v for v, _ in loaded], [a for _, a in loaded], pivot=args.pivot)
    for path, render in ((args.html, report.to_html), (args.csv, report.to_csv)):
        if path:
            Path(path).write_text(render(comparison), encoding="utf-8")
    out.emit(report.to_json(comparison), _comparison_text(comparison))
    return EXIT_OK


def _comparison_text(comparison: Comparison) -> str:
    labels = [chr(65 + i) for i in range(len(comparison.articles))]
    lines = [f"{label}: {a.source or 'Unknown'} · {a.date or 'no date'} · {a.title}"
             for label, a in zip(labels, comparison.articles)]
    counts = comparison.counts()
    if comparison.identical:
        lines.append("Identical: no factual or wording differences" +
                     (f" ({counts['cosmetic']} cosmetic)." if counts["cosmetic"] else "."))
    else:
        lines.append(f"{counts['factual']} factual, {counts['wording']} wording, {counts['cosmetic']} cosmetic differences.")
    for category in ("factual", "wording", "cosmetic"):
        chosen = [d for d in comparison.differences if d.category == category]
        if chosen:
            lines += ["", f"{category.capitalize()}:"]
            lines += [f"  [{d.kind}] {d.explanation}" for d in chosen]
    return "\n".join(lines)


def _story_text(story: StoryRecord) -> str:
    dates = story.first if story.first == story.last else f"{story.first} – {story.last}"
    head = (f"{story.id:>5}  {story.title}\n       {len(story.articles)} article(s) · {len(story.sources)} outlet(s) · "
            f"{dates or 'no date'} · confidence {story.confidence:.2f}")
    lines = [head] + [f"         {a.id:>6}  {a.source[:18]:<18}  {a.published or '—':<10}  {a.title}" for a in story.articles]
    return "\n".join(lines)


def cmd_stories(library: Library, args: argparse.Namespace, out: Output) -> int:
    stories = library.stories.list()
    out.emit([s.to_json() for s in stories], "\n".join(_story_text(s) for s in stories) or "No stories yet.")
    return EXIT_OK


def cmd_story(library: Library, args: argparse.Namespace, out: Output) -> int:
    story = library.stories.get(args.id)
    out.emit(story.to_json(), _story_text(story))
    return EXIT_OK


def cmd_regroup(library: Library, args: argparse.Namespace, out: Output) -> int:
    for done, total in library.stories.regroup():
        if out.tty and (done == total or done % 50 == 0):
            print(f"\r\033[K[{done}/{total}] reading articles", end="\n" if done == total else "",
                  file=sys.stderr, flush=True)
    stories = library.stories.list()
    out.emit([s.to_json() for s in stories],
             f"Grouped {sum(len(s.articles) for s in stories)} article(s) into {len(stories)} stories.")
    return EXIT_OK


def cmd_decide(library: Library, args: argparse.Namespace, out: Output) -> int:
    action = args.decision
    if action == "same-story":
        library.stories.same(args.a, args.b)
    elif action == "different-story":
        library.stories.different(args.a, args.b)
    elif action == "move":
        library.stories.move(args.a, args.b)
    else:
        library.stories.split_out(args.a)
    story_id = library.stories.story_of(args.a)
    story = library.stories.get(story_id) if story_id else None
    out.emit({"article": args.a, "story": story.to_json() if story else None},
             f"Article {args.a} is now in story {story_id}." + ("\n" + _story_text(story) if story else ""))
    return EXIT_OK


def cmd_merge(library: Library, args: argparse.Namespace, out: Output) -> int:
    first = library.stories.get(args.a).articles[0].id
    library.stories.merge(args.a, args.b)
    story = library.stories.get(library.stories.story_of(first) or 0)
    out.emit({"story": story.to_json()}, f"Stories {args.a} and {args.b} are now story {story.id}.\n" + _story_text(story))
    return EXIT_OK


# --- parser ----------------------------------------------------------------------------------

def _common(suppress: bool) -> argparse.ArgumentParser:
    """--db and --json, accepted before or after the subcommand."""
    default: Callable[[Any], Any] = (lambda _v: argparse.SUPPRESS) if suppress else (lambda v: v)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=default(None),
                        help=f"the store to use (default: {default_store_path()})")
    common.add_argument("--json", action="store_true", default=default(False),
                        help="print machine-readable JSON instead of text")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="triangulate", parents=[_common(False)],
        description="Compare how outlets report the same event. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the app on the bundled demo articles")
    parser.add_argument("--selftest", action="store_true",
                        help="check this copy works (window offscreen, demo import, comparison, export) and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = [_common(True)]

    p = sub.add_parser("import", parents=common, help="import files and folders of articles")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (folders are read recursively)")
    p.add_argument("--source", metavar="NAME", help="the outlet of every imported article")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("articles", parents=common, help="list the articles in the library")
    p.add_argument("--source", metavar="NAME", help="only this outlet's articles")
    p.add_argument("--limit", type=int, default=None, help="at most this many")
    p.set_defaults(handler=cmd_articles)

    p = sub.add_parser("show", parents=common, help="show one article with its text")
    p.add_argument("id", type=int, help="the article's id (see `articles`)")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("search", parents=common, help="full-text search over titles and text")
    p.add_argument("query", help='words, "exact phrases", OR, NOT or -word, prefix*')
    p.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("sources", parents=common, help="list the outlets and their article counts")
    p.set_defaults(handler=cmd_sources)

    p = sub.add_parser("rename-source", parents=common, help="rename an outlet (onto an existing one: merge)")
    p.add_argument("old", help="the current name")
    p.add_argument("new", help="the new name")
    p.set_defaults(handler=cmd_rename_source)

    p = sub.add_parser("delete", parents=common, help="delete one article from the library")
    p.add_argument("id", type=int, help="the article's id")
    p.set_defaults(handler=cmd_delete)

    p = sub.add_parser("imports", parents=common, help="the import log: what was imported, what failed and why")
    p.add_argument("--limit", type=int, default=20, help="the most recent N imports (default 20)")
    p.set_defaults(handler=cmd_imports)

    p = sub.add_parser("analyse", aliases=["analyze"], parents=common,
                       help="sentences (furniture marked), quotes with speakers, and facts of one article")
    p.add_argument("target", metavar="FILE_OR_ID", help="a stored article's id, or a file to read (not imported)")
    p.add_argument("--index", type=int, default=0, help="which article of a file that holds several (default 0)")
    p.set_defaults(handler=cmd_analyse)

    p = sub.add_parser("compare", parents=common,
                       help="align two or more articles and list their factual, wording and cosmetic differences")
    p.add_argument("targets", nargs="+", metavar="FILE_OR_ID", help="stored article ids or files (files need no store)")
    p.add_argument("--html", metavar="OUT.html", help="also write a standalone HTML report")
    p.add_argument("--csv", metavar="OUT.csv", help="also write the differences as CSV")
    p.add_argument("--pivot", type=int, default=None, help="the article the others are aligned to (default: chosen)")
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser("stories", parents=common, help="list the stories: articles grouped by the event they report")
    p.set_defaults(handler=cmd_stories)

    p = sub.add_parser("story", parents=common, help="show one story and its articles")
    p.add_argument("id", type=int, help="the story's id (see `stories`)")
    p.set_defaults(handler=cmd_story)

    p = sub.add_parser("regroup", parents=common, help="group every article into stories again, keeping your decisions")
    p.set_defaults(handler=cmd_regroup)

    for name, text in (("same-story", "record that two articles report the same event"),
                       ("different-story", "record that two articles are not the same story")):
        p = sub.add_parser(name, parents=common, help=text)
        p.add_argument("a", type=int, help="an article id")
        p.add_argument("b", type=int, help="another article id")
        p.set_defaults(handler=cmd_decide, decision=name)
    p = sub.add_parser("move", parents=common, help="move an article into another story (kept by every regrouping)")
    p.add_argument("a", type=int, metavar="ARTICLE", help="the article id")
    p.add_argument("b", type=int, metavar="STORY", help="the story it belongs to")
    p.set_defaults(handler=cmd_decide, decision="move")
    p = sub.add_parser("split-out", parents=common, help="take an article out of its story into one of its own")
    p.add_argument("a", type=int, metavar="ARTICLE", help="the article id")
    p.set_defaults(handler=cmd_decide, decision="split-out")
    p = sub.add_parser("merge", parents=common, help="make two stories one (kept by every regrouping)")
    p.add_argument("a", type=int, metavar="STORY", help="a story id")
    p.add_argument("b", type=int, metavar="OTHER", help="the story to merge into it")
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser("gui", parents=common, help="open the app (the default)")
    p.set_defaults(handler=None)
    return parser


def run_gui(db: str | None, demo: bool) -> int:
    # Imported here so batch commands never load Qt.
    from gui.app import run_app

    return run_app(db_path=db, demo=demo)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is cmd_compare and len(args.targets) < 2:
        parser.error("compare needs at least two articles")
    if args.selftest:
        from gui.selftest import run_selftest     # imported here so batch commands never load Qt
        return run_selftest()
    if handler is None:
        return run_gui(args.db, args.demo)
    out = Output(args.json)
    library = LazyLibrary(args.db)
    try:
        return int(handler(library, args, out))
    except (LibraryError, StoryError) as exc:
        out.error(str(exc))
        return EXIT_FAILED
    except sqlite3.Error as exc:
        # A full disk or a lock held too long mid-command: the editor's wording, not a traceback.
        out.error(describe_error(exc))
        return EXIT_FAILED
    except BrokenPipeError:
        # `triangulate articles | head` closes the pipe early; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        library.close()


if __name__ == "__main__":
    # A frozen build's worker processes (readers, analysis) start by running this file again;
    # freeze_support lets them do their work instead of opening another window.
    import multiprocessing
    multiprocessing.freeze_support()
    sys.exit(main())
