"""Pages of the main window's left navigation; each is built as ``Page(ctx, parent)``."""
