"""Sync by files: signed (optionally encrypted) packages, and a safe, idempotent import."""
