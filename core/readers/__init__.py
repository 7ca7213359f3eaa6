"""Readers turn one file into articles. See read_file()."""
