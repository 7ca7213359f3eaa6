"""The foot of the library column: the outlets summary, the latest import run, and a short status line."""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSizePolicy, QVBoxLayout, QWidget

from core.records import ImportLogEntry
from gui.library_delegates import ArticleLineDelegate
from gui.library_models import COUNT_ROLE, KIND_ROLE, UNSET_ROLE, outlet_label
from gui.library_style import chrome
from gui.palette import theme


class LibraryFooterMixin:
    """LibraryView's footer: builds it and keeps its sections in step with the store and the mode.

    A part of LibraryView (the summary follows the view's source filter and mode).
    """

    def _build_footer(self) -> QWidget:
        footer = QWidget()
        footer.setObjectName("libraryFooter")
        # The lists above take every spare pixel; the footer never grows past its content.
        footer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(footer)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(0)
        self.summary_section = QLabel()
        self.summary_section.setObjectName("section")
        self.summary_section.setTextFormat(Qt.TextFormat.RichText)
        self.summary_section.setContentsMargins(10, 10, 10, 4)
        self.source_summary = QListWidget()
        self.source_summary.setObjectName("sourceSummary")
        self.source_summary.setFrameShape(QListWidget.Shape.NoFrame)
        self.source_summary.setItemDelegate(ArticleLineDelegate(self.source_summary, flat=True))
        self.source_summary.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.source_summary.setToolTip(self.tr("Click an outlet to show only its stories; click again for all"))
        self.log_section = QLabel()
        self.log_section.setObjectName("section")
        self.log_section.setText(self.tr("IMPORT LOG"))
        self.log_section.setContentsMargins(10, 10, 10, 4)
        self.import_log = QLabel()
        self.import_log.setObjectName("importLog")
        self.import_log.setTextFormat(Qt.TextFormat.RichText)   # built from html.escape'd parts only
        self.import_log.setWordWrap(True)
        self.import_log.setContentsMargins(10, 0, 10, 0)
        self.status_hint = QLabel()
        self.status_hint.setObjectName("statusHint")
        self.status_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.status_hint.setWordWrap(True)
        self.status_hint.setContentsMargins(10, 6, 10, 0)
        self.status_hint.hide()
        for widget in (self.summary_section, self.source_summary, self.log_section, self.import_log,
                       self.status_hint):
            layout.addWidget(widget)
        return footer

    def _footer_changed(self) -> None:
        # Qt does not re-lay the column when only the footer's content changes size.
        if hasattr(self, "footer"):
            self.footer.updateGeometry()

    def _refresh_source_summary(self) -> None:
        sources = self.source_model.sources()
        self.source_summary.clear()
        chosen = self.source_filter.currentData()
        for source in sources:
            item = QListWidgetItem(outlet_label(source.name))
            item.setData(Qt.ItemDataRole.UserRole, source.name)
            item.setData(KIND_ROLE, "source")
            item.setData(COUNT_ROLE, source.articles)
            item.setData(UNSET_ROLE, outlet_label(source.name) != source.name)
            item.setToolTip(self.tr("{0}: {1} articles").format(outlet_label(source.name), source.articles))
            self.source_summary.addItem(item)
            if source.name == chosen:
                item.setSelected(True)
        row_h = QFontMetrics(self.font()).height() + 6
        self.source_summary.setFixedHeight(min(len(sources), 5) * row_h + 2)
        wanted = bool(sources) and self._mode != "sources"
        self.summary_section.setVisible(wanted)
        self.source_summary.setVisible(wanted)
        faint = chrome()["faint"]
        self.summary_section.setText(f"{self.tr('SOURCES')} <span style='color:{faint}'>{len(sources)}</span>")
        self._footer_changed()

    def _refresh_import_log(self) -> None:
        self._log_entries = self._library.imports.history(limit=1)
        self._render_import_log()

    def _render_import_log(self, always: bool = False) -> None:
        if not hasattr(self, "import_log"):
            return
        entries = getattr(self, "_log_entries", [])
        self.import_log.setText(self._import_log_html(entries))
        self.log_section.setVisible(always or bool(entries))
        self.import_log.setVisible(always or bool(entries))
        self._footer_changed()

    def _import_log_html(self, entries: list[ImportLogEntry]) -> str:
        if not entries:
            return html.escape(self.tr("No imports yet."))
        t = theme()
        latest = entries[0]
        parts = [f"{latest.imported} articles", f"{latest.duplicates} duplicates", f"{latest.failed} errors"]
        if latest.skipped:
            parts.append(f"{latest.skipped} skipped")
        if latest.status not in ("done", "running"):
            parts.append(latest.status)
        lines = [html.escape(" · ".join(parts))]
        for problem in latest.problems[:3]:
            name = html.escape(Path(problem.path).name or problem.path)
            lines.append(f"<span style='color:{t.text}; font-family:monospace'>{name}</span><br>"
                         f"{html.escape(problem.kind)}: {html.escape(problem.reason)}")
        if len(latest.problems) > 3:
            lines.append(html.escape(self.tr("… and {0} more").format(len(latest.problems) - 3)))
        return "<br>".join(lines)
