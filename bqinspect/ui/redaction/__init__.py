"""The redaction dialog: proposed face boxes to accept or remove, new boxes dragged by hand."""
