// list_indexes: one row per index: {labels, properties} (lists of names)
// FalkorDB variant: FalkorDB has no SHOW INDEXES; it lists indexes with db.indexes().
// params: none
CALL db.indexes() YIELD label, properties
RETURN [label] AS labels, properties
