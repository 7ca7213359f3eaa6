"""The library's filters: one outlet and a span of dates, applied to every list of the column."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QListWidgetItem, QSizePolicy, QWidget

from gui.library_models import outlet_label

DATE_CHOICES = ("Any date", "Last 7 days", "Last 30 days", "This year", "Custom range…")


def date_range(choice: int, today: date, since: date, until: date) -> tuple[str | None, str | None]:
    """The first and last day (ISO) of DATE_CHOICES[choice]; `since` and `until` bound the custom range."""
    if choice in (1, 2):
        days = 6 if choice == 1 else 29   # today counts as one of the seven (or thirty) days
        return (today - timedelta(days=days)).isoformat(), today.isoformat()
    if choice == 3:
        return date(today.year, 1, 1).isoformat(), date(today.year, 12, 31).isoformat()
    if choice == 4:
        return (min(since, until).isoformat(), max(since, until).isoformat())
    return None, None


class LibraryFiltersMixin:
    """LibraryView's filter bar: the outlet and date choosers, the custom range row, and what a change reloads.

    A part of LibraryView (a change reloads the view's lists and keeps its selection).
    """

    def _build_filters(self) -> QHBoxLayout:
        self.source_filter = QComboBox()
        self.source_filter.setObjectName("sourceFilter")
        self.source_filter.setToolTip(self.tr("Show only stories and articles from one outlet"))
        self.date_filter = QComboBox()
        self.date_filter.setObjectName("dateFilter")
        self.date_filter.addItems([self.tr(text) for text in DATE_CHOICES])
        self.date_filter.setToolTip(self.tr("Show only stories and articles from a time span"))
        for combo in (self.source_filter, self.date_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout()
        row.setContentsMargins(8, 0, 8, 4)
        row.setSpacing(6)
        row.addWidget(self.source_filter, 1)
        row.addWidget(self.date_filter, 1)
        return row

    def _build_range(self) -> QWidget:
        self.range_row = QWidget()
        today = QDate.currentDate()
        self.since_edit = QDateEdit(today.addDays(-30))
        self.until_edit = QDateEdit(today)
        for edit, tip in ((self.since_edit, "First day shown"), (self.until_edit, "Last day shown")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setToolTip(self.tr(tip))
            edit.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self.range_row)
        row.setContentsMargins(8, 0, 8, 4)
        row.setSpacing(4)
        row.addWidget(self.since_edit, 1)
        row.addWidget(QLabel("–"))
        row.addWidget(self.until_edit, 1)
        self.range_row.hide()
        return self.range_row

    def _date_range(self) -> tuple[str | None, str | None]:
        return date_range(self.date_filter.currentIndex(), self.today(), self.since_edit.date().toPython(),
                          self.until_edit.date().toPython())

    def _date_choice_changed(self, choice: int) -> None:
        self.range_row.setVisible(choice == len(DATE_CHOICES) - 1)
        self._filters_changed()

    def _filters_changed(self, *_: object) -> None:
        flt = self.current_filter()
        state = self._remember()
        self.story_model.set_filter(flt)
        self._restore(state)
        self._reload_sources()
        self.article_model.set_filter(flt)
        if self._searching:
            self._run_search()
        self._refresh_source_summary()
        self._refresh_counts()

    def _refresh_sources_combo(self) -> None:
        current = self.source_filter.currentData()
        self.source_filter.blockSignals(True)
        self.source_filter.clear()
        self.source_filter.addItem(self.tr("All sources"), None)
        for source in self._library.sources.list():
            self.source_filter.addItem(outlet_label(source.name), source.name)
        position = self.source_filter.findData(current) if isinstance(current, str) else 0
        self.source_filter.setCurrentIndex(max(0, position))
        self.source_filter.blockSignals(False)
        if isinstance(current, str) and position < 0:
            self._filters_changed()   # the chosen outlet is gone (renamed or emptied): show all

    def _summary_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        position = self.source_filter.findData(name)
        # A second click on the outlet already filtered on shows all outlets again.
        self.source_filter.setCurrentIndex(0 if position == self.source_filter.currentIndex() else max(0, position))
