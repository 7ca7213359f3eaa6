"""Triangulate's desktop interface (PySide6). Draws what core computes; holds no analysis logic."""
