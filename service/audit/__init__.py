"""The audit trail: an append-only, hash-chained log of every read and write of child data."""
