#!/usr/bin/env bash
# Build Triangulate.app and a .dmg on macOS (steps and prerequisites: packaging/README.md).
#   packaging/macos/build-dmg.sh     (from the project, with .venv set up: python3 -m venv .venv && .venv/bin/pip install -e '.[test]')
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)"
mkdir -p build/Triangulate.iconset
for size in 16 32 128 256 512; do
  cp "resources/icons/triangulate-$size.png" "build/Triangulate.iconset/icon_${size}x${size}.png"
  double=$((size * 2))
  [ -f "resources/icons/triangulate-$double.png" ] && \
    cp "resources/icons/triangulate-$double.png" "build/Triangulate.iconset/icon_${size}x${size}@2x.png"
done
iconutil -c icns build/Triangulate.iconset -o build/Triangulate.icns
.venv/bin/python -m PyInstaller --noconfirm --distpath build/dist --workpath build/work packaging/triangulate.spec
build/dist/Triangulate.app/Contents/MacOS/triangulate --selftest
rm -f "build/triangulate-$VERSION-macos.dmg"
hdiutil create -volname "Triangulate $VERSION" -srcfolder build/dist/Triangulate.app -ov -format UDZO \
  "build/triangulate-$VERSION-macos.dmg"
echo "build/triangulate-$VERSION-macos.dmg"
