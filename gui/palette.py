"""The one palette of the interface (design card: Okabe-Ito hues, a second cue for every category).

Colour is never the only cue: factual spans get a solid underline, wording a dotted one,
cosmetic a faint fill and no underline, low-confidence spans a dashed underline. Light and dark
themes share the hues; only fills and chrome change.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCharFormat


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    pane: str
    text: str
    secondary: str
    selection: str
    factual_line: str
    factual_fill: str
    factual_badge: str
    wording_line: str
    wording_fill: str
    cosmetic_fill: str
    gap_hatch: str
    gap_back: str
    low_confidence: str
    current_outline: str
    current_band: str
    furniture: str
    quote_mark: str
    verified_text: str = "#00694E"
    verified_fill: str = "#DCF1E8"
    wrong_text: str = "#A3261B"
    wrong_fill: str = "#FBE3E0"

    def line(self, category: str) -> QColor:
        return QColor({"factual": self.factual_line, "wording": self.wording_line}.get(category, self.secondary))

    def fill(self, category: str) -> QColor:
        return QColor({"factual": self.factual_fill, "wording": self.wording_fill,
                       "cosmetic": self.cosmetic_fill}.get(category, self.pane))


LIGHT = Theme(
    name="light", window="#EFEFEF", pane="#FFFFFF", text="#1D1D1F", secondary="#5F6368", selection="#D9E1EC",
    factual_line="#D55E00", factual_fill="#FBE2CF", factual_badge="#A34700",
    wording_line="#0072B2", wording_fill="#E2EEF8", cosmetic_fill="#E6E6E8",
    gap_hatch="#E2E2E4", gap_back="#FAFAFA", low_confidence="#8D9096",
    current_outline="#1D1D1F", current_band="#F4F5F7", furniture="#9A9CA1", quote_mark="#8D9096",
)
DARK = Theme(
    name="dark", window="#2B2C30", pane="#1E1F22", text="#E3E3E6", secondary="#A7A9AE", selection="#364152",
    factual_line="#FF8A47", factual_fill="#58351E", factual_badge="#FF8A47",
    wording_line="#56B4E9", wording_fill="#283844", cosmetic_fill="#393A3C",
    gap_hatch="#2E3034", gap_back="#1B1C1F", low_confidence="#8D9096",
    current_outline="#F2F2F4", current_band="#25272B", furniture="#6D7077", quote_mark="#7D8087",
    verified_text="#7FD8B4", verified_fill="#1F3A30", wrong_text="#FF9C92", wrong_fill="#4A2622",
)
THEMES = {"light": LIGHT, "dark": DARK}
_current: list[Theme] = []


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def set_theme(name: str) -> Theme:
    """"light", "dark" or "system"; returns the theme now in use."""
    theme = THEMES.get(name) or (DARK if system_is_dark() else LIGHT)
    _current[:] = [theme]
    return theme


def theme() -> Theme:
    """The theme in use (light until set_theme is called)."""
    return _current[0] if _current else LIGHT


def highlight_format(category: str, low_confidence: bool = False, current: bool = False) -> QTextCharFormat:
    """The character format of a highlighted span: fill plus the category's underline style."""
    t = theme()
    fmt = QTextCharFormat()
    fmt.setBackground(t.fill(category))
    if low_confidence:
        fmt.setBackground(QColor(t.pane))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(QColor(t.low_confidence))
    elif category == "factual":
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(t.line(category))
    elif category == "wording":
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(t.line(category))
    if current:
        fmt.setFontWeight(600)
    return fmt


def application_palette(t: Theme) -> QPalette:
    """A QPalette for the chrome (Fusion style) in the given theme."""
    p = QPalette()
    p.setColor(QPalette.ColorRole.Window, QColor(t.window))
    p.setColor(QPalette.ColorRole.Base, QColor(t.pane))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(t.current_band))
    p.setColor(QPalette.ColorRole.Text, QColor(t.text))
    p.setColor(QPalette.ColorRole.WindowText, QColor(t.text))
    p.setColor(QPalette.ColorRole.Button, QColor(t.window))
    p.setColor(QPalette.ColorRole.ButtonText, QColor(t.text))
    p.setColor(QPalette.ColorRole.Highlight, QColor(t.selection))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor(t.text))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor(t.pane))
    p.setColor(QPalette.ColorRole.ToolTipText, QColor(t.text))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor(t.secondary))
    p.setColor(QPalette.ColorRole.Mid, QColor(t.gap_hatch))
    return p
