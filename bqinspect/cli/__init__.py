"""Command line: the same use cases as the GUI, headless. Exit 0 ok, 1 refused input, 2 usage."""

from bqinspect.cli.main import build_parser, gui_main, main

__all__ = ["build_parser", "gui_main", "main"]
