"""How the library column looks: chrome tones, font sizes, the search icon and the column's style sheet.

The categories' colours always come from gui.palette; this module only adds the few chrome tones
the design card uses that the palette does not name.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from gui.palette import Theme, theme

# Chrome tones the design card uses that gui.palette does not name (borders, faint text, the
# selection bar); the categories' colours always come from gui.palette.
_CHROME = {
    "light": {"border": "#C9C9CC", "border_soft": "#DEDEE1", "rowline": "#ECECEE", "faint": "#8D9096",
              "sel_line": "#7D8FA8", "btn_on": "#DCDDE0"},
    "dark": {"border": "#414349", "border_soft": "#35373C", "rowline": "#2A2C30", "faint": "#7D8087",
             "sel_line": "#7D93B3", "btn_on": "#3B3D43"},
}


def chrome(t: Theme | None = None) -> dict[str, str]:
    return _CHROME.get((t or theme()).name, _CHROME["light"])


def scaled(font: QFont, ratio: float, weight: QFont.Weight | None = None, italic: bool = False) -> QFont:
    """`font` at `ratio` of its size: the design sizes (13 px UI, 12 px secondary …) as ratios of the UI font."""
    result = QFont(font)
    if font.pointSizeF() > 0:
        result.setPointSizeF(font.pointSizeF() * ratio)
    else:
        result.setPixelSize(max(1, round(font.pixelSize() * ratio)))
    if weight is not None:
        result.setWeight(weight)
    result.setItalic(italic)
    return result


def search_icon(color: QColor) -> QIcon:
    """The magnifier of the mockup's search field, drawn so no icon file is needed."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 2.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawEllipse(QRectF(6, 6, 15, 15))
    painter.drawLine(19, 19, 26, 26)
    painter.end()
    return QIcon(pixmap)


def library_style_sheet(t: Theme, c: dict[str, str]) -> str:
    """The column's style sheet in theme `t` with chrome tones `c` (labels, hairlines, the segmented control).

    The outlet list's background is transparent, so its scroll bar needs its own rules: inheriting
    "transparent", Fusion left the bar's page area unpainted (black) once there were more outlets
    than rows."""
    return f"""
            QWidget#libraryView, QWidget#libraryFooter {{ background: {t.window}; }}
            QLabel#dockHead {{ padding: 0 10px; border-bottom: 1px solid {c['border_soft']}; color: {t.text}; }}
            QLabel#section, QLabel#sectionNote {{ color: {t.secondary}; }}
            QLabel#importLog, QLabel#statusHint {{ color: {t.secondary}; }}
            QLabel#searchMessage {{ color: {t.text}; background: {t.pane}; }}
            QFrame#rule {{ background: {c['border_soft']}; border: none; }}
            QListWidget#sourceSummary {{ background: transparent; border: none; }}
            QListWidget#sourceSummary QScrollBar:vertical {{ background: transparent; width: 9px;
                margin: 2px 1px 2px 0; }}
            QListWidget#sourceSummary QScrollBar::handle:vertical {{ background: {c['border']};
                border-radius: 3px; min-height: 20px; }}
            QListWidget#sourceSummary QScrollBar::add-line:vertical,
            QListWidget#sourceSummary QScrollBar::sub-line:vertical {{ height: 0; }}
            QListWidget#sourceSummary QScrollBar::add-page:vertical,
            QListWidget#sourceSummary QScrollBar::sub-page:vertical {{ background: none; }}
            QToolButton#segment {{ border: 1px solid {c['border']}; background: {t.pane}; color: {t.secondary};
                padding: 2px 4px; margin: 0; }}
            QToolButton#segment:checked {{ background: {c['btn_on']}; color: {t.text}; }}
            QToolButton#segment[segment="first"] {{ border-top-left-radius: 4px; border-bottom-left-radius: 4px; }}
            QToolButton#segment[segment="middle"] {{ border-left: none; }}
            QToolButton#segment[segment="last"] {{ border-left: none; border-top-right-radius: 4px;
                border-bottom-right-radius: 4px; }}
        """
