"""Shared widgets: signature pad, thumbnails, photo viewer, saved indicator, progress, dialogs."""
