"""Triangulate's desktop interface (PySide6). Draws what core computes; holds no analysis logic."""
from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QPointF


def protect_none() -> bool:
    """Work around a PySide6 6.12 binding bug; True when the workaround was applied.

    Its void methods (QPainter.drawLine, QWidget.update, ...) return None without taking a new
    reference. Python 3.12+ does not count None's references (PEP 683), but on 3.11 a few thousand
    painter calls free None and the process aborts ("none_dealloc"): the story view paints hundreds
    of calls per frame. Giving None a reference count no run can use up is what 3.12 does too.
    """
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return False   # None is immortal, or a debug build whose object layout differs
    probe = QPointF()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setX(0.0)
    if sys.getrefcount(None) >= before:
        return False   # a fixed PySide6
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 48
    return True


# Applied on the first import of any gui module, before a widget paints.
NONE_PROTECTED = protect_none()
