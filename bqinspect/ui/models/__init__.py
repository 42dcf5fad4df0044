"""Qt item models of the rectification, branch and form pages (no widgets here)."""
