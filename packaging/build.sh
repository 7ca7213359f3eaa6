#!/usr/bin/env bash
# Build Triangulate's standalone Linux packages: the one-folder app, a .tar.gz of it and a .deb.
#   packaging/build.sh            (from anywhere; uses the project's .venv, set up by scripts/setup.sh)
# Output in build/: dist/triangulate/ (the app), triangulate-<version>-linux-<arch>.tar.gz,
# triangulate_<version>_<debarch>.deb. Nothing is downloaded except PyInstaller into .venv when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || scripts/setup.sh >/dev/null
"$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q "pyinstaller>=6.10,<7"

VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)"
ARCH="$(uname -m)"
DEBARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
BUILD="$ROOT/build"
DIST="$BUILD/dist"
APP="$DIST/triangulate"
started=$SECONDS

echo "== PyInstaller one-folder build of Triangulate $VERSION"
rm -rf "$APP"
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$BUILD/work" packaging/triangulate.spec

echo "== dropping what the app never loads"
QT="$APP/_internal/PySide6/Qt"
rm -rf "$QT/translations" "$QT/qml"
# Plugins: keep the screens (platforms: xcb, wayland, offscreen), the desktop integrations and
# image formats; the rest (SQL drivers, TLS, network information, designer, QML tooling) is unused.
for unused in designer egldeviceintegrations generic networkinformation qmllint qmltooling sqldrivers tls \
              printsupport vectorimageformats wayland-graphics-integration-server; do
  rm -rf "$QT/plugins/$unused"
done
find "$APP" -name "*.pyi" -delete
"$APP/triangulate" --version

echo "== tarball"
TARBALL="$BUILD/triangulate-$VERSION-linux-$ARCH.tar.gz"
tar -C "$DIST" -czf "$TARBALL" triangulate

echo "== .deb"
# glibc the build needs: the newest GLIBC_x.y symbol version any bundled binary asks for.
GLIBC="$(find "$APP" -type f \( -name '*.so*' -o -name triangulate \) -exec objdump -T {} + 2>/dev/null \
         | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)"
GLIBC="${GLIBC:-2.31}"
STAGE="$BUILD/deb/triangulate_${VERSION}_$DEBARCH"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications"
cp -a "$APP" "$STAGE/opt/triangulate"
ln -s /opt/triangulate/triangulate "$STAGE/usr/bin/triangulate"
cp packaging/linux/triangulate.desktop "$STAGE/usr/share/applications/"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  cp "resources/icons/triangulate-$size.png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/triangulate.png"
done
mkdir -p "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp resources/icons/triangulate.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/triangulate.svg"
SIZE_KB="$(du -sk "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$DEBARCH/" -e "s/@GLIBC@/$GLIBC/" -e "s/@SIZE@/$SIZE_KB/" \
    packaging/linux/control.in > "$STAGE/DEBIAN/control"
install -m 755 packaging/linux/postinst packaging/linux/postrm "$STAGE/DEBIAN/"
DEB="$BUILD/triangulate_${VERSION}_$DEBARCH.deb"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null

echo "== done in $((SECONDS - started)) s"
echo "app folder  $APP  ($(du -sh "$APP" | cut -f1))"
echo "tarball     $TARBALL  ($(du -sh "$TARBALL" | cut -f1))"
echo "deb         $DEB  ($(du -sh "$DEB" | cut -f1); Depends glibc >= $GLIBC)"
