"""The window's actions, menus, toolbar and status bar (a part of MainWindow, split out by concept).

One QAction per command, shared by the menu, the toolbar and the keyboard, so a shortcut shown in
a menu is the one that works. Every action does nothing until the window's parts are built.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QSizePolicy, QStyle, QToolBar, QToolButton, QWidget

from gui import dialogs
from gui.settings import CATEGORIES


class WindowChrome:
    """Mixin for MainWindow: builds its actions, menus, toolbar and status bar."""

    def _action(self, text: str, slot: Callable[..., object], keys: list[QKeySequence | str] | None = None,
                tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys])
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.setCheckable(checkable)

        def when_ready(*args: object) -> None:
            if self.is_ready:          # a key pressed while the parts are still being built does nothing
                slot(*args)

        (action.toggled if checkable else action.triggered).connect(when_ready)
        self.addAction(action)          # shortcuts work wherever the focus is
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_import_files = a("&Import files…", self.import_files, [QKeySequence.StandardKey.Open],
                                  "Import articles (text, HTML, JSON, feeds, PDF, Word)")
        self.act_import_folder = a("Import &folder…", self.import_folder, ["Ctrl+Shift+O"],
                                   "Import every article in a folder and its subfolders")
        self.act_open_store = a("&Open library…", self.open_store_dialog, [], "Open another Triangulate library file")
        self.act_new_store = a("&New library…", self.new_store_dialog, [], "Start an empty library file")
        self.act_export = a("&Export story…", self.export_dialog, ["Ctrl+E"],
                            "Save the comparison as an HTML report, PDF or CSV, with your notes")
        self.act_quit = a("&Quit", self.close, [QKeySequence.StandardKey.Quit])
        self.act_undo = a("&Undo story change", self.undo_story_change, [QKeySequence.StandardKey.Undo],
                          "Take back the last merge, move or split")
        self.act_find = a("&Find in articles", self.focus_find, [QKeySequence.StandardKey.Find])
        self.act_find_next = a("Find &next", lambda: self.find_in_panes(True), [QKeySequence.StandardKey.FindNext])
        self.act_next = a("&Next difference", self.next_difference, ["Alt+Down", "F7"],
                          "Next difference (Alt+Down, F7)")
        self.act_previous = a("&Previous difference", self.previous_difference, ["Alt+Up", "Shift+F7"],
                              "Previous difference (Alt+Up, Shift+F7)")
        self.act_next_factual = a("Next &factual difference", self.next_factual, ["F8", "Alt+Shift+Down"],
                                  "Skip to the next factual difference (F8)")
        self.act_zoom_in = a("Zoom &in", lambda: self.zoom(1), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])
        self.act_zoom_out = a("Zoom &out", lambda: self.zoom(-1), [QKeySequence.StandardKey.ZoomOut])
        self.act_zoom_reset = a("&Reset zoom", lambda: self.zoom(0), ["Ctrl+0"])
        self.act_sync = a("&Sync scroll", lambda on: self.compare_view.set_sync_scroll(on), [], "Scroll the articles together",
                          checkable=True)
        self.act_dim = a("&Dim furniture", self._furniture_mode, [],
                         "Show page furniture (photo credits, ads, sub-headings) dimmed; off hides it", checkable=True)
        self.act_merge = a("&Merge selected stories", self.merge_selected, ["Ctrl+M"],
                           "Make the stories selected in the library one story")
        self.act_split = a("&Split article out", self.split_selected, [],
                           "Take the selected article out of its story")
        self.act_move = a("Mo&ve article to story…", self.move_selected, [],
                          "Put the selected article into another story")
        self.act_regroup = a("&Regroup all stories", self.regroup, [], "Group every article again, keeping your decisions")
        self.act_shortcuts = a("&Keyboard shortcuts", self.show_shortcuts, ["F1"])
        self.act_about = a("&About Triangulate", lambda: dialogs.about(self, self.library.path))
        for action, short in ((self.act_import_files, "Import…"), (self.act_previous, "Previous"),
                              (self.act_next, "Next"), (self.act_next_factual, "Next factual"),
                              (self.act_export, "Export…")):
            action.setIconText(short)
        self.act_import_files.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.act_export.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.act_previous.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.act_next.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.category_actions: dict[str, QAction] = {}
        for category in CATEGORIES:
            self.category_actions[category] = a(f"Show {category} differences",
                                                lambda on, c=category: self._toggle_category(c, on),
                                                [], checkable=True)
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in ("system", "light", "dark"):
            action = QAction(name.capitalize(), self, checkable=True)
            action.triggered.connect(lambda _on, n=name: self.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_actions[name] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_import_files, self.act_import_folder])
        file_menu.addSeparator()
        file_menu.addActions([self.act_open_store, self.act_new_store])
        self.recent_menu = file_menu.addMenu("Recent libraries")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self.act_export)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.act_undo])
        edit.addSeparator()
        edit.addActions([self.act_find, self.act_find_next])
        view = bar.addMenu("&View")
        view.addActions([self.act_next, self.act_previous, self.act_next_factual])
        view.addSeparator()
        view.addActions(list(self.category_actions.values()))
        view.addActions([self.act_dim, self.act_sync])
        view.addSeparator()
        view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        theme_menu = view.addMenu("&Theme")
        theme_menu.addActions(list(self.theme_actions.values()))
        story = bar.addMenu("&Story")
        story.addActions([self.act_merge, self.act_move, self.act_split])
        story.addSeparator()
        story.addActions([self.act_undo, self.act_regroup])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.act_shortcuts, self.act_about])

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self.act_import_files)
        bar.addSeparator()
        bar.addActions([self.act_previous, self.act_next, self.act_next_factual])
        self.position_label = QLabel("")
        self.position_label.setObjectName("positionLabel")
        self.position_label.setMinimumWidth(70)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.position_label)
        bar.addSeparator()
        bar.addAction(self.act_export)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addActions([self.act_sync, self.act_dim])
        self.find_field = QLineEdit()
        self.find_field.setObjectName("findField")
        self.find_field.setPlaceholderText("Find in the articles")
        self.find_field.setClearButtonEnabled(True)
        self.find_field.setFixedWidth(240)
        self.find_field.returnPressed.connect(lambda: self.find_in_panes(True))
        self.find_field.textChanged.connect(self._find_text_changed)
        bar.addWidget(self.find_field)
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_status(self) -> None:
        self.status = QLabel()
        self.status.setObjectName("countsLabel")
        self.import_status = QLabel()
        self.position_status = QLabel()
        self.statusBar().addWidget(self.status)
        self.statusBar().addWidget(self.import_status, 1)
        self._task = None
        self.task_label = QLabel()
        self.task_bar = QProgressBar()
        self.task_bar.setMaximumWidth(160)
        self.task_bar.setTextVisible(False)
        self.task_cancel = QToolButton()
        self.task_cancel.setText("Cancel")
        self.task_cancel.clicked.connect(self._cancel_task)
        for widget in (self.task_label, self.task_bar, self.task_cancel):
            self.statusBar().addWidget(widget)
            widget.hide()
        from gui.legend import Legend

        self.legend = Legend(self)
        self.statusBar().addPermanentWidget(self.legend)
        self.statusBar().addPermanentWidget(self.position_status)
