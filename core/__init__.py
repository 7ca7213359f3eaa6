"""Triangulate's core: readers, store, analysis and comparison. Pure Python; never imports Qt."""
