"""Head-office figures over many inspections, computed in the database (no Qt)."""
