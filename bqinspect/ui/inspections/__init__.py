"""The inspections list: table model, filter proxy, new-inspection dialog and the page."""
