"""The graph store: named queries run on one of two engines, rows out as plain dicts."""
