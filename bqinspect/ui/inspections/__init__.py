"""The inspections list: table model (it sorts and filters itself), its filter, the
new-inspection dialog and the page."""
