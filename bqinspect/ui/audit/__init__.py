"""The audit view of an inspection or a finding, and an inspection's revisions side by side."""
