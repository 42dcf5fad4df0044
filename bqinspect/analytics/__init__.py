"""Head-office analytics: figures computed in the database (no Qt)."""
