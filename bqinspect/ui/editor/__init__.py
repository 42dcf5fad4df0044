"""The inspection editor: sections, item cards, keyboard entry, stopwatch, submit."""
