"""Storage: SQLModel tables, database opening, migrations and backups (no Qt)."""
