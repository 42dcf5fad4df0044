"""PySide6 desktop GUI: a thin layer over the Qt-free core (nothing imports it)."""
