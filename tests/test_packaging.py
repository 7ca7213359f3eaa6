"""The standalone build: packaging/build.sh makes the one-folder app, a tarball and a .deb; the app passes
its own --selftest without Python or a display; the .deb holds what a desktop install needs."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT

pytestmark = pytest.mark.slow
BUILD = PROJECT / "build"
VERSION = re.search(r'^version = "([^"]+)"', (PROJECT / "pyproject.toml").read_text(), re.M)[1]


def clean_env() -> dict[str, str]:
    """No display and no Python of ours: the frozen app must stand on its own."""
    drop = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH", "VIRTUAL_ENV")
    return {k: v for k, v in os.environ.items() if k not in drop}


@pytest.fixture(scope="module")
def built() -> dict[str, Path]:
    if not shutil.which("dpkg-deb") or not shutil.which("objdump"):
        pytest.skip("dpkg-deb and objdump are needed for the Linux packages (Debian and Ubuntu have them)")
    result = subprocess.run([str(PROJECT / "packaging" / "build.sh")], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    debs = sorted(BUILD.glob(f"triangulate_{VERSION}_*.deb"))
    tarballs = sorted(BUILD.glob(f"triangulate-{VERSION}-linux-*.tar.gz"))
    assert debs and tarballs, result.stdout[-2000:]
    return {"app": BUILD / "dist" / "triangulate", "deb": debs[-1], "tarball": tarballs[-1], "log": Path(result.stdout)}


def test_the_frozen_app_passes_its_selftest(built: dict[str, Path]) -> None:
    app = built["app"] / "triangulate"
    version = subprocess.run([str(app), "--version"], capture_output=True, text=True, env=clean_env(), timeout=60)
    assert version.stdout.strip() == f"triangulate {VERSION}"
    result = subprocess.run([str(app), "--selftest"], capture_output=True, text=True, env=clean_env(), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "selftest passed" in result.stdout


def test_the_frozen_app_leaves_out_what_it_never_uses(built: dict[str, Path]) -> None:
    qt = built["app"] / "_internal" / "PySide6" / "Qt"
    assert not (qt / "translations").exists()
    assert not (qt / "plugins" / "platformthemes" / "libqgtk3.so").exists()
    assert (qt / "plugins" / "platforms" / "libqxcb.so").exists() and (qt / "plugins" / "platforms" / "libqwayland.so").exists()
    assert not list((built["app"] / "_internal").glob("libgtk-3*"))
    assert (built["app"] / "_internal" / "resources" / "demo" / "articles").is_dir()


def test_the_deb_installs_to_opt_with_a_launcher_menu_entry_and_icons(built: dict[str, Path]) -> None:
    listing = subprocess.run(["dpkg-deb", "-c", str(built["deb"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"\./opt/triangulate/triangulate\n", listing)
    assert re.search(r"\./usr/bin/triangulate -> /opt/triangulate/triangulate", listing)
    assert "./usr/share/applications/triangulate.desktop" in listing
    for size in (16, 32, 48, 128, 256):
        assert f"./usr/share/icons/hicolor/{size}x{size}/apps/triangulate.png" in listing
    control = subprocess.run(["dpkg-deb", "-f", str(built["deb"]), "Package", "Version", "Depends"],
                             capture_output=True, text=True, check=True).stdout
    assert f"Version: {VERSION}" in control
    for library in ("libc6 (>= 2.", "libgl1", "libegl1", "libfontconfig1", "fonts-dejavu-core"):
        assert library in control
    listed = subprocess.run(["tar", "-tzf", str(built["tarball"])], capture_output=True, text=True, check=True).stdout
    assert "triangulate/triangulate\n" in listed


def test_the_deb_installs_and_runs(built: dict[str, Path]) -> None:
    if os.geteuid() != 0:
        pytest.skip("installing a .deb needs root")
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "triangulate"], capture_output=True, text=True)
    if "install ok installed" in status.stdout:
        pytest.skip("a triangulate package is already installed here; not replacing it")
    install = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", str(built["deb"])],
                             capture_output=True, text=True, timeout=600,
                             env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if install.returncode != 0:
        pytest.skip(f"apt-get could not install the package's dependencies here: {install.stderr[-300:]}")
    try:
        launched = subprocess.run(["/usr/bin/triangulate", "--selftest"], capture_output=True, text=True,
                                  env=clean_env(), timeout=300)
        assert launched.returncode == 0, launched.stderr[-2000:]
        assert Path("/usr/share/applications/triangulate.desktop").is_file()
    finally:
        subprocess.run(["dpkg", "--purge", "triangulate"], capture_output=True, timeout=300)
    assert not Path("/opt/triangulate").exists()
