"""The Sync page: export wizard, import panel, conflicts and their table models."""
