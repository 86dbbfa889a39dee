"""Named Cypher queries, one per file, shipped as package data (see service.store.catalog)."""
