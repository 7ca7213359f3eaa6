"""Draw Triangulate's icon (three sources meeting on one point) at every size the packages need.

Run once after changing the design; the results are committed under resources/icons/:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py
Writes triangulate-<size>.png for the hicolor sizes, triangulate.ico (Windows) and triangulate.svg.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
# Okabe-Ito: vermilion (factual), blue (wording), bluish green, on a dark slate tile.
TILE, EDGE = "#23262B", "#E3E3E6"
DOTS = ("#D55E00", "#0072B2", "#009E73")
POINTS = ((0.50, 0.20), (0.17, 0.78), (0.83, 0.78))
CENTRE = (0.50, 0.59)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(TILE))
    p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.2, s * 0.2)
    pts = [QPointF(x * s, y * s) for x, y in POINTS]
    centre = QPointF(CENTRE[0] * s, CENTRE[1] * s)
    p.setPen(QPen(QColor(EDGE), max(1.0, s * 0.035)))
    for a, b in ((0, 1), (1, 2), (2, 0)):
        p.drawLine(pts[a], pts[b])
    p.setPen(QPen(QColor(EDGE), max(1.0, s * 0.025), Qt.PenStyle.DotLine if size >= 48 else Qt.PenStyle.SolidLine))
    for point in pts:
        p.drawLine(point, centre)
    p.setPen(Qt.PenStyle.NoPen)
    for colour, point in zip(DOTS, pts):
        p.setBrush(QColor(colour))
        p.drawEllipse(point, s * 0.1, s * 0.1)
    p.setBrush(QColor(EDGE))
    p.drawEllipse(centre, s * 0.06, s * 0.06)
    p.end()
    return image


def svg() -> str:
    def xy(point: tuple[float, float]) -> str:
        return f"{point[0] * 256:.0f},{point[1] * 256:.0f}"
    lines = "".join(f'<line x1="{POINTS[a][0]*256:.0f}" y1="{POINTS[a][1]*256:.0f}" x2="{POINTS[b][0]*256:.0f}" '
                    f'y2="{POINTS[b][1]*256:.0f}"/>' for a, b in ((0, 1), (1, 2), (2, 0)))
    spokes = "".join(f'<line x1="{x*256:.0f}" y1="{y*256:.0f}" x2="{CENTRE[0]*256:.0f}" y2="{CENTRE[1]*256:.0f}"/>'
                     for x, y in POINTS)
    dots = "".join(f'<circle cx="{x*256:.0f}" cy="{y*256:.0f}" r="25.6" fill="{c}"/>' for c, (x, y) in zip(DOTS, POINTS))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">'
            f'<rect width="256" height="256" rx="51" fill="{TILE}"/>'
            f'<g stroke="{EDGE}" stroke-width="9">{lines}</g>'
            f'<g stroke="{EDGE}" stroke-width="6" stroke-dasharray="6 6">{spokes}</g>{dots}'
            f'<circle cx="{xy(CENTRE).split(",")[0]}" cy="{xy(CENTRE).split(",")[1]}" r="15.4" fill="{EDGE}"/></svg>\n')


def main() -> int:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size).save(str(OUT / f"triangulate-{size}.png"))
    if not draw(256).save(str(OUT / "triangulate.ico")):
        print("this Qt cannot write .ico; the Windows build will convert a PNG instead")
    (OUT / "triangulate.svg").write_text(svg(), encoding="utf-8")
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
