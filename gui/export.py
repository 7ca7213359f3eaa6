"""Export the open comparison: HTML report, PDF (Qt's own PDF writer, no extra dependency), CSV.

The report text comes from core.report, the same one `main.py compare --html` writes, so the
file an editor mails matches what the window shows, notes included.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from core import report
from core.compare import Comparison
from core.notes import Note

FORMATS = {"html": "HTML report (*.html)", "pdf": "PDF (*.pdf)", "csv": "Differences as CSV (*.csv)"}


def export(comparison: Comparison, path: str | Path, title: str, notes: Mapping[str, Note]) -> Path:
    """Write the comparison to `path` in the format its suffix names; raise OSError on failure."""
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind in ("html", "htm"):
        target.write_text(report.to_html(comparison, title, notes), encoding="utf-8")
    elif kind == "csv":
        # utf-8-sig: spreadsheet programs read the BOM as "this is UTF-8", not the local code page.
        target.write_text(report.to_csv(comparison, notes), encoding="utf-8-sig", newline="")
    elif kind == "pdf":
        write_pdf(report.to_html(comparison, title, notes), target)
    else:
        raise OSError(f"{target.name}: choose a .html, .pdf or .csv file name")
    return target


def write_pdf(page: str, target: Path) -> None:
    writer = QPdfWriter(str(target))
    writer.setTitle(target.stem)
    writer.setCreator("Triangulate")
    # A4 landscape: the side-by-side table needs the width.
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setResolution(144)
    document = QTextDocument()
    document.setHtml(page)
    document.print_(writer)
    if not target.exists() or target.stat().st_size == 0:
        raise OSError(f"{target.name}: the PDF could not be written")
